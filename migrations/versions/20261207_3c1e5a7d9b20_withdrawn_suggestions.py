"""withdrawn suggestions (publishing can replace earlier pairs or skip repeats); removed texts kept for undo

Revision ID: 3c1e5a7d9b20
Revises: 59186c897078
Create Date: 2026-12-07 14:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c1e5a7d9b20"
down_revision = "e17feb9bc20d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "removed_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('challenge', 'reform')", name=op.f("ck_removed_text_known_kind")),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profile.id"], name=op.f("fk_removed_text_profile_id_profile"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_removed_text")),
    )
    with op.batch_alter_table("removed_text", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_removed_text_profile_id"), ["profile_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_removed_text_removed_at"), ["removed_at"], unique=False)
    with op.batch_alter_table("match_pair", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by_run_id", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("match_pair", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_by_run_id")
        batch_op.drop_column("withdrawn_at")
    with op.batch_alter_table("removed_text", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_removed_text_removed_at"))
        batch_op.drop_index(batch_op.f("ix_removed_text_profile_id"))
    op.drop_table("removed_text")

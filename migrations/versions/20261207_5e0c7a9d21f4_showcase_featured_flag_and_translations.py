"""showcase: a featured flag set by coordinators, and translations of a story

Revision ID: 5e0c7a9d21f4
Revises: 41796763cb79
Create Date: 2026-12-07 21:55:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e0c7a9d21f4"
down_revision = "41796763cb79"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("showcase_story", schema=None) as batch_op:
        batch_op.add_column(sa.Column("featured", sa.Boolean(), server_default=sa.false(), nullable=False))

    op.create_table(
        "showcase_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("translator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["showcase_story.id"],
            name=op.f("fk_showcase_translation_story_id_showcase_story"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["translator_id"], ["user.id"], name=op.f("fk_showcase_translation_translator_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_translation")),
        sa.UniqueConstraint("story_id", "language", name="uq_showcase_translation"),
    )
    with op.batch_alter_table("showcase_translation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_translation_story_id"), ["story_id"], unique=False)


def downgrade():
    with op.batch_alter_table("showcase_translation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_showcase_translation_story_id"))
    op.drop_table("showcase_translation")
    with op.batch_alter_table("showcase_story", schema=None) as batch_op:
        batch_op.drop_column("featured")

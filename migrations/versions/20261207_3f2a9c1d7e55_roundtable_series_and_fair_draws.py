"""roundtable series and fair draws: series name, selection method, the recorded draw

Revision ID: 3f2a9c1d7e55
Revises: 59186c897078
Create Date: 2026-12-07 15:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "3f2a9c1d7e55"
down_revision = "12680e04d639"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("roundtable", schema=None) as batch_op:
        batch_op.add_column(sa.Column("series", sa.String(length=120), nullable=True))
        batch_op.add_column(
            sa.Column("selection", sa.String(length=10), server_default="relevance", nullable=False)
        )
        batch_op.add_column(sa.Column("draw", sa.JSON(), server_default=sa.text("'{}'"), nullable=False))
        batch_op.create_index(batch_op.f("ix_roundtable_series"), ["series"], unique=False)
        batch_op.create_check_constraint(
            "known_selection", "selection IN ('relevance', 'lottery')"
        )
    with op.batch_alter_table("roundtable", schema=None) as batch_op:
        batch_op.alter_column("draw", server_default=None)


def downgrade():
    with op.batch_alter_table("roundtable", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_roundtable_known_selection"), type_="check")
        batch_op.drop_index(batch_op.f("ix_roundtable_series"))
        batch_op.drop_column("draw")
        batch_op.drop_column("selection")
        batch_op.drop_column("series")

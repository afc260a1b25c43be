"""withdrawn suggestions: publishing a run can replace earlier published pairs or skip repeated ones

Revision ID: 3c1e5a7d9b20
Revises: 59186c897078
Create Date: 2026-12-07 14:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c1e5a7d9b20"
down_revision = "59186c897078"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("match_pair", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by_run_id", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("match_pair", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_by_run_id")
        batch_op.drop_column("withdrawn_at")

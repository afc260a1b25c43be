"""profile: the owner's own time zone

Revision ID: 5c1e0a7b3d21
Revises: 59186c897078
Create Date: 2026-12-07 15:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5c1e0a7b3d21"
down_revision = "a7c3e9d15b20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.drop_column("time_zone")

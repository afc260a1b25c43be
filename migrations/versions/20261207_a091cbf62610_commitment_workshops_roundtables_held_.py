"""commitment workshops: roundtables held for an action plan, with the drafts to work on

Revision ID: a091cbf62610
Revises: cb766f8e5872
Create Date: 2026-12-07 17:52:42.349170

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a091cbf62610"
down_revision = "cb766f8e5872"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "commitment_workshop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roundtable_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_commitment_workshop_created_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["action_plan.id"], name=op.f("fk_commitment_workshop_plan_id_action_plan"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["roundtable_id"],
            ["roundtable.id"],
            name=op.f("fk_commitment_workshop_roundtable_id_roundtable"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_workshop")),
        sa.UniqueConstraint("roundtable_id", name=op.f("uq_commitment_workshop_roundtable_id")),
    )
    with op.batch_alter_table("commitment_workshop", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_workshop_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitment_workshop_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "workshop_draft",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["commitment_draft.id"],
            name=op.f("fk_workshop_draft_draft_id_commitment_draft"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["commitment_workshop.id"],
            name=op.f("fk_workshop_draft_workshop_id_commitment_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workshop_id", "draft_id", name=op.f("pk_workshop_draft")),
    )
    with op.batch_alter_table("workshop_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_draft_draft_id"), ["draft_id"], unique=False)


def downgrade():
    with op.batch_alter_table("workshop_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_draft_draft_id"))

    op.drop_table("workshop_draft")
    with op.batch_alter_table("commitment_workshop", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_workshop_plan_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_workshop_created_by_id"))

    op.drop_table("commitment_workshop")

"""judgements (decisions recorded as keep/drop with the score shown) and the re-ranker models learned from them

Revision ID: 7d3e1f0a2b64
Revises: 1b79c8b11eb5
Create Date: 2026-12-07 22:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7d3e1f0a2b64"
down_revision = "1b79c8b11eb5"
branch_labels = None
depends_on = None

KINDS = (
    "pair_lock", "pair_reject", "swap_out", "swap_in", "sugg_accept", "sugg_decline", "intro_accept",
    "intro_decline", "mentor_accept", "mentor_decline", "invitee_pin", "invitee_remove",
)  # fmt: skip


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table(
        "judgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=4), nullable=False),
        sa.Column("actor_role", sa.String(length=12), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("list_key", sa.String(length=40), nullable=True),
        sa.Column("a_profile_id", sa.Integer(), nullable=True),
        sa.Column("b_profile_id", sa.Integer(), nullable=True),
        sa.Column("a_text", sa.Text(), nullable=False),
        sa.Column("b_text", sa.Text(), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("forward", sa.Double(), nullable=True),
        sa.Column("backward", sa.Double(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(_in("kind", KINDS), name=op.f("ck_judgement_known_kind")),
        sa.CheckConstraint(_in("label", ("keep", "drop")), name=op.f("ck_judgement_known_label")),
        sa.CheckConstraint(
            _in("actor_role", ("coordinator", "participant", "mentor", "organiser")),
            name=op.f("ck_judgement_known_actor_role"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user.id"], name=op.f("fk_judgement_actor_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["a_profile_id"], ["profile.id"], name=op.f("fk_judgement_a_profile_id_profile"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["b_profile_id"], ["profile.id"], name=op.f("fk_judgement_b_profile_id_profile"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgement")),
    )
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.create_index("ix_judgement_created_at", ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_judgement_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_judgement_a_profile_id"), ["a_profile_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_judgement_b_profile_id"), ["b_profile_id"], unique=False)
    op.create_table(
        "reranker_model",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("trained_at", sa.DateTime(), nullable=False),
        sa.Column("judgements", sa.Integer(), nullable=False),
        sa.Column("kept", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("useful", sa.Boolean(), nullable=False),
        sa.Column("engine_version", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reranker_model")),
        sa.UniqueConstraint("version", name=op.f("uq_reranker_model_version")),
    )


def downgrade():
    op.drop_table("reranker_model")
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_judgement_b_profile_id"))
        batch_op.drop_index(batch_op.f("ix_judgement_a_profile_id"))
        batch_op.drop_index(batch_op.f("ix_judgement_actor_id"))
        batch_op.drop_index("ix_judgement_created_at")
    op.drop_table("judgement")

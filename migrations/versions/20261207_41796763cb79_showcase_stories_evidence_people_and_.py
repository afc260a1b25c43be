"""showcase stories, evidence, people and their consent, editorial history

Revision ID: 41796763cb79
Revises: cb766f8e5872
Create Date: 2026-12-07 17:55:25.252560

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "41796763cb79"
down_revision = "a091cbf62610"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "showcase_story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.Column("policy_areas", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("change_request", sa.Text(), nullable=True),
        sa.Column("proposer_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "state IN ('submitted', 'changes_requested', 'published', 'unpublished')",
            name=op.f("ck_showcase_story_known_state"),
        ),
        sa.ForeignKeyConstraint(
            ["proposer_id"], ["profile.id"], name=op.f("fk_showcase_story_proposer_id_profile"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_story")),
        sa.UniqueConstraint("slug", name=op.f("uq_showcase_story_slug")),
    )
    with op.batch_alter_table("showcase_story", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_story_country"), ["country"], unique=False)
        batch_op.create_index("ix_showcase_story_listing", ["state", "published_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_showcase_story_proposer_id"), ["proposer_id"], unique=False)

    op.create_table(
        "showcase_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user.id"], name=op.f("fk_showcase_event_actor_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["showcase_story.id"],
            name=op.f("fk_showcase_event_story_id_showcase_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_event")),
    )
    with op.batch_alter_table("showcase_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_event_story_id"), ["story_id"], unique=False)

    op.create_table(
        "showcase_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('ogp_commitment', 'independent_assessment', 'law', 'dataset', 'press_article')",
            name=op.f("ck_showcase_evidence_known_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["showcase_story.id"],
            name=op.f("fk_showcase_evidence_story_id_showcase_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_evidence")),
    )
    with op.batch_alter_table("showcase_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_evidence_story_id"), ["story_id"], unique=False)

    op.create_table(
        "showcase_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("consent", sa.String(length=12), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "consent IN ('pending', 'confirmed', 'withdrawn')", name=op.f("ck_showcase_person_known_consent")
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profile.id"], name=op.f("fk_showcase_person_profile_id_profile"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["showcase_story.id"],
            name=op.f("fk_showcase_person_story_id_showcase_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_person")),
        sa.UniqueConstraint("story_id", "profile_id", name="uq_showcase_person"),
    )
    with op.batch_alter_table("showcase_person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_person_profile_id"), ["profile_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_showcase_person_story_id"), ["story_id"], unique=False)


def downgrade():

    with op.batch_alter_table("showcase_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_showcase_person_story_id"))
        batch_op.drop_index(batch_op.f("ix_showcase_person_profile_id"))

    op.drop_table("showcase_person")
    with op.batch_alter_table("showcase_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_showcase_evidence_story_id"))

    op.drop_table("showcase_evidence")
    with op.batch_alter_table("showcase_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_showcase_event_story_id"))

    op.drop_table("showcase_event")
    with op.batch_alter_table("showcase_story", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_showcase_story_proposer_id"))
        batch_op.drop_index("ix_showcase_story_listing")
        batch_op.drop_index(batch_op.f("ix_showcase_story_country"))

    op.drop_table("showcase_story")

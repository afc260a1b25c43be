"""Co-creation: action plans drafted by a multi-stakeholder forum, their commitment drafts (every save kept as a
version), and comments on the drafts, each of which must receive a recorded, reasoned response.

Forum membership decides who may edit: facilitators and members edit, observers read and comment. A comment keeps a
snapshot of its author's stakeholder group ("public" for a signed-in platform user commenting during a public
consultation), so the plan's counts stay truthful when someone leaves the forum or the platform.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import StringList, TimestampMixin, utcnow

PLAN_LEVELS = ("national", "subnational", "legislature", "other")
PLAN_STATUSES = ("cocreation", "consultation", "final", "implementation")
FORUM_GROUPS = ("government", "civil_society", "parliament", "oversight")
FORUM_ROLES = ("facilitator", "member", "observer")
EDITING_ROLES = ("facilitator", "member")
DRAFT_STATUSES = ("draft", "final")
OGP_VALUES = ("transparency", "participation", "accountability")
COMMENT_GROUPS = (*FORUM_GROUPS, "public")
MODERATION_STATES = ("approved", "pending", "rejected")
RESPONSES = ("accepted", "partly", "not_accepted")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ActionPlan(TimestampMixin, db.Model):
    __tablename__ = "action_plan"
    __table_args__ = (
        CheckConstraint(_in("level", PLAN_LEVELS), name="known_level"),
        CheckConstraint(_in("status", PLAN_STATUSES), name="known_status"),
        CheckConstraint("period_end >= period_start", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)  # ISO 3166-1 alpha-2
    level: Mapped[str] = mapped_column(String(20), default="national")
    institution: Mapped[str | None] = mapped_column(String(200))  # the subnational government, legislature...
    period_start: Mapped[date]
    period_end: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="cocreation")
    is_public: Mapped[bool] = mapped_column(default=False)  # non-members may read it
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    members: Mapped[list[ForumMember]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="ForumMember.id"
    )
    drafts: Mapped[list[CommitmentDraft]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="CommitmentDraft.id"
    )

    def member_for(self, user) -> ForumMember | None:
        if not getattr(user, "is_authenticated", False):
            return None
        return next((m for m in self.members if m.user_id == user.id), None)


class ForumMember(db.Model):
    __tablename__ = "forum_member"
    __table_args__ = (
        UniqueConstraint("plan_id", "user_id", name="uq_forum_member_plan_user"),
        CheckConstraint(_in("stakeholder_group", FORUM_GROUPS), name="known_group"),
        CheckConstraint(_in("role", FORUM_ROLES), name="known_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    stakeholder_group: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20), default="member")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[ActionPlan] = relationship(back_populates="members")
    user: Mapped[User] = relationship()  # noqa: F821

    @property
    def can_edit(self) -> bool:
        return self.role in EDITING_ROLES


class CommitmentDraft(TimestampMixin, db.Model):
    __tablename__ = "commitment_draft"
    __table_args__ = (CheckConstraint(_in("status", DRAFT_STATUSES), name="known_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    problem: Mapped[str] = mapped_column(Text, default="")
    status_quo: Mapped[str] = mapped_column(Text, default="")
    commitment: Mapped[str] = mapped_column(Text, default="")
    values: Mapped[list] = mapped_column(StringList, default=list)  # among OGP_VALUES
    values_text: Mapped[str] = mapped_column(Text, default="")  # how it advances them
    stakeholders: Mapped[str] = mapped_column(Text, default="")
    areas: Mapped[list] = mapped_column(StringList, default=list)  # keys of vocab.POLICY_AREAS
    milestones: Mapped[list] = mapped_column(JSON, default=list)  # [{deliverable, lead, start, end}] (ISO dates)
    language: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    version: Mapped[int] = mapped_column(default=1)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    plan: Mapped[ActionPlan] = relationship(back_populates="drafts")
    versions: Mapped[list[DraftVersion]] = relationship(
        cascade="all, delete-orphan", order_by="DraftVersion.number", back_populates="draft"
    )
    comments: Mapped[list[DraftComment]] = relationship(
        cascade="all, delete-orphan", order_by="DraftComment.id", back_populates="draft"
    )

    @property
    def text(self) -> str:
        """What the engine embeds for precedents: the title, the problem and the commitment."""
        return " ".join(part.strip() for part in (self.title + ".", self.problem, self.commitment) if part.strip())


class DraftVersion(db.Model):
    __tablename__ = "draft_version"
    __table_args__ = (UniqueConstraint("draft_id", "number", name="uq_draft_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("commitment_draft.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    content: Mapped[dict] = mapped_column(JSON)  # the draft's fields as saved
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    draft: Mapped[CommitmentDraft] = relationship(back_populates="versions")


class DraftComment(db.Model):
    __tablename__ = "draft_comment"
    __table_args__ = (
        CheckConstraint(_in("author_group", COMMENT_GROUPS), name="known_group"),
        CheckConstraint(_in("moderation", MODERATION_STATES), name="known_moderation"),
        CheckConstraint(f"response IS NULL OR {_in('response', RESPONSES)}", name="known_response"),
        CheckConstraint("response IS NULL OR response_reason IS NOT NULL", name="response_has_reason"),
        Index("ix_draft_comment_moderation", "moderation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("commitment_draft.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    author_name: Mapped[str | None] = mapped_column(String(120))
    author_group: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    is_public: Mapped[bool] = mapped_column(default=False)  # made during a public consultation by a non-member
    moderation: Mapped[str] = mapped_column(String(10), default="approved")
    response: Mapped[str | None] = mapped_column(String(20))
    response_reason: Mapped[str | None] = mapped_column(Text)
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    responded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    draft: Mapped[CommitmentDraft] = relationship(back_populates="comments")

    @property
    def needs_response(self) -> bool:
        return self.moderation != "rejected" and self.response is None


class CommitmentWorkshop(db.Model):
    """A roundtable held as a commitment workshop of an action plan: the row makes the roundtable of that kind, and
    names the drafts to be worked on. The roundtable keeps everything about the event (its list, answers and
    attendance); the drafts keep their versions, so the workshop's summary reads both and stores nothing more."""

    __tablename__ = "commitment_workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    roundtable_id: Mapped[int] = mapped_column(ForeignKey("roundtable.id", ondelete="CASCADE"), unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    roundtable: Mapped[Roundtable] = relationship()  # noqa: F821
    plan: Mapped[ActionPlan] = relationship()
    drafts: Mapped[list[CommitmentDraft]] = relationship(
        secondary="workshop_draft", order_by="CommitmentDraft.id", passive_deletes=True
    )


class WorkshopDraft(db.Model):
    """A draft attached to a workshop (the drafts to be worked on)."""

    __tablename__ = "workshop_draft"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("commitment_workshop.id", ondelete="CASCADE"), primary_key=True)
    draft_id: Mapped[int] = mapped_column(
        ForeignKey("commitment_draft.id", ondelete="CASCADE"), primary_key=True, index=True
    )

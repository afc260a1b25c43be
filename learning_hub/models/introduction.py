"""Introductions (double opt-in), who blocks whom, abuse reports, and the plain-text conversations between two
people who agreed to talk (an accepted introduction, a mentorship, a peer pair both accepted).

Invariants that must hold under concurrency:
- between two people at most one introduction is open (pending or accepted): a partial unique index on the
  unordered pair (`low_profile_id`, `high_profile_id`);
- the daily limit and the 90-day rule are checked after locking both people's profile rows (see
  learning_hub/introductions/services.py), so that two simultaneous requests cannot both pass.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import StringList, utcnow

PURPOSES = ("peer_exchange", "mentoring", "implementation_support", "other")


# pending: waiting for the recipient; accepted; declined; withdrawn by the sender; muted: the recipient had
# blocked the sender, so the recipient never sees it (the sender is not told: to them it stays "waiting").
class IntroductionState(enum.StrEnum):
    PENDING = "pending"  # waiting for the recipient's answer
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # by its sender
    MUTED = "muted"  # the recipient blocked the sender: shown as pending to the sender, never to the recipient


INTRODUCTION_STATES = tuple(state.value for state in IntroductionState)
OPEN_STATES = (IntroductionState.PENDING, IntroductionState.ACCEPTED)
CONVERSATION_KINDS = ("introduction", "mentorship", "peer_pair")
REPORT_STATES = ("open", "closed")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class IntroductionSettings(db.Model):
    """A person's answer to "may people ask to be introduced to me, and for what?" (no row: open to everything)."""

    __tablename__ = "introduction_settings"

    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True)
    open: Mapped[bool] = mapped_column(default=True)
    purposes: Mapped[list] = mapped_column(StringList, default=lambda: list(PURPOSES))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Introduction(db.Model):
    __tablename__ = "introduction"
    __table_args__ = (
        CheckConstraint(_in("state", INTRODUCTION_STATES), name="known_state"),
        CheckConstraint(_in("purpose", PURPOSES), name="known_purpose"),
        CheckConstraint("low_profile_id < high_profile_id", name="ordered_pair"),
        Index(
            "uq_introduction_one_open_per_pair",
            "low_profile_id",
            "high_profile_id",
            unique=True,
            sqlite_where=text("state IN ('pending', 'accepted', 'muted')"),
            postgresql_where=text("state IN ('pending', 'accepted', 'muted')"),
        ),
        Index("ix_introduction_sender_created", "sender_id", "created_at"),
        Index("ix_introduction_recipient_state", "recipient_id", "state"),
        Index("ix_introduction_pair_created", "low_profile_id", "high_profile_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL once that person deleted their account (the other side keeps a row that names nobody).
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"))
    # The unordered pair, for the one-open-request index and the 90-day rule (kept when a side is erased).
    low_profile_id: Mapped[int] = mapped_column()
    high_profile_id: Mapped[int] = mapped_column()
    purpose: Mapped[str] = mapped_column(String(30))
    message: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default=IntroductionState.PENDING.value)
    # The texts that matched, snapshotted when asked: the sender's challenge and the recipient's reform (or the
    # other way round), quoted in the introduction email. Either may be empty.
    sender_text: Mapped[str] = mapped_column(Text, default="")
    recipient_text: Mapped[str] = mapped_column(Text, default="")
    sender_text_kind: Mapped[str | None] = mapped_column(String(10))  # challenge | reform
    recipient_text_kind: Mapped[str | None] = mapped_column(String(10))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    sender: Mapped[Profile | None] = relationship(foreign_keys=[sender_id])  # noqa: F821
    recipient: Mapped[Profile | None] = relationship(foreign_keys=[recipient_id])  # noqa: F821

    def __repr__(self) -> str:
        return f"<Introduction {self.id} {self.sender_id}->{self.recipient_id} {self.state}>"


class IntroductionBlock(db.Model):
    """`blocker` no longer receives requests from `blocked`; the blocked person is never told."""

    __tablename__ = "introduction_block"
    __table_args__ = (UniqueConstraint("blocker_id", "blocked_id", name="uq_introduction_block_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    blocker_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    blocked_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AbuseReport(db.Model):
    """A person reports a request or a message to the coordinators, who see the reported words (a copy) and
    nothing else of the thread."""

    __tablename__ = "abuse_report"
    __table_args__ = (CheckConstraint(_in("state", REPORT_STATES), name="known_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    reported_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    introduction_id: Mapped[int | None] = mapped_column(ForeignKey("introduction.id", ondelete="SET NULL"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("conversation_message.id", ondelete="SET NULL"))
    reported_text: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    reporter: Mapped[Profile | None] = relationship(foreign_keys=[reporter_id])  # noqa: F821
    reported: Mapped[Profile | None] = relationship(foreign_keys=[reported_id])  # noqa: F821


class Conversation(db.Model):
    """One thread per accepted introduction, mentorship or peer pair, made by its first message."""

    __tablename__ = "conversation"
    __table_args__ = (
        CheckConstraint(_in("kind", CONVERSATION_KINDS), name="known_kind"),
        UniqueConstraint("kind", "source_id", name="uq_conversation_kind_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    source_id: Mapped[int] = mapped_column()  # the introduction, mentoring request or match pair
    a_profile_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    b_profile_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)

    messages: Mapped[list[ConversationMessage]] = relationship(
        back_populates="conversation", order_by="ConversationMessage.id", cascade="all, delete-orphan"
    )


class ConversationMessage(db.Model):
    __tablename__ = "conversation_message"
    __table_args__ = (Index("ix_conversation_message_conversation_id", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"))
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    sender: Mapped[Profile | None] = relationship()  # noqa: F821


class ConversationRead(db.Model):
    """How far a person has read a thread: their unread count is the others' messages after this one."""

    __tablename__ = "conversation_read"

    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"), primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True, index=True)
    last_read_message_id: Mapped[int] = mapped_column(default=0)

"""Notifications, each person's channel per kind, digest markers, and the outcome follow-up of connections.

A notification stores its kind and parameters, not a rendered sentence: the title is written when it is shown, in
the reader's language. Sending is idempotent: an email is claimed by setting `emailed_at` in one conditional UPDATE
before it is sent, a digest by inserting its (user, period, period_key) marker, a check-in by its unique
(connection, profile, day) row.

A Connection is anything that brought two or more people together and deserves a follow-up: a peer pair that both
accepted, a mentorship, an attended roundtable, an accepted introduction. It names its source by `kind` and
`source_id`, so a new kind of connection plugs in without a new table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import utcnow

CHANNELS = ("email", "daily", "weekly", "app")
DIGEST_PERIODS = ("daily", "weekly")
CONNECTION_KINDS = ("peer_pair", "mentorship", "roundtable", "introduction")
CHECKIN_DAYS = (30, 90, 180)
OUTCOMES = ("nothing", "ideas", "commitment", "reform", "support", "other")


def _in(column: str, values, nullable: bool = False) -> str:
    clause = f"{column} IN ({', '.join(repr(v) for v in values)})"
    return f"{column} IS NULL OR {clause}" if nullable else clause


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)  # the title's placeholders
    link: Mapped[str | None] = mapped_column(String(500))  # a path inside the app
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]  # sent on its own (email now), or told by the feature's own email
    digested_at: Mapped[datetime | None]  # included in a digest

    user: Mapped[User] = relationship()  # noqa: F821


class NotificationPreference(db.Model):
    """A person's channel for one kind; a kind without a row uses its default (notifications.kinds)."""

    __tablename__ = "notification_preference"
    __table_args__ = (CheckConstraint(_in("channel", CHANNELS), name="known_channel"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DigestMarker(db.Model):
    """One digest sent to one person for one period ("2026-12-07" daily, "2026-W49" weekly): never twice."""

    __tablename__ = "notification_digest"
    __table_args__ = (
        CheckConstraint(_in("period", DIGEST_PERIODS), name="known_period"),
        UniqueConstraint("user_id", "period", "period_key", name="uq_notification_digest_user_period_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    period_key: Mapped[str] = mapped_column(String(12))
    items: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class Connection(db.Model):
    __tablename__ = "connection"
    __table_args__ = (
        CheckConstraint(_in("kind", CONNECTION_KINDS), name="known_kind"),
        UniqueConstraint("kind", "source_id", name="uq_connection_kind_source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[int]
    cohort: Mapped[str] = mapped_column(String(200), default="")  # the run, roundtable or year it belongs to
    started_at: Mapped[datetime]  # check-ins fall due 30, 90 and 180 days after this
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[ConnectionMember]] = relationship(
        back_populates="connection", cascade="all, delete-orphan", passive_deletes=True
    )


class ConnectionMember(db.Model):
    __tablename__ = "connection_member"

    connection_id: Mapped[int] = mapped_column(ForeignKey("connection.id", ondelete="CASCADE"), primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True, index=True)
    country: Mapped[str | None] = mapped_column(String(2))

    connection: Mapped[Connection] = relationship(back_populates="members")


class CheckIn(db.Model):
    """One person's check-in on one connection at 30, 90 or 180 days, and their answer."""

    __tablename__ = "checkin"
    __table_args__ = (
        CheckConstraint(_in("day", CHECKIN_DAYS), name="known_day"),
        CheckConstraint(_in("outcome", OUTCOMES, nullable=True), name="known_outcome"),
        CheckConstraint("outcome <> 'reform' OR artefact_url IS NOT NULL", name="reform_has_artefact"),
        UniqueConstraint("connection_id", "profile_id", "day", name="uq_checkin_connection_profile_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(ForeignKey("connection.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    day: Mapped[int]
    due_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    met: Mapped[bool | None]
    outcome: Mapped[str | None] = mapped_column(String(12))
    artefact_url: Mapped[str | None] = mapped_column(String(500))
    story: Mapped[str | None] = mapped_column(Text)
    showcase_consent: Mapped[bool] = mapped_column(default=False)

    connection: Mapped[Connection] = relationship()
    profile: Mapped[Profile] = relationship()  # noqa: F821

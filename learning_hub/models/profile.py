"""A reformer's profile, the challenges they face and the reforms they implemented."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ColumnElement, ForeignKey, Index, String, Text, and_, exists
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import TimestampMixin, embedded_text
from learning_hub.models.user import User


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Profile(TimestampMixin, db.Model):
    __tablename__ = "profile"
    __table_args__ = (
        CheckConstraint("mentor_capacity >= 0 AND mentor_capacity <= 20", name="mentor_capacity_range"),
        CheckConstraint(_in("visibility", ("private", "members", "public")), name="known_visibility"),
        Index("ix_profile_listing", "visibility", "country"),
        # The directory index's freshness fingerprint reads max() of these on every check: keep that a lookup.
        Index("ix_profile_updated_at", "updated_at"),
        Index("ix_profile_embedded_at", "embedded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2), index=True)  # ISO 3166-1 alpha-2
    organisation: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(40), index=True)  # a key of vocab.SECTORS
    role_title: Mapped[str | None] = mapped_column(String(200))
    bio: Mapped[str | None] = mapped_column(Text)
    gender: Mapped[str | None] = mapped_column(String(20))  # private: shown only to its owner
    # The owner's own time zone (an IANA name) for the times they are shown; None: their country's main zone.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    visibility: Mapped[str] = mapped_column(String(10), default="private")
    consented_at: Mapped[datetime | None]  # when the owner agreed to be listed; None means unlisted
    mentor_available: Mapped[bool] = mapped_column(default=False)
    mentor_capacity: Mapped[int] = mapped_column(default=0)
    # When the directory's embedding job last finished for this profile's texts: part of the directory index's
    # freshness fingerprint, so that new vectors reach search without waiting for another edit.
    embedded_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="profile")
    language_rows: Mapped[list[ProfileLanguage]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ProfileLanguage.position"
    )
    policy_area_rows: Mapped[list[ProfilePolicyArea]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    challenges: Mapped[list[Challenge]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="Challenge.id"
    )
    reforms: Mapped[list[Reform]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="Reform.id"
    )

    @property
    def languages(self) -> list[str]:
        return [row.code for row in self.language_rows]

    @languages.setter
    def languages(self, codes) -> None:
        codes = list(dict.fromkeys(c for c in codes if c))
        keep = {row.code: row for row in self.language_rows}
        self.language_rows = [keep.get(code) or ProfileLanguage(code=code) for code in codes]
        for position, row in enumerate(self.language_rows):
            row.position = position

    @property
    def policy_areas(self) -> list[str]:
        return sorted(row.area for row in self.policy_area_rows)

    @policy_areas.setter
    def policy_areas(self, areas) -> None:
        keep = {row.area: row for row in self.policy_area_rows}
        self.policy_area_rows = [keep.get(a) or ProfilePolicyArea(area=a) for a in dict.fromkeys(areas) if a]

    @hybrid_property
    def is_listed(self) -> bool:
        """Listed: visible to other people at all. Consented, not private, and the account is active.

        The one definition of the rule, in Python (on a loaded profile) and in SQL (``Profile.is_listed`` in a
        ``where``); a test checks that both forms agree on every combination of the three conditions.
        """
        return self.consented_at is not None and self.visibility != "private" and bool(self.user and self.user.active)

    @is_listed.inplace.expression
    @classmethod
    def _is_listed_expression(cls) -> ColumnElement[bool]:
        account = aliased(User)  # an alias never correlates with a User the enclosing query joins
        return and_(
            cls.consented_at.is_not(None),
            cls.visibility != "private",
            exists().where(account.id == cls.user_id, account.active.is_(True)),
        )

    def __repr__(self) -> str:
        return f"<Profile {self.id} {self.display_name!r} {self.country}>"


class ProfileLanguage(db.Model):
    __tablename__ = "profile_language"

    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(8), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)


class ProfilePolicyArea(db.Model):
    __tablename__ = "profile_policy_area"

    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True)
    area: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class Challenge(TimestampMixin, db.Model):
    __tablename__ = "challenge"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))  # detected, ISO 639-1

    profile: Mapped[Profile] = relationship(back_populates="challenges")


class Reform(TimestampMixin, db.Model):
    __tablename__ = "reform"
    __table_args__ = (
        CheckConstraint(_in("status", ("planned", "in_progress", "completed", "stalled")), name="known_status"),
        CheckConstraint("start_year IS NULL OR (start_year >= 1950 AND start_year <= 2100)", name="start_year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    start_year: Mapped[int | None]
    link: Mapped[str | None] = mapped_column(String(500))  # a public commitment page
    language: Mapped[str | None] = mapped_column(String(8))

    profile: Mapped[Profile] = relationship(back_populates="reforms")

    @property
    def text(self) -> str:
        """What the engine embeds: the title carries much of the meaning of a long description."""
        return embedded_text(self.title, self.description)


class RemovedText(db.Model):
    """A challenge or reform its author just removed, kept for a short while so the removal can be undone."""

    __tablename__ = "removed_text"
    __table_args__ = (CheckConstraint("kind IN ('challenge', 'reform')", name="known_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    fields: Mapped[dict] = mapped_column(JSON, default=dict)  # text, or title, description, status, start_year, link
    removed_at: Mapped[datetime] = mapped_column(index=True)

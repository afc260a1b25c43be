"""Reform stories for the public showcase: the story, its evidence links, the people behind it (each with their own
consent record) and its editorial history."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import StringList, TimestampMixin, utcnow
from learning_hub.models.profile import Profile


class StoryState(enum.StrEnum):
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"


STORY_STATES = tuple(state.value for state in StoryState)
CONSENT_STATES = ("pending", "confirmed", "withdrawn")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ShowcaseStory(TimestampMixin, db.Model):
    __tablename__ = "showcase_story"
    __table_args__ = (
        CheckConstraint(_in("state", STORY_STATES), name="known_state"),
        Index("ix_showcase_story_listing", "state", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    problem: Mapped[str] = mapped_column(Text)
    actions: Mapped[str] = mapped_column(Text)  # what was done
    results: Mapped[str] = mapped_column(Text)
    country: Mapped[str] = mapped_column(String(2), index=True)
    level: Mapped[str] = mapped_column(String(20))  # a key of showcase.vocab.LEVELS
    areas: Mapped[list[str]] = mapped_column(StringList, default=list)  # keys of showcase.vocab.PROGRAMME_AREAS
    policy_areas: Mapped[list[str]] = mapped_column(StringList, default=list)  # keys of vocab.POLICY_AREAS
    language: Mapped[str] = mapped_column(String(8))  # the language it was written in
    started_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    state: Mapped[str] = mapped_column(String(20), default="submitted")
    change_request: Mapped[str | None] = mapped_column(Text)  # the coordinator's last request for changes
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    published_at: Mapped[datetime | None]
    featured: Mapped[bool] = mapped_column(default=False, server_default=false())  # set by coordinators

    proposer: Mapped[Profile | None] = relationship()
    evidence: Mapped[list[StoryEvidence]] = relationship(
        cascade="all, delete-orphan", order_by="StoryEvidence.position", lazy="selectin"
    )
    people: Mapped[list[StoryPerson]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryPerson.position", lazy="selectin"
    )
    events: Mapped[list[StoryEvent]] = relationship(cascade="all, delete-orphan", order_by="StoryEvent.id")
    translations: Mapped[list[StoryTranslation]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryTranslation.language", lazy="selectin"
    )

    @property
    def text(self) -> str:
        """What the engine embeds for "similar reforms elsewhere"."""
        return f"{self.title}. {self.summary} {self.problem} {self.actions}".strip()


class StoryTranslation(TimestampMixin, db.Model):
    """A story's texts in another of the interface's languages, added by a coordinator or the story's proposer.
    Shown beside the original, marked as a translation; names, evidence and facts stay the story's own."""

    __tablename__ = "showcase_translation"
    __table_args__ = (UniqueConstraint("story_id", "language", name="uq_showcase_translation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("showcase_story.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    problem: Mapped[str] = mapped_column(Text)
    actions: Mapped[str] = mapped_column(Text)
    results: Mapped[str] = mapped_column(Text)
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    story: Mapped[ShowcaseStory] = relationship(back_populates="translations")

    @property
    def text(self) -> str:
        return f"{self.title}. {self.summary} {self.problem} {self.actions}".strip()


class StoryEvidence(db.Model):
    __tablename__ = "showcase_evidence"
    __table_args__ = (
        CheckConstraint(
            _in("kind", ("ogp_commitment", "independent_assessment", "law", "dataset", "press_article")),
            name="known_kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("showcase_story.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    label: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(default=0)


class StoryPerson(db.Model):
    """One person behind a story and their consent to be named on it: only they confirm or withdraw it."""

    __tablename__ = "showcase_person"
    __table_args__ = (
        UniqueConstraint("story_id", "profile_id", name="uq_showcase_person"),
        CheckConstraint(_in("consent", CONSENT_STATES), name="known_consent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("showcase_story.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(200))  # their part in the reform, in the story's language
    position: Mapped[int] = mapped_column(default=0)
    consent: Mapped[str] = mapped_column(String(12), default="pending")
    confirmed_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]

    story: Mapped[ShowcaseStory] = relationship(back_populates="people")
    profile: Mapped[Profile] = relationship()


class StoryEvent(db.Model):
    """The editorial history: who did what to a story, when."""

    __tablename__ = "showcase_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("showcase_story.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor = relationship("User")

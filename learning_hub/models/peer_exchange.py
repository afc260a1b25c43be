"""Peer exchange: match runs, the pairs they suggest, and the pairs that have already been held.

A run stores its parameters, the engine version and the engine's report figures, so a coordinator can tell later how a
list was made. Pairs keep a snapshot of each side's country and sector: when a person deletes their account the pair
stays in the coordinators' history as "former member" (the profile link becomes NULL) and the health figures still add
up.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import StringList, utcnow
from learning_hub.models.job import COMPUTATION_STATUSES, FINISHED_COMPUTATION_STATUSES, ComputationStatus

RUN_STATUSES = COMPUTATION_STATUSES  # learning_hub/computations.py


class PairState(enum.StrEnum):
    SUGGESTED = "suggested"
    LOCKED = "locked"  # kept by the coordinator through re-runs
    REJECTED = "rejected"


PAIR_STATES = tuple(state.value for state in PairState)
ACTIVE_PAIR_STATES = ("suggested", "locked")
PAIR_ORIGINS = ("engine", "swap")
RESPONSES = ("accepted", "declined")


def _in(column: str, values, nullable: bool = False) -> str:
    clause = f"{column} IN ({', '.join(repr(v) for v in values)})"
    return f"{column} IS NULL OR {clause}" if nullable else clause


def pair_key(a: int, b: int) -> str:
    """The unordered key of two profile ids: one pair of people appears once in a run."""
    low, high = sorted((int(a), int(b)))
    return f"{low}-{high}"


class MatchRun(db.Model):
    __tablename__ = "match_run"
    __table_args__ = (CheckConstraint(_in("status", RUN_STATUSES), name="known_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12), default=ComputationStatus.PENDING.value, index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("match_run.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    # Cohort filter and settings: countries, sectors, policy_areas, joined_since, per_person, cross_country,
    # min_score, exclude_held.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    # Profile-id pairs carried from the parent run: rejected ones (never suggested again) and locked ones (kept).
    exclude_pairs: Mapped[list] = mapped_column(JSON, default=list)
    lock_pairs: Mapped[list] = mapped_column(JSON, default=list)
    engine_version: Mapped[str | None] = mapped_column(String(40))
    encoder: Mapped[str | None] = mapped_column(String(200))
    # The engine's report (matching.PairingResult.report) plus the people with an eligible candidate.
    objective: Mapped[float | None]
    upper_bound: Mapped[float | None]
    greedy_objective: Mapped[float | None]
    people: Mapped[int | None]
    matchable_people: Mapped[int | None]
    matched_people: Mapped[int | None]
    full_people: Mapped[int | None]
    min_pair_score: Mapped[float | None]
    violations: Mapped[int | None]
    seconds: Mapped[float | None]
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # timings, optimality, notes for the coordinator
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]

    parent: Mapped[MatchRun | None] = relationship(remote_side=[id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    job: Mapped[Job | None] = relationship()  # noqa: F821

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_COMPUTATION_STATUSES

    @property
    def is_editable(self) -> bool:
        """Review actions (lock, reject, swap) apply before publication only: participants then see the list."""
        return self.status == ComputationStatus.READY

    @property
    def per_person(self) -> int:
        return int(self.params.get("per_person", 1))

    def __repr__(self) -> str:
        return f"<MatchRun {self.id} {self.status}>"


class MatchRunMember(db.Model):
    """Who took part in a run (listed people selected by the cohort filter): swap candidates come from here."""

    __tablename__ = "match_run_member"

    run_id: Mapped[int] = mapped_column(ForeignKey("match_run.id", ondelete="CASCADE"), primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True, index=True)
    country: Mapped[str | None] = mapped_column(String(2))


class MatchPair(db.Model):
    __tablename__ = "match_pair"
    __table_args__ = (
        UniqueConstraint("run_id", "pair_key", name="uq_match_pair_run_id_pair_key"),
        CheckConstraint(_in("state", PAIR_STATES), name="known_state"),
        CheckConstraint(_in("origin", PAIR_ORIGINS), name="known_origin"),
        CheckConstraint(_in("a_response", RESPONSES, nullable=True), name="known_a_response"),
        CheckConstraint(_in("b_response", RESPONSES, nullable=True), name="known_b_response"),
        CheckConstraint(
            "a_profile_id IS NULL OR b_profile_id IS NULL OR a_profile_id <> b_profile_id", name="two_people"
        ),
        Index("ix_match_pair_run_score", "run_id", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_run.id", ondelete="CASCADE"), index=True)
    pair_key: Mapped[str | None] = mapped_column(String(40))  # NULL once a side is erased
    # `a`'s challenge meets `b`'s reform in the stronger direction (the engine's orientation).
    a_profile_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    b_profile_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    a_country: Mapped[str | None] = mapped_column(String(2))
    b_country: Mapped[str | None] = mapped_column(String(2))
    a_sector: Mapped[str | None] = mapped_column(String(40))
    b_sector: Mapped[str | None] = mapped_column(String(40))
    score: Mapped[float]
    a_to_b: Mapped[float | None]  # a's challenges against b's reforms (None: a side has no text)
    b_to_a: Mapped[float | None]
    a_excerpt: Mapped[str] = mapped_column(Text, default="")  # the sentence of a's challenge that matched
    b_excerpt: Mapped[str] = mapped_column(Text, default="")  # the sentence of b's reform that matched
    terms: Mapped[list] = mapped_column(StringList, default=list)
    state: Mapped[str] = mapped_column(String(10), default="suggested")
    origin: Mapped[str] = mapped_column(String(10), default="engine")
    a_response: Mapped[str | None] = mapped_column(String(10))
    b_response: Mapped[str | None] = mapped_column(String(10))
    a_responded_at: Mapped[datetime | None]
    b_responded_at: Mapped[datetime | None]
    introduced_at: Mapped[datetime | None]
    # Set when publishing another run took this suggestion off participants' dashboards (it was replaced, or it
    # repeated a pair already suggested by an earlier published run); the run that did it, as a plain id.
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_run_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    run: Mapped[MatchRun] = relationship()
    a_profile: Mapped[Profile | None] = relationship(foreign_keys=[a_profile_id])  # noqa: F821
    b_profile: Mapped[Profile | None] = relationship(foreign_keys=[b_profile_id])  # noqa: F821

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_PAIR_STATES

    def side_of(self, profile_id: int) -> str | None:
        if profile_id is not None and profile_id == self.a_profile_id:
            return "a"
        if profile_id is not None and profile_id == self.b_profile_id:
            return "b"
        return None

    def __repr__(self) -> str:
        return f"<MatchPair {self.id} run={self.run_id} {self.a_profile_id}-{self.b_profile_id} {self.state}>"


class HeldPair(db.Model):
    """Two people who were introduced (both accepted): later runs can exclude them. Unordered: low id < high id."""

    __tablename__ = "held_pair"
    __table_args__ = (
        UniqueConstraint("low_profile_id", "high_profile_id", name="uq_held_pair_low_profile_id_high_profile_id"),
        CheckConstraint("low_profile_id < high_profile_id", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    low_profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    high_profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("match_pair.id", ondelete="SET NULL"))
    held_at: Mapped[datetime] = mapped_column(default=utcnow)

"""Decisions as labelled judgements, and the re-ranker learned from them.

A judgement is written by the service that records the decision, in the same transaction: what was judged (a pair,
a mentor offer, a roundtable invitee, an introduction), the two people, the two texts and the score the person saw at
that moment (copied from the row they judged, never recomputed), the label (keep or drop) and the role in which the
actor judged. A re-ranker model is one fitted version, kept with the figures it was fitted on.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from learning_hub.extensions import db
from learning_hub.models.base import utcnow


class JudgementKind(enum.StrEnum):
    PAIR_LOCK = "pair_lock"  # a coordinator locked a suggested pair
    PAIR_REJECT = "pair_reject"  # a coordinator rejected a pair
    PAIR_SWAP_OUT = "swap_out"  # the pair a coordinator swapped a person out of
    PAIR_SWAP_IN = "swap_in"  # the pair the swap made (locked)
    SUGGESTION_ACCEPT = "sugg_accept"  # a participant accepted a published pair
    SUGGESTION_DECLINE = "sugg_decline"
    INTRO_ACCEPT = "intro_accept"  # a recipient accepted an introduction request
    INTRO_DECLINE = "intro_decline"
    MENTOR_ACCEPT = "mentor_accept"  # a mentor accepted an offer
    MENTOR_DECLINE = "mentor_decline"
    INVITEE_PIN = "invitee_pin"  # an organiser pinned someone on a roundtable's list
    INVITEE_REMOVE = "invitee_remove"  # an organiser removed (excluded) someone


class JudgementLabel(enum.StrEnum):
    KEEP = "keep"
    DROP = "drop"


class ActorRole(enum.StrEnum):
    COORDINATOR = "coordinator"
    PARTICIPANT = "participant"
    MENTOR = "mentor"
    ORGANISER = "organiser"


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Judgement(db.Model):
    __tablename__ = "judgement"
    __table_args__ = (
        CheckConstraint(_in("kind", JudgementKind), name="known_kind"),
        CheckConstraint(_in("label", JudgementLabel), name="known_label"),
        CheckConstraint(_in("actor_role", ActorRole), name="known_actor_role"),
        Index("ix_judgement_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(4))
    actor_role: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    source_id: Mapped[int | None]  # the judged row's id (pair, offer, invitee, introduction), by `kind`
    # The list the suggestion was shown in ("run:7", "request:3", "roundtable:2", "introduction:9"): the re-ranker
    # learns what made one suggestion of a list kept rather than another.
    list_key: Mapped[str | None] = mapped_column(String(40))
    a_profile_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    b_profile_id: Mapped[int | None] = mapped_column(ForeignKey("profile.id", ondelete="SET NULL"), index=True)
    a_text: Mapped[str] = mapped_column(Text, default="")  # the texts shown (a pair's two matched sentences...)
    b_text: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None]  # the score shown; None where none was shown (an introduction request)
    forward: Mapped[float | None]  # a pair's two directional scores, when shown
    backward: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_keep(self) -> bool:
        return self.label == JudgementLabel.KEEP

    def __repr__(self) -> str:
        return f"<Judgement {self.id} {self.kind} {self.label} score={self.score}>"


class RerankerModel(db.Model):
    """One fitted version of the deployment's re-ranker (`matching.Reranker.to_dict()` in `params`)."""

    __tablename__ = "reranker_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    trained_at: Mapped[datetime] = mapped_column(default=utcnow)
    judgements: Mapped[int]
    kept: Mapped[int]
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    metrics: Mapped[dict] = mapped_column(JSON, default=dict)
    useful: Mapped[bool] = mapped_column(default=False)  # beat the shown score on held-out judgements
    engine_version: Mapped[str | None] = mapped_column(String(40))

    def __repr__(self) -> str:
        return f"<RerankerModel v{self.version} n={self.judgements}>"

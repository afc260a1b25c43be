"""Judgements (recorded by the deciding services) and the re-ranker learned from them.

`record_*` add one Judgement to the caller's session and never commit: the decision and its judgement are one
transaction. They copy the score from the row the person judged, which is the score they were shown; nothing is
embedded or computed there. `retrain()` runs as a job: it reads the judgements, fits `matching.fit_reranker` outside
any transaction (the lexical feature hashes the shown texts) and stores a new numbered version. The engine applies
the newest version only when the setting DECISIONS_RERANK is on, the version was fitted on at least
DECISIONS_MIN_JUDGEMENTS judgements and it told kept from dropped better than the shown score on held-out judgements.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

import matching
from learning_hub.database import short_transaction, slow_work
from learning_hub.errors import NotFound
from learning_hub.extensions import db
from learning_hub.models import (
    ActorRole,
    Judgement,
    JudgementKind,
    JudgementLabel,
    MatchPair,
    MatchRun,
    RerankerModel,
    User,
    utcnow,
)
from learning_hub.models.peer_exchange import PairState

RETRAIN_TASK = "decisions.retrain"
KEEP_KINDS = {
    JudgementKind.PAIR_LOCK,
    JudgementKind.PAIR_SWAP_IN,
    JudgementKind.SUGGESTION_ACCEPT,
    JudgementKind.INTRO_ACCEPT,
    JudgementKind.MENTOR_ACCEPT,
    JudgementKind.INVITEE_PIN,
}


def record(
    kind: JudgementKind,
    actor: User | None,
    role: ActorRole,
    *,
    source_id: int | None,
    list_key: str | None = None,
    a_profile_id: int | None,
    b_profile_id: int | None,
    a_text: str = "",
    b_text: str = "",
    score: float | None = None,
    forward: float | None = None,
    backward: float | None = None,
) -> Judgement:
    """Add one judgement to the session (the caller commits it with the decision); the label follows the kind."""
    judgement = Judgement(
        kind=kind.value,
        label=(JudgementLabel.KEEP if kind in KEEP_KINDS else JudgementLabel.DROP).value,
        actor_role=role.value,
        actor_id=getattr(actor, "id", None),
        source_id=source_id,
        list_key=list_key,
        a_profile_id=a_profile_id,
        b_profile_id=b_profile_id,
        a_text=a_text or "",
        b_text=b_text or "",
        score=None if score is None else float(score),
        forward=forward,
        backward=backward,
        created_at=utcnow(),
    )
    db.session.add(judgement)
    return judgement


def record_pair(kind: JudgementKind, actor: User | None, role: ActorRole, pair: MatchPair) -> Judgement:
    """A judgement on a peer-exchange pair, with the score, directions and sentences its page showed."""
    return record(
        kind,
        actor,
        role,
        source_id=pair.id,
        list_key=f"run:{pair.run_id}",
        a_profile_id=pair.a_profile_id,
        b_profile_id=pair.b_profile_id,
        a_text=pair.a_excerpt,
        b_text=pair.b_excerpt,
        score=pair.score,
        forward=pair.a_to_b,
        backward=pair.b_to_a,
    )


# --- the setting and the current version -------------------------------------------------------------------------


def enabled() -> bool:
    return bool(current_app.config.get("DECISIONS_RERANK", True))


def min_judgements() -> int:
    return int(current_app.config.get("DECISIONS_MIN_JUDGEMENTS", 30))


def latest_model() -> RerankerModel | None:
    return db.session.scalars(db.select(RerankerModel).order_by(RerankerModel.version.desc()).limit(1)).first()


def applied_model() -> RerankerModel | None:
    """The version the engine applies now, or None (switched off, none yet, too few judgements, or not better)."""
    model = latest_model()
    if not enabled() or model is None or not model.useful or model.judgements < min_judgements():
        return None
    return model


def why_not_applied(model: RerankerModel | None) -> str | None:
    """The reason code shown when no version is applied: off | none | few | not_better; None when one is."""
    if not enabled():
        return "off"
    if model is None:
        return "none"
    if model.judgements < min_judgements():
        return "few"
    if not model.useful:
        return "not_better"
    return None


@dataclass(frozen=True)
class Status:
    enabled: bool
    min_judgements: int
    judgements: int  # all recorded
    usable: int  # with a score shown (the ones the re-ranker learns from)
    by_kind: dict[str, int]
    model: RerankerModel | None
    applied: RerankerModel | None
    reason: str | None
    versions: list[RerankerModel]


def status(actor: User) -> Status:
    by_kind = dict(
        tuple(row)
        for row in db.session.execute(
            db.select(Judgement.kind, db.func.count()).group_by(Judgement.kind).order_by(Judgement.kind)
        )
    )
    usable = db.session.scalar(db.select(db.func.count()).select_from(Judgement).where(Judgement.score.is_not(None)))
    model = latest_model()
    versions = list(db.session.scalars(db.select(RerankerModel).order_by(RerankerModel.version.desc()).limit(10)))
    return Status(
        enabled=enabled(),
        min_judgements=min_judgements(),
        judgements=sum(by_kind.values()),
        usable=int(usable or 0),
        by_kind=by_kind,
        model=model,
        applied=applied_model(),
        reason=why_not_applied(model),
        versions=versions,
    )


# --- retraining ---------------------------------------------------------------------------------------------------


def _training_rows() -> list[tuple]:
    return list(
        db.session.execute(
            db.select(
                Judgement.score, Judgement.forward, Judgement.backward, Judgement.a_text, Judgement.b_text,
                Judgement.label, Judgement.list_key, Judgement.id,
            )
            .where(Judgement.score.is_not(None))
            .order_by(Judgement.id)
        )
    )  # fmt: skip


def retrain() -> RerankerModel | None:
    """Fit a new version on every judgement with a shown score; None (nothing stored) when too few or one-sided."""
    rows = _training_rows()
    with slow_work("fitting the re-ranker"):
        if not rows:
            return None
        scores, forward, backward, a_texts, b_texts, labels, lists, ids = (
            list(column) for column in zip(*rows, strict=True)
        )
        groups = [key or f"judgement:{i}" for key, i in zip(lists, ids, strict=True)]
        features = matching.decision_features(scores, a_texts, b_texts, forward=forward, backward=backward)
        fitted = matching.fit_reranker(
            features,
            [label == JudgementLabel.KEEP for label in labels],
            groups=groups,
            min_judgements=min_judgements(),
        )
        if fitted is None:
            return None
        with short_transaction():
            latest = db.session.scalar(db.select(db.func.max(RerankerModel.version))) or 0
            model = RerankerModel(
                version=latest + 1,
                trained_at=utcnow(),
                judgements=fitted.judgements,
                kept=fitted.kept,
                params=fitted.to_dict(),
                metrics=dict(fitted.metrics),
                useful=fitted.useful,
                engine_version=matching.__version__,
            )
            db.session.add(model)
            db.session.commit()
            model_id = model.id
    return db.session.get(RerankerModel, model_id)


def retrain_task(job, progress) -> dict:
    model = retrain()
    return {"version": model.version if model else None, "judgements": model.judgements if model else 0}


def schedule_retrain() -> dict:
    from learning_hub import jobs

    return {"job": jobs.enqueue(RETRAIN_TASK, subject="re-ranker").id}


def request_retrain(actor: User):
    from learning_hub import jobs

    return jobs.enqueue(RETRAIN_TASK, subject="re-ranker", actor=actor)


# --- what the re-ranker changes in a run's list -------------------------------------------------------------------


@dataclass(frozen=True)
class Moved:
    pair: MatchPair
    shown_rank: int  # 1 = the highest score
    learned_rank: int
    chance: float  # the re-ranker's chance of being kept

    @property
    def move(self) -> int:
        """Places gained (positive: moved up)."""
        return self.shown_rank - self.learned_rank


@dataclass(frozen=True)
class RunChanges:
    run: MatchRun
    model: RerankerModel | None  # the version applied (None: the list keeps the engine's order)
    rows: list[Moved]  # in the learned order

    @property
    def moved(self) -> int:
        return sum(1 for row in self.rows if row.move)


def run_changes(actor: User, run_id: int) -> RunChanges:
    """The run's active pairs ranked by the engine's score and by the applied re-ranker, with each pair's move."""
    run = db.session.get(MatchRun, run_id)
    if run is None:
        raise NotFound()
    pairs = list(
        db.session.scalars(
            db.select(MatchPair)
            .where(MatchPair.run_id == run_id, MatchPair.state != PairState.REJECTED)
            .order_by(MatchPair.score.desc(), MatchPair.id)
        )
    )
    model = applied_model()
    reranker = matching.Reranker.from_dict(model.params) if model is not None else None
    features = matching.decision_features(
        [p.score for p in pairs],
        [p.a_excerpt for p in pairs],
        [p.b_excerpt for p in pairs],
        forward=[p.a_to_b for p in pairs],
        backward=[p.b_to_a for p in pairs],
    )
    order, chances = matching.rerank(features, reranker)
    rows = [Moved(pairs[i], int(i) + 1, rank, float(chances[i])) for rank, i in enumerate(order, start=1)]
    return RunChanges(run, model, rows)

"""Swap one person of a pair: suggest replacements that keep every constraint of the run, then make the swap.

Candidates are the run's members who are still listed, with room under the run's pairs-per-person limit, from another
country than the person kept (when the run is cross-country), never paired with that person in this run before (so a
rejected pair does not come back), not excluded by the run (earlier rejections, pairs already held), and scoring at
least the run's minimum. Scores use the vectors cached when the texts were embedded (request time reads only).

The swap rejects the old pair and adds the new one as locked: a coordinator chose it, so a re-run keeps it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from flask_babel import gettext as _

from learning_hub import engine
from learning_hub.errors import Conflict, ValidationError
from learning_hub.extensions import db
from learning_hub.models import HeldPair, MatchPair, MatchRun, MatchRunMember, User
from learning_hub.models.peer_exchange import pair_key
from learning_hub.peer_exchange import cohort, services
from matching import Index, TermWeights, TextVectors, excerpt, explain_best, pair_scores

SHOWN = 10


@dataclass(frozen=True)
class Candidate:
    profile_id: int
    name: str
    country: str
    sector: str
    score: float
    load: int


@dataclass(frozen=True)
class SwapPlan:
    run: MatchRun
    pair: MatchPair
    side: str  # the side being replaced
    kept_id: int
    candidates: list[Candidate]
    scored: dict  # profile id -> (member, challenge rows, reform rows), for the explanation of the chosen one
    weights: TermWeights


def _kept_and_leaving(pair: MatchPair, side: str) -> tuple[int, int | None]:
    kept = pair.b_profile_id if side == "a" else pair.a_profile_id
    if kept is None:
        raise Conflict(_("The other person of this pair has left; reject the pair instead."))
    return kept, (pair.a_profile_id if side == "a" else pair.b_profile_id)


def _blocked(run: MatchRun, kept: int) -> set[int]:
    """People who may not be paired with `kept` in this run, whatever their score."""
    blocked = set()
    for a, b in db.session.execute(
        db.select(MatchPair.a_profile_id, MatchPair.b_profile_id).where(
            MatchPair.run_id == run.id, (MatchPair.a_profile_id == kept) | (MatchPair.b_profile_id == kept)
        )
    ):
        blocked.update({a, b})
    for a, b in run.exclude_pairs or []:
        if kept in (a, b):
            blocked.update({a, b})
    if run.params.get("exclude_held"):
        for low, high in db.session.execute(
            db.select(HeldPair.low_profile_id, HeldPair.high_profile_id).where(
                (HeldPair.low_profile_id == kept) | (HeldPair.high_profile_id == kept)
            )
        ):
            blocked.update({low, high})
    return blocked


def _request_time_embed(lookup: dict):
    """Sentence vectors for explanations: cached ones, else an in-memory query embedding (never stored)."""

    def embed(texts: list[str]) -> np.ndarray:
        absent = [t for t in dict.fromkeys(texts) if t not in lookup]
        if absent:
            vectors, present = engine.cached_vectors(absent)
            for text, vector, ok in zip(absent, vectors, present, strict=False):
                lookup[text] = vector if ok else engine.embed_query(text)
        return np.vstack([lookup[t] for t in texts])

    return embed


def plan(
    actor: User, run_id: int, pair_id: int, side: str, *, limit: int | None = SHOWN, lock: bool = False
) -> SwapPlan:
    """The replacements for one side of a pair, best first (all of them with limit=None)."""
    if side not in ("a", "b"):
        raise ValidationError(_("Choose which person of the pair to replace."))
    run = services.editable_run(actor, run_id, lock=lock)
    pair = services.get_pair(run, pair_id)
    if not pair.is_active:
        raise Conflict(_("This pair is rejected; restore it before swapping someone in it."))
    kept, leaving = _kept_and_leaving(pair, side)
    members = set(db.session.scalars(db.select(MatchRunMember.profile_id).where(MatchRunMember.run_id == run.id)))
    pool = members - _blocked(run, kept) - {kept, leaving}
    loads = services.active_load(run.id, pool) if pool else {}
    pool = {pid for pid in pool if loads.get(pid, 0) < run.per_person}
    people = cohort.load_members([kept, *pool])
    kept_member = next((m for m in people if m.profile_id == kept), None)
    if kept_member is None:
        raise Conflict(_("The person kept in this pair is no longer listed; reject the pair instead."))
    others = [m for m in people if m.profile_id != kept]
    if run.params.get("cross_country", True) and kept_member.country:
        others = [m for m in others if m.country != kept_member.country]
    members_in_order = [kept_member, *others]
    texts = list(dict.fromkeys(t for m in members_in_order for t in m.texts))
    vectors, present = engine.cached_vectors(texts)
    lookup = {t: v for t, v, ok in zip(texts, vectors, present, strict=False) if ok}
    ch, rf, scored_members = cohort.text_vectors(members_in_order, lookup, vectors.shape[1], keep_missing=False)
    n = len(scored_members)
    candidates: list[Candidate] = []
    if n > 1:
        # The kept person (owner 0) against every other: forward = their challenges against each one's reforms.
        pairs = pair_scores(_index(ch), _index(rf), 0)
        scores = pairs.score[1:]
        floor = run.params.get("min_score")
        for member, score in zip(scored_members[1:], scores, strict=False):
            if math.isnan(score) or (floor is not None and score < floor - 1e-9):
                continue
            candidates.append(
                Candidate(
                    member.profile_id,
                    member.name,
                    member.country,
                    member.sector,
                    float(score),
                    loads.get(member.profile_id, 0),
                )
            )
    candidates.sort(key=lambda c: (-c.score, c.profile_id))
    scored = {m.profile_id: (m, ch.rows(i), rf.rows(i)) for i, m in enumerate(scored_members)}
    weights = TermWeights().fit(t for m in scored_members for t in m.texts)
    return SwapPlan(run, pair, side, kept, candidates[:limit] if limit else candidates, scored, weights)


def swap(actor: User, run_id: int, pair_id: int, side: str, profile_id: int) -> MatchPair:
    """Replace one person of the pair by an eligible candidate; returns the new (locked) pair."""
    swap_plan = plan(actor, run_id, pair_id, side, limit=None, lock=True)
    chosen = next((c for c in swap_plan.candidates if c.profile_id == profile_id), None)
    if chosen is None:
        raise ValidationError(
            _(
                "That person cannot replace this one: they are not in the run, already have "
                "enough pairs, are from the same country, or were excluded."
            ),
            field="profile_id",
        )
    kept_member, kept_ch, kept_rf = swap_plan.scored[swap_plan.kept_id]
    new_member, new_ch, new_rf = swap_plan.scored[profile_id]
    forward = _direction(kept_ch, new_rf)  # the kept person's challenges against the newcomer's reforms
    backward = _direction(new_ch, kept_rf)
    a, b, a_ch, b_rf, a_to_b, b_to_a = kept_member, new_member, kept_ch, new_rf, forward, backward
    if math.isnan(forward) or (not math.isnan(backward) and backward > forward):
        a, b, a_ch, b_rf, a_to_b, b_to_a = new_member, kept_member, new_ch, kept_rf, backward, forward
    lookup: dict = {}
    _p, _q, why = explain_best(
        a.challenges, b.reforms, a_ch, b_rf, embed=_request_time_embed(lookup), weights=swap_plan.weights
    )
    old = swap_plan.pair
    old.state = "rejected"
    new = MatchPair(
        run_id=swap_plan.run.id,
        pair_key=pair_key(a.profile_id, b.profile_id),
        a_profile_id=a.profile_id,
        b_profile_id=b.profile_id,
        a_country=a.country or None,
        b_country=b.country or None,
        a_sector=a.sector or None,
        b_sector=b.sector or None,
        score=chosen.score,
        a_to_b=None if math.isnan(a_to_b) else a_to_b,
        b_to_a=None if math.isnan(b_to_a) else b_to_a,
        a_excerpt=excerpt(why.a_sentence),
        b_excerpt=excerpt(why.b_sentence),
        terms=list(why.terms),
        state="locked",
        origin="swap",
    )
    db.session.add(new)
    db.session.flush()  # the new pair's id, for its judgement
    from learning_hub.decisions.services import record_pair
    from learning_hub.models import ActorRole, JudgementKind

    record_pair(JudgementKind.PAIR_SWAP_OUT, actor, ActorRole.COORDINATOR, old)
    record_pair(JudgementKind.PAIR_SWAP_IN, actor, ActorRole.COORDINATOR, new)
    db.session.commit()
    return new


def _index(texts: TextVectors) -> Index:
    """The engine's index over one kind of text of the scored members (owner i = the i-th member)."""
    return Index(texts.vectors, texts.owner, n_owners=texts.n_owners)


def _direction(challenge_rows: np.ndarray, reform_rows: np.ndarray) -> float:
    """One person's challenges against another's reforms, pooled as the engine pools them (NaN if a side is empty)."""
    reforms = Index(reform_rows, np.zeros(len(reform_rows), dtype=np.int64), n_owners=1)
    return float(reforms.scores_from(challenge_rows)[0])

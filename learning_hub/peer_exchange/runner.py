"""The background job of a match run: select the cohort, embed what is missing, pair, store pairs and figures.

The job computes first and writes its results at the end in one transaction (learning_hub/jobs.py). The engine's own
errors (a lock that breaks a limit, bad input) end the run as "failed" with the engine's message, which names the
problem; anything else fails the run with a generic message and is logged by the job runner.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

import matching
from learning_hub import computations, engine, ledger
from learning_hub.database import slow_work
from learning_hub.extensions import db
from learning_hub.models import EmbeddingCacheEntry, HeldPair, MatchPair, MatchRun, MatchRunMember
from learning_hub.models.peer_exchange import pair_key
from learning_hub.peer_exchange import cohort
from matching import MatchingError, pair_people, split_sentences

EMBED_CHUNK = 256  # texts per embedding call: the page's progress bar moves between calls
MIN_PEOPLE = 2


class RunRefused(Exception):
    """The run cannot start its work (too few people); the message is shown on the run page."""


def engine_version() -> tuple[str, str]:
    return matching.__version__, engine.encoder().identity[:200]


def _requeue_run(job) -> None:
    """The job goes back to the queue (its worker died, or someone retries it): the run starts over from pending."""
    computations.requeue(MatchRun, (job.payload or {}).get("run_id"))


def _interrupt_run(job) -> None:
    computations.interrupt(
        MatchRun, (job.payload or {}).get("run_id"), "Interrupted: the worker stopped before the run finished."
    )


def run_task(job, progress, run_id: int) -> dict:
    """Compute one match run (see execute_run)."""
    execute_run(run_id, progress)
    run = db.session.get(MatchRun, run_id)
    return {"run_id": run_id, "status": run.status if run else None}


def execute_run(run_id: int, progress: Callable | None = None) -> None:
    computations.run(
        MatchRun, run_id, _compute, progress or (lambda pct, msg=None: None), expected=(RunRefused, MatchingError)
    )


def _texts_for(members: list[cohort.Member]) -> list[str]:
    """Every text, then the sentences of texts that have several (the explanations compare sentences)."""
    texts = list(dict.fromkeys(t for m in members for t in m.texts))
    sentences = [s for t in texts for s in split_sentences(t)]
    return list(dict.fromkeys(texts + sentences))


def _cached_count(identity: str) -> int:
    return (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(EmbeddingCacheEntry)
            .where(EmbeddingCacheEntry.encoder == identity[:200])
        )
        or 0
    )


def embed_all(texts: list[str], progress: Callable, low: int, high: int) -> tuple[dict[str, np.ndarray], int]:
    """(vectors by text, how many were new): only texts not cached yet are embedded, in chunks so progress moves.

    "New" is the growth of this encoder's rows in the cache (a count, not a second lookup of every text)."""
    identity = engine.encoder().identity
    before = _cached_count(identity)
    lookup: dict[str, np.ndarray] = {}
    for start in range(0, len(texts), EMBED_CHUNK):
        chunk = texts[start : start + EMBED_CHUNK]
        lookup.update(zip(chunk, engine.embed_texts(chunk), strict=False))
        done = min(len(texts), start + EMBED_CHUNK)
        progress(low + int((high - low) * done / len(texts)), f"{done}/{len(texts)}")
    return lookup, _cached_count(identity) - before


def _exclusions(run: MatchRun, in_run: set[int]) -> set[tuple[int, int]]:
    pairs = {tuple(sorted(map(int, p))) for p in run.exclude_pairs or []}
    if run.params.get("exclude_held"):
        rows = db.session.execute(db.select(HeldPair.low_profile_id, HeldPair.high_profile_id))
        pairs |= {(low, high) for low, high in rows}
    return {p for p in pairs if p[0] in in_run and p[1] in in_run}


def _compute(run: MatchRun, progress: Callable) -> None:
    params = run.params
    progress(2)
    members = cohort.load_members(cohort.cohort_ids(params))
    if len(members) < MIN_PEOPLE:
        raise RunRefused(
            f"The cohort filter selects {len(members)} listed person(s) with a challenge or a reform; "
            f"a run needs at least {MIN_PEOPLE}."
        )
    lookup, missing = embed_all(_texts_for(members), progress, 5, 60)
    dim = int(next(iter(lookup.values())).shape[0])
    challenges, reforms, _ = cohort.text_vectors(members, lookup, dim)
    in_run = {m.profile_id for m in members}
    locks = [tuple(sorted(map(int, p))) for p in run.lock_pairs or []]
    kept_locks = [p for p in locks if p[0] in in_run and p[1] in in_run]
    excluded = _exclusions(run, in_run) - set(kept_locks)  # a coordinator's lock wins over "already held"

    def embed(texts: list[str]) -> np.ndarray:
        absent = [t for t in dict.fromkeys(texts) if t not in lookup]
        if absent:
            lookup.update(zip(absent, engine.embed_texts(absent), strict=False))
        return np.vstack([lookup[t] for t in texts])

    progress(65)
    people, per_person = cohort.to_people(members), run.per_person
    load = ledger.engine_load(in_run)  # read before the solver: slow_work ends the read transaction
    with slow_work("pairing"):
        result = pair_people(
            people,
            challenges,
            reforms,
            k=per_person,
            allow_same_country=not params.get("cross_country", True),
            exclude=[(str(a), str(b)) for a, b in sorted(excluded)],
            lock=[(str(a), str(b)) for a, b in kept_locks],
            min_score=params.get("min_score"),
            embed=embed,
            load=load,
            max_load=ledger.cap(),
        )
    progress(90)
    _store(
        run,
        members,
        result,
        details={
            "optimal": result.optimal,
            "lp_integral": result.lp_integral,
            "candidate_edges": result.candidate_edges,
            "bonus": round(result.bonus, 6),
            "greedy_matched_people": result.greedy_matched_people,
            "timings": result.timings,
            "texts": len(lookup),
            "texts_embedded": missing,
            "locks_kept": len(kept_locks),
            "locks_dropped": len(locks) - len(kept_locks),
            "excluded": len(excluded),
            "load": _load_figures(result),
        },
    )


def _load_figures(result) -> dict:
    """The ledger's figures from the engine's report (largest load and Gini before and after, relevance share)."""
    report = getattr(result, "report", None) or {}
    keys = ("load_gini_before", "load_gini_after", "max_load_after", "relevance_share")
    return {key: report[key] for key in keys if key in report}


def _number(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _store(run: MatchRun, members: list[cohort.Member], result, details: dict) -> None:
    by_id = {m.profile_id: m for m in members}
    db.session.add_all(
        MatchRunMember(run_id=run.id, profile_id=m.profile_id, country=m.country or None) for m in members
    )
    for pair in result.pairs:
        a, b = by_id[int(pair.a_id)], by_id[int(pair.b_id)]
        db.session.add(
            MatchPair(
                run_id=run.id,
                pair_key=pair_key(a.profile_id, b.profile_id),
                a_profile_id=a.profile_id,
                b_profile_id=b.profile_id,
                a_country=a.country or None,
                b_country=b.country or None,
                a_sector=a.sector or None,
                b_sector=b.sector or None,
                score=float(pair.score),
                a_to_b=_number(pair.a_to_b),
                b_to_a=_number(pair.b_to_a),
                a_excerpt=pair.a_challenge_excerpt,
                b_excerpt=pair.b_reform_excerpt,
                terms=list(pair.terms),
                state="locked" if pair.locked else "suggested",
            )
        )
    report = result.report
    run.engine_version, run.encoder = engine_version()
    for key in (
        "objective",
        "upper_bound",
        "greedy_objective",
        "people",
        "matched_people",
        "full_people",
        "min_pair_score",
        "violations",
        "seconds",
    ):
        setattr(run, key, report[key])
    run.matchable_people = result.matchable_people
    run.details = details
    computations.finish(run)
    db.session.commit()

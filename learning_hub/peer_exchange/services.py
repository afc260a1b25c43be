"""Coordinators' services: start and re-run match runs, review pairs (lock, reject, restore), publish.

Services take the actor explicitly, raise domain errors and commit. Runs are shared by all coordinators (the policy
table lets only coordinators and admins reach these services). Review actions lock the run row, so that publishing and
a lock or a swap cannot interleave: once published, a list no longer changes under the participants.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from learning_hub import audit, computations, jobs, vocab
from learning_hub.computations import Status
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import MatchPair, MatchRun, User, utcnow
from learning_hub.models.peer_exchange import ACTIVE_PAIR_STATES, PAIR_STATES, PairState
from learning_hub.peer_exchange import cohort
from learning_hub.peer_exchange.runner import MIN_PEOPLE

PAGE_SIZE = 50


def record_run(
    actor: User | None,
    params: dict,
    *,
    name: str | None = None,
    parent: MatchRun | None = None,
    exclude_pairs: list | None = None,
    lock_pairs: list | None = None,
    commit: bool = True,
) -> MatchRun:
    """Record a pending run. Refuses a cohort too small to pair, before any work starts."""
    size = len(cohort.cohort_ids(params))
    if size < MIN_PEOPLE:
        raise ValidationError(
            _(
                "This filter selects %(num)s listed person(s) with a challenge or a reform; a run "
                "needs at least %(min)s. Widen the filter.",
                num=size,
                min=MIN_PEOPLE,
            )
        )
    run = MatchRun(
        name=(name or "").strip() or None,
        params=params,
        created_by_id=getattr(actor, "id", None),
        parent_id=parent.id if parent else None,
        exclude_pairs=exclude_pairs or [],
        lock_pairs=lock_pairs or [],
    )
    db.session.add(run)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return run


def start_run(
    actor: User,
    params: dict,
    *,
    name: str | None = None,
    parent: MatchRun | None = None,
    exclude_pairs: list | None = None,
    lock_pairs: list | None = None,
) -> MatchRun:
    """Record a run and queue its job (the page then shows its progress)."""
    run = record_run(
        actor, params, name=name, parent=parent, exclude_pairs=exclude_pairs, lock_pairs=lock_pairs, commit=False
    )
    # the run and its job commit together
    job = jobs.enqueue("peer_exchange.run", subject=f"match_run:{run.id}", actor=actor, run_id=run.id)
    db.session.execute(db.update(MatchRun).where(MatchRun.id == run.id).values(job_id=job.id))
    db.session.commit()
    return db.session.get(MatchRun, run.id)


def get_run(actor: User, run_id: int, *, for_update: bool = False) -> MatchRun:
    query = db.select(MatchRun).where(MatchRun.id == run_id)
    if for_update:
        query = query.with_for_update()
    run = db.session.scalars(query).first()
    if run is None:
        raise NotFound(_("There is no such match run."))
    return run


def list_runs(actor: User, page: int = 1, per_page: int = PAGE_SIZE):
    query = db.select(MatchRun).options(selectinload(MatchRun.created_by)).order_by(MatchRun.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def _known_pairs(run: MatchRun, states) -> list[list[int]]:
    rows = db.session.execute(
        db.select(MatchPair.a_profile_id, MatchPair.b_profile_id).where(
            MatchPair.run_id == run.id,
            MatchPair.state.in_(states),
            MatchPair.a_profile_id.is_not(None),
            MatchPair.b_profile_id.is_not(None),
        )
    )
    return [sorted(row) for row in rows]


def rerun(actor: User, run_id: int, *, per_person: int, min_score: float | None) -> MatchRun:
    """A new run over the same cohort filter, keeping the locked pairs and never suggesting rejected ones again
    (nor the pairs its parent already excluded), linked to its parent."""
    parent = get_run(actor, run_id)
    if parent.status not in (Status.READY, Status.FAILED, Status.PUBLISHED):
        raise Conflict(_("This run is still being computed; re-run it when it has finished."))
    params = dict(parent.params, per_person=int(per_person), min_score=min_score)
    exclude = {tuple(p) for p in parent.exclude_pairs or []} | {tuple(p) for p in _known_pairs(parent, ("rejected",))}
    locks = _known_pairs(parent, ("locked",)) if parent.status != Status.FAILED else list(parent.lock_pairs or [])
    return start_run(
        actor,
        params,
        name=parent.name,
        parent=parent,
        exclude_pairs=[list(p) for p in sorted(exclude)],
        lock_pairs=sorted(locks),
    )


def get_pair(run: MatchRun, pair_id: int) -> MatchPair:
    pair = db.session.scalars(db.select(MatchPair).where(MatchPair.id == pair_id, MatchPair.run_id == run.id)).first()
    if pair is None:
        raise NotFound(_("There is no such pair in this run."))
    return pair


def editable_run(actor: User, run_id: int, *, lock: bool = True) -> MatchRun:
    """The run, if its pairs may still change (row-locked for a change; pages that only show it pass lock=False)."""
    run = get_run(actor, run_id, for_update=lock)
    if not run.is_editable:
        raise Conflict(
            _(
                "This run can no longer be changed (it is published, failed or still running). "
                "Re-run it to make a new list."
            )
        )
    return run


def active_load(run_id: int, profile_ids) -> dict[int, int]:
    """How many active pairs each of these people has in the run."""
    load: dict[int, int] = {}
    for column in (MatchPair.a_profile_id, MatchPair.b_profile_id):
        rows = db.session.execute(
            db.select(column, db.func.count())
            .where(MatchPair.run_id == run_id, MatchPair.state.in_(ACTIVE_PAIR_STATES), column.in_(list(profile_ids)))
            .group_by(column)
        )
        for pid, count in rows:
            load[pid] = load.get(pid, 0) + count
    return load


def set_pair_state(actor: User, run_id: int, pair_id: int, state: str) -> MatchPair:
    """Lock, reject, or restore a pair. Restoring a rejected pair must not give anyone more than k pairs."""
    if state not in PAIR_STATES:
        raise ValidationError(_("Unknown pair state."))
    run = editable_run(actor, run_id)
    pair = get_pair(run, pair_id)
    if pair.state == PairState.REJECTED and state != PairState.REJECTED:
        people = [p for p in (pair.a_profile_id, pair.b_profile_id) if p is not None]
        full = [pid for pid, n in active_load(run.id, people).items() if n >= run.per_person]
        if full:
            raise Conflict(
                _(
                    "One of these people already has %(k)s pairs in this run (after a swap, say); "
                    "reject one of those first.",
                    k=run.per_person,
                )
            )
    if state != pair.state and state in (PairState.LOCKED, PairState.REJECTED):
        from learning_hub.decisions.services import record_pair
        from learning_hub.models import ActorRole, JudgementKind

        kind = JudgementKind.PAIR_LOCK if state == PairState.LOCKED else JudgementKind.PAIR_REJECT
        record_pair(kind, actor, ActorRole.COORDINATOR, pair)
    pair.state = state
    db.session.commit()
    return pair


PUBLISH_MODES = ("replace", "keep_new")


@dataclass(frozen=True)
class PublishPreview:
    """What publishing a run would do, for the confirmation page: who sees what, and the overlap with earlier runs."""

    pairs: int  # active pairs of this run
    people: int  # people who would see at least one of them
    people_with_earlier: int  # of these, people who already see suggestions from an earlier published run
    earlier_pairs: int  # those earlier suggestions (not yet answered by either person) that "replace" withdraws
    repeated_pairs: int  # pairs of this run already suggested by an earlier published run


def _earlier_visible(run: MatchRun, people: set[int]) -> list[MatchPair]:
    """Suggestions of other published runs that these people still see."""
    if not people:
        return []
    return list(
        db.session.scalars(
            db.select(MatchPair)
            .join(MatchRun, MatchRun.id == MatchPair.run_id)
            .where(
                MatchRun.status == Status.PUBLISHED,
                MatchRun.id != run.id,
                MatchPair.state.in_(ACTIVE_PAIR_STATES),
                MatchPair.withdrawn_at.is_(None),
                MatchPair.a_profile_id.in_(people) | MatchPair.b_profile_id.in_(people),
            )
        )
    )


def _unanswered(pair: MatchPair) -> bool:
    return pair.introduced_at is None and pair.a_response is None and pair.b_response is None


def _publish_plan(run: MatchRun) -> tuple[list[MatchPair], list[MatchPair], list[MatchPair]]:
    """(this run's active pairs, earlier visible pairs of the same people, this run's pairs already suggested)."""
    mine = list(
        db.session.scalars(
            db.select(MatchPair).where(
                MatchPair.run_id == run.id,
                MatchPair.state.in_(ACTIVE_PAIR_STATES),
                MatchPair.withdrawn_at.is_(None),
                MatchPair.pair_key.is_not(None),
            )
        )
    )
    people = {pid for pair in mine for pid in (pair.a_profile_id, pair.b_profile_id) if pid is not None}
    earlier = _earlier_visible(run, people)
    earlier_keys = {pair.pair_key for pair in earlier}
    repeated = [pair for pair in mine if pair.pair_key in earlier_keys]
    return mine, earlier, repeated


def publish_preview(actor: User, run_id: int) -> PublishPreview:
    run = get_run(actor, run_id)
    mine, earlier, repeated = _publish_plan(run)
    people = {pid for pair in mine for pid in (pair.a_profile_id, pair.b_profile_id) if pid is not None}
    with_earlier = {pid for pair in earlier for pid in (pair.a_profile_id, pair.b_profile_id) if pid in people}
    return PublishPreview(
        pairs=len(mine),
        people=len(people),
        people_with_earlier=len(with_earlier),
        earlier_pairs=sum(1 for pair in earlier if _unanswered(pair)),
        repeated_pairs=len(repeated),
    )


def publish(actor: User, run_id: int, mode: str = "keep_new") -> MatchRun:
    """Participants see the run's active pairs from now on. Atomic: a run is published once.

    Earlier published runs may already suggest peers to the same people. `mode` says what happens to those:
    "replace" withdraws the earlier suggestions nobody has answered yet (answered ones stay, so no conversation is
    lost); "keep_new" keeps them all and adds only this run's new pairs. Either way a pair of people already
    suggested by an earlier run is shown once: this run's repeat of it is withdrawn, unless "replace" withdrew the
    earlier, unanswered one.
    """
    if mode not in PUBLISH_MODES:
        raise ValidationError(_("Choose what happens to the earlier suggestions."))
    get_run(actor, run_id, for_update=True)
    if not computations.publish(MatchRun, run_id, actor):
        db.session.rollback()
        raise Conflict(_("Only a finished, unpublished run can be published."))
    run = get_run(actor, run_id)
    _mine, earlier, repeated = _publish_plan(run)
    now = utcnow()
    replaced = {pair.pair_key for pair in earlier if mode == "replace" and _unanswered(pair)}
    withdraw = [pair.id for pair in earlier if mode == "replace" and _unanswered(pair)]
    withdraw += [pair.id for pair in repeated if pair.pair_key not in replaced]
    if withdraw:
        db.session.execute(
            db.update(MatchPair)
            .where(MatchPair.id.in_(withdraw))
            .values(withdrawn_at=now, withdrawn_by_run_id=run.id)
            .execution_options(synchronize_session=False)
        )
    pairs = db.session.scalar(
        db.select(db.func.count(MatchPair.id)).where(
            MatchPair.run_id == run_id, MatchPair.state != PairState.REJECTED, MatchPair.withdrawn_at.is_(None)
        )
    )
    audit.record(actor, "peer_exchange.published", target_type="match_run", target_id=run_id, pairs=pairs, earlier=mode)
    db.session.commit()
    notify_published(run_id)
    return get_run(actor, run_id)


def notify_published(run_id: int) -> None:
    """Tell both people of each active pair that the list with their suggestion is out (their channel decides how)."""
    from learning_hub.notifications import services as notifications

    ids = []
    pairs = db.session.scalars(
        db.select(MatchPair).where(
            MatchPair.run_id == run_id, MatchPair.state.in_(ACTIVE_PAIR_STATES), MatchPair.withdrawn_at.is_(None)
        )
    ).all()
    for pair in pairs:
        if pair.a_profile is None or pair.b_profile is None:
            continue
        with current_app.test_request_context():
            path = url_for("peer_exchange.suggestion", pair_id=pair.id)
        for me, peer in ((pair.a_profile, pair.b_profile), (pair.b_profile, pair.a_profile)):
            added = notifications.add(me, "peer_suggestions", {"name": peer.display_name}, path)
            if added is not None:
                ids.append(added)
    db.session.commit()
    notifications.deliver([n.id for n in ids])


@dataclass(frozen=True)
class PairFilters:
    country: str = ""
    state: str = ""
    score_min: float | None = None
    score_max: float | None = None


def clean_filters(args) -> tuple[PairFilters, list[str]]:
    """Filters from the query string; unusable values are dropped with a note rather than failing the page."""
    notes = []
    country = (args.get("country") or "").strip().upper()
    if country and not vocab.is_country(country):
        notes.append(_("Unknown country ignored."))
        country = ""
    state = (args.get("state") or "").strip()
    if state and state not in PAIR_STATES:
        notes.append(_("Unknown state ignored."))
        state = ""
    bounds = []
    for key in ("score_min", "score_max"):
        raw = (args.get(key) or "").strip()
        try:
            value = float(raw) if raw else None
        except ValueError:
            value = None
        if value is not None and not -1 <= value <= 1:
            value = None
        if raw and value is None:
            notes.append(_("Scores are numbers between -1 and 1; “%(value)s” was ignored.", value=raw[:20]))
        bounds.append(value)
    return PairFilters(country, state, *bounds), notes


def pair_query(run: MatchRun, filters: PairFilters | None = None):
    query = (
        db.select(MatchPair)
        .where(MatchPair.run_id == run.id)
        .options(selectinload(MatchPair.a_profile), selectinload(MatchPair.b_profile))
        .order_by(MatchPair.score.desc(), MatchPair.id)
    )
    if filters is None:
        return query
    if filters.country:
        query = query.where((MatchPair.a_country == filters.country) | (MatchPair.b_country == filters.country))
    if filters.state:
        query = query.where(MatchPair.state == filters.state)
    if filters.score_min is not None:
        query = query.where(MatchPair.score >= filters.score_min)
    if filters.score_max is not None:
        query = query.where(MatchPair.score <= filters.score_max)
    return query


def review_page(run: MatchRun, filters: PairFilters, page: int, per_page: int = PAGE_SIZE):
    return db.paginate(pair_query(run, filters), page=page, per_page=per_page, error_out=False)


def state_counts(run: MatchRun) -> dict[str, int]:
    rows = db.session.execute(
        db.select(MatchPair.state, db.func.count()).where(MatchPair.run_id == run.id).group_by(MatchPair.state)
    )
    counts = dict.fromkeys(PAIR_STATES, 0)
    counts.update(dict(rows.all()))
    return counts


def run_countries(run: MatchRun) -> list[str]:
    codes = set()
    for column in (MatchPair.a_country, MatchPair.b_country):
        codes.update(db.session.scalars(db.select(column).where(MatchPair.run_id == run.id).distinct()))
    return sorted(c for c in codes if c)

"""Demo content for `flask seed demo`: one published match run over the demo people.

Idempotent: a second seed finds the published demo run and adds nothing (a demo run left unpublished is published;
a failed one is tried again).
"""

from __future__ import annotations

from learning_hub.computations import Status
from learning_hub.extensions import db
from learning_hub.models import MatchRun, User
from learning_hub.peer_exchange import services
from learning_hub.peer_exchange.runner import execute_run

DEMO_NAME = "Demo: cross-country peer exchange"
DEMO_COORDINATOR = "coordinator@example.org"
DEMO_PARAMS = {
    "countries": [],
    "sectors": [],
    "policy_areas": [],
    "joined_since": None,
    "per_person": 2,
    "cross_country": True,
    "min_score": None,
    "exclude_held": True,
}


def _summary(run: MatchRun) -> str:
    share = f"{run.objective / run.upper_bound:.1%}" if run.upper_bound else "n/a"
    return (
        f"run #{run.id} published: {run.matched_people} of {run.people} people matched, objective "
        f"{run.objective:.3f} ({share} of the bound {run.upper_bound:.3f}), {run.seconds:.2f} s"
    )


def seed_peer_exchange(echo) -> str:
    coordinator = db.session.scalar(db.select(User).where(User.email == DEMO_COORDINATOR))
    if coordinator is None:
        return f"skipped: no {DEMO_COORDINATOR} account"
    run = db.session.scalar(
        db.select(MatchRun)
        .where(MatchRun.name == DEMO_NAME, MatchRun.status.in_((Status.READY, Status.PUBLISHED)))
        .order_by(MatchRun.id.desc())
        .limit(1)
    )
    if run is not None and run.status == Status.PUBLISHED:
        return f"run #{run.id} already published"
    if run is None:
        run = MatchRun(name=DEMO_NAME, params=dict(DEMO_PARAMS), created_by_id=coordinator.id)
        db.session.add(run)
        db.session.commit()
        echo("Pairing the demo people (embedding their texts the first time)...")
        execute_run(run.id)
        run = db.session.get(MatchRun, run.id)
        if run.status != Status.READY:
            return f"run #{run.id} failed: {run.error}"
    return _summary(services.publish(coordinator, run.id))

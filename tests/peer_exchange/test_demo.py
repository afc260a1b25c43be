"""The demo step: one published run over the demo people, idempotent."""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import MatchRun
from learning_hub.peer_exchange.demo import DEMO_NAME, seed_peer_exchange
from learning_hub.seed import _create_user, load_demo_people


def test_demo_run_is_published_once(app):
    """Over the 62 demo people (58 listed): published, figures stored, no second run on a second seed."""
    for entry in load_demo_people():
        db.session.add(_create_user(entry, "demo-password"))
    db.session.commit()
    lines = []
    first = seed_peer_exchange(lines.append)
    run = db.session.scalars(db.select(MatchRun)).one()
    assert run.name == DEMO_NAME
    assert run.status == "published"
    assert run.violations == 0
    assert run.people == 58
    assert f"run #{run.id} published" in first
    assert run.matched_people >= 0.9 * run.matchable_people
    assert run.objective >= 0.99 * run.upper_bound
    assert seed_peer_exchange(lines.append) == f"run #{run.id} already published"
    assert db.session.scalar(db.select(db.func.count(MatchRun.id))) == 1
    coordinator = db.session.scalar(db.select(MatchRun.created_by_id))
    assert coordinator is not None

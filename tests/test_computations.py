"""The one lifecycle of an engine computation (learning_hub/computations.py), on both tables that follow it. The
expected table of transitions below is written from the lifecycle's specification, not read from the code."""

from __future__ import annotations

import pytest

from learning_hub import computations
from learning_hub.models import MatchRun, MentorAssignment
from tests.factories import make_user

STATUSES = ("pending", "running", "ready", "failed", "published")
# transition -> the statuses it moves from, and where to
EXPECTED = {
    "claim": ({"pending"}, "running"),
    "requeue": ({"running", "failed"}, "pending"),
    "interrupt": ({"pending", "running"}, "failed"),
    "publish": ({"ready"}, "published"),
    "unpublish": ({"published"}, "ready"),
}


def _row(db, model, status: str, owner):
    row = MatchRun(status=status, params={}, created_by_id=owner.id) if model is MatchRun else None
    row = row or MentorAssignment(status=status, created_by_id=owner.id)
    db.session.add(row)
    db.session.commit()
    return row.id


def _apply(name: str, model, row_id: int, actor) -> None:
    if name == "claim":
        computations.claim(model, row_id)
    elif name == "requeue":
        computations.requeue(model, row_id)
    elif name == "interrupt":
        computations.interrupt(model, row_id, "stopped")
    elif name == "publish":
        computations.publish(model, row_id, actor)
    else:
        computations.unpublish(model, row_id)


@pytest.mark.parametrize("model", [MatchRun, MentorAssignment], ids=["match_run", "mentor_assignment"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_transition_moves_only_from_its_statuses(app, db, model, name):
    actor = make_user(roles=("coordinator",))
    sources, target = EXPECTED[name]
    for status in STATUSES:
        row_id = _row(db, model, status, actor)
        _apply(name, model, row_id, actor)
        db.session.commit()
        db.session.expire_all()
        after = db.session.get(model, row_id).status
        assert after == (target if status in sources else status), (name, status)


@pytest.mark.parametrize("model", [MatchRun, MentorAssignment], ids=["match_run", "mentor_assignment"])
def test_run_ends_failed_with_the_refusal_or_a_generic_message(app, db, model):
    actor = make_user(roles=("coordinator",))

    def refuse(row, progress):
        raise ValueError("Too few people.")

    def crash(row, progress):
        raise RuntimeError("bug")

    refused = _row(db, model, "pending", actor)
    computations.run(model, refused, refuse, lambda *a: None, expected=(ValueError,))
    crashed = _row(db, model, "pending", actor)
    with pytest.raises(RuntimeError):
        computations.run(model, crashed, crash, lambda *a: None, expected=(ValueError,))
    db.session.expire_all()
    assert (db.session.get(model, refused).status, db.session.get(model, refused).error) == (
        "failed",
        "Too few people.",
    )
    assert db.session.get(model, crashed).status == "failed"
    assert "stopped unexpectedly" in db.session.get(model, crashed).error


def test_a_running_computation_is_not_claimed_twice(app, db):
    actor = make_user(roles=("coordinator",))
    row_id = _row(db, MatchRun, "pending", actor)
    assert computations.claim(MatchRun, row_id) is True
    assert computations.claim(MatchRun, row_id) is False

"""The demo data: one recognition round open with nominations, one open call for experts with applications."""

from __future__ import annotations

from learning_hub.models import CallState, ExpertCall, Nomination, RecognitionRound, ReviewConflict, RoundState


def test_demo_has_an_open_round_and_an_open_call(runner, db):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    assert "1 recognition round open with 4 nominations" in result.output
    assert "1 open call for experts with 3 applications" in result.output
    found = db.session.scalars(db.select(RecognitionRound)).one()
    assert found.state == RoundState.NOMINATING
    assert db.session.scalar(db.select(db.func.count(Nomination.id))) == 4
    call = db.session.scalars(db.select(ExpertCall)).one()
    assert call.state == CallState.OPEN
    assert len(call.applications) == 3
    assert db.session.scalar(db.select(db.func.count(ReviewConflict.id))) == 1
    # a second run adds nothing
    again = runner.invoke(args=["seed", "demo"])
    assert again.exit_code == 0
    assert db.session.scalar(db.select(db.func.count(Nomination.id))) == 4

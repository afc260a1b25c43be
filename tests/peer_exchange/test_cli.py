"""`flask peers run`: computed at once, figures printed; bad options exit with a usage error."""

from __future__ import annotations

import json

from learning_hub.models import MatchRun
from tests.peer_exchange.helpers import COHORT


def test_run_command_prints_the_figures(cohort, coordinator, runner, db):
    """The run is stored as started by the coordinator named; the JSON has the engine's figures."""
    db.session.commit()
    result = runner.invoke(
        args=["peers", "run", "--per-person", "1", "--country", "ke", "--country", "CO", "--as", coordinator.email]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output[result.output.index("{") :])
    run = db.session.get(MatchRun, figures["run"])
    assert run.status == "ready"
    assert run.created_by_id == coordinator.id
    assert run.params["countries"] == ["CO", "KE"]
    assert figures["people"] == 4
    assert figures["violations"] == 0
    assert figures["objective"] <= figures["upper_bound"]
    again = runner.invoke(args=["peers", "run"])
    assert json.loads(again.output[again.output.index("{") :])["texts_embedded"] == 0
    assert json.loads(again.output[again.output.index("{") :])["people"] == len(COHORT)


def test_run_command_refuses_bad_options(cohort, runner, db):
    """Unknown codes and non-coordinators are usage errors (exit 2); a tiny cohort is refused (exit 1)."""
    db.session.commit()
    for args in (
        ["--country", "XX"],
        ["--sector", "astronaut"],
        ["--per-person", "0"],
        ["--as", "amina@peers.example.org"],
    ):
        result = runner.invoke(args=["peers", "run", *args])
        assert result.exit_code == 2, (args, result.output)
    small = runner.invoke(args=["peers", "run", "--country", "GH"])
    assert small.exit_code == 1
    assert "a run needs at least 2" in small.output
    assert db.session.scalar(db.select(db.func.count(MatchRun.id))) == 0

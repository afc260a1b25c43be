"""Fixtures of the peer-exchange tests: a small cross-country cohort whose challenges and reforms answer each other,
a coordinator, and helpers that start runs and act through HTTP."""

from __future__ import annotations

import pytest

from learning_hub.extensions import db as _db
from learning_hub.models import MatchRun
from tests.factories import make_user
from tests.peer_exchange.helpers import COHORT, RUN_DEFAULTS, TOPICS, names, pairs_of, person  # noqa: F401


@pytest.fixture
def cohort(app):
    """Eight listed people in four countries, plus Hidden (unlisted, GH) whose texts would match well."""
    people = {name: person(name, *spec) for name, spec in COHORT.items()}
    people["Hidden"] = person("Hidden", "GH", "civil_society", "contracts", "ownership", listed=False)
    return people


@pytest.fixture
def coordinator(app):
    return make_user(email="coord@peers.example.org", roles=("coordinator",), display_name="Coordinator", country="GB")


@pytest.fixture
def as_coordinator(client_as, coordinator):
    return client_as(coordinator)


@pytest.fixture
def start_run(as_coordinator):
    """`start_run(**form)`: POST the new-run form (JOBS_BACKEND=sync runs it at once) and return the run."""

    def start(**form):
        data = dict(RUN_DEFAULTS, **form)
        response = as_coordinator.post("/peers/runs/new", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)
        run_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        return _db.session.get(MatchRun, run_id)

    return start

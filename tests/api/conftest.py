"""Fixtures of the API tests: bearer tokens, a course folder, and a small cross-country cohort."""

from __future__ import annotations

import pytest

from learning_hub.models import TOKEN_SCOPES
from tests.api.helpers import bearer, sync_courses
from tests.factories import make_user
from tests.learning.corpus import write_course
from tests.peer_exchange.helpers import COHORT, person


@pytest.fixture
def api(client):
    """`api(method, path, user=None, scopes=..., **kwargs)`: one request, anonymous or with a token of `user` (one
    token per user and scopes, made at the first call: later calls change no token rows)."""
    made = {}

    def call(method: str, path: str, user=None, scopes=TOKEN_SCOPES, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if user is not None:
            key = (user.id, tuple(scopes))
            if key not in made:
                made[key] = bearer(user, scopes)
            headers.update(made[key])
        response = client.open(path, method=method, headers=headers, **kwargs)
        response.close()
        return response

    return call


@pytest.fixture
def courses(app, runner, tmp_path):
    """`basics` (four lessons, a Spanish translation) and `advanced`, which needs `basics` first."""
    root = tmp_path / "courses"
    write_course(root, "basics", title="Open contracting basics", translations=("es",))
    write_course(root, "advanced", title="Advanced coalitions", prerequisites=("basics",), level="advanced")
    return sync_courses(runner, root)


@pytest.fixture
def cohort(app):
    """Eight listed people in four countries whose challenges and reforms answer each other."""
    return {name: person(name, *spec) for name, spec in COHORT.items()}


@pytest.fixture
def coordinator(app):
    return make_user(email="coordinator@api.example.org", roles=("coordinator",), display_name="Coordinator")

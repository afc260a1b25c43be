"""Fixtures of the mentoring tests: mentors whose completed reforms answer known needs, a requester, and helpers
that act through HTTP (request, choose, answer) or set a request up in a given state."""

from __future__ import annotations

import pytest

from tests.factories import make_user
from tests.mentoring.helpers import (  # noqa: F401
    MENTORS,
    TOPICS,
    choose,
    embed_profiles,
    links_in,
    make_mentor,
    make_overdue,
    new_draft,
    pending_offer,
    profile_of,
    send_request,
)


@pytest.fixture
def mentors(app):
    return {name: make_mentor(name, *spec) for name, spec in MENTORS.items()}


@pytest.fixture
def requester(app):
    return make_user(email="rita@requests.example.org", display_name="Rita", country="GH", languages=("en",))


@pytest.fixture
def coordinator(app):
    return make_user(email="cora@coordinators.example.org", display_name="Cora", roles=("coordinator",))

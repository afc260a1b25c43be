from __future__ import annotations

import pytest

from tests.notifications.helpers import T0, make_introduced_pair  # noqa: F401


@pytest.fixture
def https_base(app):
    """Emails link to the public https address, as in production."""
    saved = app.config["PUBLIC_BASE_URL"]
    app.config["PUBLIC_BASE_URL"] = "https://hub.example.org"
    yield "https://hub.example.org"
    app.config["PUBLIC_BASE_URL"] = saved

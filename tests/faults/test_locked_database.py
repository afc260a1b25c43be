"""A locked SQLite database: another connection holds the write lock past the busy timeout. The request that needs
to write fails, and the error page still renders (the layout, the message, the person's language), not a bare
"Internal Server Error"."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
from sqlalchemy.engine import make_url

from tests.factories import make_user
from tests.helpers import login


@contextmanager
def write_lock_held(app):
    """Hold SQLite's write lock from a second connection, as a long job or another process would."""
    other = sqlite3.connect(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_error_page_renders_while_the_database_is_locked(make_app, db):
    app = make_app(SQLITE_BUSY_TIMEOUT_MS=100)
    if app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0] != "sqlite":
        pytest.skip("SQLite's write lock")
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error handler answers
    client = app.test_client()
    user = make_user(display_name="Ama Mensah")
    user.locale = "fr"
    login(client, user)
    db.session.commit()
    with write_lock_held(app):
        response = client.post("/profile/details", data={"details-display_name": "Ama M."})
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Internal Server Error" not in page
    assert '<html lang="fr">' in page
    assert "Un problème est survenu de notre côté" in page
    assert "<h1>" in page

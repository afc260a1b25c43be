"""Small helpers for tests that check "nothing changed"."""

from __future__ import annotations

import contextlib
import contextvars
import os
import time
import uuid

from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import event, text

from learning_hub.extensions import db
from learning_hub.extensions import db as _db


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order: equal snapshots mean the database did not change."""
    db.session.commit()
    state = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows = db.session.execute(table.select().order_by(*order)).all()
        state[table.name] = [tuple(row) for row in rows]
    db.session.commit()
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


def csrf_token_from(page: str) -> str:
    """The first CSRF token in a rendered page (WTForms' hidden field or the layout's hand-written ones)."""
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


ROLES = ("anonymous", "reformer", "mentor", "coordinator", "organiser", "admin", "partner")


def postgres_database(base_url: str):
    """Create a uniquely named database next to TEST_DATABASE_URL's; return its URL and a drop function."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base_url).set(drivername="postgresql")
    name = f"lh_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    admin_dsn = url.render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False), drop


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: its own `g` (Flask-Login's user, Babel's locale)
    and its own database session. The test's session commits before (so SQLite's write lock is free) and is expired
    after (so the test reads what the request wrote)."""

    def open(self, *args, **kwargs):
        _db.session.commit()

        def run():
            _cv_app.set(None)
            return super(IsolatedClient, self).open(*args, **kwargs)

        try:
            return contextvars.copy_context().run(run)
        finally:
            _db.session.expire_all()


def empty_database():
    engine = _db.engine
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


def login(client, user):
    """Sign `user` in on `client` without the password form (the auth tests cover the form)."""
    from learning_hub.auth.services import open_session

    token = open_session(user)
    now = int(time.time())
    with client.session_transaction() as sess:
        sess["_user_id"] = token
        sess["_fresh"] = True
        sess["_auth_at"] = now
        sess["_seen_at"] = now
        sess.permanent = True
    return client


@contextlib.contextmanager
def recorded_statements():
    """The SQL statements the database receives inside the block, in order (a list that fills as they run)."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)

"""Shared fixtures: one app and one database per test session (per xdist worker), emptied after each test.

The database is SQLite in a temporary file by default, or a fresh PostgreSQL database created on the server named by
TEST_DATABASE_URL (and dropped at the end): never an existing one, never assumed empty.
"""

from __future__ import annotations

import contextvars
import os
import time
import uuid

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import text

from config import TestingConfig
from learning_hub import create_app
from learning_hub.extensions import db as _db
from learning_hub.extensions import limiter
from tests.factories import make_user

ROLES = ("anonymous", "reformer", "mentor", "coordinator", "organiser", "admin")


def _postgres_database(base_url: str):
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


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        url, drop = _postgres_database(base)
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def config_class(database_url):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    return Config


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


@pytest.fixture(scope="session")
def _session_app(config_class):
    app = create_app(config_class)
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def app(_session_app):
    """The app, with an empty database, an empty outbox and fresh rate limits for each test."""
    with _session_app.app_context():
        yield _session_app
        _db.session.remove()
        _empty_database()
    _session_app.extensions["outbox"] = []
    limiter.reset()


def _empty_database():
    engine = _db.engine
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def make_app(config_class, app):
    """Build another app on the same database with some settings changed (e.g. CSRF on).

    Flask-Limiter keeps its storage on the (module-level) Limiter, so the last app built owns it: put the test
    app's storage back afterwards.
    """
    saved = (limiter._storage, limiter._limiter)
    built = []

    def factory(**overrides):
        cls = type("OverriddenConfig", (config_class,), overrides)
        other = create_app(cls)
        other.test_client_class = IsolatedClient
        built.append(other)
        return other

    yield factory
    limiter._storage, limiter._limiter = saved
    for other in built:
        with other.app_context():
            _db.session.remove()
            _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    return app.extensions.setdefault("outbox", [])


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


@pytest.fixture
def role_users(app):
    """One user per role of the authorization matrix (anonymous is None)."""
    users = {"anonymous": None}
    for role in ROLES[1:]:
        roles = () if role == "reformer" else (role,)
        users[role] = make_user(
            email=f"{role}@matrix.example.org", roles=roles, mentor_capacity=2 if role == "mentor" else 0
        )
    return users


@pytest.fixture
def client_as(app):
    """`client_as(user)`: a fresh test client signed in as `user` (anonymous when None)."""

    def factory(user):
        client = app.test_client()
        return login(client, user) if user is not None else client

    return factory

"""Shared fixtures: one app and one database per test session (per xdist worker), emptied after each test.

The database is SQLite in a temporary file by default, or a fresh PostgreSQL database created on the server named by
TEST_DATABASE_URL (and dropped at the end): never an existing one, never assumed empty.
"""

from __future__ import annotations

import os

import pytest

from config import TestingConfig
from learning_hub import create_app
from learning_hub.extensions import db as _db
from learning_hub.extensions import limiter
from tests.factories import make_user
from tests.helpers import ROLES, IsolatedClient, empty_database, login, postgres_database


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        url, drop = postgres_database(base)
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def config_class(database_url):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    return Config


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
        empty_database()
    _session_app.extensions["outbox"] = []
    limiter.reset()


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

"""Migrations: `flask db upgrade` on an empty database, then `flask db check` finds nothing pending; and the chain
downgrades to nothing and upgrades again. Runs on SQLite and, with TEST_DATABASE_URL, on a fresh PostgreSQL database."""

import os

import pytest
from sqlalchemy import create_engine, inspect

from config import TestingConfig
from learning_hub import create_app
from tests.helpers import postgres_database


@pytest.fixture
def empty_database_url(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        url, drop = postgres_database(base)
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"


def test_upgrade_then_check_then_downgrade(empty_database_url):
    config = type("MigrationConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    app = create_app(config)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from learning_hub.extensions import db

        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        db.engine.dispose()
    assert runner.invoke(args=["db", "downgrade", "base"]).exit_code == 0
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        db.engine.dispose()

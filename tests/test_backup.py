"""`flask backup create` and `flask backup restore`: a backup restored into an empty database serves the same
people (SQLite through the online backup API; PostgreSQL through pg_dump/pg_restore into a scratch database)."""

from __future__ import annotations

import os
import re

import pytest

from learning_hub.extensions import db as _db
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.helpers import postgres_database


@pytest.fixture
def empty_database(tmp_path, config_class):
    """The URL of a new, empty database on the same kind of server as the test database."""
    if config_class.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    url, drop = postgres_database(os.environ["TEST_DATABASE_URL"])
    yield url
    drop()


def test_a_backup_restored_into_an_empty_database_serves(app, runner, make_app, empty_database, tmp_path):
    make_user("kept@example.org", display_name="Ama Mensah", challenges=["Budget documents are published too late."])
    result = runner.invoke(args=["backup", "create", "--out", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    backup_file = re.search(r"Backup written: (\S+)", result.output).group(1)
    assert os.path.getsize(backup_file) > 0
    print(f"\n{result.output.strip()}")

    restored = make_app(SQLALCHEMY_DATABASE_URI=empty_database)
    with restored.app_context():  # the commands run on the app whose context is current
        refused = restored.test_cli_runner().invoke(args=["backup", "restore", backup_file], input="n\n")
        assert refused.exit_code != 0  # asks first; "no" restores nothing
        assert _db.inspect(_db.engine).get_table_names() == []
        result = restored.test_cli_runner().invoke(args=["backup", "restore", backup_file, "--yes"])
        assert result.exit_code == 0, result.output
        _db.session.remove()

    client = restored.test_client()
    response = client.post("/login", data={"email": "kept@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    page = client.get("/profile").get_data(as_text=True)
    assert "Ama Mensah" in page
    assert "Budget documents are published too late." in page
    with restored.app_context():
        assert _db.session.execute(_db.text('SELECT count(*) FROM "user"')).scalar() == 1
        _db.session.remove()


def test_restore_refuses_a_file_that_is_not_a_backup(runner, tmp_path):
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"not a backup at all")
    result = runner.invoke(args=["backup", "restore", str(junk), "--yes"])
    assert result.exit_code != 0
    assert "is not a" in result.output

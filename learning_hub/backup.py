"""Backups of the whole database, for `flask backup create` and `flask backup restore`.

SQLite: Python's `sqlite3` online backup API copies a consistent snapshot while the app keeps serving (readers and
writers are not stopped); a restore copies the backup file back over the database the same way. PostgreSQL:
`pg_dump -Fc` (the custom format, compressed) and `pg_restore --clean --if-exists --no-owner`, found on PATH; use
client tools of the server's major version or newer.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from learning_hub.extensions import db


class BackupError(RuntimeError):
    """A backup or restore that cannot be done (missing tool, unreadable file, command failure)."""


def _url():
    return make_url(db.engine.url.render_as_string(hide_password=False))


def _libpq_env(url) -> dict[str, str]:
    """The connection as libpq's environment variables: the password stays out of the process list."""
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    sslmode = url.query.get("sslmode")
    if sslmode:
        values["PGSSLMODE"] = sslmode if isinstance(sslmode, str) else sslmode[0]
    return {key: str(value) for key, value in values.items() if value}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not on PATH: install the PostgreSQL client tools (e.g. postgresql-client).")
    return path


def _run(args: list[str], url) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update(_libpq_env(url))
    result = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def _sqlite_path(url) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("This SQLite database lives in memory: there is no file to back up or restore.")
    return Path(url.database)


def create(out_dir: str | os.PathLike, now: datetime | None = None) -> Path:
    """Write a backup of the configured database into `out_dir`; returns the file's path."""
    url = _url()
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db.session.remove()
    if url.get_backend_name() == "sqlite":
        target = out / f"learning-hub-{stamp}.sqlite3"
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target
    if url.get_backend_name() == "postgresql":
        target = out / f"learning-hub-{stamp}.dump"
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}"], url)
        return target
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {url.get_backend_name()}.")


def restore(backup_file: str | os.PathLike) -> None:
    """Replace the configured database's content with the backup's (SQLite file or pg_dump custom archive)."""
    path = Path(backup_file)
    if not path.is_file():
        raise BackupError(f"No such backup file: {path}")
    url = _url()
    db.session.remove()
    db.engine.dispose()  # no pooled connection may keep reading the old content
    if url.get_backend_name() == "sqlite":
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{path} is not a SQLite backup.")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(_sqlite_path(url))
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} fails SQLite's integrity check.")
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        return
    if url.get_backend_name() == "postgresql":
        with path.open("rb") as handle:
            if handle.read(5) != b"PGDMP":
                raise BackupError(
                    f"{path} is not a pg_dump custom-format archive (make it with `flask backup create`)."
                )
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={url.database}",
                str(path),
            ],
            url,
        )
        return
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {url.get_backend_name()}.")

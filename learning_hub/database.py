"""Database engine settings that keep data safe on both backends (SECURITY.md 4, 5 and 9).

SQLite: WAL, synchronous=NORMAL, foreign keys, a busy timeout, and `BEGIN IMMEDIATE` for every transaction that may
write. Reads (GET/HEAD requests, which never change state here) use a deferred transaction so that readers do not
queue behind each other; everything else — POSTs, CLI commands, background jobs — takes the write lock up front,
which is what stopped lost updates under two gunicorn workers.
"""
from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres URLs (`postgres://` as Heroku-style hosts write it too)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _wants_write_lock() -> bool:
    return not (has_request_context() and request.method in READ_ONLY_METHODS)


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Install the pragmas and the transaction-begin hook on a SQLite engine."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's implicit BEGIN is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN")


def init_database(app, db) -> None:
    """Bind engine-level behaviour once the app's engine exists."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

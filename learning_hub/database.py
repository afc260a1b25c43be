"""Database engine settings that keep data safe on both backends.

SQLite: WAL, synchronous=NORMAL, foreign keys, a busy timeout, and `BEGIN IMMEDIATE` for every transaction that may
write. Reads (GET/HEAD requests, which never change state here) use a deferred transaction so that readers do not
queue behind each other; everything else — POSTs, CLI commands, background jobs — takes the write lock up front,
which is what stopped lost updates under two gunicorn workers.

Because a job's transactions hold SQLite's write lock from their first statement, no transaction may stay open
across slow work (model inference, an optimiser's solve, sending email): `slow_work()` ends the session's transaction
before such work and refuses any new one until it is over; `short_transaction()` opens a brief window inside it (a
cache lookup, a progress update) that commits at once. The guard runs on PostgreSQL too, where an idle open
transaction holds row locks and snapshots just the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres URLs (`postgres://` as Heroku-style hosts write it too)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _wants_write_lock() -> bool:
    if has_request_context() and g.get("reading_only"):
        return False
    return not (has_request_context() and request.method in READ_ONLY_METHODS)


def read_only_from_here() -> None:
    """The rest of this request only reads (an error page after a failed write): its transactions begin deferred,
    so that on SQLite they read even while another connection holds the write lock."""
    g.reading_only = True


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


class TransactionDuringSlowWork(RuntimeError):
    """Code inside `slow_work()` touched the database outside a `short_transaction()`: a programming error."""


_slow_work: ContextVar[str | None] = ContextVar("slow_work", default=None)


def _refuse_begin_during_slow_work(_connection) -> None:
    what = _slow_work.get()
    if what:
        raise TransactionDuringSlowWork(
            f"A database transaction was begun during slow work ({what}); read before it, write after it, or wrap "
            "a brief access in short_transaction()."
        )


@contextmanager
def slow_work(what: str) -> Iterator[None]:
    """Run slow work (inference, solving, mail) with no database transaction open.

    Ends the session's current transaction first: it must hold only reads (pending changes raise, so that nothing is
    committed by surprise). Inside, beginning a transaction raises TransactionDuringSlowWork, except within
    `short_transaction()`. Nesting is allowed."""
    from learning_hub.extensions import db

    session = db.session
    if session.new or session.dirty or session.deleted:
        raise TransactionDuringSlowWork(f"Commit or roll back pending changes before slow work ({what}).")
    session.commit()  # nothing pending: this only ends the read transaction and releases its locks
    token = _slow_work.set(what)
    try:
        yield
    finally:
        _slow_work.reset(token)


@contextmanager
def short_transaction() -> Iterator[None]:
    """A brief read or write inside `slow_work()`, committed (or rolled back) before the slow work goes on.

    Outside slow work it does nothing of its own: the statements join the caller's transaction, and the caller
    commits as usual (so a helper used both by jobs and by requests never commits a request's changes early)."""
    if not _slow_work.get():
        yield
        return
    from learning_hub.extensions import db

    token = _slow_work.set(None)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _slow_work.reset(token)


def init_database(app, db) -> None:
    """Bind engine-level behaviour once the app's engine exists."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        if not event.contains(engine, "begin", _refuse_begin_during_slow_work):
            event.listen(engine, "begin", _refuse_begin_during_slow_work, insert=True)

"""One scheduler for every periodic task: `flask schedule run-due`, started every few minutes by cron or a systemd
timer (README, "Scheduled tasks"), runs each registered task whose interval has passed since its last run.

A feature declares its periodic tasks in its package's `init_app(app)` (called by `create_app`), never at import:

    from learning_hub.scheduler import periodic

    def init_app(app):
        periodic(app, "mentoring.expire", every=timedelta(hours=1), run=expire_overdue_task,
                 description="Pass on mentor requests left unanswered")

`run` takes no argument, runs in an app context and returns a dict of figures (shown to admins at /admin/schedule).
It must be idempotent: running it twice in a row, or from two machines at once, sends nothing twice (each task
claims its rows with conditional updates or sent markers). The scheduler adds a lease per task so two
`run-due` started together do not run the same task at the same time, and records every run in
`scheduled_task_run` (last start, finish, status, figures or error).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app

from learning_hub.extensions import db
from learning_hub.models import ScheduledTaskRun, utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=30)  # a run that takes longer than this is taken for dead and may start again


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    every: timedelta
    run: Callable[[], dict | None]
    description: str


def periodic(app: Flask, name: str, *, every: timedelta, run: Callable[[], dict | None], description: str) -> None:
    """Register a periodic task on this app (features call it from their `init_app`)."""
    tasks = app.extensions.setdefault("periodic_tasks", {})
    if name in tasks:
        raise ValueError(f"periodic task {name!r} is registered twice")
    tasks[name] = PeriodicTask(name, every, run, description)


def registered(app: Flask | None = None) -> list[PeriodicTask]:
    app = app or current_app
    return sorted(app.extensions.get("periodic_tasks", {}).values(), key=lambda t: t.name)


def _record(name: str) -> ScheduledTaskRun:
    row = db.session.get(ScheduledTaskRun, name)
    if row is None:
        db.session.add(ScheduledTaskRun(name=name, runs=0))
        db.session.commit()
        row = db.session.get(ScheduledTaskRun, name)
    return row


def is_due(spec: PeriodicTask, row: ScheduledTaskRun, now: datetime) -> bool:
    return row.last_started_at is None or row.last_started_at + spec.every <= now


def _claim(spec: PeriodicTask, now: datetime, force: bool) -> bool:
    """Take the task's lease (a conditional update): False when it is not due or another run holds it."""
    row = _record(spec.name)
    free = db.or_(ScheduledTaskRun.lease_until.is_(None), ScheduledTaskRun.lease_until < now)
    condition = [ScheduledTaskRun.name == spec.name, free]
    if not force:
        condition.append(
            db.or_(ScheduledTaskRun.last_started_at.is_(None), ScheduledTaskRun.last_started_at <= now - spec.every)
        )
    done = db.session.execute(
        db.update(ScheduledTaskRun)
        .where(*condition)
        .values(lease_until=now + LEASE, last_started_at=now, runs=ScheduledTaskRun.runs + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    del row
    return done.rowcount == 1


def run_task(spec: PeriodicTask, now: datetime | None = None, force: bool = False) -> dict | None:
    """Run one task if it is due (or `force`); returns its figures, or None when it did not run."""
    now = now or utcnow()
    if not _claim(spec, now, force):
        return None
    status, result, error = "ok", None, None
    try:
        result = spec.run() or {}
    except Exception as exc:
        db.session.rollback()
        log.exception("Periodic task %s failed", spec.name)
        status, error = "failed", f"{type(exc).__name__}: {exc}"[:2000]
    db.session.execute(
        db.update(ScheduledTaskRun)
        .where(ScheduledTaskRun.name == spec.name)
        .values(
            last_finished_at=utcnow(),
            last_status=status,
            last_result=result,
            last_error=error,
            lease_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return {"status": status, **(result or {}), **({"error": error} if error else {})}


def run_due(now: datetime | None = None, only: str | None = None, force: bool = False) -> dict[str, dict]:
    """Run every due task (or only one); returns {name: figures} for those that ran."""
    ran = {}
    for spec in registered():
        if only and spec.name != only:
            continue
        outcome = run_task(spec, now=now, force=force)
        if outcome is not None:
            ran[spec.name] = outcome
    return ran


def overview() -> list[dict]:
    """Every registered task with its last run, for the admin page."""
    rows = {row.name: row for row in db.session.scalars(db.select(ScheduledTaskRun))}
    now = utcnow()
    out = []
    for spec in registered():
        row = rows.get(spec.name)
        out.append(
            {
                "spec": spec,
                "row": row,
                "due": row is None or row.last_started_at is None or row.last_started_at + spec.every <= now,
            }
        )
    return out


def init_app(app: Flask) -> None:
    from learning_hub.seed import register_demo_step

    register_demo_step(app, "Scheduled tasks", _housekeeping_once)


def _housekeeping_once(echo) -> str:
    """Run the housekeeping tasks once (really), so /admin/schedule shows their last run; re-seeding within their
    interval runs nothing again."""
    ran = {}
    for spec in registered():
        if spec.name in ("jobs.reap", "email.retry", "auth.purge_tokens"):
            outcome = run_task(spec)
            if outcome is not None:
                ran[spec.name] = outcome
    return f"{len(ran)} housekeeping tasks ran" if ran else "housekeeping ran recently"

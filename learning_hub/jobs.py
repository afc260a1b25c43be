"""Background jobs: off the request path, with progress recorded in the `job` table for pages to show.

Backends (config JOBS_BACKEND):
- "thread": an in-process worker thread (the default; nothing else to run);
- "rq": Redis Queue when REDIS_URL is set; start workers with `flask worker`;
- "sync": run inline at enqueue time (tests, and CLI commands that want the result now).

A task is a function registered with `@task("feature.name")` taking `(job, progress, **payload)`. `progress(pct, msg)`
commits the session, so tasks compute first and write their results at the end, in one transaction.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from flask import current_app

from learning_hub.extensions import db
from learning_hub.models import Job, JobStatus, utcnow

log = logging.getLogger(__name__)

TASKS: dict[str, Callable] = {}
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def task(name: str):
    """Register a background task under a stable name (stored in job.kind)."""

    def decorator(fn):
        TASKS[name] = fn
        return fn

    return decorator


def enqueue(kind: str, *, subject: str | None = None, actor=None, **payload) -> Job:
    """Record a job and hand it to the configured backend. Commits."""
    if kind not in TASKS:
        raise KeyError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, subject=subject, payload=payload, created_by_id=getattr(actor, "id", None))
    db.session.add(job)
    db.session.commit()
    backend = current_app.config["JOBS_BACKEND"]
    if backend == "sync":
        run_job(job.id)
    elif backend == "rq":
        _rq_queue().enqueue("learning_hub.jobs.run_job_in_app", job.id, job_timeout=3600)
    else:
        app = current_app._get_current_object()
        _get_executor().submit(_run_in_context, app, job.id)
    return job


def latest_job(subject: str, kind: str | None = None) -> Job | None:
    query = db.select(Job).where(Job.subject == subject)
    if kind:
        query = query.where(Job.kind == kind)
    return db.session.scalars(query.order_by(Job.id.desc()).limit(1)).first()


def run_job(job_id: int) -> None:
    """Run one recorded job in the current app context; failures are stored on the job, never raised."""
    job = db.session.get(Job, job_id)
    if job is None or job.is_finished:
        return
    job.status, job.started_at, job.progress = JobStatus.RUNNING.value, utcnow(), 0
    db.session.commit()

    def progress(percent: int, message: str | None = None) -> None:
        job.progress = max(0, min(100, int(percent)))
        if message is not None:
            job.message = message[:300]
        db.session.commit()

    try:
        result = TASKS[job.kind](job, progress, **(job.payload or {}))
    except Exception as exc:
        db.session.rollback()
        log.exception("Job %s (%s) failed", job_id, job.kind)
        job = db.session.get(Job, job_id)
        job.status, job.error, job.finished_at = JobStatus.FAILED.value, f"{type(exc).__name__}: {exc}"[:2000], utcnow()
        db.session.commit()
        return
    job.status, job.progress, job.finished_at = JobStatus.DONE.value, 100, utcnow()
    if isinstance(result, dict):
        job.result = result
    db.session.commit()


def _run_in_context(app, job_id: int) -> None:
    with app.app_context():
        try:
            run_job(job_id)
        finally:
            db.session.remove()


def run_job_in_app(job_id: int) -> None:
    """RQ entry point: build the app (config from the environment) and run the job."""
    from learning_hub import create_app

    _run_in_context(create_app(), job_id)


def _get_executor() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            # One worker: jobs are CPU-bound (embedding, solving) and the machine has few cores.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="learning-hub-job")
        return _executor


def _rq_queue():
    from redis import Redis
    from rq import Queue

    return Queue("learning_hub", connection=Redis.from_url(current_app.config["REDIS_URL"]))

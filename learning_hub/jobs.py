"""Background jobs: off the request path, with progress recorded in the `job` table for pages to show.

Backends (config JOBS_BACKEND):
- "thread": an in-process worker thread (the default; nothing else to run);
- "rq": Redis Queue when REDIS_URL is set; start workers with `flask worker`;
- "sync": run inline at enqueue time (tests, and CLI commands that want the result now).

A task is a function registered by its feature's `init_app` with `register_task(app, "feature.name", fn)`, taking
`(job, progress, **payload)`. `progress(pct, msg)` commits the session and refreshes the job's heartbeat, so tasks
compute first and write their results at the end, in one transaction, and report progress at least every
JOB_STALE_SECONDS.

One lifecycle for every job, whatever the backend:
- `enqueue` writes the job row in the caller's transaction and commits it with the caller's data (the job table is
  the outbox), then hands the job to the backend. If the backend is unreachable (Redis down) the job stays queued
  with no `dispatched_at`, nothing is raised, and the reaper hands it over later.
- `claim` (queued -> running) is a conditional update, so a job handed over twice runs once.
- `progress` records the percentage and the heartbeat; `finish` and `fail` end it.
- `reap` finds running jobs whose heartbeat is stale (their worker was killed) and re-queues them (up to
  JOB_MAX_ATTEMPTS starts) or ends them as interrupted; it also hands over queued jobs the backend never got or lost.
  It runs when a worker starts, from `flask jobs reap`, and as the scheduler's "jobs.reap" task.
- `retry` puts a failed or interrupted job back in the queue (the retry button on the job's page).

Every task must be safe to run again from the start (re-queued after a kill, retried by a person): it skips what an
earlier run finished (per-recipient email markers, embeddings already cached, conditional status updates).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from learning_hub.extensions import db
from learning_hub.features import contribute, contributed
from learning_hub.models import Job, JobStatus, utcnow

log = logging.getLogger(__name__)

QUEUE_NAME = "learning_hub"


@dataclass(frozen=True)
class TaskSpec:
    fn: Callable
    # Called (inside the reaper's or the retry's transaction) when a job of this kind goes back to the queue after
    # an interruption or a failure, and when the reaper ends it as interrupted: resets or ends the feature's own
    # record (a match run "running" -> "pending" or "failed").
    on_requeue: Callable[[Job], None] | None = None
    on_interrupt: Callable[[Job], None] | None = None


_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def register_task(
    app, name: str, fn: Callable, *, on_requeue: Callable | None = None, on_interrupt: Callable | None = None
) -> None:
    """Register a background task on `app` under a stable name (stored in job.kind)."""
    contribute(app, "tasks", name, TaskSpec(fn, on_requeue=on_requeue, on_interrupt=on_interrupt))


def tasks() -> dict[str, TaskSpec]:
    """The current app's background tasks by name."""
    return contributed("tasks")


def enqueue(kind: str, *, subject: str | None = None, actor=None, **payload) -> Job:
    """Record a job with the caller's pending changes (one commit), then hand it to the backend. Never raises for an
    unreachable backend: the job stays queued and the reaper dispatches it later."""
    if kind not in tasks():
        raise KeyError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, subject=subject, payload=payload, created_by_id=getattr(actor, "id", None))
    db.session.add(job)
    db.session.commit()
    dispatch(job.id)
    return db.session.get(Job, job.id)


def dispatch(job_id: int) -> bool:
    """Hand a queued job to the backend; False (logged) when the backend cannot take it now."""
    backend = current_app.config["JOBS_BACKEND"]
    if backend == "sync":
        _mark_dispatched(job_id)
        run_job(job_id)
        return True
    try:
        if backend == "rq":
            _rq_queue().enqueue("learning_hub.jobs.run_job_in_app", job_id, job_timeout=3600)
        else:
            app = current_app._get_current_object()
            _get_executor().submit(_run_in_context, app, job_id)
    except Exception as exc:  # Redis down, a dropped connection: the job waits for the reaper
        log.warning("Job %s could not be handed to the %s backend (%s); the reaper will retry", job_id, backend, exc)
        return False
    _mark_dispatched(job_id)
    return True


def _mark_dispatched(job_id: int) -> None:
    db.session.execute(
        db.update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED.value)
        .values(dispatched_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def latest_job(subject: str, kind: str | None = None) -> Job | None:
    query = db.select(Job).where(Job.subject == subject)
    if kind:
        query = query.where(Job.kind == kind)
    return db.session.scalars(query.order_by(Job.id.desc()).limit(1)).first()


# -- the lifecycle ---------------------------------------------------------------------------------------------------


def claim(job_id: int) -> Job | None:
    """queued -> running for exactly one worker; None when another has it, or it ended, or it is gone."""
    now = utcnow()
    done = db.session.execute(
        db.update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED.value)
        .values(
            status=JobStatus.RUNNING.value,
            started_at=now,
            heartbeat_at=now,
            progress=0,
            attempts=Job.attempts + 1,
            error=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return db.session.get(Job, job_id) if done.rowcount == 1 else None


def heartbeat(job: Job, percent: int | None = None, message: str | None = None) -> None:
    """Progress and a sign of life, committed at once."""
    if percent is not None:
        job.progress = max(0, min(100, int(percent)))
    if message is not None:
        job.message = message[:300]
    job.heartbeat_at = utcnow()
    db.session.commit()


def finish(job_id: int, result: dict | None = None) -> None:
    job = db.session.get(Job, job_id)
    job.status, job.progress, job.finished_at, job.heartbeat_at = JobStatus.DONE.value, 100, utcnow(), utcnow()
    if isinstance(result, dict):
        job.result = result
    db.session.commit()


def fail(job_id: int, error: str, status: JobStatus = JobStatus.FAILED) -> None:
    db.session.rollback()
    job = db.session.get(Job, job_id)
    job.status, job.error, job.finished_at = status.value, error[:2000], utcnow()
    db.session.commit()


def run_job(job_id: int) -> None:
    """Claim and run one recorded job in the current app context; failures are stored on the job, never raised."""
    job = claim(job_id)
    if job is None:
        return
    spec = tasks().get(job.kind)
    if spec is None:
        fail(job_id, f"Unknown job kind {job.kind!r}")
        return

    def progress(percent: int, message: str | None = None) -> None:
        heartbeat(job, percent, message)

    from learning_hub.email import email_actor

    token = email_actor.set(job.created_by_id)  # the emails it writes are the starter's to follow
    try:
        result = spec.fn(job, progress, **(job.payload or {}))
    except Exception as exc:
        log.exception("Job %s (%s) failed", job_id, job.kind)
        fail(job_id, f"{type(exc).__name__}: {exc}")
        return
    finally:
        email_actor.reset(token)
    finish(job_id, result)


# -- recovery --------------------------------------------------------------------------------------------------------


@dataclass
class ReapResult:
    stale: int = 0  # running jobs whose heartbeat stopped
    requeued: int = 0  # of those, put back in the queue
    failed: int = 0  # of those, ended as interrupted (no attempts left)
    dispatched: int = 0  # queued jobs the backend never got (or lost), handed over again
    undispatchable: int = 0  # ... and those the backend still refused

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def __str__(self) -> str:
        return (
            f"{self.stale} stale jobs found, {self.requeued} re-queued, {self.failed} failed (interrupted); "
            f"{self.dispatched} queued jobs dispatched, {self.undispatchable} could not be dispatched"
        )


def reap(now=None, stale_seconds: int | None = None) -> ReapResult:
    """Recover from killed workers and lost queues (see the module's docstring). Safe to run at any time and from
    several processes: each change is a conditional update. `stale_seconds=0` takes every running job for dead: for
    a start-up where no worker can be running yet (`make run`'s in-process worker)."""
    now = now or utcnow()
    cfg = current_app.config
    stale_before = now - timedelta(seconds=cfg["JOB_STALE_SECONDS"] if stale_seconds is None else stale_seconds)
    result = ReapResult()
    stale = list(
        db.session.scalars(
            db.select(Job).where(
                Job.status == JobStatus.RUNNING.value,
                db.func.coalesce(Job.heartbeat_at, Job.started_at, Job.created_at) <= stale_before,
            )
        )
    )
    requeue_ids = []
    for job in stale:
        result.stale += 1
        spec = tasks().get(job.kind)
        again = spec is not None and job.attempts < cfg["JOB_MAX_ATTEMPTS"]
        values = (
            {"status": JobStatus.QUEUED.value, "dispatched_at": None, "message": "Re-queued after an interruption"}
            if again
            else {
                "status": JobStatus.INTERRUPTED.value,
                "finished_at": now,
                "error": "The worker stopped before this job finished.",
            }
        )
        done = db.session.execute(
            db.update(Job)
            .where(Job.id == job.id, Job.status == JobStatus.RUNNING.value, Job.heartbeat_at == job.heartbeat_at)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:  # it came back to life meanwhile
            db.session.rollback()
            continue
        hook = (spec.on_requeue if again else spec.on_interrupt) if spec else None
        if hook:
            hook(job)
        db.session.commit()
        if again:
            result.requeued += 1
            requeue_ids.append(job.id)
        else:
            result.failed += 1
    lost_before = now - timedelta(seconds=cfg["JOB_DISPATCH_GRACE_SECONDS"])
    waiting = list(
        db.session.scalars(
            db.select(Job.id)
            .where(
                Job.status == JobStatus.QUEUED.value,
                db.or_(
                    db.and_(Job.dispatched_at.is_(None), Job.created_at < lost_before),
                    Job.dispatched_at < stale_before,  # handed over long ago and never started: the queue lost it
                ),
            )
            .order_by(Job.id)
        )
    )
    db.session.commit()
    for job_id in [*requeue_ids, *(i for i in waiting if i not in requeue_ids)]:
        if dispatch(job_id):
            result.dispatched += 1
        else:
            result.undispatchable += 1
    return result


def retry(job: Job) -> bool:
    """Put a failed or interrupted job back in the queue and hand it over; False when it is not retryable now."""
    spec = tasks().get(job.kind)
    done = db.session.execute(
        db.update(Job)
        .where(Job.id == job.id, Job.status.in_([s.value for s in (JobStatus.FAILED, JobStatus.INTERRUPTED)]))
        .values(
            status=JobStatus.QUEUED.value,
            error=None,
            progress=0,
            message=None,
            finished_at=None,
            dispatched_at=None,
            attempts=0,
        )
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1 or spec is None:
        db.session.rollback()
        return False
    if spec.on_requeue:
        spec.on_requeue(job)
    db.session.commit()
    dispatch(job.id)
    return True


def queue_figures() -> dict:
    """Queued jobs and the age of the oldest, for /healthz."""
    oldest = db.session.scalar(db.select(db.func.min(Job.created_at)).where(Job.status == JobStatus.QUEUED.value))
    depth = db.session.scalar(db.select(db.func.count(Job.id)).where(Job.status == JobStatus.QUEUED.value)) or 0
    age = (utcnow() - oldest).total_seconds() if oldest else 0.0
    return {"queued": int(depth), "oldest_queued_seconds": round(age, 1)}


# -- backends --------------------------------------------------------------------------------------------------------


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


def redis_connection():
    from redis import Redis

    return Redis.from_url(
        current_app.config["REDIS_URL"],
        socket_connect_timeout=current_app.config["REDIS_TIMEOUT_SECONDS"],
        socket_timeout=current_app.config["REDIS_TIMEOUT_SECONDS"],
    )


def _rq_queue():
    from rq import Queue

    return Queue(QUEUE_NAME, connection=redis_connection())


def init_app(app) -> None:
    """The jobs' and the email outbox's periodic tasks (see learning_hub/scheduler.py)."""
    from learning_hub.email import retry_task_run
    from learning_hub.scheduler import periodic

    periodic(
        app,
        "jobs.reap",
        every=timedelta(minutes=5),
        run=lambda: reap().as_dict(),
        description="Re-queue or end jobs whose worker died; hand over queued jobs the queue never got",
    )
    periodic(
        app,
        "email.retry",
        every=timedelta(minutes=5),
        run=retry_task_run,
        description="Send the email outbox's messages that are due, retrying failed sends with growing delays",
    )

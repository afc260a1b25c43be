"""Background jobs, recorded so that pages can show their progress, and the periodic tasks' last runs.

A job's life: QUEUED (recorded in the same transaction as the data it works on; `dispatched_at` says whether the
backend has it yet) -> RUNNING (claimed by one worker, which refreshes `heartbeat_at` with every progress report)
-> DONE or FAILED; a job whose worker died (no heartbeat for a while) is found by the reaper and either re-queued
or ended as INTERRUPTED, which the person who started it can retry.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from learning_hub.extensions import db
from learning_hub.models.base import utcnow


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # its worker stopped (killed, restarted) before it finished


class ComputationStatus(enum.StrEnum):
    """The life of a computation the engine runs in a job and a person then reviews (a match run, a mentor
    assignment): PENDING -> RUNNING -> READY (or FAILED) -> PUBLISHED. Transitions in learning_hub/computations.py."""

    PENDING = "pending"
    RUNNING = "running"
    READY = "ready"
    FAILED = "failed"
    PUBLISHED = "published"


COMPUTATION_STATUSES = tuple(status.value for status in ComputationStatus)
FINISHED_COMPUTATION_STATUSES = (ComputationStatus.READY, ComputationStatus.FAILED, ComputationStatus.PUBLISHED)

FINISHED_JOB_STATUSES = (JobStatus.DONE, JobStatus.FAILED, JobStatus.INTERRUPTED)
RETRYABLE_JOB_STATUSES = (JobStatus.FAILED, JobStatus.INTERRUPTED)


class Job(db.Model):
    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(
        String(60), index=True
    )  # the registered task name, e.g. "directory.embed_profile"
    subject: Mapped[str | None] = mapped_column(String(80), index=True)  # what it works on, e.g. "profile:12"
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default=JobStatus.QUEUED.value, index=True)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    message: Mapped[str | None] = mapped_column(String(300))
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # The lifecycle's bookkeeping: when the backend was handed the job, the worker's last sign of life, and how many
    # times it was started (a re-queued or retried job starts again).
    dispatched_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_JOB_STATUSES

    @property
    def can_retry(self) -> bool:
        return self.status in RETRYABLE_JOB_STATUSES


class ScheduledTaskRun(db.Model):
    """One row per periodic task: when it last ran and what came of it (the admin page shows them). `lease_until`
    keeps two `flask schedule run-due` started together from running the same task twice."""

    __tablename__ = "scheduled_task_run"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    last_started_at: Mapped[datetime | None]
    last_finished_at: Mapped[datetime | None]
    last_status: Mapped[str | None] = mapped_column(String(12))  # ok | failed
    last_result: Mapped[dict | None] = mapped_column(JSON)
    last_error: Mapped[str | None] = mapped_column(Text)
    runs: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None]


class EmailStatus(enum.StrEnum):
    PENDING = "pending"  # written with the action, waiting to be sent (or to be retried)
    SENDING = "sending"  # claimed by a sender
    SENT = "sent"
    FAILED = "failed"  # gave up after the retries, or interrupted mid-send: shown to the person who acted


class OutgoingEmailRow(db.Model):
    """The email outbox: a message is written in the transaction that records the action, and sent after commit.
    `dedupe_key` (unique) is a per-recipient sent marker: writing the same key twice is refused, so a re-run sends
    nobody a second email."""

    __tablename__ = "email_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    attachments: Mapped[list] = mapped_column(JSON, default=list)  # [{"filename", "mimetype", "data" (base64)}]
    template: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(10), default=EmailStatus.PENDING.value, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]

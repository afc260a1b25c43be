"""Background jobs, recorded so that pages can show their progress (docs/ARCHITECTURE.md, "Jobs and slow work")."""

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


class Job(db.Model):
    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(
        String(60), index=True
    )  # the registered task name, e.g. "directory.embed_profile"
    subject: Mapped[str | None] = mapped_column(String(80), index=True)  # what it works on, e.g. "profile:12"
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default=JobStatus.QUEUED.value, index=True)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    message: Mapped[str | None] = mapped_column(String(300))
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE.value, JobStatus.FAILED.value)

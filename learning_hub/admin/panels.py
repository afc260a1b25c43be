"""Dashboard panel for administrators: accounts and the background jobs that failed lately."""

from __future__ import annotations

from datetime import timedelta

from learning_hub.extensions import db
from learning_hub.models import RETRYABLE_JOB_STATUSES, Job, User, utcnow


def platform(user):
    since = utcnow() - timedelta(days=7)
    failed = list(
        db.session.scalars(
            db.select(Job)
            .where(Job.status.in_([s.value for s in RETRYABLE_JOB_STATUSES]), Job.created_at >= since)
            .order_by(Job.id.desc())
            .limit(5)
        )
    )
    return {
        "accounts": db.session.scalar(db.select(db.func.count(User.id))) or 0,
        "inactive": db.session.scalar(db.select(db.func.count(User.id)).where(User.active.is_(False))) or 0,
        "failed_jobs": failed,
    }

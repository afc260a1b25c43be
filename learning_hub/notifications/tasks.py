"""The periodic work, as idempotent functions a scheduler calls (running one twice sends nothing twice):
check-ins that fall due, emails still owed, and the daily and weekly digests. `now` is a parameter so that tests
and a catching-up scheduler can say which moment to act for."""

from __future__ import annotations

from datetime import datetime

from learning_hub.models import utcnow
from learning_hub.notifications import followup, services


def checkins_due(now: datetime | None = None) -> int:
    return followup.send_due_checkins(now or utcnow())


def emails_owed(now: datetime | None = None) -> int:
    return services.deliver_pending(now or utcnow())


def daily_digests(now: datetime | None = None) -> int:
    return services.send_digests("daily", now or utcnow())


def weekly_digests(now: datetime | None = None) -> int:
    return services.send_digests("weekly", now or utcnow())


# name -> task, in the order run_due runs them (check-ins first, so a due check-in can join today's digest).
TASKS = {
    "notifications.checkins": checkins_due,
    "notifications.emails": emails_owed,
    "notifications.daily_digest": daily_digests,
    "notifications.weekly_digest": weekly_digests,
}


def run_due(now: datetime | None = None) -> dict[str, int]:
    now = now or utcnow()
    return {name: task(now) for name, task in TASKS.items()}

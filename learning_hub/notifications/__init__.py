"""Notifications and outcome follow-up.

URLs: /notifications (my notifications, read/unread), /notifications/settings (a channel per kind),
/notifications/unsubscribe/<token> (one-click, signed out), /checkins/<id> (a check-in form), /outcomes (the
coordinators' funnel, its CSV and the named view). `notify()` in services.py is what features call.
"""

# ruff: noqa: E402, F401 -- the feature's modules are imported for their registrations

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from learning_hub.notifications import demo, privacy, routes
from learning_hub.notifications.services import notify


def init_app(app) -> None:
    """The feature's periodic tasks (see learning_hub/scheduler.py): check-ins first, so a due check-in can join the
    day's digest; each is idempotent (per-recipient markers)."""
    from datetime import timedelta

    from learning_hub.notifications import tasks
    from learning_hub.scheduler import periodic

    every = {
        "notifications.checkins": (timedelta(hours=1), "Send the 30, 90 and 180-day outcome check-ins that fall due"),
        "notifications.emails": (timedelta(minutes=5), "Email notifications still owed an email"),
        "notifications.daily_digest": (timedelta(hours=1), "Send the daily digests not sent yet today"),
        "notifications.weekly_digest": (timedelta(hours=6), "Send the weekly digests not sent yet this week"),
    }
    for name, task in tasks.TASKS.items():
        interval, description = every[name]
        periodic(app, name, every=interval, run=lambda task=task: {"sent": task()}, description=description)

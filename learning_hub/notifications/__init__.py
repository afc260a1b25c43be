"""Notifications and outcome follow-up.

URLs: /notifications (my notifications, read/unread), /notifications/settings (a channel per kind),
/notifications/unsubscribe/<token> (one-click, signed out), /checkins/<id> (a check-in form), /outcomes (the
coordinators' funnel, its CSV and the named view). `notify()` in services.py is what features call.
"""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from learning_hub.notifications.services import notify  # noqa: E402  (what features call)

__all__ = ["bp", "init_app", "notify"]


def init_app(app) -> None:
    """Routes, the built-in outcome sources, personal data, the demo follow-up, and the periodic tasks: check-ins first,
    so a due check-in can join the day's digest; each is idempotent (per-recipient markers)."""
    from learning_hub.notifications import demo, followup, privacy, routes  # noqa: F401  (routes: declared on bp)
    from learning_hub.privacy import register_section
    from learning_hub.seed import register_demo_step

    app.register_blueprint(bp)
    for kind, source in followup.BUILT_IN_SOURCES.items():
        followup.register_source(app, kind, source)
    register_section(app, "notifications", export=privacy.export_notifications, erase=privacy.erase_notifications)
    register_demo_step(app, "Outcome follow-up", demo.seed_outcomes)
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

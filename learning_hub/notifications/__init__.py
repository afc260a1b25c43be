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

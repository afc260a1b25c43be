"""Mentoring: participants ask for a mentor, mentors answer within a few days, coordinators place the rest.

URLs under /mentoring. The engine is reached only through learning_hub/engine.py and the `matching` package
(suggest.py, assign.py).

Configuration:
- MENTORING_RESPONSE_DAYS (config.py; default 7): how long a mentor has to answer before `flask mentoring expire`
  passes the request to the requester's next choice. Run that command from a scheduler (cron, a systemd timer), for
  example hourly.
"""

# ruff: noqa: E402, F401 -- the feature's modules are imported for their registrations (being replaced by init_app)

from flask import Blueprint

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")


# Importing the modules registers their routes, the assignment task, the dashboard panel, the demo step and the
# personal-data exporter and eraser.
from learning_hub.mentoring import (
    assign,
    demo,
    panels,
    privacy,
    routes,
    routes_coordinator,
    routes_mentor,
)


def init_app(app) -> None:
    """The feature's periodic task (see learning_hub/scheduler.py)."""
    from dataclasses import asdict
    from datetime import timedelta

    from learning_hub.mentoring.sweep import expire_overdue
    from learning_hub.scheduler import periodic

    periodic(
        app,
        "mentoring.expire",
        every=timedelta(hours=1),
        run=lambda: asdict(expire_overdue()),
        description="Pass on mentor requests left unanswered past MENTORING_RESPONSE_DAYS; delete old drafts",
    )

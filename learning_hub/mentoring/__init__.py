"""Mentoring: participants ask for a mentor, mentors answer within a few days, coordinators place the rest.

URLs under /mentoring. The engine is reached only through learning_hub/engine.py and the `matching` package
(suggest.py, assign.py).

Configuration:
- MENTORING_RESPONSE_DAYS (config.py; default 7): how long a mentor has to answer before `flask mentoring expire`
  passes the request to the requester's next choice. Run that command from a scheduler (cron, a systemd timer), for
  example hourly.
"""

from flask import Blueprint

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")


def init_app(app) -> None:
    """Routes under /mentoring, the cohort-assignment task, panels, personal data, the demo, and the periodic expiry
    of unanswered requests."""
    from learning_hub.jobs import register_task
    from learning_hub.main.dashboard import register_panel
    from learning_hub.mentoring import (  # noqa: F401  (routes: declared on bp)
        assign,
        demo,
        panels,
        privacy,
        routes,
        routes_coordinator,
        routes_mentor,
    )
    from learning_hub.privacy import register_section
    from learning_hub.seed import register_demo_step

    app.register_blueprint(bp)
    register_task(
        app,
        assign.JOB,
        assign.assign_task,
        on_requeue=assign._requeue_assignment,
        on_interrupt=assign._interrupt_assignment,
    )
    register_panel(app, "mentoring", "mentoring/_panel_mentoring.html", panels.mentoring_panel, order=35)
    register_panel(
        app, "mentoring_queue", "mentoring/_panel_queue.html", panels.mentoring_queue, roles=("coordinator",), order=12
    )
    register_section(app, "mentoring", export=privacy.export_mentoring, erase=privacy.erase_mentoring)
    register_demo_step(app, "Mentoring", demo.seed_mentoring)
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

"""Leadership learning modules: catalogue, lessons, quizzes, progress, certificates, cohort dashboard.

URLs: /courses, /courses/<slug>, /certificates/<code> (public), /learning/cohort (coordinators).
Content comes from courses/ through `flask courses sync` (cli.py, validate.py, sync.py).
"""

from flask import Blueprint

bp = Blueprint("learning", __name__)

from learning_hub.learning import (  # noqa: E402,F401
    demo,
    panels,
    privacy,
    routes,
    routes_certificates,
    routes_cohort,
    routes_milestones,
)


def init_app(app) -> None:
    """The feature's periodic task (see learning_hub/scheduler.py): milestone peer reviews."""
    from dataclasses import asdict, is_dataclass
    from datetime import timedelta

    from learning_hub.learning.milestones import sweep
    from learning_hub.scheduler import periodic

    def review_reminders() -> dict:
        report = sweep()
        figures = asdict(report) if is_dataclass(report) else {}
        return {key: len(value) if isinstance(value, list | tuple | set) else value for key, value in figures.items()}

    periodic(
        app,
        "learning.review_reminders",
        every=timedelta(hours=6),
        run=review_reminders,
        description="Milestone reviews: assign waiting ones, remind 4 days before the deadline, reassign overdue ones",
    )

"""Leadership learning modules: catalogue, lessons, quizzes, progress, certificates, cohort dashboard.

URLs: /courses, /courses/<slug>, /certificates/<code> (public), /learning/cohort (coordinators).
Content comes from courses/ through `flask courses sync` (cli.py, validate.py, sync.py).
"""

from flask import Blueprint

bp = Blueprint("learning", __name__)


def init_app(app) -> None:
    """Routes for /courses, /certificates and /learning, panels, personal data, the demo learners, and the periodic
    milestone-review sweep."""
    from learning_hub.learning import (  # noqa: F401  (routes: declared on bp)
        catalogue,
        demo,
        panels,
        privacy,
        routes,
        routes_certificates,
        routes_cohort,
        routes_milestones,
    )
    from learning_hub.main.dashboard import register_panel
    from learning_hub.privacy import register_section
    from learning_hub.seed import register_demo_step

    app.register_blueprint(bp)
    catalogue.watch_course_changes()  # the catalogue's cache follows every change to a course
    register_panel(app, "continue_learning", "learning/_panel_continue.html", panels.continue_learning, order=20)
    register_panel(
        app,
        "course_recommendations",
        "learning/_panel_recommendations.html",
        panels.course_recommendations,
        order=25,
    )
    register_section(app, "learning", export=privacy.export_learning, erase=privacy.erase_learning)
    register_demo_step(app, "Learning modules", demo.seed_learning)
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

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

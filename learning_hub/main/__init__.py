"""Landing page, dashboards, health check, language picker, job status."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from learning_hub.main import routes  # noqa: E402,F401

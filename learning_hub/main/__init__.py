"""Landing page, dashboards, health check, language picker, job status."""

from flask import Blueprint

bp = Blueprint("main", __name__)


def init_app(app) -> None:
    """The landing page, dashboard, health check, language picker and job pages."""
    from learning_hub.main import routes  # noqa: F401  (routes: declared on bp)

    app.register_blueprint(bp)

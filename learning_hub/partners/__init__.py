"""Partner organisations (technical and financial assistance providers) and their offers: /partners (the list with
filters, for every signed-in user), organisation and offer pages, offers managed by the organisation's staff, and
coordinators' verification. Logic in services.py; routes stay thin. Support requests and brokering live in the
support package."""

from flask import Blueprint

bp = Blueprint("partners", __name__)


def init_app(app) -> None:
    """Routes for /partners."""
    from learning_hub.partners import routes  # noqa: F401  (routes: declared on bp)

    app.register_blueprint(bp)

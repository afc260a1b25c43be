"""Administration: accounts and roles."""

from flask import Blueprint

bp = Blueprint("admin", __name__)


def init_app(app) -> None:
    """Routes under /admin, the platform panel, the audit log's demo step."""
    from learning_hub.admin import demo, panels, routes  # noqa: F401  (routes: declared on bp)
    from learning_hub.main.dashboard import register_panel
    from learning_hub.seed import register_demo_step

    app.register_blueprint(bp, url_prefix="/admin")
    register_panel(app, "platform", "admin/_panel_platform.html", panels.platform, roles=("admin",), order=5)
    register_demo_step(app, "Audit log", demo.seed_audit)

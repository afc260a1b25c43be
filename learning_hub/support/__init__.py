"""Support requests and brokering: /support (my requests and connections, a new request, one request with the offers
the engine ranks for it, the coordinators' triage queue, connections and their answers, the pipeline board and its
CSV). Object pages take integer ids, so other pages may live under /support. Logic in services.py (requests),
brokering.py (the engine's ranking) and connections.py; routes stay thin."""

from flask import Blueprint

bp = Blueprint("support", __name__)


def init_app(app) -> None:
    """Routes for /support, the embedding task, the rapid-response alert, dashboards, personal data, demo data."""
    from datetime import timedelta

    from learning_hub.jobs import register_task
    from learning_hub.main.dashboard import register_panel
    from learning_hub.privacy import register_section
    from learning_hub.scheduler import periodic
    from learning_hub.seed import register_demo_step
    from learning_hub.support import cli, demo, panels, privacy, routes, tasks  # noqa: F401  (routes: declared on bp)

    app.register_blueprint(bp)
    cli.register(app)
    register_task(app, "support.embed_texts", tasks.embed_texts)
    periodic(
        app,
        "support.rapid_alert",
        every=timedelta(hours=1),
        run=tasks.alert_unanswered_rapid,
        description="Alert coordinators about rapid-response support requests nobody acted on in 3 working days",
    )
    register_panel(
        app, "support_partner", "support/_panel_partner.html", panels.partner_panel, roles=("partner",), order=30
    )
    register_panel(
        app,
        "support_coordinator",
        "support/_panel_coordinator.html",
        panels.coordinator_panel,
        roles=("coordinator",),
        order=13,
    )
    register_section(app, "support", export=privacy.export_support, erase=privacy.erase_support)
    register_demo_step(app, "Partners and support requests", demo.seed_support)

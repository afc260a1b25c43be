"""Peer-exchange match lists: coordinators run, review, publish and export them; participants accept or decline.

URLs: /peers/runs... (coordinators), /peers/suggestions/<id> (the two people of a published pair).
The engine is reached only through learning_hub/engine.py and the `matching` package (runner.py, swap.py).
"""

from flask import Blueprint

bp = Blueprint("peer_exchange", __name__, url_prefix="/peers")


def init_app(app) -> None:
    """Routes under /peers, the match-run task, panels, personal data, the demo run."""
    from learning_hub.jobs import register_task
    from learning_hub.main.dashboard import register_panel
    from learning_hub.peer_exchange import (  # noqa: F401  (routes: declared on bp)
        demo,
        panels,
        privacy,
        routes,
        routes_participant,
        runner,
    )
    from learning_hub.privacy import register_section
    from learning_hub.seed import register_demo_step

    app.register_blueprint(bp)
    register_task(
        app, "peer_exchange.run", runner.run_task, on_requeue=runner._requeue_run, on_interrupt=runner._interrupt_run
    )
    register_panel(app, "peer_suggestions", "peer_exchange/_panel_suggestions.html", panels.peer_suggestions, order=30)
    register_panel(
        app, "peer_runs", "peer_exchange/_panel_runs.html", panels.peer_runs, roles=("coordinator",), order=10
    )
    register_section(app, "peer_exchange", export=privacy.export_peer_exchange, erase=privacy.erase_peer_exchange)
    register_demo_step(app, "Peer exchange", demo.seed_peer_exchange)

"""Calls for experts under /support/calls: a coordinator publishes a call for technical assistance, registered
people apply with a proposal and a fee, a panel scores the applications (learning_hub/reviewing.py), the coordinator
records the award and its reason, and applicants are told. Nothing is paid through the platform."""

from flask import Blueprint

bp = Blueprint("calls", __name__, url_prefix="/support/calls")


def init_app(app) -> None:
    """Routes, the template names the call pages read, the demo call."""
    from learning_hub.calls import demo, routes  # noqa: F401  (routes: declared on bp)
    from learning_hub.calls.vocab import APPLICATION_STATE_LABELS, CALL_STATE_LABELS
    from learning_hub.models import CallState
    from learning_hub.seed import register_demo_step

    app.register_blueprint(bp)

    @app.context_processor
    def call_pages():
        return {
            "CallState": CallState,
            "call_state_labels": CALL_STATE_LABELS,
            "application_state_labels": APPLICATION_STATE_LABELS,
        }

    register_demo_step(app, "Call for experts", demo.seed_call)

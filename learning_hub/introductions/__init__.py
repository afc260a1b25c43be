"""Introductions (double opt-in) and conversations: /introductions (requests sent and received, settings, the
emailed answer link, coordinators' abuse reports) and /conversations (plain-text threads between two people who
agreed to talk). Logic in services.py and conversations.py; routes stay thin."""

from flask import Blueprint

bp = Blueprint("introductions", __name__)


def init_app(app) -> None:
    """Routes for /introductions and /conversations, outcome sources, personal data, the demo (after the others: it
    builds on their people and runs)."""
    from learning_hub.introductions import demo, outcomes, privacy, routes  # noqa: F401  (routes: declared on bp)
    from learning_hub.notifications import followup, funnel
    from learning_hub.privacy import register_section
    from learning_hub.seed import register_demo_step

    app.register_blueprint(bp)
    followup.register_source(app, "introduction", outcomes.accepted_introductions)
    funnel.register_suggested(app, "introduction", outcomes.asked_introductions)
    register_section(app, "introductions", export=privacy.export_introductions, erase=privacy.erase_introductions)
    register_demo_step(app, "Introductions", demo.seed_introductions, after_others=True)

"""Roundtables: organisers assemble a relevant, quota-balanced list of invitees through the engine, invite them,
track answers (a decline promotes a quota-keeping substitute), and export attendees, a sign-in sheet and a calendar.

URLs under /roundtables: organisers' pages (ORGANISERS in the policy table), the emailed answer links
(/roundtables/rsvp/<token>, the signed token is the credential) and a signed-in invitee's own invitation page.
The engine is reached only through learning_hub/engine.py and the `matching` package (generate.py, rsvp.py).
"""

from flask import Blueprint

bp = Blueprint("roundtables", __name__, url_prefix="/roundtables")


def init_app(app) -> None:
    """Routes under /roundtables, the invitation-sending task, panels, personal data, the demo roundtable, and the
    periodic reminder."""
    from learning_hub.jobs import register_task
    from learning_hub.main.dashboard import register_panel
    from learning_hub.privacy import register_section
    from learning_hub.roundtables import (  # noqa: F401  (routes: declared on bp)
        demo,
        mailing,
        panels,
        privacy,
        routes,
        routes_exports,
        routes_rsvp,
    )
    from learning_hub.seed import register_demo_step

    app.register_blueprint(bp)
    register_task(app, "roundtables.send", mailing.send_task)
    register_panel(
        app,
        "upcoming_roundtables",
        "roundtables/_panel_upcoming.html",
        panels.upcoming_roundtables,
        roles=("organiser",),
        order=40,
    )
    register_panel(
        app, "roundtable_invitations", "roundtables/_panel_invitations.html", panels.roundtable_invitations, order=35
    )
    register_section(app, "roundtables", export=privacy.export_roundtables, erase=privacy.erase_roundtables)
    register_demo_step(app, "Roundtables", demo.seed_roundtable)
    from datetime import timedelta

    from learning_hub.roundtables.mailing import auto_remind
    from learning_hub.scheduler import periodic

    periodic(
        app,
        "roundtables.remind",
        every=timedelta(hours=6),
        run=auto_remind,
        description="Remind once the invitees who have not answered, two days before the answer deadline",
    )

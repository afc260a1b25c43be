"""Roundtables: organisers assemble a relevant, quota-balanced list of invitees through the engine, invite them,
track answers (a decline promotes a quota-keeping substitute), and export attendees, a sign-in sheet and a calendar.

URLs under /roundtables: organisers' pages (ORGANISERS in the policy table), the emailed answer links
(/roundtables/rsvp/<token>, the signed token is the credential) and a signed-in invitee's own invitation page.
The engine is reached only through learning_hub/engine.py and the `matching` package (generate.py, rsvp.py).
"""

# ruff: noqa: E402, F401 -- the feature's modules are imported for their registrations (being replaced by init_app)

from flask import Blueprint

bp = Blueprint("roundtables", __name__, url_prefix="/roundtables")

from learning_hub.roundtables import demo, mailing, panels, privacy, routes, routes_exports, routes_rsvp


def init_app(app) -> None:
    """The feature's periodic task (see learning_hub/scheduler.py)."""
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

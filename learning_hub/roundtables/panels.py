"""Dashboard panels: organisers see the next roundtables and their answers; invitees see their open invitations."""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import Roundtable, RoundtableInvitee, utcnow
from learning_hub.models.roundtable import Rsvp
from learning_hub.roundtables import times

PANEL_SIZE = 5


def upcoming_roundtables(user):
    rows = list(
        db.session.scalars(
            db.select(Roundtable)
            .where(Roundtable.starts_at > utcnow())
            .order_by(Roundtable.starts_at, Roundtable.id)
            .limit(PANEL_SIZE)
        )
    )
    return {"items": [{"roundtable": rt, "when": times.when(rt.starts_at, rt.time_zone, "medium")} for rt in rows]}


def roundtable_invitations(user):
    profile = user.profile
    if profile is None:
        return None
    rows = db.session.execute(
        db.select(RoundtableInvitee, Roundtable)
        .join(Roundtable, Roundtable.id == RoundtableInvitee.roundtable_id)
        .where(
            RoundtableInvitee.profile_id == profile.id,
            RoundtableInvitee.list_role == "invitee",
            RoundtableInvitee.rsvp.in_((Rsvp.PENDING, Rsvp.ACCEPTED, Rsvp.DECLINED)),
            Roundtable.starts_at > utcnow(),
        )
        .order_by(Roundtable.starts_at)
        .limit(PANEL_SIZE)
    ).all()
    if not rows:
        return None
    return {
        "items": [
            {
                "invitee": inv,
                "roundtable": rt,
                "when": times.when(rt.starts_at, rt.time_zone, "medium", reader_zone=times.zone_of(profile)),
                "open": not rt.deadline_passed(),
            }
            for inv, rt in rows
        ]
    }

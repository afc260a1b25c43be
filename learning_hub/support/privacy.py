"""What implementation support holds about a person, for "download my data" and account deletion.

Export: their support requests and the connections on them; the partner organisations they work for. Deletion:
their support requests go (with their connections); their staff rows go; organisations and offers stay (they are
the organisation's, not the person's)."""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import PartnerStaff, SupportRequest
from learning_hub.support import services


def _iso(value):
    return value.isoformat() if value else None


def export_support(user) -> dict:
    return {
        "requests": [
            {
                "title": row.title,
                "need": row.need,
                "kind": row.kind,
                "country": row.country,
                "needed_by": _iso(row.needed_by),
                "rapid": row.rapid,
                "state": row.state,
                "created_at": _iso(row.created_at),
                "connections": [{"offer": c.offer.title, "state": c.state} for c in row.connections],
            }
            for row in services.my_requests(user)
        ],
        "partner_organisations": [
            row.organisation.name
            for row in db.session.scalars(db.select(PartnerStaff).where(PartnerStaff.user_id == user.id))
        ],
    }


def erase_support(user) -> None:
    for row in services.my_requests(user):
        db.session.delete(row)
    for row in db.session.scalars(db.select(PartnerStaff).where(PartnerStaff.user_id == user.id)):
        db.session.delete(row)
    db.session.flush()
    if user.profile is not None:
        db.session.execute(db.delete(SupportRequest).where(SupportRequest.requester_id == user.profile.id))

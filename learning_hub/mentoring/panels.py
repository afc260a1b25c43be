"""Dashboard panel: requests waiting for my answer, my open requests and my active mentorships."""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.mentoring import inbox, lifecycle, requests
from learning_hub.models import MentoringRequest
from learning_hub.models.mentoring import RequestState


def mentoring_panel(user):
    box = inbox.inbox(user)
    open_requests = [
        r
        for r in requests.my_requests(user)
        if r.state in (RequestState.DRAFT, RequestState.PENDING, RequestState.QUEUED)
    ]
    active = [(m, side) for m, side in lifecycle.my_mentorships(user) if m.state == RequestState.ACTIVE]
    if not (box.pending or open_requests or active):
        return None
    return {"pending": box.pending, "open_requests": open_requests, "active": active}


def mentoring_queue(user):
    """Coordinators: requests nobody accepted, waiting to be placed."""
    waiting = (
        db.session.scalar(
            db.select(db.func.count(MentoringRequest.id)).where(MentoringRequest.state == RequestState.QUEUED)
        )
        or 0
    )
    return {"waiting": waiting}

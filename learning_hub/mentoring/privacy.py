"""What mentoring holds about a person, for "download my data" and account deletion.

Deletion (decided here, documented in docs/PRIVACY.md):
- Requests the person made that never became a mentorship (drafts, pending, queued, withdrawn) are deleted, with
  their offers; a mentor who had one pending simply no longer sees it.
- Their mentorships stay in the coordinators' figures, anonymised: the link to them, their need, languages, country
  preferences and any reason they wrote are removed; an active one is cancelled and the mentor's seat freed.
- As a mentor: their pending offers lose the link to them and fall due at once, so the next `flask mentoring expire`
  passes each request to the requester's next choice (the requester is emailed then); offers not reached yet are
  skipped when reached; their active mentorships are cancelled; their decline reasons are removed.
- Feedback: every comment in a mentorship they were part of is deleted (their own, and the other side's words about
  them); the 1-5 ratings stay, without an author, for the satisfaction figures.
- Goals and meeting notes they wrote are deleted; the other person's own notes stay, still visible only to them.
- Proposed assignments that name them or quote their need are deleted; assignments they created lose the link.
- Cached vectors of their needs (the assignment job embeds them) are deleted.
No email is sent during the deletion itself.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.models import (
    EmbeddingCacheEntry,
    MentorAssignment,
    MentorAssignmentRow,
    MentoringRequest,
    MentorLoad,
    MentorOffer,
    MentorshipFeedback,
    MentorshipNote,
    utcnow,
)
from learning_hub.models.mentoring import OfferState, RequestState
from matching import cache_key, split_sentences

MENTORSHIP_STATES = ("active", "completed", "cancelled")


def _iso(value):
    return value.isoformat(timespec="seconds") + "Z" if value else None


def _name(profile) -> str | None:
    return profile.display_name if profile is not None else None


def export_mentoring(user) -> dict:
    created = list(db.session.scalars(select(MentorAssignment.id).where(MentorAssignment.created_by_id == user.id)))
    profile = user.profile
    if profile is None:
        return {
            "requests": [],
            "offers_received": [],
            "feedback_given": [],
            "notes": [],
            "assignments_created": created,
        }
    pid = profile.id
    requests = [
        {
            "id": r.id,
            "state": r.state,
            "need": r.need,
            "languages": list(r.languages),
            "preferred_countries": list(r.preferred_countries),
            "excluded_countries": list(r.excluded_countries),
            "created_at": _iso(r.created_at),
            "submitted_at": _iso(r.submitted_at),
            "accepted_at": _iso(r.accepted_at),
            "closed_at": _iso(r.closed_at),
            "mentor": _name(r.mentor),
            "choices": [{"mentor": _name(o.mentor), "state": o.state, "reason_given": o.reason} for o in r.offers],
        }
        for r in db.session.scalars(
            select(MentoringRequest).where(MentoringRequest.requester_id == pid).order_by(MentoringRequest.id)
        )
    ]
    offers = [
        {
            "request": o.request_id,
            "requester": _name(o.request.requester),
            "state": o.state,
            "offered_at": _iso(o.offered_at),
            "answered_at": _iso(o.answered_at),
            "your_reason": o.reason,
        }
        for o in db.session.scalars(select(MentorOffer).where(MentorOffer.mentor_id == pid).order_by(MentorOffer.id))
    ]
    feedback = [
        {
            "mentorship": f.request_id,
            "as": f.side,
            "rating": f.rating,
            "comment": f.comment,
            "given_at": _iso(f.created_at),
        }
        for f in db.session.scalars(select(MentorshipFeedback).where(MentorshipFeedback.author_id == pid))
    ]
    notes = [
        {
            "mentorship": n.request_id,
            "kind": n.kind,
            "text": n.text,
            "met_on": n.met_on.isoformat() if n.met_on else None,
            "written_at": _iso(n.created_at),
        }
        for n in db.session.scalars(
            select(MentorshipNote).where(MentorshipNote.author_id == pid).order_by(MentorshipNote.id)
        )
    ]
    load = db.session.get(MentorLoad, pid)
    return {
        "requests": requests,
        "offers_received": offers,
        "feedback_given": feedback,
        "notes": notes,
        "active_mentees": load.active if load else 0,
        "assignments_created": created,
    }


def _need_cache_keys(needs: list[str]) -> list[str]:
    encoder = engine.encoder()
    texts = set(needs) | {s for need in needs for s in split_sentences(need)}
    return sorted({cache_key(encoder, t) for t in texts if t})


def erase_mentoring(user) -> None:
    db.session.execute(
        db.update(MentorAssignment).where(MentorAssignment.created_by_id == user.id).values(created_by_id=None)
    )
    db.session.execute(
        db.update(MentorAssignment).where(MentorAssignment.published_by_id == user.id).values(published_by_id=None)
    )
    profile = user.profile
    if profile is None:
        return
    pid, now = profile.id, utcnow()
    mine = MentoringRequest.requester_id == pid
    needs = list(db.session.scalars(select(MentoringRequest.need).where(mine)))
    involved = list(
        db.session.scalars(
            select(MentoringRequest.id).where(
                or_(mine, MentoringRequest.mentor_id == pid), MentoringRequest.state.in_(MENTORSHIP_STATES)
            )
        )
    )
    # The mentor of an active mentorship this person asked for gets their seat back.
    for mentor_id in db.session.scalars(
        select(MentoringRequest.mentor_id).where(mine, MentoringRequest.state == RequestState.ACTIVE)
    ):
        if mentor_id is not None:
            db.session.execute(
                db.update(MentorLoad)
                .where(MentorLoad.profile_id == mentor_id, MentorLoad.active > 0)
                .values(active=MentorLoad.active - 1)
            )
    db.session.execute(
        db.update(MentoringRequest)
        .where(or_(mine, MentoringRequest.mentor_id == pid), MentoringRequest.state == RequestState.ACTIVE)
        .values(state="cancelled", closed_at=now, closed_by="system", close_reason=None)
    )
    db.session.execute(db.delete(MentoringRequest).where(mine, MentoringRequest.state.not_in(MENTORSHIP_STATES)))
    db.session.execute(
        db.delete(MentorAssignmentRow).where(
            or_(
                MentorAssignmentRow.mentor_id == pid,
                MentorAssignmentRow.request_id.in_(select(MentoringRequest.id).where(mine)),
            )
        )
    )
    db.session.execute(
        db.update(MentoringRequest).where(mine, MentoringRequest.closed_by == "mentee").values(close_reason=None)
    )
    db.session.execute(
        db.update(MentoringRequest)
        .where(MentoringRequest.mentor_id == pid, MentoringRequest.closed_by == "mentor")
        .values(close_reason=None)
    )
    db.session.execute(
        db.update(MentorOffer)
        .where(MentorOffer.request_id.in_(select(MentoringRequest.id).where(mine)))
        .values(need_excerpt=None)
    )
    db.session.execute(
        db.update(MentoringRequest)
        .where(mine)
        .values(
            requester_id=None,
            need="",
            languages=[],
            preferred_countries=[],
            excluded_countries=[],
            requester_country=None,
        )
    )
    # As a mentor: pending offers fall due now (the sweep passes them on), the rest just lose the link.
    db.session.execute(
        db.update(MentorOffer)
        .where(MentorOffer.mentor_id == pid, MentorOffer.state == OfferState.PENDING)
        .values(due_at=now, token_hash=None)
    )
    db.session.execute(db.update(MentorOffer).where(MentorOffer.mentor_id == pid).values(mentor_id=None, reason=None))
    db.session.execute(db.update(MentoringRequest).where(MentoringRequest.mentor_id == pid).values(mentor_id=None))
    db.session.execute(db.delete(MentorLoad).where(MentorLoad.profile_id == pid))
    if involved:
        db.session.execute(
            db.update(MentorshipFeedback).where(MentorshipFeedback.request_id.in_(involved)).values(comment=None)
        )
    db.session.execute(db.update(MentorshipFeedback).where(MentorshipFeedback.author_id == pid).values(author_id=None))
    db.session.execute(db.delete(MentorshipNote).where(MentorshipNote.author_id == pid))
    keys = _need_cache_keys(needs)
    for start in range(0, len(keys), 500):
        db.session.execute(db.delete(EmbeddingCacheEntry).where(EmbeddingCacheEntry.key.in_(keys[start : start + 500])))

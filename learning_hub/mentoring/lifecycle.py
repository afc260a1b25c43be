"""A mentorship's life: active, then completed (each side gives a 1-5 rating and a comment) or cancelled; goals and
meeting notes along the way, private to the two people.

Only the mentee and the mentor see a mentorship (anyone else: NotFound). Ending it frees the mentor's seat in the same
transaction that moves the state, so the load count and the mentorships always agree. Feedback goes to the
programme's coordinators (their report), not to the other person.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from learning_hub.email import absolute_url as link
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.forms import has_control_chars
from learning_hub.mentoring import seats
from learning_hub.mentoring.notify import Mail, send_all
from learning_hub.mentoring.states import move_request
from learning_hub.models import MentoringRequest, MentorshipFeedback, MentorshipNote, User, utcnow
from learning_hub.models.mentoring import NOTE_KINDS, RequestState

TEXT_MAX = 2000
MAX_NOTES = 200  # per mentorship: a generous bound that keeps one page readable


def get_mentorship(actor: User, request_id: int) -> tuple[MentoringRequest, str]:
    """(the mentorship, the actor's side: "mentee" or "mentor")."""
    request = db.session.get(MentoringRequest, request_id)
    side = request.side_of(actor.profile.id) if request is not None and actor.profile is not None else None
    if side is None or not request.is_mentorship:
        raise NotFound(_("There is no such mentorship."))
    return request, side


def _text(value: str | None, field: str, *, required: bool) -> str | None:
    value = (value or "").strip()
    if has_control_chars(value):
        raise ValidationError(_("Remove the invisible control characters from this field."), field=field)
    if required and not value:
        raise ValidationError(_("This field is required."), field=field)
    if len(value) > TEXT_MAX:
        raise ValidationError(_("Use at most %(n)s characters.", n=TEXT_MAX), field=field)
    return value or None


def _rating(value) -> int:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."), field="rating")
    return rating


def _other(request: MentoringRequest, side: str) -> int | None:
    return request.mentor_id if side == "mentee" else request.requester_id


def _add_feedback(request: MentoringRequest, actor: User, side: str, rating, comment) -> None:
    db.session.add(
        MentorshipFeedback(
            request_id=request.id,
            author_id=actor.profile.id,
            side=side,
            rating=_rating(rating),
            comment=_text(comment, "comment", required=True),
        )
    )


def complete(actor: User, request_id: int, *, rating, comment) -> MentoringRequest:
    """End an active mentorship as completed, with the actor's rating and comment; the other side is asked for
    theirs."""
    request, side = get_mentorship(actor, request_id)
    rating, comment = _rating(rating), _text(comment, "comment", required=True)
    move_request(request.id, "complete", closed_at=utcnow(), closed_by=side)
    seats.release_seat(request.mentor_id)
    _add_feedback(request, actor, side, rating, comment)
    db.session.commit()
    send_all(
        [
            Mail(
                _other(request, side),
                "completed",
                _l("Your mentorship is complete: how did it go?"),
                {"other": actor.display_name, "link": link("mentoring.mentorship", request_id=request.id)},
            )
        ]
    )
    db.session.refresh(request)
    return request


def cancel(actor: User, request_id: int, *, reason: str | None) -> MentoringRequest:
    """End an active mentorship early; the other side is told (with the reason, if one is given)."""
    request, side = get_mentorship(actor, request_id)
    reason = _text(reason, "reason", required=False)
    move_request(request.id, "cancel", closed_at=utcnow(), closed_by=side, close_reason=reason)
    seats.release_seat(request.mentor_id)
    db.session.commit()
    send_all(
        [
            Mail(
                _other(request, side),
                "cancelled",
                _l("A mentorship was cancelled"),
                {
                    "other": actor.display_name,
                    "reason": reason,
                    "link": link("mentoring.mentorship", request_id=request.id),
                },
            )
        ]
    )
    db.session.refresh(request)
    return request


def give_feedback(actor: User, request_id: int, *, rating, comment) -> MentorshipFeedback:
    """The second side's rating and comment on a completed mentorship (once per side)."""
    request, side = get_mentorship(actor, request_id)
    if request.state != RequestState.COMPLETED:
        raise Conflict(_("Feedback is given once the mentorship is completed."))
    if request.feedback_of(side) is not None:
        raise Conflict(_("You have already given your feedback."))
    _add_feedback(request, actor, side, rating, comment)
    try:
        db.session.commit()
    except IntegrityError:  # the same person answering twice at once: the unique (request, side) keeps one
        db.session.rollback()
        raise Conflict(_("You have already given your feedback.")) from None
    return request.feedback_of(side)


def add_note(actor: User, request_id: int, *, kind: str, text: str, met_on: date | None = None) -> MentorshipNote:
    """A goal or a meeting note; allowed while the mentorship is active, and afterwards to wrap up."""
    request, _side = get_mentorship(actor, request_id)
    if kind not in NOTE_KINDS:
        raise ValidationError(_("Choose a goal or a meeting note."), field="kind")
    if request.state == RequestState.CANCELLED:
        raise Conflict(_("This mentorship was cancelled; its notes can no longer change."))
    if len(request.notes) >= MAX_NOTES:
        raise Conflict(_("This mentorship has reached the limit of %(n)s notes.", n=MAX_NOTES))
    if met_on is not None and not date(2000, 1, 1) <= met_on <= date(2100, 12, 31):
        raise ValidationError(_("Enter a real date."), field="met_on")
    note = MentorshipNote(
        request_id=request.id,
        author_id=actor.profile.id,
        kind=kind,
        text=_text(text, "text", required=True),
        met_on=met_on if kind == "note" else None,
    )
    db.session.add(note)
    db.session.commit()
    return note


def delete_note(actor: User, request_id: int, note_id: int) -> None:
    """People delete their own notes only."""
    request, _side = get_mentorship(actor, request_id)
    note = db.session.get(MentorshipNote, note_id)
    if note is None or note.request_id != request.id or note.author_id != actor.profile.id:
        raise NotFound(_("There is no such note."))
    db.session.delete(note)
    db.session.commit()


def my_mentorships(actor: User) -> list[tuple[MentoringRequest, str]]:
    if actor.profile is None:
        return []
    pid = actor.profile.id
    rows = db.session.scalars(
        db.select(MentoringRequest)
        .where(
            MentoringRequest.state.in_((RequestState.ACTIVE, RequestState.COMPLETED, RequestState.CANCELLED)),
            (MentoringRequest.requester_id == pid) | (MentoringRequest.mentor_id == pid),
        )
        .order_by(MentoringRequest.accepted_at.desc())
    )
    return [(r, r.side_of(pid)) for r in rows]

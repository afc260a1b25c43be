"""The requester's side: describe a need (a draft), see suggestions, choose up to three mentors in order, withdraw.

Services take the actor, raise domain errors and commit; emails go out after the commit. Someone else's request
is NotFound, so its existence does not leak.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from learning_hub import vocab
from learning_hub.email import absolute_url as link
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.forms import has_control_chars
from learning_hub.mentoring import cascade, suggest
from learning_hub.mentoring.notify import Mail, send_all
from learning_hub.mentoring.states import close_open_offers, delete_request, move_request
from learning_hub.models import MentoringRequest, MentorOffer, Profile, RequestState, User, utcnow

MAX_CHOICES = 3
MAX_OPEN = 3  # pending or queued requests one person may have at a time
NEED_MIN, NEED_MAX = 20, 2000
OPEN_STATES = (RequestState.PENDING.value, RequestState.QUEUED.value)


def _profile(actor: User) -> Profile:
    if actor.profile is None:
        raise ValidationError(_("Fill in your profile before asking for a mentor."))
    return actor.profile


def clean_need(text: str | None) -> str:
    text = (text or "").strip()
    if has_control_chars(text):
        raise ValidationError(_("Remove the invisible control characters from this field."), field="need")
    if not NEED_MIN <= len(text) <= NEED_MAX:
        raise ValidationError(
            _("Describe what you need in %(min)s to %(max)s characters.", min=NEED_MIN, max=NEED_MAX), field="need"
        )
    return text


def _codes(values, field: str, *, countries: bool) -> list[str]:
    codes = list(dict.fromkeys((v or "").strip() for v in values or [] if (v or "").strip()))
    codes = [c.upper() for c in codes] if countries else codes
    unknown = [c for c in codes if not (vocab.is_country(c) if countries else c in vocab.PROFILE_LANGUAGES)]
    if unknown:
        raise ValidationError(_("Unknown choice: %(values)s", values=", ".join(unknown[:5])), field=field)
    return codes


def create_draft(actor: User, *, need: str, languages, preferred_countries, excluded_countries) -> MentoringRequest:
    """Write down the need; the next page shows ranked suggestions for it."""
    profile = _profile(actor)
    need = clean_need(need)
    languages = _codes(languages, "languages", countries=False)
    preferred = _codes(preferred_countries, "preferred_countries", countries=True)
    excluded = _codes(excluded_countries, "excluded_countries", countries=True)
    both = sorted(set(preferred) & set(excluded))
    if both:
        raise ValidationError(
            _(
                "A country cannot be both preferred and excluded: %(codes)s",
                codes=", ".join(vocab.country_name(c) for c in both),
            ),
            field="excluded_countries",
        )
    open_count = db.session.scalar(
        select(func.count(MentoringRequest.id)).where(
            MentoringRequest.requester_id == profile.id, MentoringRequest.state.in_(OPEN_STATES)
        )
    )
    if open_count >= MAX_OPEN:
        raise Conflict(
            _("You already have %(n)s open requests. Wait for an answer or withdraw one first.", n=open_count)
        )
    # One draft at a time: an abandoned one is replaced.
    db.session.execute(
        db.delete(MentoringRequest).where(
            MentoringRequest.requester_id == profile.id, MentoringRequest.state == RequestState.DRAFT.value
        )
    )
    request = MentoringRequest(
        requester_id=profile.id,
        state=RequestState.DRAFT.value,
        need=need,
        languages=languages,
        preferred_countries=preferred,
        excluded_countries=excluded,
        requester_country=profile.country,
    )
    db.session.add(request)
    db.session.commit()
    return request


def get_request(actor: User, request_id: int) -> MentoringRequest:
    request = db.session.get(MentoringRequest, request_id)
    if request is None or actor.profile is None or request.requester_id != actor.profile.id:
        raise NotFound(_("There is no such mentoring request."))
    return request


def my_requests(actor: User) -> list[MentoringRequest]:
    if actor.profile is None:
        return []
    return list(
        db.session.scalars(
            select(MentoringRequest)
            .where(MentoringRequest.requester_id == actor.profile.id)
            .order_by(MentoringRequest.id.desc())
        )
    )


def submit(actor: User, request_id: int, choices: list[int]) -> MentoringRequest:
    """Send the draft to the first of up to three chosen mentors (in order), or to the coordinators if none."""
    request = get_request(actor, request_id)
    if request.state != RequestState.DRAFT.value:
        raise Conflict(_("This request has already been sent."))
    choices = list(dict.fromkeys(int(c) for c in choices if c))
    if len(choices) > MAX_CHOICES:
        raise ValidationError(_("Choose at most three mentors."), field="choices")
    offered = {int(s.mentor.profile_id): s for s in suggest.suggestions_for(request)}
    gone = [c for c in choices if c not in offered]
    if gone:
        raise ValidationError(
            _("One of the mentors you chose can no longer take requests. Please choose again from the list."),
            field="choices",
        )
    now, mails = utcnow(), []
    if choices:
        move_request(request.id, "submit", submitted_at=now)
        for position, mentor_id in enumerate(choices, start=1):
            s = offered[mentor_id]
            db.session.add(
                MentorOffer(
                    request_id=request.id,
                    mentor_id=mentor_id,
                    position=position,
                    origin="requester",
                    state="waiting",
                    score=s.score,
                    terms=list(s.terms),
                    experience_excerpt=s.experience_excerpt,
                    need_excerpt=s.need_excerpt,
                )
            )
        db.session.flush()
        first = cascade.open_next(request.id, now, mails)
    else:
        move_request(request.id, "queue", submitted_at=now, queued_at=now)
        first = None
    mails.insert(
        0,
        Mail(
            request.requester_id,
            "submitted",
            _l("Your mentoring request is on its way"),
            {
                "first": first.mentor.display_name if first and first.mentor else None,
                "days": cascade.response_days(),
                "request_link": link("mentoring.request_detail", request_id=request.id),
            },
        ),
    )
    db.session.commit()
    send_all(mails)
    return db.session.get(MentoringRequest, request.id)


def withdraw(actor: User, request_id: int) -> MentoringRequest:
    """Take back a request nobody has accepted yet; a mentor who was asked is told."""
    request = get_request(actor, request_id)
    now = utcnow()
    move_request(request.id, "withdraw", closed_at=now, closed_by="mentee")
    asked = close_open_offers(request.id)
    requester = request.requester.display_name if request.requester else ""
    mails = [
        Mail(
            pid,
            "withdrawn",
            _l("A mentoring request was withdrawn"),
            {"requester": requester, "inbox_link": link("mentoring.inbox")},
        )
        for pid in asked
    ]
    db.session.commit()
    send_all(mails)
    db.session.refresh(request)
    return request


def discard(actor: User, request_id: int) -> None:
    """Throw away a draft that was never sent."""
    request = get_request(actor, request_id)
    delete_request(request.id, "discard")
    db.session.commit()

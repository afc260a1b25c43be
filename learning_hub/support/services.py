"""Support requests: a reformer describes an implementation need; coordinators triage and broker it.

Rules (the pages and the API alike):
- a request belongs to its requester's profile; it may name one of their own reforms or a commitment draft;
- the rapid-response flag asks for a window of opportunity: it needs a "needed by" date within RAPID_DAYS days
  from today (and not in the past); such requests head the coordinators' triage queue with the time left;
- the requester and coordinators read a request; staff of an organisation with a connection on it read it too;
  partner staff otherwise see only the need itself (the dashboards and an offer's fitting needs), never the
  requester's profile, and only when the requester agreed to share it with partners;
- a coordinator's first action on a request (a proposal, closing it) is its first response; a rapid-response
  request nobody acted on within ALERT_WORKING_DAYS working days is brought to every coordinator once (tasks.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from learning_hub.errors import Forbidden, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.forms import has_control_chars
from learning_hub.models import (
    CommitmentDraft,
    NeedState,
    PartnerStaff,
    Reform,
    SupportConnection,
    SupportRequest,
    User,
    utcnow,
)
from learning_hub.models.partners import OPEN_CONNECTION_STATES
from learning_hub.partners import services as partners
from learning_hub.partners import vocab as partner_vocab

RAPID_DAYS = 30
ALERT_WORKING_DAYS = 3
TITLE_MAX = 200
TEXT_MAX = 4000
OUTCOME_MAX = 500


@dataclass
class NeedInput:
    title: str
    need: str
    kind: str
    country: str
    areas: list[str] = field(default_factory=list)
    needed_by: date | None = None
    size: str | None = None
    others_involved: str | None = None
    language: str = "en"
    rapid: bool = False
    reform_id: int | None = None
    draft_id: int | None = None
    share_with_partners: bool = True


def working_days_between(start: datetime, end: datetime) -> int:
    """Whole working days (Monday to Friday) from `start` to `end`: the days after start's date up to and including
    end's date that are weekdays."""
    days, day = 0, start.date()
    while day < end.date():
        day += timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def _text(value: str | None, field_name: str, limit: int, required: bool = True) -> str | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError(_("This field is required."), field=field_name)
        return None
    if len(value) > limit:
        raise ValidationError(_("This text is too long."), field=field_name)
    if has_control_chars(value.replace("\n", "").replace("\r", "").replace("\t", "")):
        raise ValidationError(_("Remove the control characters from this text."), field=field_name)
    return value


def _apply(actor: User, row: SupportRequest, data: NeedInput, today: date) -> None:
    from learning_hub import vocab

    if data.kind not in partner_vocab.SUPPORT_KINDS:
        raise ValidationError(_("Choose a kind of support."), field="kind")
    if not vocab.is_country(data.country):
        raise ValidationError(_("Choose a country."), field="country")
    if data.language not in partner_vocab.TEXT_LANGUAGES:
        raise ValidationError(_("Choose a language."), field="language")
    if data.needed_by is not None and data.needed_by < today:
        raise ValidationError(_("This date has passed."), field="needed_by")
    if data.rapid and (data.needed_by is None or data.needed_by > today + timedelta(days=RAPID_DAYS)):
        raise ValidationError(
            _(
                "Rapid response is for a window of opportunity: give a date within %(days)s days.",
                days=RAPID_DAYS,
            ),
            field="needed_by",
        )
    row.title = _text(data.title, "title", TITLE_MAX)
    row.need = _text(data.need, "need", TEXT_MAX)
    row.kind = data.kind
    row.country = data.country.upper()
    row.areas = [a for a in vocab.POLICY_AREAS if a in set(data.areas or [])]
    row.needed_by = data.needed_by
    row.size = _text(data.size, "size", 200, required=False)
    row.others_involved = _text(data.others_involved, "others_involved", TEXT_MAX, required=False)
    row.language = data.language
    row.rapid = bool(data.rapid)
    row.share_with_partners = bool(data.share_with_partners)
    profile = actor.profile
    row.reform_id = None
    if data.reform_id:
        reform = db.session.get(Reform, data.reform_id)
        if reform is None or reform.profile_id != profile.id:
            raise ValidationError(_("Choose one of your own reforms."), field="reform_id")
        row.reform_id = reform.id
    row.draft_id = None
    if data.draft_id:
        draft = db.session.get(CommitmentDraft, data.draft_id)
        if draft is None or draft.id not in {d.id for d in my_drafts(actor)}:
            raise ValidationError(_("Choose a commitment draft of your forum."), field="draft_id")
        row.draft_id = draft.id


def my_drafts(actor: User) -> list[CommitmentDraft]:
    """The commitment drafts of the action plans whose forum the actor belongs to."""
    from learning_hub.models import ForumMember

    return list(
        db.session.scalars(
            select(CommitmentDraft)
            .join(ForumMember, ForumMember.plan_id == CommitmentDraft.plan_id)
            .where(ForumMember.user_id == actor.id)
            .order_by(CommitmentDraft.id)
        )
    )


def _profile(actor: User):
    if actor is None or actor.profile is None:
        raise ValidationError(_("Fill in your profile first."))
    return actor.profile


def create_request(actor: User, data: NeedInput, today: date | None = None) -> SupportRequest:
    profile = _profile(actor)
    row = SupportRequest(requester_id=profile.id, state=NeedState.OPEN.value)
    _apply(actor, row, data, today or utcnow().date())
    db.session.add(row)
    db.session.commit()
    _after_saved(row, actor)
    return row


def update_request(actor: User, need_id: int, data: NeedInput, today: date | None = None) -> SupportRequest:
    row = get_request(actor, need_id)
    if row.requester_id != actor.profile.id:
        raise Forbidden(_("Only the person who asked edits a support request."))
    if row.state == NeedState.CLOSED:
        raise ValidationError(_("This request is closed."))
    _apply(actor, row, data, today or utcnow().date())
    db.session.commit()
    _after_saved(row, actor)
    return row


def _after_saved(row: SupportRequest, actor: User) -> None:
    from learning_hub.support.tasks import schedule_embedding

    schedule_embedding("need", row.id, actor)


def connected_staff_ids(row: SupportRequest) -> set[int]:
    org_ids = {c.offer.organisation_id for c in row.connections}
    if not org_ids:
        return set()
    return set(db.session.scalars(select(PartnerStaff.user_id).where(PartnerStaff.organisation_id.in_(org_ids))))


def may_read(actor: User, row: SupportRequest) -> bool:
    if partners.is_coordinator(actor):
        return True
    if actor.profile is not None and row.requester_id == actor.profile.id:
        return True
    return actor.id in connected_staff_ids(row)


def get_request(actor: User, need_id: int) -> SupportRequest:
    """The request, for those who may read it; everyone else gets NotFound (as if it did not exist)."""
    row = db.session.get(SupportRequest, need_id)
    if row is None or not may_read(actor, row):
        raise NotFound(_("There is no such support request."))
    return row


def my_requests(actor: User) -> list[SupportRequest]:
    if actor.profile is None:
        return []
    return list(
        db.session.scalars(
            select(SupportRequest)
            .where(SupportRequest.requester_id == actor.profile.id)
            .order_by(SupportRequest.created_at.desc())
        )
    )


def mark_first_response(row: SupportRequest, now: datetime | None = None) -> None:
    if row.first_response_at is None:
        row.first_response_at = now or utcnow()


def close_request(actor: User, need_id: int, outcome: str | None) -> SupportRequest:
    row = get_request(actor, need_id)
    mine = actor.profile is not None and row.requester_id == actor.profile.id
    if not (mine or partners.is_coordinator(actor)):
        raise Forbidden(_("Only the person who asked and coordinators close a support request."))
    if row.state == NeedState.CLOSED:
        raise ValidationError(_("This request is closed."))
    row.outcome = _text(outcome, "outcome", OUTCOME_MAX, required=False)
    row.state = NeedState.CLOSED.value
    row.closed_at = utcnow()
    if not mine:
        mark_first_response(row)
    db.session.commit()
    return row


# ---------------------------------------------------------------- triage


@dataclass(frozen=True)
class TriageRow:
    need: SupportRequest
    days_left: int | None  # until "needed by" (negative: overdue)
    waiting_working_days: int  # since it was posted, while nobody acted
    overdue_alert: bool  # rapid, nobody acted within ALERT_WORKING_DAYS working days


def triage(actor: User, now: datetime | None = None) -> list[TriageRow]:
    """Open and brokering requests: rapid-response first (soonest deadline first), then the others oldest first."""
    if not partners.is_coordinator(actor):
        raise Forbidden(_("Only coordinators triage support requests."))
    now = now or utcnow()
    rows = db.session.scalars(select(SupportRequest).where(SupportRequest.state != NeedState.CLOSED)).all()
    out = []
    for need in rows:
        waiting = 0 if need.first_response_at else working_days_between(need.created_at, now)
        out.append(
            TriageRow(
                need,
                (need.needed_by - now.date()).days if need.needed_by else None,
                waiting,
                bool(need.rapid and not need.first_response_at and waiting >= ALERT_WORKING_DAYS),
            )
        )
    return sorted(
        out,
        key=lambda r: (
            not r.need.rapid,
            r.need.needed_by or date.max if r.need.rapid else date.max,
            r.need.created_at,
        ),
    )


def unanswered_rapid(now: datetime) -> list[SupportRequest]:
    """Rapid-response requests nobody acted on within ALERT_WORKING_DAYS working days and not alerted yet."""
    rows = db.session.scalars(
        select(SupportRequest).where(
            SupportRequest.rapid.is_(True),
            SupportRequest.state != NeedState.CLOSED,
            SupportRequest.first_response_at.is_(None),
            SupportRequest.alerted_at.is_(None),
        )
    ).all()
    return [row for row in rows if working_days_between(row.created_at, now) >= ALERT_WORKING_DAYS]


def open_connections(row: SupportRequest) -> list[SupportConnection]:
    return [c for c in row.connections if c.state in OPEN_CONNECTION_STATES]


def shared_needs() -> list[SupportRequest]:
    """Needs their requesters share with partners, still open or being brokered."""
    return list(
        db.session.scalars(
            select(SupportRequest)
            .where(SupportRequest.state != NeedState.CLOSED, SupportRequest.share_with_partners.is_(True))
            .order_by(SupportRequest.id)
        )
    )

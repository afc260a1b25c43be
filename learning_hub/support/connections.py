"""Connections between a support request and a partner offer, brokered by coordinators.

States (models.partners.ConnectionState): proposed -> introduced -> in_discussion -> support_agreed -> delivered,
or declined with a reason from any open state.
- A coordinator proposes a connection (a need, an offer, a contact among the organisation's staff, a reason).
- Both sides accept through the introductions: the requester's acceptance sends an introduction request
  (purpose "implementation support") to the partner contact; the partner contact's acceptance accepts that
  introduction, so the two learn each other's email address and may talk, and the connection is "introduced".
  Either side may decline with a reason instead.
- After that, either side or a coordinator moves it on, one state at a time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from learning_hub import spreadsheets
from learning_hub.errors import Conflict, Forbidden, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.introductions import services as introductions
from learning_hub.models import (
    ConnectionState,
    Introduction,
    NeedState,
    PartnerOffer,
    PartnerStaff,
    Role,
    SupportConnection,
    SupportRequest,
    User,
    utcnow,
)
from learning_hub.models.introduction import IntroductionState
from learning_hub.models.partners import CONNECTION_NEXT, OPEN_CONNECTION_STATES
from learning_hub.partners import services as partners
from learning_hub.support import services

REASON_MAX = 500


def _is_requester(actor: User, connection: SupportConnection) -> bool:
    return actor.profile is not None and connection.need.requester_id == actor.profile.id


def _is_partner(actor: User, connection: SupportConnection) -> bool:
    return actor.has_role(Role.PARTNER) and partners.is_staff(actor, connection.offer.organisation)


def get_connection(actor: User, connection_id: int) -> SupportConnection:
    row = db.session.get(SupportConnection, connection_id)
    if row is None or not (partners.is_coordinator(actor) or _is_requester(actor, row) or _is_partner(actor, row)):
        raise NotFound(_("There is no such connection."))
    return row


def side_of(actor: User, connection: SupportConnection) -> str | None:
    if _is_requester(actor, connection):
        return "requester"
    if _is_partner(actor, connection):
        return "partner"
    return None


def propose(actor: User, need_id: int, offer_id: int, reason: str | None, contact_user_id: int | None = None):
    if not partners.is_coordinator(actor):
        raise Forbidden(_("Only coordinators propose connections."))
    need = db.session.get(SupportRequest, need_id)
    offer = db.session.get(PartnerOffer, offer_id)
    if need is None or offer is None:
        raise NotFound(_("There is no such support request or offer."))
    if need.state == NeedState.CLOSED:
        raise Conflict(_("This request is closed."))
    if offer.expired(utcnow().date()) or not offer.active:
        raise Conflict(_("This offer is no longer valid."))
    if not offer.serves(need.country):
        raise Conflict(_("This offer does not serve the request's country."))
    staff = [row.user for row in offer.organisation.staff if row.user.active and row.user.has_role(Role.PARTNER)]
    contact = next((u for u in staff if u.id == contact_user_id), None) if contact_user_id else None
    contact = contact or (staff[0] if staff else None)
    if contact is None or contact.profile is None:
        raise Conflict(_("This organisation has no staff member on the platform to introduce."))
    exists = db.session.scalar(
        select(SupportConnection.id).where(SupportConnection.need_id == need.id, SupportConnection.offer_id == offer.id)
    )
    if exists:
        raise Conflict(_("This offer was already proposed for this request."))
    reason = (reason or "").strip()[:REASON_MAX] or None
    row = SupportConnection(
        need_id=need.id,
        offer_id=offer.id,
        partner_user_id=contact.id,
        proposed_by_id=actor.id,
        reason=reason,
        state=ConnectionState.PROPOSED.value,
    )
    db.session.add(row)
    services.mark_first_response(need)
    if need.state == NeedState.OPEN:
        need.state = NeedState.BROKERING.value
    db.session.commit()
    _tell(row, need.requester, contact)
    return row


def _tell(row: SupportConnection, *recipients) -> None:
    from learning_hub.notifications import services as notifications

    for recipient in recipients:
        if recipient is not None:
            notifications.notify(
                recipient, "support_connection", {"title": row.need.title}, f"/support/connections/{row.id}"
            )


def _introduction_message(row: SupportConnection) -> str:
    text = _(
        "A coordinator proposed that %(organisation)s could help with my request: %(title)s. %(need)s",
        organisation=row.offer.organisation.name,
        title=row.need.title,
        need=row.need.need,
    )
    return text[: introductions.MESSAGE_MAX]


def accept(actor: User, connection_id: int) -> SupportConnection:
    """One side accepts. The requester's acceptance sends the introduction request to the partner contact; the
    partner contact's acceptance (before or after) accepts it: with both, the connection is "introduced"."""
    row = get_connection(actor, connection_id)
    side = side_of(actor, row)
    if row.state != ConnectionState.PROPOSED or side is None:
        raise Conflict(_("This connection is not waiting for your answer."))
    if side == "requester":
        if row.requester_accepted_at:
            raise Conflict(_("You already accepted."))
        intro = introductions.ask(
            actor, row.partner_user.profile.id, "implementation_support", _introduction_message(row)
        )
        row.introduction_id = intro.id
        row.requester_accepted_at = utcnow()
    else:
        if row.partner_accepted_at:
            raise Conflict(_("You already accepted."))
        if row.introduction_id is None:
            row.partner_user_id = actor.id  # the colleague who accepted becomes the contact
        elif actor.id != row.partner_user_id:
            raise Conflict(_("The introduction was sent to your colleague, who answers it."))
        row.partner_accepted_at = utcnow()
    db.session.commit()
    if row.requester_accepted_at and row.partner_accepted_at:
        intro = db.session.get(Introduction, row.introduction_id)
        if intro is not None and intro.state == IntroductionState.PENDING:
            # the partner contact said yes on the connection: that is their answer to the introduction
            introductions.accept(row.partner_user, intro.id)
        row.state = ConnectionState.INTRODUCED.value
        row.state_changed_at = utcnow()
        db.session.commit()
        _tell(row, row.need.requester, row.partner_user)
    return row


def decline(actor: User, connection_id: int, reason: str | None) -> SupportConnection:
    row = get_connection(actor, connection_id)
    if row.state not in OPEN_CONNECTION_STATES:
        raise Conflict(_("This connection is already closed."))
    if side_of(actor, row) is None and not partners.is_coordinator(actor):
        raise Forbidden(_("Only the two sides and coordinators decline a connection."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why, in a few words."), field="reason")
    row.state = ConnectionState.DECLINED.value
    row.decline_reason = reason[:REASON_MAX]
    row.state_changed_at = utcnow()
    if row.introduction_id:
        intro = db.session.get(Introduction, row.introduction_id)
        if intro is not None and intro.state == IntroductionState.PENDING:
            intro.state = IntroductionState.DECLINED.value
            intro.answered_at = utcnow()
            intro.decline_reason = row.decline_reason
    if row.need.state == NeedState.BROKERING and not services.open_connections(row.need):
        row.need.state = NeedState.OPEN.value
    db.session.commit()
    _tell(row, row.need.requester, row.partner_user)
    return row


def advance(actor: User, connection_id: int, to: str) -> SupportConnection:
    row = get_connection(actor, connection_id)
    if side_of(actor, row) is None and not partners.is_coordinator(actor):
        raise Forbidden(_("Only the two sides and coordinators move a connection on."))
    try:
        target = ConnectionState(to)
    except ValueError:
        raise ValidationError(_("Choose a known state.")) from None
    if target not in CONNECTION_NEXT[ConnectionState(row.state)] or target == ConnectionState.INTRODUCED:
        raise Conflict(_("This connection cannot move to that state now."))
    row.state = target.value
    row.state_changed_at = utcnow()
    if target == ConnectionState.DELIVERED:
        need = row.need
        need.state = NeedState.CLOSED.value
        need.closed_at = utcnow()
        need.outcome = need.outcome or _(
            "Support delivered by %(organisation)s", organisation=row.offer.organisation.name
        )
    db.session.commit()
    return row


def next_states(row: SupportConnection) -> tuple[ConnectionState, ...]:
    return tuple(s for s in CONNECTION_NEXT[ConnectionState(row.state)] if s != ConnectionState.INTRODUCED)


def my_connections(actor: User) -> list[SupportConnection]:
    """Connections on the actor's own requests, and on the offers of the organisations they work for."""
    org_ids = select(PartnerStaff.organisation_id).where(PartnerStaff.user_id == actor.id)
    query = select(SupportConnection).join(SupportRequest).join(PartnerOffer)
    mine = SupportRequest.requester_id == actor.profile.id if actor.profile is not None else False
    if actor.has_role(Role.PARTNER):
        query = query.where(mine | PartnerOffer.organisation_id.in_(org_ids))
    else:
        query = query.where(mine)
    return list(db.session.scalars(query.order_by(SupportConnection.id.desc())))


# ---------------------------------------------------------------- the pipeline


@dataclass(frozen=True)
class Column:
    state: str
    connections: list


def pipeline(actor: User, country: str | None = None, area: str | None = None) -> list[Column]:
    if not partners.is_coordinator(actor):
        raise Forbidden(_("Only coordinators see the pipeline."))
    rows = _filtered(country, area)
    return [Column(state.value, [r for r in rows if r.state == state]) for state in ConnectionState]


def _filtered(country: str | None, area: str | None) -> list[SupportConnection]:
    rows = db.session.scalars(
        select(SupportConnection).join(SupportRequest).order_by(SupportRequest.country, SupportConnection.id)
    ).all()
    if country:
        rows = [r for r in rows if r.need.country == country]
    if area:
        rows = [r for r in rows if area in r.need.areas]
    return list(rows)


def counts_by_country_and_state(actor: User) -> dict[str, Counter]:
    if not partners.is_coordinator(actor):
        raise Forbidden(_("Only coordinators see the pipeline."))
    found: dict[str, Counter] = {}
    for row in _filtered(None, None):
        found.setdefault(row.need.country, Counter())[row.state] += 1
    return found


CSV_HEADER = (
    "connection_id",
    "state",
    "country",
    "areas",
    "need_id",
    "need_title",
    "kind",
    "rapid",
    "needed_by",
    "organisation",
    "offer_title",
    "proposed_at",
    "state_changed_at",
    "decline_reason",
)


def pipeline_csv(actor: User, country: str | None = None, area: str | None = None) -> str:
    """The pipeline as CSV (formula-safe cells). No personal data: no names or email addresses."""
    if not partners.is_coordinator(actor):
        raise Forbidden(_("Only coordinators export the pipeline."))
    rows = [
        (
            r.id,
            r.state,
            r.need.country,
            "|".join(r.need.areas),
            r.need.id,
            r.need.title,
            r.need.kind,
            "yes" if r.need.rapid else "no",
            r.need.needed_by.isoformat() if r.need.needed_by else "",
            r.offer.organisation.name,
            r.offer.title,
            r.created_at.isoformat(timespec="minutes"),
            r.state_changed_at.isoformat(timespec="minutes"),
            r.decline_reason or "",
        )
        for r in _filtered(country, area)
    ]
    return spreadsheets.csv_text(CSV_HEADER, rows)

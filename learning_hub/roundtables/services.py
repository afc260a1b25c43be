"""Organisers' services: create and edit a roundtable, generate its list, pin or remove people and regenerate.

Services take the actor explicitly, raise domain errors and commit. Roundtables are shared by the organisers (the
policy table lets only organisers and admins reach these services). A list can change while the roundtable is being
planned; once invitations are out it changes only through answers (a decline promotes a substitute, rsvp.py) and an
organiser inviting a substitute by hand.

Generating reads and solves before anything is written (generate.compute), so a list that cannot be made leaves the
database unchanged; the services then re-read the roundtable (row-locked) and store the list in one short transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import Roundtable, RoundtableInvitee, User, utcnow
from learning_hub.roundtables import generate
from learning_hub.roundtables.generate import GeneratedList, ListRules

PAGE_SIZE = 25
PERSON_ACTIONS = ("pin", "unpin", "exclude", "include")


@dataclass(frozen=True)
class Details:
    """Everything about a roundtable except its list rules."""

    title: str
    topic: str
    starts_at: datetime  # naive UTC
    time_zone: str
    duration_minutes: int
    format: str
    location: str | None
    invitation_deadline: datetime  # naive UTC


def _check_details(details: Details, *, creating: bool, previous: Roundtable | None = None) -> None:
    now = utcnow()
    if details.format == "in_person" and not details.location:
        raise ValidationError(_("Give the venue of an in-person roundtable."), field="location")
    if details.invitation_deadline > details.starts_at:
        raise ValidationError(
            _("The invitation deadline must come before the roundtable starts."), field="deadline_date"
        )
    moved = previous is None or previous.starts_at != details.starts_at
    if (creating or moved) and details.starts_at <= now:
        raise ValidationError(_("The roundtable must start in the future."), field="start_date")
    changed_deadline = previous is None or previous.invitation_deadline != details.invitation_deadline
    if (creating or changed_deadline) and details.invitation_deadline <= now:
        raise ValidationError(_("The invitation deadline must be in the future."), field="deadline_date")


def _store_list(roundtable: Roundtable, generated: GeneratedList) -> None:
    db.session.execute(db.delete(RoundtableInvitee).where(RoundtableInvitee.roundtable_id == roundtable.id))
    db.session.add_all(
        RoundtableInvitee(
            roundtable_id=roundtable.id,
            profile_id=row.profile_id,
            list_role=row.list_role,
            rank=row.rank,
            relevance=row.relevance,
            pinned=row.pinned,
            excerpt=row.excerpt,
            terms=row.terms,
            country=row.country or None,
            sector=row.sector or None,
        )
        for row in generated.rows
    )
    roundtable.report = generated.report
    if generated.draw:
        # Every draw is numbered, so the statement invitees read says how many draws this roundtable had.
        roundtable.draw = {**generated.draw, "number": int((roundtable.draw or {}).get("number", 0)) + 1}
    else:
        roundtable.draw = {}
    roundtable.engine_version, roundtable.encoder = generated.engine_version, generated.encoder
    roundtable.generated_at = utcnow()


def create(
    actor: User, details: Details, rules: ListRules, *, attach: Callable[[Roundtable], None] | None = None
) -> Roundtable:
    """A new roundtable with its generated list, or nothing at all when the details or quotas do not allow one.
    `attach` adds what another feature keeps about the roundtable (a commitment workshop's plan and drafts) in the
    same transaction, so either everything is saved or nothing is."""
    _check_details(details, creating=True)
    rules = replace(rules, starts_at=details.starts_at, roundtable_id=None)
    generated = generate.compute(rules)
    roundtable = Roundtable(
        title=details.title,
        topic=details.topic,
        starts_at=details.starts_at,
        time_zone=details.time_zone,
        duration_minutes=details.duration_minutes,
        format=details.format,
        location=details.location,
        invitation_deadline=details.invitation_deadline,
        seats=rules.seats,
        quotas=[row.as_dict() for row in rules.quotas],
        max_per_country=rules.max_per_country,
        pins=list(rules.pins),
        excludes=list(rules.excludes),
        selection=rules.selection,
        series=rules.series,
        created_by_id=actor.id,
    )
    db.session.add(roundtable)
    db.session.flush()
    _store_list(roundtable, generated)
    if attach is not None:
        attach(roundtable)
    db.session.commit()
    return roundtable


def get(actor: User, roundtable_id: int, *, for_update: bool = False) -> Roundtable:
    query = db.select(Roundtable).where(Roundtable.id == roundtable_id)
    if for_update:
        query = query.with_for_update()
    roundtable = db.session.scalars(query).first()
    if roundtable is None:
        raise NotFound(_("There is no such roundtable."))
    return roundtable


def list_roundtables(actor: User, page: int = 1, per_page: int = PAGE_SIZE):
    query = (
        db.select(Roundtable)
        .options(selectinload(Roundtable.created_by))
        .order_by(Roundtable.starts_at.desc(), Roundtable.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def _same_rules(roundtable: Roundtable, rules: ListRules) -> bool:
    return (
        roundtable.seats == rules.seats
        and roundtable.quotas == [r.as_dict() for r in rules.quotas]
        and roundtable.max_per_country == rules.max_per_country
        and sorted(roundtable.pins or []) == sorted(rules.pins)
        and sorted(roundtable.excludes or []) == sorted(rules.excludes)
        and (roundtable.selection or "relevance") == rules.selection
        and (roundtable.series or None) == (rules.series or None)
    )


def update(actor: User, roundtable_id: int, details: Details, rules: ListRules) -> Roundtable:
    """Save the details; while planning, regenerate the list under the (possibly new) rules."""
    roundtable = get(actor, roundtable_id)
    _check_details(details, creating=False, previous=roundtable)
    planning = roundtable.is_planning
    if not planning and not _same_rules(roundtable, rules):
        raise Conflict(
            _(
                "Invitations are out: the seats, quotas, pins, exclusions, series and selection method can no "
                "longer change."
            )
        )
    moved = (roundtable.starts_at, roundtable.duration_minutes, roundtable.format, roundtable.location) != (
        details.starts_at,
        details.duration_minutes,
        details.format,
        details.location,
    )
    if planning:
        rules = replace(rules, starts_at=details.starts_at, roundtable_id=roundtable.id)
    generated = generate.compute(rules) if planning else None
    roundtable = get(actor, roundtable_id, for_update=True)
    if planning and not roundtable.is_planning:
        raise Conflict(_("Invitations went out while you were editing; the list was kept as it was."))
    for name, value in vars(details).items():
        setattr(roundtable, name, value)
    if moved:
        roundtable.sequence += 1  # calendars that imported the old file replace the event
    if generated is not None:
        roundtable.seats = rules.seats
        roundtable.quotas = [row.as_dict() for row in rules.quotas]
        roundtable.max_per_country = rules.max_per_country
        roundtable.pins, roundtable.excludes = list(rules.pins), list(rules.excludes)
        roundtable.selection, roundtable.series = rules.selection, rules.series
        _store_list(roundtable, generated)
    db.session.commit()
    return roundtable


def planning_roundtable(actor: User, roundtable_id: int) -> Roundtable:
    roundtable = get(actor, roundtable_id)
    if not roundtable.is_planning:
        raise Conflict(_("Invitations are out: the list can no longer be regenerated."))
    return roundtable


def regenerate(
    actor: User,
    roundtable_id: int,
    *,
    pins: list[int] | None = None,
    excludes: list[int] | None = None,
    on_write=None,
) -> Roundtable:
    """A fresh list under the roundtable's rules, with these pins and exclusions (by default its own); `on_write`,
    if given, is called in the transaction that stores the list (set_person records the organiser's judgement)."""
    roundtable = planning_roundtable(actor, roundtable_id)
    overrides = {}
    if pins is not None:
        overrides["pins"] = pins
    if excludes is not None:
        overrides["excludes"] = excludes
    rules = ListRules.of(roundtable, **overrides)
    generated = generate.compute(rules)
    roundtable = get(actor, roundtable_id, for_update=True)
    if not roundtable.is_planning:
        raise Conflict(_("Invitations went out in the meantime; the list was kept as it was."))
    roundtable.pins, roundtable.excludes = list(rules.pins), list(rules.excludes)
    if on_write is not None:
        on_write(roundtable)
    _store_list(roundtable, generated)
    db.session.commit()
    return roundtable


def set_person(actor: User, roundtable_id: int, profile_id: int, action: str) -> Roundtable:
    """Pin someone (kept on the list), unpin, exclude (removed and never listed again) or include again, then
    regenerate. If the new rules allow no list, nothing changes and the error says why."""
    if action not in PERSON_ACTIONS:
        raise ValidationError(_("Choose to pin, unpin, remove or restore the person."))
    roundtable = planning_roundtable(actor, roundtable_id)
    pins, excludes = list(roundtable.pins or []), list(roundtable.excludes or [])
    on_list = profile_id in set(
        db.session.scalars(
            db.select(RoundtableInvitee.profile_id).where(RoundtableInvitee.roundtable_id == roundtable.id)
        )
    )
    if profile_id not in pins + excludes and not on_list:
        raise NotFound(_("This person is not on this roundtable's list."))
    if action == "pin":
        pins, excludes = pins + [profile_id] * (profile_id not in pins), [p for p in excludes if p != profile_id]
    elif action == "unpin":
        pins = [p for p in pins if p != profile_id]
    elif action == "exclude":
        pins, excludes = [p for p in pins if p != profile_id], excludes + [profile_id] * (profile_id not in excludes)
    else:
        excludes = [p for p in excludes if p != profile_id]
    return regenerate(
        actor, roundtable_id, pins=pins, excludes=excludes, on_write=_judgement(actor, roundtable, profile_id, action)
    )


def _judgement(actor: User, roundtable: Roundtable, profile_id: int, action: str):
    """A pin or a removal as a judgement, with the relevance and the sentence the list showed for that person (read
    now, before the list is regenerated); None for unpin and restore, which undo a decision rather than make one."""
    if action not in ("pin", "exclude"):
        return None
    shown = db.session.execute(
        db.select(RoundtableInvitee.id, RoundtableInvitee.relevance, RoundtableInvitee.excerpt).where(
            RoundtableInvitee.roundtable_id == roundtable.id, RoundtableInvitee.profile_id == profile_id
        )
    ).first()
    if shown is None:
        return None
    invitee_id, relevance, excerpt_ = shown
    topic, roundtable_id = roundtable.topic, roundtable.id

    def write(_roundtable) -> None:
        from learning_hub.decisions.services import record
        from learning_hub.models import ActorRole, JudgementKind

        record(
            JudgementKind.INVITEE_PIN if action == "pin" else JudgementKind.INVITEE_REMOVE,
            actor,
            ActorRole.ORGANISER,
            source_id=invitee_id,
            list_key=f"roundtable:{roundtable_id}",
            a_profile_id=None,
            b_profile_id=profile_id,
            a_text=topic,
            b_text=excerpt_,
            score=relevance,
        )

    return write

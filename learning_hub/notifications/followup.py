"""Outcome follow-up: connections (who was brought together) and their check-ins at 30, 90 and 180 days.

Each kind of connection has a source: a function returning the connections that exist at a moment. Peer pairs that
both accepted in a published run, mentorships, and roundtables attended (an accepted seat at a roundtable that has
taken place) are built in (BUILT_IN_SOURCES, registered by the notifications feature); other features
(introductions) register their own from their `init_app` with `register_source(app, kind, fn)`.
`sync_connections` copies new ones into the `connection` table and `send_due_checkins` creates each member's latest
due check-in and notifies them: both are idempotent (unique rows decide who sends).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from learning_hub.computations import Status
from learning_hub.errors import NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.features import contribute, contributed
from learning_hub.models import (
    CHECKIN_DAYS,
    OUTCOMES,
    CheckIn,
    Connection,
    ConnectionMember,
    MatchPair,
    MatchRun,
    MentoringRequest,
    Profile,
    Roundtable,
    RoundtableInvitee,
    User,
    utcnow,
)
from learning_hub.models.mentoring import RequestState
from learning_hub.models.roundtable import Rsvp
from learning_hub.notifications import services


@dataclass(frozen=True)
class Found:
    """A connection as its source sees it: members are (profile id, country) pairs."""

    kind: str
    source_id: int
    started_at: datetime
    cohort: str
    members: tuple[tuple[int, str | None], ...] = field(default_factory=tuple)


Source = Callable[[datetime], Iterable[Found]]


def register_source(app: Flask, kind: str, source: Source) -> None:
    """A kind of connection whose members get outcome check-ins (registered from the feature's `init_app`)."""
    contribute(app, "followup_sources", kind, source)


def _peer_pairs(now: datetime) -> Iterable[Found]:
    rows = db.session.execute(
        db.select(MatchPair, MatchRun.name)
        .join(MatchRun, MatchRun.id == MatchPair.run_id)
        .where(
            MatchRun.status == Status.PUBLISHED,
            MatchPair.introduced_at.is_not(None),
            MatchPair.introduced_at <= now,
            MatchPair.a_profile_id.is_not(None),
            MatchPair.b_profile_id.is_not(None),
        )
    ).all()
    for pair, run_name in rows:
        yield Found(
            "peer_pair",
            pair.id,
            pair.introduced_at,
            run_name or f"Run {pair.run_id}",
            ((pair.a_profile_id, pair.a_country), (pair.b_profile_id, pair.b_country)),
        )


def _mentorships(now: datetime) -> Iterable[Found]:
    rows = db.session.execute(
        db.select(MentoringRequest, Profile.country)
        .join(Profile, Profile.id == MentoringRequest.mentor_id)
        .where(
            MentoringRequest.state.in_((RequestState.ACTIVE, RequestState.COMPLETED)),
            MentoringRequest.accepted_at.is_not(None),
            MentoringRequest.accepted_at <= now,
            MentoringRequest.requester_id.is_not(None),
        )
    ).all()
    for request, mentor_country in rows:
        yield Found(
            "mentorship",
            request.id,
            request.accepted_at,
            str(request.accepted_at.year),
            ((request.requester_id, request.requester_country), (request.mentor_id, mentor_country)),
        )


def _roundtables(now: datetime) -> Iterable[Found]:
    for roundtable in db.session.scalars(db.select(Roundtable).where(Roundtable.starts_at <= now)):
        ended = roundtable.starts_at + timedelta(minutes=roundtable.duration_minutes)
        if ended > now:
            continue
        members = tuple(
            (row.profile_id, row.country)
            for row in db.session.scalars(
                db.select(RoundtableInvitee).where(
                    RoundtableInvitee.roundtable_id == roundtable.id,
                    RoundtableInvitee.list_role == "invitee",
                    RoundtableInvitee.rsvp == Rsvp.ACCEPTED,
                    RoundtableInvitee.profile_id.is_not(None),
                )
            )
        )
        if len(members) >= 1:
            yield Found("roundtable", roundtable.id, ended, roundtable.title, members)


BUILT_IN_SOURCES: dict[str, Source] = {"peer_pair": _peer_pairs, "mentorship": _mentorships, "roundtable": _roundtables}


def found_connections(now: datetime) -> list[Found]:
    return [found for source in contributed("followup_sources").values() for found in source(now)]


def sync_connections(now: datetime | None = None) -> int:
    """Record connections that do not exist yet (and members who joined since). Returns how many were added."""
    now = now or utcnow()
    known = {(c.kind, c.source_id): c for c in db.session.scalars(db.select(Connection))}
    added = 0
    for found in found_connections(now):
        connection = known.get((found.kind, found.source_id))
        if connection is None:
            connection = Connection(
                kind=found.kind, source_id=found.source_id, cohort=found.cohort[:200], started_at=found.started_at
            )
            db.session.add(connection)
            added += 1
        have = {m.profile_id for m in connection.members}
        for profile_id, country in found.members:
            if profile_id not in have:
                connection.members.append(ConnectionMember(profile_id=profile_id, country=country))
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent run recorded the same connection first: nothing is lost
        db.session.rollback()
        return 0
    return added


def due_day(started_at: datetime, now: datetime) -> int | None:
    """The latest check-in day reached (30, 90 or 180), or None before 30 days."""
    reached = [day for day in CHECKIN_DAYS if started_at + timedelta(days=day) <= now]
    return reached[-1] if reached else None


def _insert_checkin(values: dict) -> int | None:
    """Insert a check-in unless it exists; its id when this call inserted it (RETURNING: rowcount is not reliable
    for INSERT ... ON CONFLICT on every driver)."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    return db.session.execute(
        insert(CheckIn)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["connection_id", "profile_id", "day"])
        .returning(CheckIn.id)
    ).scalar()


def _others(connection: Connection, profile_id: int) -> str:
    ids = [m.profile_id for m in connection.members if m.profile_id != profile_id]
    if connection.kind == "roundtable":
        return connection.cohort
    names = db.session.scalars(db.select(Profile.display_name).where(Profile.id.in_(ids))).all()
    return ", ".join(sorted(names))


def send_due_checkins(now: datetime | None = None) -> int:
    """Create each member's latest due check-in (earlier ones missed are not sent late) and notify them once."""
    now = now or utcnow()
    sync_connections(now)
    created: list[int] = []
    connections = db.session.scalars(
        db.select(Connection).where(Connection.started_at <= now - timedelta(days=CHECKIN_DAYS[0]))
    ).all()
    for connection in connections:
        day = due_day(connection.started_at, now)
        for member in connection.members:
            exists = db.session.scalar(
                db.select(CheckIn.id).where(
                    CheckIn.connection_id == connection.id, CheckIn.profile_id == member.profile_id, CheckIn.day >= day
                )
            )
            if exists:
                continue
            values = {
                "connection_id": connection.id,
                "profile_id": member.profile_id,
                "day": day,
                "due_at": connection.started_at + timedelta(days=day),
                "created_at": now,
            }
            checkin_id = _insert_checkin(values)
            if checkin_id is not None:
                created.append(checkin_id)
    db.session.commit()
    notified = []
    for checkin_id in created:
        checkin = db.session.get(CheckIn, checkin_id)
        profile_id = checkin.profile_id
        profile = db.session.get(Profile, profile_id)
        if profile is None:
            continue
        notification = services.add(
            profile,
            "checkin",
            {"days": checkin.day, "with": _others(checkin.connection, profile_id)},
            services._path("notifications.checkin", checkin_id=checkin.id),
        )
        if notification is not None:
            notification.created_at = now
            db.session.flush()
            notified.append(notification.id)
    db.session.commit()
    services.deliver(notified)
    return len(created)


# --- answering ---------------------------------------------------------------------------------------------------


def get_checkin(actor: User, checkin_id: int) -> CheckIn:
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or actor.profile is None or checkin.profile_id != actor.profile.id:
        raise NotFound(_("There is no such check-in."))
    return checkin


def answer(actor: User, checkin_id: int, *, met: bool, outcome: str, artefact_url: str, story: str, consent: bool):
    checkin = get_checkin(actor, checkin_id)
    artefact_url = (artefact_url or "").strip()
    if outcome not in OUTCOMES:
        raise ValidationError(_("Choose what came of it."))
    if outcome == "reform" and not artefact_url:
        raise ValidationError(_("A reform adopted needs a link to its artefact."))
    if artefact_url and not artefact_url.lower().startswith(("https://", "http://")):
        raise ValidationError(_("The artefact link must start with https://."))
    checkin.met = met
    checkin.outcome = outcome
    checkin.artefact_url = artefact_url or None
    checkin.story = (story or "").strip()[:300] or None
    checkin.showcase_consent = bool(consent and checkin.story)
    checkin.answered_at = utcnow()
    db.session.commit()
    return checkin


def partner_label(checkin: CheckIn) -> str:
    return _others(checkin.connection, checkin.profile_id)

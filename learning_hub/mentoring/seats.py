"""A mentor's seats: the capacity invariant, held by the database.

`take_seat` is one statement, `UPDATE mentor_load SET active = active + 1 WHERE profile_id = :id AND active <
(capacity)`. Concurrent accepts for the same mentor queue on that row: PostgreSQL re-checks the WHERE clause against
the row the winner committed (READ COMMITTED's re-evaluation of an updated row), and SQLite runs write transactions
one at a time (BEGIN IMMEDIATE, learning_hub/database.py). So N simultaneous accepts against capacity C give exactly
min(N, C) seats, whatever Python saw before (tests/mentoring/test_concurrency.py prints the figures).

A mentor who lowers their capacity below their current load keeps their mentorships; they just take no new ones.
"""

from __future__ import annotations

from sqlalchemy import func, literal_column, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from learning_hub.extensions import db
from learning_hub.models import MentoringRequest, MentorLoad, MentorOffer, OfferState, Profile, RequestState


def _ensure_row(profile_id: int) -> None:
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    # Two first accepts at once both try to create the row: the second waits for the first and does nothing.
    db.session.execute(
        insert(MentorLoad).values(profile_id=profile_id, active=0).on_conflict_do_nothing(index_elements=["profile_id"])
    )


def take_seat(profile_id: int) -> bool:
    """Occupy one of the mentor's seats in the current transaction; False when they are at capacity."""
    _ensure_row(profile_id)
    capacity = select(Profile.mentor_capacity).where(Profile.id == profile_id).scalar_subquery()
    result = db.session.execute(
        db.update(MentorLoad)
        .where(MentorLoad.profile_id == profile_id, MentorLoad.active < capacity)
        .values(active=MentorLoad.active + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release_seat(profile_id: int | None) -> None:
    """Free one seat (a mentorship ended); the check constraint keeps the count from going below zero."""
    if profile_id is None:
        return
    db.session.execute(
        db.update(MentorLoad)
        .where(MentorLoad.profile_id == profile_id, MentorLoad.active > 0)
        .values(active=MentorLoad.active - 1)
        .execution_options(synchronize_session=False)
    )


def load_of(profile_id: int) -> int:
    return db.session.scalar(select(MentorLoad.active).where(MentorLoad.profile_id == profile_id)) or 0


def loads(profile_ids) -> dict[int, int]:
    ids = list(profile_ids)
    if not ids:
        return {}
    return dict(
        db.session.execute(select(MentorLoad.profile_id, MentorLoad.active).where(MentorLoad.profile_id.in_(ids))).all()
    )


def pending_counts(profile_ids) -> dict[int, int]:
    """Offers each mentor has to answer now: they reserve a place in the suggestions and the cohort assignment."""
    ids = list(profile_ids)
    if not ids:
        return {}
    return dict(
        db.session.execute(
            select(MentorOffer.mentor_id, func.count(literal_column("*")))
            .join(MentoringRequest, MentoringRequest.id == MentorOffer.request_id)
            .where(
                MentorOffer.mentor_id.in_(ids),
                MentorOffer.state == OfferState.PENDING.value,
                MentoringRequest.state == RequestState.PENDING.value,
            )
            .group_by(MentorOffer.mentor_id)
        ).all()
    )


def active_count(profile_id: int) -> int:
    """Active mentorships counted from the requests themselves (the load row must always agree)."""
    return (
        db.session.scalar(
            select(func.count(MentoringRequest.id)).where(
                MentoringRequest.mentor_id == profile_id, MentoringRequest.state == RequestState.ACTIVE.value
            )
        )
        or 0
    )

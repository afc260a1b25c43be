"""Who takes part in a run, and their texts as the engine's plain data (matching.Person, TextVectors).

Only listed people take part: consented, not private, with an active account (Profile.is_listed in SQL), and with at
least one challenge or reform for the engine to read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from sqlalchemy import exists

from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.models import Challenge, Profile, ProfilePolicyArea, Reform, User
from matching import Person, TextVectors

_CHUNK = 500  # ids per IN (...) query


@dataclass(frozen=True)
class Member:
    profile_id: int
    name: str
    country: str
    sector: str
    challenges: tuple[str, ...]
    reforms: tuple[str, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        return self.challenges + self.reforms


def _since(value) -> datetime | None:
    if not value:
        return None
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return datetime(day.year, day.month, day.day)


def cohort_query(params: Mapping):
    """Ids of the listed profiles the run's filter selects (any of the countries, sectors, policy areas)."""
    query = db.select(Profile.id).join(User, User.id == Profile.user_id).where(Profile.is_listed)
    if params.get("countries"):
        query = query.where(Profile.country.in_(params["countries"]))
    if params.get("sectors"):
        query = query.where(Profile.sector.in_(params["sectors"]))
    if params.get("policy_areas"):
        query = query.where(
            exists().where(
                ProfilePolicyArea.profile_id == Profile.id, ProfilePolicyArea.area.in_(params["policy_areas"])
            )
        )
    since = _since(params.get("joined_since"))
    if since is not None:
        query = query.where(Profile.created_at >= since)
    has_text = exists().where(Challenge.profile_id == Profile.id) | exists().where(Reform.profile_id == Profile.id)
    return query.where(has_text).order_by(Profile.id)


def cohort_ids(params: Mapping) -> list[int]:
    return list(db.session.scalars(cohort_query(params)))


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def load_members(profile_ids: Iterable[int], listed_only: bool = True) -> list[Member]:
    """The people behind these ids, in id order, with their texts; unlisted or textless people are left out."""
    ids = sorted(set(profile_ids))
    rows = {}
    for chunk in _chunks(ids):
        query = (
            db.select(Profile.id, Profile.display_name, Profile.country, Profile.sector)
            .join(User, User.id == Profile.user_id)
            .where(Profile.id.in_(chunk))
        )
        if listed_only:
            query = query.where(Profile.is_listed)
        rows.update({row[0]: row for row in db.session.execute(query)})
    texts = engine.profile_texts(list(rows))
    members = []
    for pid in ids:
        if pid not in rows or pid not in texts:
            continue
        _id, name, country, sector = rows[pid]
        challenges, reforms = texts[pid]
        members.append(Member(pid, name or "", country or "", sector or "", challenges, reforms))
    return members


def to_people(members: list[Member]) -> list[Person]:
    """Engine people keyed by profile id. Names stay out: the app renders them, and exports may not show them."""
    return [
        Person(id=str(m.profile_id), country=m.country, sector=m.sector, challenges=m.challenges, reforms=m.reforms)
        for m in members
    ]


def text_vectors(
    members: list[Member], vectors: Mapping[str, np.ndarray], dim: int, keep_missing: bool = True
) -> tuple[TextVectors, TextVectors, list[Member]]:
    """(challenges, reforms) with one row per text in the members' order.

    At request time some texts may not be embedded yet: with `keep_missing=False` those texts are left out, and the
    members returned carry only the texts that have vectors (so explanations quote what was scored).
    """
    kept = []
    for m in members:
        ch = tuple(t for t in m.challenges if keep_missing or t in vectors)
        rf = tuple(t for t in m.reforms if keep_missing or t in vectors)
        kept.append(Member(m.profile_id, m.name, m.country, m.sector, ch, rf))
    return (
        engine.owned_vectors([m.challenges for m in kept], vectors, dim),
        engine.owned_vectors([m.reforms for m in kept], vectors, dim),
        kept,
    )

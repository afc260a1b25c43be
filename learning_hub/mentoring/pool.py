"""Mentors and requests as the engine's plain data (matching.Mentor / MentorRequest, TextVectors).

A mentor's experience is their completed reforms ("title. description", as the directory embeds them): the fit is
the need against each completed reform (best match, matching's "best-mean" pooling), and the explanation quotes the
sentence of those reforms that answers the need best. Only mentors who are listed (consented, not private), have an
active account, offer mentoring (not paused), and have a free place count: capacity minus active mentorships minus
offers waiting for their answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.mentoring import seats
from learning_hub.models import (
    MentoringRequest,
    MentorOffer,
    Profile,
    ProfileLanguage,
    Reform,
    RequestState,
    User,
    embedded_text,
)
from matching import Mentor, MentorRequest, TextVectors

_CHUNK = 500


@dataclass(frozen=True)
class MentorCard:
    profile_id: int
    name: str
    country: str
    languages: tuple[str, ...]
    capacity: int
    active: int
    pending: int
    reforms: tuple[str, ...]  # completed reforms, "title. description"
    titles: tuple[str, ...]

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.active - self.pending)

    @property
    def experience(self) -> str:
        return " ".join(self.reforms)


def mentor_cards(only_ids: Iterable[int] | None = None, require_free: bool = True) -> list[MentorCard]:
    """Mentors who can be offered a request now (or the given ones, still only if usable), in profile id order."""
    query = (
        db.select(Profile.id, Profile.display_name, Profile.country, Profile.mentor_capacity)
        .join(User, User.id == Profile.user_id)
        .where(Profile.is_listed, Profile.mentor_available.is_(True), Profile.mentor_capacity > 0)
        .order_by(Profile.id)
    )
    if only_ids is not None:
        query = query.where(Profile.id.in_(list(only_ids)))
    rows = db.session.execute(query).all()
    ids = [row[0] for row in rows]
    load, pending = seats.loads(ids), seats.pending_counts(ids)
    languages: dict[int, list[str]] = {}
    reforms: dict[int, list[tuple[str, str]]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for pid, code in db.session.execute(
            db.select(ProfileLanguage.profile_id, ProfileLanguage.code)
            .where(ProfileLanguage.profile_id.in_(chunk))
            .order_by(ProfileLanguage.profile_id, ProfileLanguage.position)
        ):
            languages.setdefault(pid, []).append(code)
        for pid, title, description in db.session.execute(
            db.select(Reform.profile_id, Reform.title, Reform.description)
            .where(Reform.profile_id.in_(chunk), Reform.status == "completed")
            .order_by(Reform.id)
        ):
            reforms.setdefault(pid, []).append((title, embedded_text(title, description)))
    cards = []
    for pid, name, country, capacity in rows:
        card = MentorCard(
            pid,
            name or "",
            country or "",
            tuple(languages.get(pid, ())),
            int(capacity or 0),
            load.get(pid, 0),
            pending.get(pid, 0),
            tuple(t for _, t in reforms.get(pid, ())),
            tuple(title for title, _ in reforms.get(pid, ())),
        )
        if card.reforms and (card.free > 0 or not require_free):
            cards.append(card)
    return cards


def engine_mentors(
    cards: list[MentorCard], vectors: dict[str, np.ndarray], dim: int
) -> tuple[list[Mentor], TextVectors]:
    """Engine mentors (id = profile id) with one vector row per completed reform that has a vector.

    Reforms without a vector yet (the directory embeds them in the background) are left out of the experience too,
    so that an explanation quotes only what was scored."""
    mentors = []
    for card in cards:
        texts = [t for t in card.reforms if t in vectors]
        mentors.append(
            Mentor(
                id=str(card.profile_id),
                experience=" ".join(texts),
                country=card.country,
                languages=card.languages,
                capacity=card.free,
            )
        )
    return mentors, engine.owned_vectors([card.reforms for card in cards], vectors, dim)


def excluded_mentors(request: MentoringRequest) -> tuple[str, ...]:
    """Never suggest: the requester themself, mentors already asked on this request, and current mentors."""
    ids = {request.requester_id} if request.requester_id else set()
    ids |= set(db.session.scalars(db.select(MentorOffer.mentor_id).where(MentorOffer.request_id == request.id)))
    if request.requester_id:
        ids |= set(
            db.session.scalars(
                db.select(MentoringRequest.mentor_id).where(
                    MentoringRequest.requester_id == request.requester_id,
                    MentoringRequest.state == RequestState.ACTIVE.value,
                )
            )
        )
    return tuple(sorted(str(i) for i in ids if i is not None))


def engine_request(request: MentoringRequest) -> MentorRequest:
    return MentorRequest(
        id=str(request.id),
        need=request.need,
        country=request.requester_country or "",
        languages=tuple(request.languages),
        preferred_countries=tuple(request.preferred_countries),
        excluded_countries=tuple(request.excluded_countries),
        excluded_mentors=excluded_mentors(request),
    )

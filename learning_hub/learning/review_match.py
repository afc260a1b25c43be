"""Choose the peer reviewer of an applied milestone with the matching engine.

Who may review: an active member with a listed profile who completed the same course, lives in another country than
the author (both countries known), reads the submission's language (one of their profile languages; a profile without
languages is taken to read any), is not the author nor an earlier reviewer of this submission, and has fewer open
reviews than the per-person cap (config MILESTONE_REVIEW_CAP): the review load ledger.

Whose work fits: the reviewer's own work is their reforms ("title. description") and their own milestone for this
course. The engine ranks candidates as it ranks mentors (`matching.MentorPool.rank`: the submission's pieces against
each candidate's texts, best-mean pooling, with the eligibility rules above expressed as capacity, languages, excluded
countries and excluded people). Vectors come from the embedding cache where present, otherwise they are embedded in
memory; nothing is written, and no transaction stays open while they are computed (`slow_work`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from flask import current_app
from sqlalchemy import func

from learning_hub import engine, ledger
from learning_hub.database import slow_work
from learning_hub.extensions import db
from learning_hub.models import (
    Enrolment,
    MilestoneReview,
    MilestoneSubmission,
    Profile,
    ProfileLanguage,
    Reform,
    User,
    embedded_text,
)
from matching import Mentor, MentorPool, MentorRequest, TextVectors, split_sentences

DEFAULT_CAP = 3


@dataclass(frozen=True)
class Choice:
    reviewer_id: int
    country: str
    fit: float
    reason: str


@dataclass(frozen=True)
class Candidate:
    user_id: int
    country: str
    languages: tuple[str, ...]
    free: int
    texts: tuple[str, ...]


def review_cap() -> int:
    return int(current_app.config.get("MILESTONE_REVIEW_CAP", DEFAULT_CAP))


def open_review_counts(user_ids: list[int]) -> dict[int, int]:
    if not user_ids:
        return {}
    rows = db.session.execute(
        db.select(MilestoneReview.reviewer_id, func.count())
        .where(
            MilestoneReview.reviewer_id.in_(user_ids),
            MilestoneReview.completed_at.is_(None),
            MilestoneReview.released_at.is_(None),
        )
        .group_by(MilestoneReview.reviewer_id)
    )
    return {user_id: count for user_id, count in rows}


def candidates(course_id: int, author_id: int, author_country: str, excluded: set[int]) -> list[Candidate]:
    """Members who may review a milestone of this course now, with their own work's texts (reads only)."""
    rows = db.session.execute(
        db.select(User.id, Profile.id, Profile.country)
        .join(Profile, Profile.user_id == User.id)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(
            Enrolment.course_id == course_id,
            Enrolment.completed_at.is_not(None),
            User.active.is_(True),
            Profile.consented_at.is_not(None),
            Profile.visibility != "private",
            Profile.country.is_not(None),
            Profile.country != author_country,
            User.id != author_id,
        )
        .order_by(User.id)
    ).all()
    rows = [row for row in rows if row[0] not in excluded]
    if not rows:
        return []
    cap = review_cap()
    load = open_review_counts([row[0] for row in rows])
    profile_ids = [row[1] for row in rows]
    # The load ledger every optimiser reads (peer pairs, mentorships, seats): someone at its cap reviews nothing.
    shared, shared_cap = ledger.loads(profile_ids), ledger.cap()
    languages: dict[int, list[str]] = {}
    for profile_id, code in db.session.execute(
        db.select(ProfileLanguage.profile_id, ProfileLanguage.code)
        .where(ProfileLanguage.profile_id.in_(profile_ids))
        .order_by(ProfileLanguage.profile_id, ProfileLanguage.position)
    ):
        languages.setdefault(profile_id, []).append(code)
    texts: dict[int, list[str]] = {}
    for profile_id, title, description in db.session.execute(
        db.select(Reform.profile_id, Reform.title, Reform.description)
        .where(Reform.profile_id.in_(profile_ids))
        .order_by(Reform.id)
    ):
        texts.setdefault(profile_id, []).append(embedded_text(title, description))
    own = dict(
        db.session.execute(
            db.select(MilestoneSubmission.user_id, MilestoneSubmission.text).where(
                MilestoneSubmission.course_id == course_id,
                MilestoneSubmission.user_id.in_([row[0] for row in rows]),
            )
        ).all()
    )
    result = []
    for user_id, profile_id, country in rows:
        work = [*texts.get(profile_id, []), *([own[user_id]] if user_id in own else [])]
        result.append(
            Candidate(
                user_id=user_id,
                country=country,
                languages=tuple(languages.get(profile_id, ())),
                free=0
                if shared_cap is not None and shared.get(profile_id, 0) >= shared_cap
                else max(0, cap - load.get(user_id, 0)),
                texts=tuple(work),
            )
        )
    return result


def _vectors(texts: list[str]) -> np.ndarray:
    """Cached vectors where present, else embedded in memory (nothing is stored)."""
    vectors, present = engine.cached_vectors(texts)
    for index, text in enumerate(texts):
        if not present[index]:
            vectors[index] = engine.embed_query(text)
    return vectors


def choose(submission: MilestoneSubmission, author_country: str, excluded: set[int]) -> Choice | None:
    """The best-fitting eligible reviewer for the submission, or None when nobody may review it now. Reads, then
    computes with no transaction open: the caller writes the review afterwards."""
    pool = candidates(submission.course_id, submission.user_id, author_country, excluded)
    pool = [candidate for candidate in pool if candidate.texts and candidate.free > 0]
    if not pool:
        return None
    request = MentorRequest(
        id=str(submission.id or 0),
        need=submission.text,
        country=author_country,
        languages=(submission.language,),
        excluded_countries=(author_country,),
        excluded_mentors=tuple(str(user_id) for user_id in sorted(excluded | {submission.user_id})),
    )
    pieces = [piece for piece in split_sentences(submission.text) if piece.strip()] or [submission.text]
    with slow_work("reviewer matching"):
        dim = engine.encoder().dim
        texts = list(dict.fromkeys(text for candidate in pool for text in candidate.texts))
        lookup = dict(zip(texts, _vectors(texts), strict=True))
        mentors = [
            Mentor(
                id=str(candidate.user_id),
                experience=" ".join(candidate.texts),
                country=candidate.country,
                languages=candidate.languages,
                capacity=candidate.free,
            )
            for candidate in pool
        ]
        experience = TextVectors.from_lists(
            [np.array([lookup[text] for text in candidate.texts], dtype=np.float32) for candidate in pool], dim=dim
        )
        need = np.asarray(_vectors(pieces), dtype=np.float32).reshape(len(pieces), dim)
        ranked = MentorPool(mentors, experience).rank(request, need, 1, explain=True)
    if not ranked:
        return None
    best = ranked[0]
    country = next(candidate.country for candidate in pool if str(candidate.user_id) == best.mentor_id)
    return Choice(int(best.mentor_id), country, float(best.score), best.reason or "")

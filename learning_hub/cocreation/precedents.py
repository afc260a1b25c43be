"""Precedents beside a draft: the closest commitments of the directory's commitment library from other countries
(with the sentence that matched, their country, year, completion and assessment), and reformers on the platform whose
reforms answer the draft's problem.

Vectors are read from the embedding cache only (a page never embeds): a saved draft is embedded by a background job
(tasks.py), so the panel refreshes once that job has run. `rank` (the engine's index on plain arrays) is the panel's
ranking, shared with the evaluation test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from learning_hub import engine
from learning_hub.directory.browse import library
from learning_hub.extensions import db
from learning_hub.models import CommitmentDraft, LibraryReform, Profile, Reform, User
from matching import Index, explain_best, split_sentences

K = 5
MIN_SCORE = 0.05
REFORMERS = 3


def rank(query: np.ndarray, vectors: np.ndarray, countries, own_country: str | None, k: int = K) -> list[int]:
    """Indices of the k rows most similar to the query (dot product of unit vectors), other countries only; ties
    keep the library's order."""
    if len(vectors) == 0:
        return []
    return Index(vectors, groups=list(countries)).best_per_owner(query, k=k, exclude_group=own_country).owners.tolist()


def draft_texts(draft: CommitmentDraft) -> list[str]:
    """The texts the embedding job stores for a draft: the whole, then its sentences (for the matched sentence)."""
    texts = [draft.text]
    texts.extend(split_sentences(draft.text))
    if draft.problem.strip():
        texts.append(draft.problem.strip())
    return list(dict.fromkeys(t for t in texts if t))


@dataclass(frozen=True)
class Precedent:
    reform: LibraryReform
    score: float
    sentence: str  # the library commitment's sentence that matched best
    draft_sentence: str


@dataclass(frozen=True)
class Reformer:
    profile: Profile
    reform: Reform
    score: float


@dataclass(frozen=True)
class Panel:
    ready: bool  # False while the draft's current text has not been embedded yet
    precedents: list[Precedent]
    reformers: list[Reformer]


def _matched_sentence(draft_text: str, reform_text: str) -> tuple[str, str]:
    mine, theirs = split_sentences(draft_text) or [draft_text], split_sentences(reform_text) or [reform_text]
    a, a_ok = engine.cached_vectors(mine)
    b, b_ok = engine.cached_vectors(theirs)
    if a_ok.all() and b_ok.all():
        i, j, _exp = explain_best(mine, theirs, a, b)
        return mine[i], theirs[j]
    _i, _j, found = explain_best([draft_text], [reform_text])
    return found.a_sentence, found.b_sentence


def panel(viewer, draft: CommitmentDraft) -> Panel:
    query, present = engine.cached_vectors([draft.text])
    if not present[0]:
        return Panel(False, [], [])
    index = library._index()
    chosen = index.index.best_per_owner(query[0], k=K, exclude_group=draft.plan.country)
    rows = {
        r.id: r
        for r in db.session.scalars(
            select(LibraryReform).where(LibraryReform.id.in_([int(index.ids[i]) for i in chosen.owners]))
        )
    }
    precedents = []
    for i, score, _row, _query in chosen:
        reform = rows.get(int(index.ids[i]))
        if reform is None or score < MIN_SCORE:
            continue
        mine, theirs = _matched_sentence(draft.text, reform.text)
        precedents.append(Precedent(reform, score, theirs, mine))
    return Panel(True, precedents, _reformers(viewer, draft))


def _reformers(viewer, draft: CommitmentDraft) -> list[Reformer]:
    """Listed people's reforms closest to the draft's problem (members-only profiles for signed-in viewers)."""
    problem = draft.problem.strip() or draft.text
    query, present = engine.cached_vectors([problem])
    if not present[0]:
        return []
    visibilities = ["public", "members"] if getattr(viewer, "is_authenticated", False) else ["public"]
    rows = db.session.execute(
        select(Reform, Profile)
        .join(Profile, Reform.profile_id == Profile.id)
        .join(User, Profile.user_id == User.id)
        .where(
            Profile.consented_at.is_not(None),
            Profile.visibility.in_(visibilities),
            User.active.is_(True),
        )
        .order_by(Reform.id)
    ).all()
    if not rows:
        return []
    # Each reform its own owner: reforms best first (ties: the lower reform id), then each person's first one.
    index, ok = engine.text_index([reform.text for reform, _p in rows])
    best: dict[int, Reformer] = {}
    for i, score, _row, _query in index.best_per_owner(query[0], eligible=ok, min_score=MIN_SCORE):
        if len(best) >= REFORMERS:
            break
        reform, profile = rows[i]
        if profile.id not in best:
            best[profile.id] = Reformer(profile, reform, score)
    return list(best.values())

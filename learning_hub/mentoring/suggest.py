"""Ranked mentor suggestions for one request, computed at request time and stored nowhere.

The need is one short text, embedded in memory with engine.embed_query; mentors' completed reforms are read from the
embedding cache (engine.cached_vectors) that the directory fills when texts change. Explanations compare sentences
by shared words, or by vectors when need and experience are in different languages (cached sentence vectors where
the directory stored them, otherwise embedded in memory).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from flask import current_app

from learning_hub import engine
from learning_hub.mentoring import pool
from learning_hub.models import MentoringRequest
from matching import MentorPool

SUGGESTIONS = 8
# Mentors' reform vectors kept in this process: a text's vector never changes for the process's encoder, and looking
# them up in the database cache costs a cache key per text (about 2 ms each with the default encoder) on every page.
# The memo holds exactly the texts of the latest lookup, so a deleted reform leaves memory at the next page view.
_memo_lock = threading.Lock()


@dataclass(frozen=True)
class Suggestion:
    mentor: pool.MentorCard
    rank: int
    score: float
    preferred: bool
    need_excerpt: str
    experience_excerpt: str
    terms: tuple[str, ...]


def embed_sentences(texts: list[str]) -> np.ndarray:
    """Vectors for explanation sentences without writing anything: the cache where present, else in memory."""
    vectors, present = engine.cached_vectors(texts)
    for i, text in enumerate(texts):
        if not present[i]:
            vectors[i] = engine.embed_query(text)
    return vectors


def reform_vectors(texts: list[str]) -> dict[str, np.ndarray]:
    """Vectors of these texts that are embedded already: from the process memo, else the database cache (read-only;
    texts not embedded yet are left out and looked up again next time)."""
    with _memo_lock:
        memo: dict = current_app.extensions.get("mentoring_vectors", {})
        found = {t: memo[t] for t in texts if t in memo}
    missing = [t for t in texts if t not in found]
    if missing:
        vectors, present = engine.cached_vectors(missing)
        found.update((t, vectors[i]) for i, t in enumerate(missing) if present[i])
    with _memo_lock:
        current_app.extensions["mentoring_vectors"] = found
    return dict(found)


def suggestions_for(request: MentoringRequest, k: int = SUGGESTIONS) -> list[Suggestion]:
    """The k best mentors for this request now, best first (read-only)."""
    if not (request.need or "").strip():
        return []
    cards = pool.mentor_cards()
    texts = list(dict.fromkeys(t for card in cards for t in card.reforms))
    if not texts:
        return []
    lookup = reform_vectors(texts)
    if not lookup:
        return []
    mentors, experience = pool.engine_mentors(cards, lookup, engine.encoder().dim)
    need = np.asarray(engine.embed_query(request.need), dtype=np.float32).reshape(1, -1)
    ranked = MentorPool(mentors, experience).rank(pool.engine_request(request), need, k, embed=embed_sentences)
    by_id = {str(card.profile_id): card for card in cards}
    return [
        Suggestion(
            by_id[s.mentor_id], s.rank, s.score, s.preferred, s.need_excerpt, s.experience_excerpt, tuple(s.terms)
        )
        for s in ranked
    ]

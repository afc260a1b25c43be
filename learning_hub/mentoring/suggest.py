"""Ranked mentor suggestions for one request, computed at request time and stored nowhere.

The need is one short text, embedded in memory with engine.embed_query; mentors' completed reforms are read from the
embedding cache (engine.cached_vectors) that the directory fills when texts change. Explanations compare sentences
by shared words, or by vectors when need and experience are in different languages (cached sentence vectors where
the directory stored them, otherwise embedded in memory).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from learning_hub import engine
from learning_hub.mentoring import pool
from learning_hub.models import MentoringRequest
from matching.mentors import MentorPool

SUGGESTIONS = 8


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


def suggestions_for(request: MentoringRequest, k: int = SUGGESTIONS) -> list[Suggestion]:
    """The k best mentors for this request now, best first (read-only)."""
    if not (request.need or "").strip():
        return []
    cards = pool.mentor_cards()
    texts = list(dict.fromkeys(t for card in cards for t in card.reforms))
    if not texts:
        return []
    vectors, present = engine.cached_vectors(texts)
    lookup = {text: vectors[i] for i, text in enumerate(texts) if present[i]}
    if not lookup:
        return []
    mentors, experience = pool.engine_mentors(cards, lookup, vectors.shape[1])
    need = np.asarray(engine.embed_query(request.need), dtype=np.float32).reshape(1, -1)
    ranked = MentorPool(mentors, experience).rank(pool.engine_request(request), need, k, embed=embed_sentences)
    by_id = {str(card.profile_id): card for card in cards}
    return [Suggestion(by_id[s.mentor_id], s.rank, s.score, s.preferred, s.need_excerpt, s.experience_excerpt,
                       tuple(s.terms)) for s in ranked]

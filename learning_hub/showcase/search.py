"""Search the public stories in plain words, in any of the interface's languages, by meaning: the query is embedded
in memory (engine.embed_query, never stored) with no transaction open, then compared with the stories' cached
vectors. Stories not embedded yet, bag-of-words matches without a shared word, and matches the calibrated relevance
does not call close are left out."""

from __future__ import annotations

import numpy as np

import matching
from learning_hub import engine
from learning_hub.database import slow_work
from learning_hub.models import ShowcaseStory
from matching import content_words

MIN_SCORE = 0.05
MAX_QUERY = 200


def query_vector(query: str) -> np.ndarray | None:
    """The query's vector, embedded before the page reads any story (slow_work ends the read transaction, which
    would expire loaded rows); None for a query without content words ("the", "de la")."""
    query = query.strip()[:MAX_QUERY]
    if not content_words(query):
        return None
    with slow_work("showcase search"):
        return engine.embed_query(query)


def rank(query: str, vector: np.ndarray | None, stories: list[ShowcaseStory]) -> list[ShowcaseStory]:
    """`stories` (already the public ones, filtered) ranked by meaning against the query, best first."""
    if vector is None or not stories:
        return []
    words = content_words(query.strip()[:MAX_QUERY])
    texts = [story.text for story in stories]
    index, eligible = engine.text_index(texts)  # each story its own owner; not embedded yet: not eligible
    encoder = engine.encoder()
    if getattr(encoder, "needs_shared_words", False):  # hashing noise without a shared word
        lowered = [text.casefold() for text in texts]
        eligible = eligible & np.array([any(word.casefold() in text for word in words) for text in lowered], dtype=bool)
    matches = index.best_per_owner(vector, eligible=eligible, min_score=float(np.nextafter(MIN_SCORE, np.inf)))
    # The directory search's calibrated relevance (matching/relevance.py): a close match is more likely an answer than
    # not, given how close the query is to everyday texts ("football results" finds no story).
    relevance = engine.relevance()
    background = matching.background_best(vector, engine.background_vectors()) if relevance.uses_background else 0.0
    close = relevance.close(np.asarray(matches.scores, dtype=np.float64), background)
    return [stories[int(i)] for i, keep in zip(matches.owners, close, strict=True) if keep]

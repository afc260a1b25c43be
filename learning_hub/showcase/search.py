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


def story_texts_and_owners(stories: list[ShowcaseStory]) -> tuple[list[str], list[int]]:
    """Each story's text and its translations' texts, with the story's position as their owner."""
    texts, owners = [], []
    for position, story in enumerate(stories):
        for text in [story.text, *(t.text for t in story.translations)]:
            texts.append(text)
            owners.append(position)
    return texts, owners


def owner_index(texts: list[str], owners: list[int], n_owners: int):
    """An index of the texts' cached vectors (texts not embedded yet left out) with, per owner, whether any of its
    texts is in it (best_per_owner's eligible mask)."""
    index, present = engine.text_index(texts, owners, n_owners=n_owners, skip_missing=True)
    eligible = np.zeros(n_owners, dtype=bool)
    eligible[np.asarray(owners, dtype=np.int64)[present]] = True
    return index, eligible


def rank(query: str, vector: np.ndarray | None, stories: list[ShowcaseStory]) -> list[ShowcaseStory]:
    """`stories` (already the public ones, filtered) ranked by meaning against the query, best first."""
    if vector is None or not stories:
        return []
    words = content_words(query.strip()[:MAX_QUERY])
    texts, owners = story_texts_and_owners(stories)
    encoder = engine.encoder()
    if getattr(encoder, "needs_shared_words", False):  # hashing noise without a shared word
        kept = [i for i, text in enumerate(texts) if any(word.casefold() in text.casefold() for word in words)]
        texts, owners = [texts[i] for i in kept], [owners[i] for i in kept]
    index, eligible = owner_index(texts, owners, len(stories))
    matches = index.best_per_owner(vector, eligible=eligible, min_score=float(np.nextafter(MIN_SCORE, np.inf)))
    # The directory search's calibrated relevance (matching/relevance.py): a close match is more likely an answer than
    # not, given how close the query is to everyday texts ("football results" finds no story).
    relevance = engine.relevance()
    background = matching.background_best(vector, engine.background_vectors()) if relevance.uses_background else 0.0
    close = relevance.close(np.asarray(matches.scores, dtype=np.float64), background)
    return [stories[int(i)] for i, keep in zip(matches.owners, close, strict=True) if keep]

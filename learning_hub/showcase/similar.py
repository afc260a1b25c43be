""" "Similar reforms elsewhere": the public stories from other countries closest to a story, with the sentence that
matched, across languages as far as the configured encoder allows.

Computed at request time from cached vectors only (a page never embeds): a story's texts are embedded by a
background job when it is published (tasks.py). The candidates are the public stories of public.py, read on each
request, so a story withdrawn a moment ago is never suggested.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from learning_hub.directory import vectorcache
from learning_hub.models import ShowcaseStory
from learning_hub.showcase import public
from matching import explain_best, split_sentences

K = 3
MIN_SCORE = 0.05


def story_texts(story: ShowcaseStory) -> list[str]:
    """The texts the embedding job stores for a story: the whole, then its sentences (for the matched sentence)."""
    texts = [story.text, *split_sentences(story.text)]
    return list(dict.fromkeys(t for t in texts if t))


@dataclass(frozen=True)
class Similar:
    story: ShowcaseStory
    score: float
    sentence: str  # the other story's sentence that matched best


def _matched_sentence(mine_text: str, theirs_text: str) -> str:
    mine = split_sentences(mine_text) or [mine_text]
    theirs = split_sentences(theirs_text) or [theirs_text]
    a, a_ok = vectorcache.cached_vectors(mine)
    b, b_ok = vectorcache.cached_vectors(theirs)
    if a_ok.all() and b_ok.all():
        _i, j, _exp = explain_best(mine, theirs, a, b)
        return theirs[j]
    _i, _j, found = explain_best([mine_text], [theirs_text])
    return found.b_sentence


def similar_elsewhere(story: ShowcaseStory, k: int = K) -> list[Similar]:
    others = [s for s in public.public_stories() if s.country != story.country]
    if not others:
        return []
    query, present = vectorcache.cached_vectors([story.text])
    if not present[0]:
        return []
    vectors, ok = vectorcache.cached_vectors([s.text for s in others])
    scores = np.where(ok, vectors @ query[0], -np.inf)
    found = []
    for i in np.argsort(-scores, kind="stable")[:k]:
        if not np.isfinite(scores[i]) or scores[i] < MIN_SCORE:
            break
        other = others[int(i)]
        found.append(Similar(other, float(scores[i]), _matched_sentence(story.text, other.text)))
    return found

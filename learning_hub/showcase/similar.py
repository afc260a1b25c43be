""" "Similar reforms elsewhere": the public stories from other countries closest to a story, with the sentence that
matched, across languages as far as the configured encoder allows.

Computed at request time from cached vectors only (a page never embeds): a story's texts are embedded by a
background job when it is published (tasks.py). The candidates are the public stories of public.py, read on each
request, so a story withdrawn a moment ago is never suggested.
"""

from __future__ import annotations

from dataclasses import dataclass

from learning_hub import engine
from learning_hub.models import ShowcaseStory
from learning_hub.showcase import public
from learning_hub.showcase.search import owner_index, story_texts_and_owners
from matching import explain_best, split_sentences

K = 3
MIN_SCORE = 0.05


def story_texts(story: ShowcaseStory) -> list[str]:
    """The texts the embedding job stores for a story: the whole, then its sentences (for the matched sentence)."""
    texts = [story.text, *split_sentences(story.text)]
    for translation in story.translations:
        texts += [translation.text, *split_sentences(translation.text)]
    return list(dict.fromkeys(t for t in texts if t))


@dataclass(frozen=True)
class Similar:
    story: ShowcaseStory
    score: float
    sentence: str  # the other story's sentence that matched best


def _matched_sentence(mine_text: str, theirs_text: str) -> str:
    mine = split_sentences(mine_text) or [mine_text]
    theirs = split_sentences(theirs_text) or [theirs_text]
    a, a_ok = engine.cached_vectors(mine)
    b, b_ok = engine.cached_vectors(theirs)
    if a_ok.all() and b_ok.all():
        _i, j, _exp = explain_best(mine, theirs, a, b)
        return theirs[j]
    _i, _j, found = explain_best([mine_text], [theirs_text])
    return found.b_sentence


def similar_elsewhere(story: ShowcaseStory, k: int = K) -> list[Similar]:
    others = [s for s in public.public_stories() if s.country != story.country]
    if not others:
        return []
    query, present = engine.cached_vectors([story.text])
    if not present[0]:
        return []
    texts, owners = story_texts_and_owners(others)  # a story and its translations share one owner
    index, embedded = owner_index(texts, owners, len(others))
    return [
        Similar(others[int(i)], float(score), _matched_sentence(story.text, others[int(i)].text))
        for i, score, _row, _query in index.best_per_owner(query[0], k=k, eligible=embedded, min_score=MIN_SCORE)
    ]

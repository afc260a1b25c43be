"""Course recommendations from a reformer's stated challenges, through the engine, with the reason.

Read-only at request time: the course texts were embedded by `flask courses sync` and the challenges when their owner
saved them; `engine.cached_vectors` only looks them up. A challenge not embedded yet simply does not count until it is.
Every language version of a course is a candidate text, so a Spanish challenge can meet a course through its Spanish
translation even with an encoder that reads one language only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from flask_babel import lazy_gettext as _l

from learning_hub.extensions import db
from learning_hub.learning.catalogue import CourseView, localise
from learning_hub.learning.sync import course_embedding_text
from learning_hub.models import Challenge, Course, Enrolment, Lesson, LessonText, User
from matching import Index, split_sentences

# Cosine-similarity floors of the bands (strong, good, fair), per encoder: each encoder spreads scores differently
# (the hybrid encoder's best challenge-course pairs on the demo profiles span 0.19-0.43, the lexical hashing encoder's
# 0.03-0.07). Below the last floor nothing is suggested: weak matches would teach reformers to ignore the panel.
BAND_FLOORS = {
    "hybrid": (0.40, 0.32, 0.24),
    "minilm": (0.50, 0.40, 0.30),
    "multilingual": (0.45, 0.35, 0.25),
    "tfidf": (0.30, 0.18, 0.10),
    "hashing": (0.30, 0.18, 0.10),
}
DEFAULT_FLOORS = (0.45, 0.32, 0.22)
BAND_LABELS = (("strong", _l("Strong match")), ("good", _l("Good match")), ("fair", _l("Worth a look")))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True)
class Recommendation:
    view: CourseView
    score: float
    band: str  # strong | good | fair
    band_label: str
    challenge_sentence: str


def band_of(score: float, encoder_name: str = "") -> tuple[str, str] | None:
    """(key, words) of the score's band for this encoder, or None below the lowest band."""
    for floor, (key, label) in zip(BAND_FLOORS.get(encoder_name, DEFAULT_FLOORS), BAND_LABELS, strict=False):
        if score >= floor:
            return key, str(label)
    return None


def lesson_titles(course_ids: list[int]) -> dict[tuple[int, str], list[str]]:
    """{(course id, language): current lesson titles in order}, without loading lesson bodies."""
    rows = db.session.execute(
        db.select(Lesson.course_id, LessonText.language, LessonText.title)
        .join(LessonText, LessonText.lesson_id == Lesson.id)
        .where(Lesson.course_id.in_(course_ids), Lesson.retired_at.is_(None))
        .order_by(Lesson.course_id, Lesson.position)
    )
    titles: dict[tuple[int, str], list[str]] = {}
    for course_id, language, title in rows:
        titles.setdefault((course_id, language), []).append(title)
    return titles


def course_texts(course: Course, titles: dict[tuple[int, str], list[str]]) -> list[str]:
    """The course's embedding texts, one per language, exactly as the sync embedded them."""
    return [
        course_embedding_text(text.title, text.summary, titles.get((course.id, text.language), []))
        for text in sorted(course.texts, key=lambda item: item.language)
    ]


def best_sentence(challenge: str, course_text: str) -> str:
    """The sentence of the challenge that shares most words with the course (the first on a tie)."""
    sentences = [s.strip() for s in _SENTENCE_END.split(challenge.strip()) if s.strip()] or [challenge.strip()]
    vocabulary = {word.casefold() for word in _WORD.findall(course_text)}
    scored = [(len({w.casefold() for w in _WORD.findall(s)} & vocabulary), -i, s) for i, s in enumerate(sentences)]
    return max(scored)[2]


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def recommend(user: User, language: str, limit: int = 3) -> dict:
    """{"state": "no_challenges" | "pending" | "ready", "items": [Recommendation]} for the dashboard panel."""
    from learning_hub import engine

    profile = user.profile
    challenges = (
        list(db.session.scalars(db.select(Challenge).where(Challenge.profile_id == profile.id).order_by(Challenge.id)))
        if profile
        else []
    )
    challenges = [c for c in challenges if c.text and c.text.strip()]
    if not challenges:
        return {"state": "no_challenges", "items": []}
    challenge_vectors, present = engine.cached_vectors([c.text for c in challenges])
    if not present.any():
        return {"state": "pending", "items": []}
    challenges = [c for c, ok in zip(challenges, present, strict=False) if ok]
    challenge_vectors = _normalise(challenge_vectors[present])
    taken = set(db.session.scalars(db.select(Enrolment.course_id).where(Enrolment.user_id == user.id)))
    courses = [
        c
        for c in db.session.scalars(db.select(Course).where(Course.retired_at.is_(None)).order_by(Course.id))
        if c.id not in taken
    ]
    owners, texts = [], []
    titles = lesson_titles([course.id for course in courses])
    for index, course in enumerate(courses):
        for text in course_texts(course, titles):
            owners.append(index)
            texts.append(text)
    if not texts:
        return {"state": "ready", "items": []}
    course_vectors, course_present = engine.cached_vectors(texts)
    if not course_present.any():
        return {"state": "ready", "items": []}
    # Each course scores as its best text against any challenge (ties: the earlier course, text and challenge).
    columns = np.flatnonzero(course_present)
    index = Index(_normalise(course_vectors[columns]), np.asarray(owners)[columns], n_owners=len(courses))
    best = [
        (owner, score, query, int(columns[row])) for owner, score, row, query in index.best_per_owner(challenge_vectors)
    ]
    chosen = []
    encoder_name = getattr(engine.encoder(), "name", "")
    for owner, score, row, column in best:
        band = band_of(score, encoder_name)
        if band is not None:
            chosen.append((owner, score, band, row, column))
        if len(chosen) >= limit:
            break
    sentences = _answering_sentences(
        [(challenges[row].text, texts[column], course_vectors[column]) for _owner, _score, _band, row, column in chosen]
    )
    items = [
        Recommendation(
            view=localise(courses[owner], language),
            score=score,
            band=band[0],
            band_label=band[1],
            challenge_sentence=sentence,
        )
        for (owner, score, band, _row, _column), sentence in zip(chosen, sentences, strict=False)
    ]
    return {"state": "ready", "items": items}


def _answering_sentences(pairs: list[tuple[str, str, np.ndarray]]) -> list[str]:
    """For each (challenge, course text, course vector): the challenge's sentence closest to the course. The profile
    feature embeds every sentence of a multi-sentence challenge; where those vectors are not cached, the sentence
    sharing most words with the course stands in."""
    from learning_hub import engine

    split = [split_sentences(challenge) or [challenge] for challenge, _text, _vector in pairs]
    flat = [sentence for sentences in split if len(sentences) > 1 for sentence in sentences]
    vectors, present = engine.cached_vectors(flat) if flat else (np.zeros((0, 1)), np.zeros(0, dtype=bool))
    found = {sentence: vector for sentence, vector, ok in zip(flat, vectors, present, strict=False) if ok}
    # The sentences of every challenge whose sentences are all embedded, one owner per pair, in one index.
    scored = [i for i, sentences in enumerate(split) if len(sentences) > 1 and all(s in found for s in sentences)]
    best: dict[int, int] = {}
    if scored:
        rows = [_normalise(np.stack([found[s] for s in split[i]])) for i in scored]
        index = Index(np.vstack(rows), np.repeat(np.arange(len(scored)), [len(r) for r in rows]))
        courses = _normalise(np.stack([pairs[i][2] for i in scored]))
        starts = np.concatenate([[0], np.cumsum([len(r) for r in rows])])
        hits, _scores = index.best_rows(courses, np.arange(len(scored)))
        best = {i: int(hit - starts[n]) for n, (i, hit) in enumerate(zip(scored, hits, strict=True))}
    out = []
    for i, (sentences, (challenge, course_text, _vector)) in enumerate(zip(split, pairs, strict=False)):
        if len(sentences) == 1:
            out.append(sentences[0].strip())
        elif i in best:
            out.append(sentences[best[i]].strip())
        else:
            out.append(best_sentence(challenge, course_text))
    return out

"""Who can be invited, as the engine's plain data; their relevance to a topic; why they matched.

Only listed people can be invited (consented, not private, active account: Profile.is_listed in SQL). Their texts are
their challenges and reforms; relevance reads vectors the directory's jobs cached (engine.cached_vectors) and embeds
the topic in memory (engine.embed_query), so generating a list writes nothing but the list. People whose texts are
not embedded yet cannot be ranked: they are counted and can still be pinned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.models import Profile, ProfileLanguage, User
from learning_hub.roundtables import quotas as q
from matching import Person, TermWeights, excerpt, explain_best, split_sentences

MAX_TOPIC_PIECES = 12
_CHUNK = 500


@dataclass(frozen=True)
class Candidate:
    profile_id: int
    name: str
    organisation: str
    country: str
    sector: str
    gender: str  # private: handed to the engine for quotas, never shown
    languages: tuple[str, ...]
    texts: tuple[str, ...]

    def person(self) -> Person:
        return Person(
            id=str(self.profile_id),
            country=self.country,
            sector=self.sector,
            gender=self.gender,
            languages=self.languages,
            attributes={"side": q.side_of(self.sector)},
        )


def listed_choices() -> list[tuple[int, str]]:
    """(profile id, 'Name, Country') for the pin and exclude pickers, by name. No gender."""
    from learning_hub.vocab import country_name

    rows = db.session.execute(
        db.select(Profile.id, Profile.display_name, Profile.country)
        .join(User, User.id == Profile.user_id)
        .where(Profile.is_listed)
        .order_by(Profile.display_name, Profile.id)
    )
    return [(pid, f"{name}, {country_name(country)}" if country else name) for pid, name, country in rows]


def listed_ids(ids: Iterable[int]) -> set[int]:
    ids = sorted(set(ids))
    found: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        found.update(
            db.session.scalars(
                db.select(Profile.id)
                .join(User, User.id == Profile.user_id)
                .where(Profile.is_listed, Profile.id.in_(ids[start : start + _CHUNK]))
            )
        )
    return found


def load_candidates(profile_ids: Iterable[int] | None = None, listed_only: bool = True) -> list[Candidate]:
    """Every listed person (or these ones), in id order, with their texts."""
    query = db.select(
        Profile.id, Profile.display_name, Profile.organisation, Profile.country, Profile.sector, Profile.gender
    ).join(User, User.id == Profile.user_id)
    if listed_only:
        query = query.where(Profile.is_listed)
    if profile_ids is not None:
        wanted = sorted(set(profile_ids))
        rows = []
        for start in range(0, len(wanted), _CHUNK):
            rows += db.session.execute(query.where(Profile.id.in_(wanted[start : start + _CHUNK]))).all()
    else:
        rows = db.session.execute(query).all()
    ids = sorted(row[0] for row in rows)
    texts = {pid: challenges + reforms for pid, (challenges, reforms) in engine.profile_texts(ids).items()}
    languages: dict[int, list[str]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for pid, code in db.session.execute(
            db.select(ProfileLanguage.profile_id, ProfileLanguage.code)
            .where(ProfileLanguage.profile_id.in_(chunk))
            .order_by(ProfileLanguage.position)
        ):
            languages.setdefault(pid, []).append(code)
    out = [
        Candidate(
            pid,
            name or "",
            organisation or "",
            country or "",
            sector or "",
            gender or "",
            tuple(languages.get(pid, ())),
            tuple(t for t in texts.get(pid, ()) if t.strip()),
        )
        for pid, name, organisation, country, sector, gender in rows
    ]
    return sorted(out, key=lambda c: c.profile_id)


def topic_text(title: str, topic: str) -> str:
    return f"{title.strip()}. {topic.strip()}".strip()


@dataclass
class Relevance:
    scores: np.ndarray  # one per candidate; NaN where no text of theirs is embedded
    topic_vectors: np.ndarray  # one row per piece of the topic
    vectors: dict[str, np.ndarray]  # cached vectors of the candidates' texts
    without_text: int  # candidates with no challenge or reform at all
    not_embedded: int  # candidates with texts none of which is embedded yet


def relevance(topic: str, candidates: list[Candidate]) -> Relevance:
    """Each candidate's relevance: for each sentence of the topic, their best-matching text, averaged (the engine's
    best-mean pooling), so a person must speak to the whole topic, not to one word of it."""
    pieces = split_sentences(topic)[:MAX_TOPIC_PIECES] or [topic]
    topic_vectors = np.vstack([engine.embed_query(piece) for piece in pieces]).astype(np.float32)
    texts = list(dict.fromkeys(t for c in candidates for t in c.texts))
    found, present = engine.cached_vectors(texts)
    lookup = {t: found[i] for i, t in enumerate(texts) if present[i]}
    without_text = sum(1 for c in candidates if not c.texts)
    not_embedded = sum(1 for c in candidates if c.texts and not any(t in lookup for t in c.texts))
    from matching import relevance_scores

    dim = topic_vectors.shape[1]
    scores = relevance_scores(topic_vectors, engine.owned_vectors([c.texts for c in candidates], lookup, dim))
    return Relevance(scores, topic_vectors, lookup, without_text, not_embedded)


def _embed_sentences(texts: list[str]) -> np.ndarray:
    """Sentence vectors for explanations across languages: cached ones, else embedded in memory (never stored)."""
    found, present = engine.cached_vectors(texts)
    for i, ok in enumerate(present):
        if not ok:
            found[i] = engine.embed_query(texts[i])
    return found


def explanations(topic: str, candidates: list[Candidate], rel: Relevance) -> dict[int, tuple[str, list[str]]]:
    """profile id -> (the sentence of their text that best meets the topic, up to five shared key terms).

    The text is the one whose vector scored best against the topic (what the relevance was computed from); the
    sentence and terms come from the engine's deterministic explainer."""
    weights = TermWeights().fit([topic, *(t for c in candidates for t in c.texts)])
    centre = rel.topic_vectors.mean(axis=0)
    centre = centre / (np.linalg.norm(centre) or 1.0)
    out = {}
    for candidate in candidates:
        texts = [t for t in candidate.texts if t in rel.vectors] or list(candidate.texts)
        if not texts:
            out[candidate.profile_id] = ("", [])
            continue
        vectors = np.vstack([rel.vectors[t] for t in texts]) if all(t in rel.vectors for t in texts) else None
        _p, _q, found = explain_best(
            texts,
            [topic],
            vectors,
            None if vectors is None else centre[None, :],
            weights=weights,
            embed=_embed_sentences,
        )
        out[candidate.profile_id] = (excerpt(found.a_sentence, 240), list(found.terms))
    return out

"""The per-process directory index: the listed profiles' cards, keyword haystacks and cached text vectors in memory.

Why: with 10,000 profiles, filters, keyword search and semantic search must answer in milliseconds. Each request
compares a cheap database fingerprint with the one the index was built from and rebuilds only when it differs. A
rebuild reuses the vectors of texts that did not change (same id, same `updated_at`) and reads only the others from
the embedding cache; it never embeds anything (jobs do that), and a text without a cached vector yet scores 0.
"""
from __future__ import annotations

import threading
import time
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from flask import current_app
from sqlalchemy import func, select

from learning_hub import engine
from learning_hub.directory.vectors import Layout, TextVectors
from learning_hub.extensions import db
from learning_hub.models import Challenge, Profile, ProfileLanguage, ProfilePolicyArea, Reform, User

_FETCH_CHUNK = 2000  # vectors read from the cache per query batch, bounding the memory of a rebuild
_lock = threading.Lock()


def fold(text: str | None) -> str:
    """Case- and accent-insensitive form for keyword search ("Pública" finds "publica")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class Card:
    """What a directory list shows about a person. No gender, no email: cards are for other people's eyes."""

    profile_id: int
    display_name: str
    country: str | None
    sector: str | None
    organisation: str | None
    role_title: str | None
    languages: tuple[str, ...]
    policy_areas: tuple[str, ...]
    mentor_available: bool
    public: bool
    challenge_count: int
    reform_count: int
    first_challenge: str | None


@dataclass
class TextSet:
    """The texts of one kind, sorted by owner row: ids, owner rows, the texts themselves and their vectors."""

    ids: np.ndarray
    owners: np.ndarray
    texts: list[str]
    stamps: dict  # (id, updated_at) -> row, for reuse by the next build
    present: np.ndarray  # a cached vector exists
    vectors: TextVectors

    def best_per_owner(self, scores: np.ndarray, n_owners: int) -> tuple[np.ndarray, np.ndarray]:
        """For each owner: the best score among its texts (-inf without texts) and that text's row (-1)."""
        best = np.full(n_owners, -np.inf, dtype=np.float32)
        where = np.full(n_owners, -1, dtype=np.int64)
        if len(scores) == 0:
            return best, where
        order = np.lexsort((-scores, self.owners))  # by owner, best score first
        first = np.ones(len(order), dtype=bool)
        first[1:] = self.owners[order[1:]] != self.owners[order[:-1]]
        rows = order[first]
        best[self.owners[rows]] = scores[rows]
        where[self.owners[rows]] = rows
        return best, where


@dataclass
class DirectoryIndex:
    fingerprint: tuple
    built_at: float
    profile_ids: np.ndarray
    cards: list[Card]
    haystacks: list[str]
    public: np.ndarray
    mentor: np.ndarray
    by_name: np.ndarray  # profile rows in display-name order
    row_of: dict[int, int]
    challenges: TextSet
    reforms: TextSet
    layout: Layout
    _masks: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.cards)

    def mask(self, attribute: str, value: str) -> np.ndarray:
        """Rows whose card has `value` for a country/sector (equal) or languages/policy_areas (contains)."""
        key = (attribute, value)
        if key not in self._masks:
            if attribute in ("languages", "policy_areas"):
                values = [value in getattr(card, attribute) for card in self.cards]
            else:
                values = [getattr(card, attribute) == value for card in self.cards]
            self._masks[key] = np.asarray(values, dtype=bool)
        return self._masks[key]


def fingerprint() -> tuple:
    """Changes whenever a listed profile, its texts (services touch `updated_at`), its vectors (`embedded_at`) or
    the set of active accounts may have changed. One small query."""
    row = db.session.execute(select(
        select(func.count(Profile.id)).scalar_subquery(),
        select(func.max(Profile.id)).scalar_subquery(),
        select(func.max(Profile.updated_at)).scalar_subquery(),
        select(func.max(Profile.embedded_at)).scalar_subquery(),
        select(func.count(User.id)).where(User.active.is_(True)).scalar_subquery(),
    )).one()
    return tuple(row) + (engine.encoder().identity,)


def current_index() -> DirectoryIndex:
    """The index for this process, rebuilt first if the database changed since it was built."""
    holder = current_app.extensions.setdefault("directory", {})
    stamp = fingerprint()
    index = holder.get("index")
    if index is not None and index.fingerprint == stamp:
        return index
    with _lock:
        index = holder.get("index")
        if index is None or index.fingerprint != stamp:
            index = build_index(stamp, previous=index)
            holder["index"] = index
    return index


def listed_condition():
    return Profile.consented_at.is_not(None) & (Profile.visibility != "private") & User.active.is_(True)


def build_index(stamp: tuple, previous: DirectoryIndex | None = None) -> DirectoryIndex:
    profiles = db.session.execute(
        select(Profile.id, Profile.display_name, Profile.country, Profile.sector, Profile.organisation,
               Profile.role_title, Profile.bio, Profile.visibility, Profile.mentor_available)
        .join(User, User.id == Profile.user_id).where(listed_condition()).order_by(Profile.id)).all()
    row_of = {row.id: i for i, row in enumerate(profiles)}
    languages: dict[int, list[str]] = {}
    for pid, code in db.session.execute(select(ProfileLanguage.profile_id, ProfileLanguage.code)
                                        .order_by(ProfileLanguage.profile_id, ProfileLanguage.position)):
        if pid in row_of:
            languages.setdefault(pid, []).append(code)
    areas: dict[int, list[str]] = {}
    for pid, area in db.session.execute(select(ProfilePolicyArea.profile_id, ProfilePolicyArea.area)):
        if pid in row_of:
            areas.setdefault(pid, []).append(area)
    challenge_rows = [(r.id, r.profile_id, r.text, r.updated_at) for r in db.session.execute(
        select(Challenge.id, Challenge.profile_id, Challenge.text, Challenge.updated_at)) if r.profile_id in row_of]
    reform_rows = [(r.id, r.profile_id, f"{r.title}. {r.description}".strip(), r.updated_at) for r in db.session.execute(
        select(Reform.id, Reform.profile_id, Reform.title, Reform.description, Reform.updated_at))
        if r.profile_id in row_of]

    # Reuse the previous build's rows only for the same encoder, and its column split only if it was fitted on
    # enough vectors (a split fitted on an empty cache would keep dense columns sparse for the process's life).
    n_texts = len(challenge_rows) + len(reform_rows)
    if previous is not None and (previous.fingerprint[-1] != stamp[-1]
                                 or previous.layout.sample_size < min(100, n_texts // 2)):
        previous = None
    layout = previous.layout if previous is not None else _fit_layout(challenge_rows + reform_rows)
    challenges = _text_set(challenge_rows, row_of, layout, previous.challenges if previous else None)
    reforms = _text_set(reform_rows, row_of, layout, previous.reforms if previous else None)

    per_profile: dict[int, list[str]] = {}
    counts = {"c": np.bincount(challenges.owners, minlength=len(profiles)),
              "r": np.bincount(reforms.owners, minlength=len(profiles))}
    first_challenge: dict[int, str] = {}
    for owner, text in zip(challenges.owners, challenges.texts):
        per_profile.setdefault(int(owner), []).append(text)
        first_challenge.setdefault(int(owner), text)
    for owner, text in zip(reforms.owners, reforms.texts):
        per_profile.setdefault(int(owner), []).append(text)
    cards, haystacks = [], []
    for i, row in enumerate(profiles):
        cards.append(Card(row.id, row.display_name, row.country, row.sector, row.organisation, row.role_title,
                          tuple(languages.get(row.id, ())), tuple(sorted(areas.get(row.id, ()))),
                          bool(row.mentor_available), row.visibility == "public", int(counts["c"][i]),
                          int(counts["r"][i]), first_challenge.get(i)))
        haystacks.append(fold(" \n ".join(filter(None, [row.display_name, row.organisation, row.role_title, row.bio]
                                                  + per_profile.get(i, [])))))
    by_name = np.asarray(sorted(range(len(cards)), key=lambda i: (fold(cards[i].display_name), cards[i].profile_id)),
                         dtype=np.int64)
    return DirectoryIndex(
        fingerprint=stamp, built_at=time.time(), profile_ids=np.asarray([c.profile_id for c in cards], dtype=np.int64),
        cards=cards, haystacks=haystacks, public=np.asarray([c.public for c in cards], dtype=bool),
        mentor=np.asarray([c.mentor_available for c in cards], dtype=bool), by_name=by_name, row_of=row_of,
        challenges=challenges, reforms=reforms, layout=layout)


def _fit_layout(rows: list[tuple]) -> Layout:
    dim = engine.encoder().dim
    sample_texts = [text for _id, _pid, text, _ts in rows[:: max(1, len(rows) // 500)][:500]]
    vectors, present = engine.cached_vectors(sample_texts) if sample_texts else (np.zeros((0, dim)), np.zeros(0))
    return Layout.fit(vectors[present.astype(bool)] if len(sample_texts) else vectors, dim)


def _text_set(rows: list[tuple], row_of: dict[int, int], layout: Layout, previous: TextSet | None) -> TextSet:
    rows = sorted(rows, key=lambda r: (row_of[r[1]], r[0]))
    n = len(rows)
    ids = np.asarray([r[0] for r in rows], dtype=np.int64)
    owners = np.asarray([row_of[r[1]] for r in rows], dtype=np.int64)
    texts = [r[2] for r in rows]
    stamps = {(r[0], r[3]): i for i, r in enumerate(rows)}
    present = np.zeros(n, dtype=bool)
    pieces = []
    reuse_new, reuse_old, fetch = [], [], []
    for i, (text_id, _pid, _text, updated) in enumerate(rows):
        old = previous.stamps.get((text_id, updated)) if previous is not None else None
        if old is not None and previous.vectors.layout is layout:
            reuse_new.append(i)
            reuse_old.append(old)
        else:
            fetch.append(i)
    if reuse_new:
        old_rows = np.asarray(reuse_old, dtype=np.int64)
        dense, sparse_rows = previous.vectors.rows(old_rows)
        pieces.append((np.asarray(reuse_new, dtype=np.int64), dense, sparse_rows))
        present[reuse_new] = previous.present[old_rows]
    for start in range(0, len(fetch), _FETCH_CHUNK):
        chunk = fetch[start:start + _FETCH_CHUNK]
        vectors, found = engine.cached_vectors([texts[i] for i in chunk])
        dense, sparse_rows = layout.split(vectors)
        pieces.append((np.asarray(chunk, dtype=np.int64), dense, sparse_rows))
        present[chunk] = found
    vectors = TextVectors.assemble(layout, pieces, n) if n else TextVectors.empty(layout)
    return TextSet(ids=ids, owners=owners, texts=texts, stamps=stamps, present=present, vectors=vectors)

"""The per-process directory index: the listed profiles' cards, a word index and cached text vectors in memory.

Why: with 10,000 profiles, filters, keyword search and semantic search must answer in milliseconds. Each request
compares a cheap database fingerprint with the one the index was built from and rebuilds only when it differs. A
rebuild reuses the vectors of texts that did not change (same id, same `updated_at`) and reads only the others from
the embedding cache; it never embeds anything (jobs do that), and a text without a cached vector yet scores 0.

The vectors of each kind of text (challenges, reforms) are a `matching.Index` fitted with the profile row as owner
and the profile's country as group; searches ask it, and never score vectors themselves. Rows are assembled as a
sparse matrix, so the mostly-zero columns of the hashing and hybrid encoders are never held dense.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from flask import current_app
from scipy import sparse
from sqlalchemy import func, select

from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.models import Challenge, Profile, ProfileLanguage, ProfilePolicyArea, Reform, User, embedded_text
from matching import Index

log = logging.getLogger(__name__)
_FETCH_CHUNK = 2000  # vectors read from the cache per query batch, bounding the memory of a rebuild
_lock = threading.Lock()


WORD = re.compile(r"\w+")
# Combining marks (accents written as separate code points after NFKD decomposition).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str | None) -> str:
    """Case- and accent-insensitive form for keyword search ("Pública" finds "publica"); C-speed throughout,
    since a rebuild folds every listed profile's texts."""
    text = text or ""
    if text.isascii():  # most texts: nothing to strip, and casefold() is lower() for ASCII
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


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
    """The texts of one kind, sorted by owner row: ids, owner rows, the texts and the engine's index of their vectors
    (index row i is text i; owner = profile row; group = the profile's country)."""

    ids: np.ndarray
    owners: np.ndarray
    texts: list[str]
    stamps: dict  # (id, updated_at) -> row, for reuse by the next build
    present: np.ndarray  # a cached vector exists
    index: Index

    def best_per_owner(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each owner: the best score of its texts against any query (-inf without texts) and that text's row
        (-1), ties to the earlier text."""
        found = self.index.best_per_owner(queries)
        best = np.full(self.index.n_owners, -np.inf, dtype=np.float32)
        where = np.full(self.index.n_owners, -1, dtype=np.int64)
        best[found.owners] = found.scores
        where[found.owners] = found.rows
        return best, where


@dataclass
class DirectoryIndex:
    fingerprint: tuple
    built_at: float
    profile_ids: np.ndarray
    cards: list[Card]
    vocabulary: list[str]  # every folded word of the listed profiles' texts, sorted (keyword search by prefix)
    postings: dict[str, np.ndarray]  # word -> the rows whose texts contain it
    public: np.ndarray
    mentor: np.ndarray
    by_name: np.ndarray  # profile rows in display-name order
    row_of: dict[int, int]
    challenges: TextSet
    reforms: TextSet
    _masks: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.cards)

    def keyword_mask(self, query: str) -> np.ndarray:
        """Rows whose name, organisation, role, bio, challenges or reforms have a word starting with each word of
        the query ("owner" finds "ownership"; case and accents ignored). One-letter words are ignored."""
        mask = np.ones(len(self), dtype=bool)
        for word in [w for w in WORD.findall(fold(query)) if len(w) > 1][:10]:
            found = np.zeros(len(self), dtype=bool)
            position = bisect.bisect_left(self.vocabulary, word)
            while position < len(self.vocabulary) and self.vocabulary[position].startswith(word):
                found[self.postings[self.vocabulary[position]]] = True
                position += 1
            mask &= found
            if not mask.any():
                break
        return mask

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
    the set of active accounts may have changed. One query of index lookups, plus a scan of the accounts' `active`
    flags (about a millisecond at 10,000 accounts)."""
    row = db.session.execute(
        select(
            select(func.count()).select_from(Profile).scalar_subquery(),
            select(func.max(Profile.id)).scalar_subquery(),
            select(func.max(Profile.updated_at)).scalar_subquery(),
            select(func.max(Profile.embedded_at)).scalar_subquery(),
            select(func.count()).select_from(User).where(User.active.is_(False)).scalar_subquery(),
        )
    ).one()
    return (*tuple(row), engine.identity())


def current_index() -> DirectoryIndex:
    """The index for this process, rebuilt when the database changed since it was built.

    The fingerprint is read at most every DIRECTORY_INDEX_TTL seconds (default 1; 0 when testing). The first index
    is built in the request; later ones in a background thread while requests keep using the previous index
    (DIRECTORY_INDEX_BACKGROUND, default on except when testing), so an edit costs no request a rebuild (about a
    second at 10,000 profiles) and shows in lists a moment later.
    """
    app = current_app._get_current_object()
    holder = app.extensions.setdefault("directory", {})
    index = holder.get("index")
    ttl = app.config.get("DIRECTORY_INDEX_TTL", 0 if app.testing else 1.0)
    now = time.monotonic()
    if index is not None and now - holder.get("checked_at", 0) < ttl:
        return index
    stamp = fingerprint()
    holder["checked_at"] = now
    if index is not None and index.fingerprint == stamp:
        return index
    if index is not None and app.config.get("DIRECTORY_INDEX_BACKGROUND", not app.testing):
        with _lock:
            if not holder.get("rebuilding"):
                holder["rebuilding"] = True
                threading.Thread(
                    target=_rebuild_in_background, args=(app, index), daemon=True, name="directory-index"
                ).start()
        return index
    with _lock:
        index = holder.get("index")
        if index is None or index.fingerprint != stamp:
            index = build_index(stamp, previous=index)
            holder["index"] = index
    return index


def _rebuild_in_background(app, previous: DirectoryIndex) -> None:
    holder = app.extensions["directory"]
    try:
        # A GET request context: the database layer then reads in a deferred transaction (database.py) instead of
        # taking SQLite's write lock for the second the rebuild lasts.
        with app.test_request_context("/directory", method="GET"):
            try:
                index = build_index(fingerprint(), previous=previous)
                with _lock:
                    holder["index"] = index
            finally:
                db.session.remove()
    except Exception:  # keep serving the previous index; the next check tries again
        log.exception("Rebuilding the directory index failed")
    finally:
        holder["rebuilding"] = False


def build_index(stamp: tuple, previous: DirectoryIndex | None = None) -> DirectoryIndex:
    profiles = db.session.execute(
        select(
            Profile.id,
            Profile.display_name,
            Profile.country,
            Profile.sector,
            Profile.organisation,
            Profile.role_title,
            Profile.bio,
            Profile.visibility,
            Profile.mentor_available,
        )
        .join(User, User.id == Profile.user_id)
        .where(Profile.is_listed)
        .order_by(Profile.id)
    ).all()
    row_of = {row.id: i for i, row in enumerate(profiles)}
    languages: dict[int, list[str]] = {}
    for pid, code in db.session.execute(
        select(ProfileLanguage.profile_id, ProfileLanguage.code).order_by(
            ProfileLanguage.profile_id, ProfileLanguage.position
        )
    ):
        if pid in row_of:
            languages.setdefault(pid, []).append(code)
    areas: dict[int, list[str]] = {}
    for pid, area in db.session.execute(select(ProfilePolicyArea.profile_id, ProfilePolicyArea.area)):
        if pid in row_of:
            areas.setdefault(pid, []).append(area)
    challenge_rows = [
        (r.id, r.profile_id, r.text, r.updated_at)
        for r in db.session.execute(select(Challenge.id, Challenge.profile_id, Challenge.text, Challenge.updated_at))
        if r.profile_id in row_of
    ]
    reform_rows = [
        (r.id, r.profile_id, embedded_text(r.title, r.description), r.updated_at)
        for r in db.session.execute(
            select(Reform.id, Reform.profile_id, Reform.title, Reform.description, Reform.updated_at)
        )
        if r.profile_id in row_of
    ]

    # Reuse the previous build's rows only for the same encoder.
    if previous is not None and previous.fingerprint[-1] != stamp[-1]:
        previous = None
    countries = [row.country for row in profiles]
    challenges = _text_set(challenge_rows, row_of, countries, previous.challenges if previous else None)
    reforms = _text_set(reform_rows, row_of, countries, previous.reforms if previous else None)

    per_profile: dict[int, list[str]] = {}
    counts = {
        "c": np.bincount(challenges.owners, minlength=len(profiles)),
        "r": np.bincount(reforms.owners, minlength=len(profiles)),
    }
    first_challenge: dict[int, str] = {}
    for owner, text in zip(challenges.owners, challenges.texts, strict=False):
        per_profile.setdefault(int(owner), []).append(text)
        first_challenge.setdefault(int(owner), text)
    for owner, text in zip(reforms.owners, reforms.texts, strict=False):
        per_profile.setdefault(int(owner), []).append(text)
    cards, haystacks = [], []
    for i, row in enumerate(profiles):
        cards.append(
            Card(
                row.id,
                row.display_name,
                row.country,
                row.sector,
                row.organisation,
                row.role_title,
                tuple(languages.get(row.id, ())),
                tuple(sorted(areas.get(row.id, ()))),
                bool(row.mentor_available),
                row.visibility == "public",
                int(counts["c"][i]),
                int(counts["r"][i]),
                first_challenge.get(i),
            )
        )
        haystacks.append(
            fold(
                " \n ".join(
                    filter(None, [row.display_name, row.organisation, row.role_title, row.bio, *per_profile.get(i, [])])
                )
            )
        )
    postings: dict[str, list[int]] = {}
    for row, haystack in enumerate(haystacks):
        for word in set(WORD.findall(haystack)):
            postings.setdefault(word, []).append(row)
    by_name = np.asarray(
        sorted(range(len(cards)), key=lambda i: (fold(cards[i].display_name), cards[i].profile_id)), dtype=np.int64
    )
    return DirectoryIndex(
        fingerprint=stamp,
        built_at=time.time(),
        profile_ids=np.asarray([c.profile_id for c in cards], dtype=np.int64),
        cards=cards,
        vocabulary=sorted(postings),
        postings={word: np.asarray(rows, dtype=np.int32) for word, rows in postings.items()},
        public=np.asarray([c.public for c in cards], dtype=bool),
        mentor=np.asarray([c.mentor_available for c in cards], dtype=bool),
        by_name=by_name,
        row_of=row_of,
        challenges=challenges,
        reforms=reforms,
    )


def _text_set(rows: list[tuple], row_of: dict[int, int], countries: list, previous: TextSet | None) -> TextSet:
    rows = sorted(rows, key=lambda r: (row_of[r[1]], r[0]))
    n = len(rows)
    ids = np.asarray([r[0] for r in rows], dtype=np.int64)
    owners = np.asarray([row_of[r[1]] for r in rows], dtype=np.int64)
    texts = [r[2] for r in rows]
    stamps = {(r[0], r[3]): i for i, r in enumerate(rows)}
    present = np.zeros(n, dtype=bool)
    pieces = []  # (rows of this build, their vectors as CSR)
    reuse_new, reuse_old, fetch = [], [], []
    for i, (text_id, _pid, _text, updated) in enumerate(rows):
        old = previous.stamps.get((text_id, updated)) if previous is not None else None
        if old is not None:
            reuse_new.append(i)
            reuse_old.append(old)
        else:
            fetch.append(i)
    if reuse_new:
        old_rows = np.asarray(reuse_old, dtype=np.int64)
        pieces.append((reuse_new, previous.index.vectors_at(old_rows, sparse=True)))
        present[reuse_new] = previous.present[old_rows]
    for start in range(0, len(fetch), _FETCH_CHUNK):
        chunk = fetch[start : start + _FETCH_CHUNK]
        vectors, found = engine.cached_vectors([texts[i] for i in chunk])
        pieces.append((chunk, sparse.csr_matrix(vectors, dtype=np.float32)))
        present[chunk] = found
    dim = engine.encoder().dim
    matrix = sparse.csr_matrix((0, dim), dtype=np.float32)
    if pieces:
        stacked = sparse.vstack([block for _rows, block in pieces], format="csr", dtype=np.float32)
        order = np.concatenate([np.asarray(r, dtype=np.int64) for r, _block in pieces])
        # Row r of `stacked` belongs at position order[r]: every position is covered exactly once.
        inverse = np.empty(n, dtype=np.int64)
        inverse[order] = np.arange(n, dtype=np.int64)
        matrix = stacked[inverse]
    index = Index(matrix, owners, n_owners=len(countries), groups=countries)
    return TextSet(ids=ids, owners=owners, texts=texts, stamps=stamps, present=present, index=index)

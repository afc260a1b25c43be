"""Browsing and search: filters, keyword search, semantic search with the sentence that matched, and "reformers
abroad" suggestions on a profile page. All of it reads the per-process index; only the query is embedded here."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import joinedload

import matching
from learning_hub import engine, vocab
from learning_hub.directory.browse.index import Card, DirectoryIndex, current_index
from learning_hub.errors import NotFound
from learning_hub.extensions import db
from learning_hub.models import Profile, User
from matching import content_words, split_sentences

PER_PAGE = 20
MAX_SEMANTIC_RESULTS = 100  # a ranked list: past this, "similar" stops meaning much
MAX_QUERY_LENGTH = 300
MIN_SCORE = 0.05  # below this a text shares nothing useful with the query
MODES = ("meaning", "words")
ABROAD_CACHE_SIZE = 4096  # profile pages' "reformers abroad" answers kept per process
_abroad_lock = threading.Lock()


@dataclass(frozen=True)
class Filters:
    q: str = ""
    mode: str = "meaning"
    country: str = ""
    sector: str = ""
    area: str = ""
    language: str = ""
    mentor: bool = False

    @property
    def semantic(self) -> bool:
        return bool(self.q) and self.mode == "meaning"


@dataclass(frozen=True)
class Hit:
    card: Card
    score: float | None = None
    kind: str | None = None  # "challenge" or "reform": what matched
    text: str | None = None  # the text that matched best
    sentence: str | None = None  # its sentence closest to the query, when its sentences are embedded
    anchor: str | None = None  # on a profile page: the profile's own challenge that this answers


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    per_page: int
    total: int
    # A search by meaning that found nothing above the encoder's relevance floor: `items` are then the profiles
    # sharing the query's words (a keyword search), if any.
    no_close_match: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def parse_filters(args) -> tuple[Filters, list[str]]:
    """Filters from query-string arguments; unknown values are dropped with a message (never a 400 or a 500)."""
    problems = []

    def pick(name: str, allowed) -> str:
        value = (args.get(name) or "").strip()
        if value and value not in allowed:
            problems.append(_("Unknown %(name)s “%(value)s” was ignored.", name=name, value=value[:40]))
            return ""
        return value

    q = " ".join((args.get("q") or "").split())
    if len(q) > MAX_QUERY_LENGTH:
        problems.append(_("The search was shortened to %(n)s characters.", n=MAX_QUERY_LENGTH))
        q = q[:MAX_QUERY_LENGTH]
    if any(ord(ch) < 32 for ch in q):
        q = "".join(ch for ch in q if ord(ch) >= 32)
    country = (args.get("country") or "").strip().upper()
    if country and not vocab.is_country(country):
        problems.append(_("Unknown country “%(value)s” was ignored.", value=country[:10]))
        country = ""
    mode = args.get("mode") if args.get("mode") in MODES else "meaning"
    return Filters(
        q=q,
        mode=mode,
        country=country,
        sector=pick("sector", vocab.SECTORS),
        area=pick("area", vocab.POLICY_AREAS),
        language=pick("language", vocab.PROFILE_LANGUAGES),
        mentor=args.get("mentor") in ("1", "y", "on", "true"),
    ), problems


def _visible(index: DirectoryIndex, viewer) -> np.ndarray:
    """Listed profiles the viewer may see: members-only ones need a signed-in viewer."""
    if getattr(viewer, "is_authenticated", False):
        return np.ones(len(index), dtype=bool)
    return index.public.copy()


def _filtered(index: DirectoryIndex, viewer, filters: Filters) -> np.ndarray:
    mask = _visible(index, viewer)
    for attribute, value in (
        ("country", filters.country),
        ("sector", filters.sector),
        ("policy_areas", filters.area),
        ("languages", filters.language),
    ):
        if value:
            mask &= index.mask(attribute, value)
    if filters.mentor:
        mask &= index.mentor
    if filters.q and filters.mode == "words":
        mask &= index.keyword_mask(filters.q)
    return mask


def own_profile_id(viewer) -> int | None:
    """The viewer's profile id: the profile itself when this request loaded it (it may have just been created), else
    the id the session's user loader read with the account (no query), else read alone (loading the profile would
    load its languages and areas too)."""
    if not getattr(viewer, "is_authenticated", False):
        return None
    user = viewer._get_current_object() if hasattr(viewer, "_get_current_object") else viewer
    if "profile" not in sa_inspect(user).unloaded:
        return user.profile.id if user.profile is not None else None
    if "session_profile_id" in vars(user):
        return user.session_profile_id
    return db.session.scalar(db.select(Profile.id).where(Profile.user_id == user.id))


def _own_row(index: DirectoryIndex, viewer) -> np.ndarray:
    """The viewer's own profile: a search for peers leaves it out."""
    own = own_profile_id(viewer)
    return index.profile_ids == own if own is not None else np.zeros(len(index), dtype=bool)


def _keyword_fallback(index: DirectoryIndex, viewer, filters: Filters, mask: np.ndarray, words, page, per_page):
    """No close match by meaning: the profiles holding every content word of the query, by name."""
    found = mask & ~_own_row(index, viewer)
    found &= index.keyword_mask(" ".join(words)) if words else np.zeros(len(index), dtype=bool)
    ordered = index.by_name[found[index.by_name]]
    total = len(ordered)
    page = min(page, max(1, math.ceil(total / per_page)))
    rows = ordered[(page - 1) * per_page : page * per_page]
    return Page([Hit(index.cards[i]) for i in rows], page, per_page, total, no_close_match=True)


def search(viewer, filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of the directory for this viewer: by name, or best semantic matches first (the API chooses
    `per_page`; the page uses PER_PAGE)."""
    index = current_index()
    mask = _filtered(index, viewer, filters)
    page = max(1, page)
    if not filters.semantic:
        ordered = index.by_name[mask[index.by_name]]
        total = len(ordered)
        page = min(page, max(1, math.ceil(total / per_page)))
        rows = ordered[(page - 1) * per_page : page * per_page]
        return Page([Hit(index.cards[i]) for i in rows], page, per_page, total)

    # A query of function words only ("the", "de la", "???") means nothing: no search by meaning at all.
    words = content_words(filters.q)
    if not words:
        return _keyword_fallback(index, viewer, filters, mask, words, page, per_page)
    encoder = engine.encoder()
    query = engine.embed_query(filters.q)
    best = {}
    for kind, texts in (("challenge", index.challenges), ("reform", index.reforms)):
        best[kind] = texts.best_per_owner(query)
    reform_wins = best["reform"][0] > best["challenge"][0]
    scores = np.where(reform_wins, best["reform"][0], best["challenge"][0])
    scores[~mask | _own_row(index, viewer)] = -np.inf
    if getattr(encoder, "needs_shared_words", False):
        # a bag-of-words similarity without a shared word is hashing noise
        shares = np.zeros(len(index), dtype=bool)
        for word in words:
            shares |= index.keyword_mask(word)
        scores[~shares] = -np.inf
    # A close match beats the floor and, with a calibrated encoder, is more likely an answer than not given how
    # close the query is to everyday texts (matching/relevance.py): "football results" is nearer the background.
    relevance = engine.relevance()
    background = matching.background_best(query, engine.background_vectors()) if relevance.uses_background else 0.0
    eligible = np.flatnonzero((scores > MIN_SCORE) & relevance.close(scores, background))
    if not len(eligible):
        return _keyword_fallback(index, viewer, filters, mask, words, page, per_page)
    ranked = eligible[np.lexsort((index.profile_ids[eligible], -scores[eligible]))][:MAX_SEMANTIC_RESULTS]
    total = len(ranked)
    page = min(page, max(1, math.ceil(total / per_page)))
    rows = ranked[(page - 1) * per_page : page * per_page]
    matched = []
    for i in rows:
        kind = "reform" if reform_wins[i] else "challenge"
        texts = index.reforms if kind == "reform" else index.challenges
        matched.append((i, kind, texts.texts[best[kind][1][i]]))
    sentences = best_sentences(query, [text for _i, _kind, text in matched])
    items = [
        Hit(index.cards[i], float(scores[i]), kind, text, sentence)
        for (i, kind, text), sentence in zip(matched, sentences, strict=False)
    ]
    return Page(items, page, per_page, total)


def best_sentences(query: np.ndarray, texts: list[str]) -> list[str | None]:
    """For each text, its sentence closest to the query, scored now against cached sentence vectors (the embedding
    job stores them). A one-sentence text is its own answer; a text whose sentences are not embedded yet gets None."""
    split = [split_sentences(text) for text in texts]
    answers = [parts[0] if parts else None for parts in split]  # a one-sentence text is its own answer
    multi = [t for t, parts in enumerate(split) if len(parts) > 1]
    if not multi:
        return answers
    # The sentences of each multi-sentence text, owned by that text; sentences not embedded yet are left out.
    sentences = [sentence for t in multi for sentence in split[t]]
    owners = [t for t in multi for _sentence in split[t]]
    # a page's few sentences: dense storage (splitting columns costs more than it saves at this size)
    sentence_index, present = engine.text_index(
        sentences, owners, n_owners=len(texts), skip_missing=True, storage="dense"
    )
    kept = np.flatnonzero(present)
    rows, _scores = sentence_index.best_rows(query, multi)
    for t, row in zip(multi, rows, strict=True):
        answers[t] = sentences[kept[row]] if row >= 0 else None
    return answers


def visible_profile(viewer, profile_id: int) -> Profile:
    """A profile page: its owner always; others only when listed, and members-only ones for signed-in viewers."""
    # Its account comes in the same query (whether it is listed depends on the account being active); the account's
    # roles are not shown, so they are not loaded with it.
    profile = db.session.get(Profile, profile_id, options=[joinedload(Profile.user).lazyload(User.role_rows)])
    if profile is None:
        raise NotFound(_("No such profile."))
    if getattr(viewer, "is_authenticated", False) and profile.user_id == viewer.id:
        return profile
    # Listed to this viewer: shown, whoever asked whom. Checked first because it is free, whereas whether the
    # person shared their profile by asking takes the viewer's profile and two queries.
    if profile.is_listed and (profile.visibility == "public" or getattr(viewer, "is_authenticated", False)):
        return profile
    if profile.user.active and _shared_with(viewer, profile):
        return profile
    raise NotFound(_("No such profile."))


def _shared_with(viewer, profile: Profile) -> bool:
    """A person who asked the viewer (for an introduction, or to be their mentor) shared their profile by asking."""
    from learning_hub.introductions.privacy import may_open_profile

    return may_open_profile(viewer, profile)


def abroad(viewer, profile: Profile, k: int = 5) -> dict[str, list[Hit]]:
    """Reformers in other countries facing similar challenges, and those whose reforms answer this profile's
    challenges, best first. Uses the profile's own cached challenge vectors; nothing is embedded here.

    Kept per process for each (profile, its texts and country, signed in or not, index): the index changes whenever
    a profile, its texts or its vectors change, so a kept answer is never stale; empty answers are not kept."""
    mine = tuple(c.text for c in profile.challenges)
    index = current_index()
    key = (profile.id, profile.country, mine, k, bool(getattr(viewer, "is_authenticated", False)), index.fingerprint)
    kept: OrderedDict = current_app.extensions.setdefault("directory", {}).setdefault("abroad", OrderedDict())
    with _abroad_lock:
        found = kept.get(key)
    if found is not None:
        return found
    found = _abroad(viewer, profile, index, list(mine), k)
    if any(found.values()):
        with _abroad_lock:
            kept[key] = found
            while len(kept) > ABROAD_CACHE_SIZE:
                kept.popitem(last=False)
    return found


def _abroad(viewer, profile: Profile, index: DirectoryIndex, mine: list[str], k: int) -> dict[str, list[Hit]]:
    vectors, present = engine.cached_vectors(mine) if mine else (None, np.zeros(0, dtype=bool))
    if not present.any():
        return {"similar": [], "answers": []}
    mine = [text for text, ok in zip(mine, present, strict=False) if ok]
    queries = vectors[present]
    # Other countries only (the index's groups), never the profile itself, among the profiles the viewer may see.
    eligible = _visible(index, viewer) & (index.profile_ids != profile.id)
    result = {}
    for key, texts in (("similar", index.challenges), ("answers", index.reforms)):
        # best first, so the k best above the floor are among the k best
        found = texts.index.best_per_owner(queries, k=k, exclude_group=profile.country, eligible=eligible)
        top = [match for match in found if match[1] > MIN_SCORE]
        kind = "challenge" if key == "similar" else "reform"
        result[key] = [
            Hit(index.cards[i], score, kind, texts.texts[row], anchor=mine[query]) for i, score, row, query in top
        ]
    return result

"""The per-country reform library: OGP commitments imported by coordinators, browsable by country and usable by
matching (as `matching` Items, and as "commitments abroad that answer your challenges" on a profile page)."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np
from flask import current_app
from sqlalchemy import func, select

from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.models import LibraryReform, Profile, embedded_text, utcnow
from matching import Index, Item

SOURCE = "ogp"
PER_PAGE = 20
_lock = threading.Lock()


def existing_commitments(external_ids: list[str]) -> set[str]:
    found = set()
    for start in range(0, len(external_ids), 500):
        found.update(
            db.session.scalars(
                select(LibraryReform.external_id).where(
                    LibraryReform.source == SOURCE, LibraryReform.external_id.in_(external_ids[start : start + 500])
                )
            )
        )
    return found


def apply_commitments(rows: list[dict], batch_id: int) -> dict:
    """Insert or update commitments by (source, id). Runs inside the import's transaction; the caller commits."""
    existing = {}
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), 500):
        for item in db.session.scalars(
            select(LibraryReform).where(
                LibraryReform.source == SOURCE, LibraryReform.external_id.in_(ids[start : start + 500])
            )
        ):
            existing[item.external_id] = item
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        item = existing.get(row["id"])
        if item is None:
            item = LibraryReform(source=SOURCE, external_id=row["id"])
            db.session.add(item)
            counts["created"] += 1
        else:
            counts["updated"] += 1
        item.country, item.title, item.description = row["country"], row["title"], row["text"]
        item.source_url, item.batch_id, item.updated_at = row["source_url"], batch_id, utcnow()
    return counts


def library_items(countries: list[str] | None = None) -> list[Item]:
    """The library as plain `matching` items (group = country), for peer exchange, mentoring and roundtables."""
    query = select(LibraryReform).order_by(LibraryReform.id)
    if countries:
        query = query.where(LibraryReform.country.in_(countries))
    return [
        Item(id=f"library:{r.id}", text=r.text, group=r.country, language=r.language) for r in db.session.scalars(query)
    ]


@dataclass(frozen=True)
class LibraryPage:
    items: list
    page: int
    per_page: int
    total: int

    pages = property(lambda self: max(1, math.ceil(self.total / self.per_page)))
    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)


def browse(country: str | None, words: str | None, page: int = 1) -> LibraryPage:
    query = select(LibraryReform)
    if country:
        query = query.where(LibraryReform.country == country)
    for word in (words or "").lower().split()[:8]:
        query = query.where(
            func.lower(LibraryReform.title).contains(word, autoescape=True)
            | func.lower(LibraryReform.description).contains(word, autoescape=True)
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(max(1, page), max(1, math.ceil(total / PER_PAGE)))
    items = list(
        db.session.scalars(
            query.order_by(LibraryReform.country, LibraryReform.external_id)
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE)
        )
    )
    return LibraryPage(items, page, PER_PAGE, total)


def library_countries() -> list[tuple[str, int]]:
    return [
        (code, count)
        for code, count in db.session.execute(
            select(LibraryReform.country, func.count()).group_by(LibraryReform.country).order_by(LibraryReform.country)
        )
    ]


@dataclass
class _LibraryIndex:
    fingerprint: tuple
    ids: np.ndarray
    index: Index  # one owner per commitment (row i is commitment ids[i]), grouped by country


def _index() -> _LibraryIndex:
    """The library's cached vectors in memory (a few hundred rows), rebuilt when the library changes."""
    stamp = tuple(db.session.execute(select(func.count(LibraryReform.id), func.max(LibraryReform.updated_at))).one())
    stamp += (engine.identity(),)
    holder = current_app.extensions.setdefault("directory", {})
    index = holder.get("library")
    if index is None or index.fingerprint != stamp:
        with _lock:
            rows = db.session.execute(
                select(
                    LibraryReform.id, LibraryReform.country, LibraryReform.title, LibraryReform.description
                ).order_by(LibraryReform.id)
            ).all()
            fitted, _present = engine.text_index(
                [embedded_text(r.title, r.description) for r in rows], groups=[r.country for r in rows]
            )
            index = _LibraryIndex(stamp, np.asarray([r.id for r in rows], dtype=np.int64), fitted)
            holder["library"] = index
    return index


def answers_for(profile: Profile, k: int = 3, min_score: float = 0.05) -> list[tuple[LibraryReform, float, str]]:
    """Commitments from other countries closest to the profile's challenges: (commitment, score, the challenge)."""
    mine = [c.text for c in profile.challenges]
    if not mine:
        return []
    queries, present = engine.cached_vectors(mine)
    index = _index()
    if not present.any() or len(index.ids) == 0:
        return []
    mine = [text for text, ok in zip(mine, present, strict=False) if ok]
    found = index.index.best_per_owner(queries[present], k=k, exclude_group=profile.country)
    top = [(row, score, query) for row, score, _row, query in found if score > min_score]
    items = {
        r.id: r
        for r in db.session.scalars(
            select(LibraryReform).where(LibraryReform.id.in_([int(index.ids[row]) for row, _s, _q in top]))
        )
    }
    return [(items[int(index.ids[row])], score, mine[query]) for row, score, query in top]

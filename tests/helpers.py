"""Small helpers for tests that check "nothing changed"."""

from __future__ import annotations

from learning_hub.extensions import db


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order: equal snapshots mean the database did not change."""
    db.session.commit()
    state = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows = db.session.execute(table.select().order_by(*order)).all()
        state[table.name] = [tuple(row) for row in rows]
    db.session.commit()
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


def csrf_token_from(page: str) -> str:
    """The first CSRF token in a rendered page (WTForms' hidden field or the layout's hand-written ones)."""
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    assert match, "no CSRF token in the page"
    return match.group(1)

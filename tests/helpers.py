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

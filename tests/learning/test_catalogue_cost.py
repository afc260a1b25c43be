"""The course catalogue counts each course's lessons in one query: it never loads lesson rows (nor their texts in
every language) to print "N lessons" on a card."""

from __future__ import annotations

import re

from sqlalchemy import event

from learning_hub.extensions import db


def test_defect_15_catalogue_loads_no_lessons(client, courses):
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        page = client.get("/courses").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert re.search(r"\d+ lessons?", page)
    assert not [s for s in statements if re.search(r"\bFROM lesson_text\b", s)]
    assert not [s for s in statements if re.search(r"SELECT lesson\.id", s)]

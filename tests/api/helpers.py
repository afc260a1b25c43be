"""Helpers of these tests (plain functions and data; the fixtures stay in conftest.py)."""

from __future__ import annotations

from learning_hub.api import tokens
from learning_hub.extensions import db as _db
from learning_hub.models import TOKEN_SCOPES, Course


def bearer(user, scopes=TOKEN_SCOPES) -> dict:
    """Headers carrying a fresh token of `user` with these scopes (all of them by default)."""
    _row, raw = tokens.create_token(user, "tests", list(scopes), 30)
    return {"Authorization": f"Bearer {raw}"}


def sync_courses(runner, root) -> dict:
    _db.session.commit()  # free SQLite's write lock for the command's own session
    result = runner.invoke(args=["courses", "sync", "--dir", str(root)])
    assert result.exit_code == 0, result.output
    _db.session.expire_all()
    return {course.slug: course for course in _db.session.scalars(_db.select(Course))}

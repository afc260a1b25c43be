"""Fixtures of the learning tests: small synced course folders and a `sync` helper that runs the real CLI."""

from __future__ import annotations

import pytest

from learning_hub.extensions import db as _db
from learning_hub.models import Course
from tests.learning.corpus import write_course


@pytest.fixture
def sync(runner):
    """`sync(path, *extra)`: run `flask courses sync --dir path` and return the click result."""

    def run(path, *extra):
        _db.session.commit()  # free SQLite's write lock for the command's own session
        result = runner.invoke(args=["courses", "sync", "--dir", str(path), *extra])
        _db.session.expire_all()
        return result

    return run


@pytest.fixture
def course_root(tmp_path):
    """A folder with two valid courses: `basics` (four lessons, Spanish translation) and `advanced`, which needs
    `basics` first."""
    root = tmp_path / "courses"
    write_course(root, "basics", title="Open contracting basics", translations=("es",), markers={"one": "ORIGINALTEXT"})
    write_course(
        root,
        "advanced",
        title="Advanced coalitions",
        prerequisites=("basics",),
        level="advanced",
        policy_areas=("civic_space", "public_participation"),
    )
    return root


@pytest.fixture
def courses(app, course_root, sync):
    """The two courses of `course_root`, synced: {slug: Course}."""
    result = sync(course_root)
    assert result.exit_code == 0, result.output
    return {course.slug: course for course in _db.session.scalars(_db.select(Course))}

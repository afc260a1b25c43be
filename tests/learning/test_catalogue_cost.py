"""The course catalogue counts each course's lessons in one query: it never loads lesson rows (nor their texts in
every language) to print "N lessons" on a card."""

from __future__ import annotations

import re

from sqlalchemy import event

from learning_hub.extensions import db
from learning_hub.models import Enrolment, LessonProgress
from tests.factories import make_user
from tests.helpers import recorded_statements


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


# What a signed-in learner's catalogue may ask the database, counted by hand: the session's account with its roles
# and profile id (1); the courses' version (1: the cards, their lesson counts and the languages offered in the filter
# are kept in memory per version, where they took five queries); the learner's enrolments with their courses, their
# lessons done, those courses' texts and lessons (4); the header's unread notifications, messages and introductions
# waiting, in one statement (1; it was three). The courses a learner took add no query: their progress comes from the
# same few queries however many there are.
CATALOGUE_STATEMENTS = 7


def _enrol(user, course, lessons_done: int) -> None:
    enrolment = Enrolment(user_id=user.id, course_id=course.id)
    enrolment.lesson_progress = [
        LessonProgress(lesson_id=lesson.id) for lesson in course.current_lessons[:lessons_done]
    ]
    db.session.add(enrolment)
    db.session.commit()


def test_defect_15_catalogue_queries_do_not_grow_with_the_courses_taken(client_as, courses):
    """The catalogue read each enrolled course's lessons (and their texts in every language) one course at a time to
    draw its progress bar: one learner in one course and one in two must cost the same few queries."""
    one, two = make_user(), make_user()
    _enrol(one, courses["basics"], 1)
    _enrol(two, courses["basics"], 2)
    _enrol(two, courses["advanced"], 1)
    counts = {}
    for name, user in (("one", one), ("two", two)):
        client = client_as(user)
        client.get("/courses")  # the first page of a session is not the everyday one
        db.session.expire_all()
        with recorded_statements() as statements:
            page = client.get("/courses").get_data(as_text=True)
        assert "Continue where you left off" in page
        counts[name] = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    print({name: len(found) for name, found in counts.items()})
    assert len(counts["one"]) == len(counts["two"]), counts["two"]
    assert len(counts["two"]) <= CATALOGUE_STATEMENTS, counts["two"]

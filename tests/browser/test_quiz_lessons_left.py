"""Passing the quiz with a lesson not yet marked says exactly what is left and why no certificate was issued;
marking a lesson complete moves forward through the course, never back to an earlier unmarked one."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.steps import flash, heading, nav
from tests.browser.test_learning_journey import COURSE_SLUG, COURSE_TITLE, _answer, _mark_complete, _quiz, _register

pytestmark = pytest.mark.browser

LESSONS = [  # (slug, title) in course order, from courses/leading-co-creation/course.yaml
    ("why-co-creation", "Why co-creation changes what governments commit to"),
    ("designing-the-forum", "Designing a forum people trust"),
    ("agenda-and-disagreement", "Setting the agenda and handling disagreement"),
    ("smart-commitments", "From ideas to strong, checkable commitments"),
]


def test_quiz_passed_with_a_lesson_unmarked_says_what_is_left_and_marking_moves_forward(ui):
    page = ui.new_page()
    _register(page, "Ana Quispe", f"ana.{uuid.uuid4().hex[:8]}@example.net", ui.server)
    nav(page, "Courses")
    page.get_by_role("link", name=COURSE_TITLE).click()
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.get_by_text("Lesson 1 of 5")).to_be_visible()
    for number in (1, 2, 3):  # lessons 1 to 3 marked, lesson 4 skipped
        expect(page.get_by_text(f"Lesson {number} of 5")).to_be_visible()
        _mark_complete(page)

    expect(page.get_by_text("Lesson 4 of 5")).to_be_visible()
    page.get_by_role("link", name="Next lesson").click()
    expect(page.get_by_text("Lesson 5 of 5")).to_be_visible()
    _mark_complete(page)  # the last lesson: forward to the quiz, not back to lesson 4
    expect(flash(page)).to_contain_text("Lesson marked as complete")
    expect(heading(page, f"Quiz: {COURSE_TITLE}")).to_be_visible()

    _answer(page, _quiz(), right=True)
    expect(page.get_by_role("heading", name="You passed with 100%.")).to_be_visible()
    left = page.get_by_role("status").filter(has_text="No certificate yet")
    expect(left).to_contain_text("No certificate yet: 1 lesson is not marked complete.")
    expect(left).to_contain_text("marked every lesson complete")
    expect(left.get_by_role("link")).to_have_count(1)
    expect(page.get_by_role("link", name="See your certificate")).to_have_count(0)

    left.get_by_role("link", name=LESSONS[3][1]).click()
    expect(page).to_have_url(re.compile(rf"/courses/{COURSE_SLUG}/lessons/{LESSONS[3][0]}"))
    _mark_complete(page)
    expect(flash(page)).to_contain_text("You completed the course. Your certificate is ready.")
    ui.assert_clean()

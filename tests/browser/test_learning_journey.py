"""Journey: a reformer joins, takes a course (a lesson, the quiz failed then passed, every lesson) and gets a
certificate that anyone can verify."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.browser.steps import flash, heading, nav

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COURSE_SLUG = "leading-co-creation"
COURSE_TITLE = "Leading co-creation and multi-stakeholder forums"
QUIZ_FILE = Path(__file__).resolve().parents[2] / "courses" / COURSE_SLUG / "quiz.yaml"


def _quiz() -> list[dict]:
    with open(QUIZ_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["questions"]


def _answer(page: Page, questions: list[dict], *, right: bool) -> None:
    """Tick each question's options by their visible text: the right ones, or the first wrong one."""
    for question in questions:
        options = [o for o in question["options"] if o["correct"] == right]
        for option in options if right else options[:1]:
            page.get_by_label(option["text"].strip(), exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()


def _register(page: Page, name: str, email: str, server) -> None:
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Join").click()
    expect(heading(page, "Join Learning Hub")).to_be_visible()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Country").select_option(label="Colombia")
    page.get_by_label("Password", exact=True).fill("a long enough passphrase")
    page.get_by_label("Repeat the password").fill("a long enough passphrase")
    page.get_by_label("List my profile in the reformer directory").check()
    sent_before = len(server.outbox())
    page.get_by_role("button", name="Create my account").click()
    expect(flash(page)).to_contain_text("Check your email")
    message = server.wait_for_email(email, "Confirm your Learning Hub account", after=sent_before)
    page.goto(server.link_in(message, r"/register/confirm/"))
    expect(heading(page, "Confirm your account")).to_be_visible()
    page.get_by_role("button", name="Create my account").click()
    expect(heading(page, f"Welcome, {name}")).to_be_visible()
    expect(flash(page)).to_contain_text("Welcome to Learning Hub")


def _mark_complete(page: Page) -> None:
    page.get_by_role("button", name="Mark this lesson as complete").click()


def test_reformer_completes_a_course_and_gets_a_verifiable_certificate(ui):
    """Register, enrol, do a lesson, fail then pass the quiz, finish the lessons, verify the certificate."""
    page = ui.new_page()
    name = "Lucía Restrepo"
    _register(page, name, f"lucia.{uuid.uuid4().hex[:8]}@example.net", ui.server)

    nav(page, "Courses")
    page.get_by_role("link", name=COURSE_TITLE).click()
    expect(heading(page, COURSE_TITLE)).to_be_visible()
    page.get_by_role("button", name="Enrol in this course").click()
    expect(flash(page)).to_contain_text("You are enrolled")
    expect(page.get_by_text("Lesson 1 of 5")).to_be_visible()
    expect(heading(page, "Why co-creation changes what governments commit to")).to_be_visible()

    _mark_complete(page)
    expect(flash(page)).to_contain_text("Lesson marked as complete")
    expect(page.get_by_text("Lesson 2 of 5")).to_be_visible()
    expect(page.locator(".course-progress")).to_contain_text("1 of 5 lessons")

    # The quiz, from the course outline beside the lesson: first with wrong answers.
    questions = _quiz()
    page.get_by_role("complementary").get_by_role("link", name="Quiz", exact=True).click()
    expect(heading(page, f"Quiz: {COURSE_TITLE}")).to_be_visible()
    _answer(page, questions, right=False)
    expect(heading(page, "Your quiz result")).to_be_visible()
    result = page.get_by_role("heading", name=re.compile(r"Not passed yet: 0%\. The pass mark is 70%"))
    expect(result).to_be_visible()
    feedback = page.locator(".question-feedback")
    expect(feedback).to_have_count(len(questions))
    expect(feedback.first.get_by_text("Not right")).to_be_visible()
    first_pick = next(o for o in questions[0]["options"] if not o["correct"])
    expect(feedback.first).to_contain_text(first_pick["explanation"].split(".")[0])
    right_option = next(o for o in questions[0]["options"] if o["correct"])
    expect(feedback.first).not_to_contain_text(right_option["explanation"].split(".")[0])  # kept for a retry

    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_text("Your best score so far: 0%.")).to_be_visible()
    _answer(page, questions, right=True)
    expect(page.get_by_role("heading", name="You passed with 100%.")).to_be_visible()
    expect(feedback.first).to_contain_text(right_option["explanation"].split(".")[0])

    # The remaining lessons; the last one completes the course.
    page.get_by_role("link", name="Continue with the lessons").click()
    for number in range(2, 6):
        expect(page.get_by_text(f"Lesson {number} of 5")).to_be_visible()
        _mark_complete(page)
    expect(flash(page)).to_contain_text("You completed the course. Your certificate is ready.")
    expect(heading(page, COURSE_TITLE)).to_be_visible()
    expect(page.get_by_role("heading", name="You completed this course")).to_be_visible()
    expect(page.locator(".course-progress")).to_contain_text("Completed")

    page.get_by_role("link", name="View and print your certificate").click()
    expect(heading(page, "Certificate of completion")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("This certificate is valid")
    expect(page.locator(".certificate-name")).to_have_text(name)
    expect(page.locator(".certificate-course")).to_have_text(COURSE_TITLE)
    verify_url = page.locator(".certificate-meta dd").nth(1).inner_text().strip()
    assert verify_url == page.url

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as PDF").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert download_info.value.suggested_filename.endswith(".pdf")

    # Anyone holding the link (a future employer, say) sees the same verdict without an account.
    stranger = ui.new_page()
    stranger.goto(verify_url)
    expect(heading(stranger, "Certificate of completion")).to_be_visible()
    expect(stranger.get_by_role("status")).to_contain_text("This certificate is valid")
    expect(stranger.locator(".certificate-name")).to_have_text(name)
    expect(stranger.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
    ui.assert_clean()

"""Journey: a reformer completes a course, submits its applied milestone, a peer in another country whom the engine
chose receives it by email, reviews it against the rubric, and the public certificate shows the reviewed milestone
(without the work itself, which its author kept private)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from tests.browser.steps import flash, heading, nav, sign_in
from tests.browser.test_learning_journey import _answer, _mark_complete, _register

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COURSE = Path(__file__).resolve().parents[2] / "courses" / "implementing-reforms"
TITLE = "Implementing, monitoring and learning from reforms"
WORK = (
    "Commitment: publish every municipal public works contract and its progress reports as open data within "
    "thirty days. Milestones: by May 2027 the procurement office publishes all 2026 contracts on the portal; by "
    "September 2027 it adds monthly progress photos and payments; by December 2027 three neighbourhood monitoring "
    "groups use the data in public hearings with the works department (outcome). Risks: the portal contract ends "
    "in 2027; the planning office watches it. Costs: hosting is funded, training for monitors is a gap. Civil "
    "society reviews progress with us every quarter in the open government forum."
)


def test_reformer_milestone_is_reviewed_by_a_peer_abroad_and_certified(ui, live_server):
    course = yaml.safe_load((COURSE / "course.yaml").read_text("utf-8"))
    questions = yaml.safe_load((COURSE / "quiz.yaml").read_text("utf-8"))["questions"]
    milestone = course["milestone"]

    # A reformer from Colombia completes the course: the quiz, then every lesson.
    author = ui.new_page()
    author_email = f"camila.{uuid.uuid4().hex[:8]}@example.net"
    _register(author, "Camila Arango", author_email, live_server)
    nav(author, "Courses")
    author.get_by_role("link", name=TITLE).click()
    author.get_by_role("button", name="Enrol in this course").click()
    expect(flash(author)).to_contain_text("You are enrolled")
    author.get_by_role("complementary").get_by_role("link", name="Quiz", exact=True).click()
    _answer(author, questions, right=True)
    expect(author.get_by_role("heading", name="You passed with 100%.")).to_be_visible()
    author.get_by_role("link", name="Continue with the lessons").click()
    lessons = len(course["lessons"])
    for number in range(1, lessons + 1):
        expect(author.get_by_text(f"Lesson {number} of {lessons}")).to_be_visible()
        _mark_complete(author)
    expect(flash(author)).to_contain_text("You completed the course.")

    # The applied milestone, on the course page.
    section = author.locator("#milestone")
    expect(section.get_by_role("heading", name=f"Applied milestone: {milestone['title']}")).to_be_visible()
    for criterion in milestone["rubric"]:
        expect(section).to_contain_text(criterion["criterion"])
    mark = len(live_server.outbox())
    section.get_by_label("Your milestone").fill(WORK)
    section.get_by_role("button", name="Submit for peer review").click()
    expect(flash(author)).to_contain_text("A peer reviewer from another country has 14 days to review it.")
    status = author.locator("#milestone [role=status]")
    expect(status).to_contain_text("is reviewing it")
    expect(status).not_to_contain_text("Colombia")

    # The engine's choice receives the request by email and reviews it.
    message = next(m for m in live_server.outbox()[mark:] if m.subject == "A milestone to review")
    assert message.to.endswith("@example.org")  # a demo peer who completed the course
    reviewer = ui.new_page()
    sign_in(reviewer, message.to)
    reviewer.goto(live_server.link_in(message, r"/learning/reviews/\d+$"))
    expect(heading(reviewer, f"Review a milestone: {milestone['title']}")).to_be_visible()
    expect(reviewer.get_by_text("From a peer in Colombia.")).to_be_visible()
    expect(reviewer.locator(".prewrap")).to_contain_text("municipal public works contract")
    levels = ["Met", "Partly met", "Met", "Not met", "Met"]
    for criterion, level in zip(milestone["rubric"], levels, strict=False):
        group = reviewer.get_by_role("group", name=criterion["criterion"])
        group.get_by_label(level, exact=True).check()
    reviewer.get_by_label("Your comment for the author").fill(
        "Strong, checkable milestones and a real outcome. Name who fixes a gap when the portal contract ends."
    )
    reviewer.get_by_role("button", name="Send the review").click()
    expect(flash(reviewer)).to_contain_text("your review is sent to the author")
    live_server.wait_for_email(author_email, "Your milestone has been reviewed", after=mark)

    # The author sees the review; the public certificate states the reviewed milestone, not the work.
    author.reload()
    expect(author.locator("#milestone")).to_contain_text("Reviewed on")
    expect(author.locator("#milestone .review-comment")).to_contain_text("Name who fixes a gap")
    author.get_by_role("link", name="View and print your certificate").click()
    expect(heading(author, "Certificate of completion")).to_be_visible()
    block = author.locator(".certificate-milestone")
    expect(block).to_contain_text(milestone["title"])
    expect(block).to_contain_text("reviewed by a peer from")
    expect(block).not_to_contain_text("Colombia")
    public = ui.new_page()  # anyone holding the link, signed out
    public.goto(author.url)
    expect(public.locator(".certificate-milestone")).to_contain_text(milestone["title"])
    expect(public.get_by_text("its author chose not to show it here")).to_be_visible()
    expect(public.locator("main")).not_to_contain_text("municipal public works contract")
    ui.assert_clean()

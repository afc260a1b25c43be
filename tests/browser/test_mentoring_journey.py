"""Journey: a participant asks for a mentor and chooses from the suggestions; the mentor accepts from the
inbox in another browser; the participant sees the active mentorship."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import flash, heading, nav, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PARTICIPANT_EMAIL = "peter.otieno@example.org"  # a demo reformer with no mentoring request of his own
PARTICIPANT = "Peter Ouma Otieno"
NEED = (
    "County assemblies rarely follow up our audit recommendations on health facilities. I need a "
    "mentor who has set up public tracking of audit recommendations and a safe channel for citizens' "
    "tips about stalled projects."
)


def _request_mentor(page: Page) -> list[str]:
    """Describe the need, pick the first two suggestions in order, send; return the chosen mentors' names."""
    nav(page, "Mentoring")
    expect(heading(page, "Mentoring")).to_be_visible()
    page.get_by_role("link", name="Ask for a mentor").click()
    expect(heading(page, "Ask for a mentor")).to_be_visible()
    page.get_by_label("What do you need from a mentor?").fill(NEED)
    languages = page.get_by_role("group", name="Languages you can work in")
    expect(languages.get_by_label("English")).to_be_checked()  # taken from the profile
    page.get_by_role("button", name="Show suggested mentors").click()

    expect(heading(page, re.compile("Your mentoring request"))).to_be_visible()
    expect(page.get_by_role("heading", name="Suggested mentors")).to_be_visible()
    suggestions = page.locator("li.suggestion h3")
    expect(suggestions.first).to_be_visible()
    names = [text.split(" · ")[0].strip() for text in suggestions.all_inner_texts()]
    assert len(names) >= 2, f"expected several suggested mentors, got {names}"
    page.get_by_label("First choice").select_option(label=names[0])
    page.get_by_label("Second choice").select_option(label=names[1])
    page.get_by_role("button", name="Send my request").click()
    expect(flash(page)).to_contain_text(f"Your request is on its way to {names[0]}.")
    expect(heading(page, re.compile("Waiting for an answer"))).to_be_visible()
    progress = page.get_by_role("table")
    expect(progress.get_by_role("row").nth(1)).to_contain_text(names[0])
    expect(progress.get_by_role("row").nth(1)).to_contain_text("Asked, waiting for an answer")
    expect(progress.get_by_role("row").nth(2)).to_contain_text(names[1])
    expect(progress.get_by_role("row").nth(2)).to_contain_text("Not asked yet")
    return names[:2]


def test_participant_requests_a_mentor_who_accepts_from_the_inbox(ui, live_server):
    """Ranked choices; the first mentor, told by email, accepts in the inbox; both see the mentorship."""
    participant = ui.new_page()
    sign_in(participant, PARTICIPANT_EMAIL)
    sent_before = len(live_server.outbox())
    first, second = _request_mentor(participant)

    offer = next(m for m in live_server.outbox()[sent_before:] if m.subject == "A mentoring request for you")
    assert f"{PARTICIPANT} would like you to be their mentor" in offer.text
    live_server.link_in(offer, r"/mentoring/respond/")

    mentor = ui.new_page()
    sign_in(mentor, offer.to)
    nav(mentor, "Mentoring")
    mentor.get_by_role("link", name=re.compile(r"My mentor inbox \(\d+\)")).click()
    expect(heading(mentor, "Mentor inbox")).to_be_visible()
    request_card = mentor.locator(
        "section.card", has=mentor.get_by_role("heading", name=f"{PARTICIPANT} asks you to be their mentor")
    )
    expect(request_card).to_contain_text("number 1")
    expect(request_card).to_contain_text(NEED)
    request_card.locator("xpath=following-sibling::div[1]").get_by_role(
        "button", name="Yes, I will mentor them"
    ).click()
    expect(flash(mentor)).to_contain_text("We have introduced you to each other by email")
    expect(heading(mentor, re.compile(f"You mentor {PARTICIPANT}"))).to_be_visible()
    expect(heading(mentor, re.compile("Active"))).to_be_visible()
    live_server.wait_for_email(PARTICIPANT_EMAIL, f"{first} will mentor you", after=sent_before)

    participant.reload()
    expect(heading(participant, re.compile("Your mentoring request"))).to_be_visible()
    expect(heading(participant, re.compile("Active"))).to_be_visible()
    rows = participant.get_by_role("table").get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Accepted")
    expect(rows.nth(2)).to_contain_text(second)
    nav(participant, "Mentoring")
    mentorships = participant.get_by_role("region", name="My mentorships")
    expect(mentorships.get_by_role("row", name=re.compile(first))).to_contain_text("Active")
    mentorships.get_by_role("link", name=first).click()
    expect(heading(participant, re.compile(f"Your mentor: {first}"))).to_be_visible()
    expect(participant.get_by_text(offer.to)).to_be_visible()  # the mentor's email, to get in touch
    ui.assert_clean()

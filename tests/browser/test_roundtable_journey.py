"""Journey: an organiser builds a roundtable with quotas, generates the list and sends the invitations; an
invitee accepts through the emailed link; the organiser sees the answer."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import flash, heading, nav, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "Browser journey: open contracting in health procurement"
TOPIC = (
    "How reformers publish health procurement contracts as open data, follow them through to delivery "
    "with civil society monitors, and act on the problems that citizens report."
)
QUOTAS = [  # (who, at least, at most, in plain words)
    ("Women", "40%", "", "At least 4 (40%) of 10 seats for women"),
    ("Technical and financial partners", "1", "", "At least 1 of 10 seats for technical and financial partners"),
    ("Civil society", "", "3", "At most 3 of 10 seats for people in civil society"),
]


def _fill_roundtable(page: Page) -> None:
    start = date.today() + timedelta(days=60)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("textbox", name="Topic").fill(TOPIC)
    page.get_by_label("Time zone").select_option("America/Bogota")
    page.get_by_label("Date", exact=True).fill(start.isoformat())
    page.get_by_label("Start time").fill("15:00")
    page.get_by_label("Length in minutes").fill("120")
    page.get_by_label("Virtual").check()
    page.get_by_label("Venue or meeting link").fill("https://meet.example.org/health-procurement")
    page.get_by_label("Answer by (date)").fill((start - timedelta(days=14)).isoformat())
    page.get_by_label("Answer by (time)").fill("17:00")
    page.get_by_label("Seats").fill("10")
    for number, (who, least, most, _words) in enumerate(QUOTAS, start=1):
        page.get_by_label(f"Quota {number}: who").select_option(label=who)
        page.get_by_label(f"Quota {number}: at least").fill(least)
        page.get_by_label(f"Quota {number}: at most").fill(most)
    page.get_by_label("At most this many people from any one country").fill("3")


def _build_and_invite(page: Page) -> None:
    nav(page, "Roundtables")
    page.get_by_role("link", name="New roundtable").click()
    expect(heading(page, "New roundtable")).to_be_visible()
    _fill_roundtable(page)

    # "Check the quotas" saves nothing: it restates each quota in plain words and keeps what was typed.
    page.get_by_role("button", name="Check the quotas").click()
    expect(heading(page, "New roundtable")).to_be_visible()
    restated = page.locator(".quota-rows .restated")
    expect(restated).to_have_text([words for *_rest, words in QUOTAS])
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    expect(page.get_by_label("Quota 4: who")).to_have_value("")  # empty rows are added for more quotas

    page.get_by_role("button", name="Save and generate the list").click()
    expect(flash(page)).to_contain_text("Saved. The list below was generated for the current rules.")
    expect(heading(page, re.compile(re.escape(TITLE) + r"\s+Planning"))).to_be_visible()
    coverage = page.get_by_role("table", name="How the current list meets each quota")
    for *_rest, words in QUOTAS:
        row = coverage.get_by_role("row", name=re.compile(re.escape(words)))
        expect(row.get_by_role("cell").last).to_have_text("yes")
    invitees = page.get_by_role("table", name="Invitees, most relevant first").locator("tbody tr")
    expect(invitees).to_have_count(10)

    page.get_by_role("link", name="Send the invitations…").click()  # a confirmation page says who gets what
    page.get_by_role("button", name=re.compile(r"^Send \d+ invitations$")).click()
    expect(flash(page)).to_contain_text("The invitations are on their way")
    expect(heading(page, re.compile("Invitations sent"))).to_be_visible()
    expect(page.locator(".job-status")).to_have_text(
        "The invitation list is ready.", timeout=60_000
    )  # refreshes itself
    expect(page.get_by_text(re.compile(r"Accepted: 0 · No answer yet: 10 · Declined: 0"))).to_be_visible()


def test_organiser_builds_a_roundtable_with_quotas_and_an_invitee_accepts(ui, live_server):
    """Quotas restated, list generated with its coverage, invitations sent, an emailed link confirmed."""
    organiser = ui.new_page()
    sign_in(organiser, "organiser@example.org")
    sent_before = len(live_server.outbox())
    _build_and_invite(organiser)

    # each in the invitee's own language ("Invitation: ", "Undangan: "...)
    invitations = [m for m in live_server.outbox()[sent_before:] if m.subject.endswith(f": {TITLE}")]
    assert len(invitations) == 10, [m.subject for m in live_server.outbox()[sent_before:]]
    invitation = invitations[0]
    invitee_name = re.match(r"Hello (.+),", invitation.text).group(1)
    accept_link = live_server.link_in(invitation, r"/roundtables/rsvp/.+answer=accept")

    # The invitee, not signed in, follows the link from the email: opening it changes nothing until confirmed.
    invitee = ui.new_page()
    invitee.goto(accept_link)
    expect(heading(invitee, TITLE)).to_be_visible()
    expect(invitee.get_by_text(f"Invitation for {invitee_name}")).to_be_visible()
    expect(invitee.get_by_role("heading", name="Confirm that you accept")).to_be_visible()
    expect(invitee.get_by_text("Not answered yet")).to_be_visible()
    invitee.get_by_role("button", name="Accept the invitation").click()
    expect(flash(invitee)).to_contain_text("Thank you: your seat is confirmed.")
    expect(invitee.get_by_text("Accepted: your seat is confirmed")).to_be_visible()
    expect(invitee.get_by_role("link", name="Add to my calendar (.ics)")).to_be_visible()

    organiser.reload()
    expect(organiser.get_by_text(re.compile(r"Accepted: 1 · No answer yet: 9 · Declined: 0"))).to_be_visible()
    row = organiser.get_by_role("table", name="Invitees, most relevant first").get_by_role(
        "row", name=re.compile(re.escape(invitee_name))
    )
    expect(row).to_contain_text("Accepted")
    ui.assert_clean()

"""Journey: a reformer posts a rapid-response need in Spanish on a phone (390 px); it appears in the coordinators'
triage queue; a coordinator proposes an English-language offer the engine ranks for it; the reformer and the
partner both accept, and the connection is moved on to "support agreed"; an organiser then starts a partner
roundtable from two needs and gets partner invitees, each with its reason. axe-core checks the pages it passes."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import flash, heading, sign_in
from tests.browser.tour import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REFORMER = "reformer@example.org"  # English interface; the need itself is written in Spanish
TITLE = "Recorrido: publicar los contratos de obras de Bogotá como datos abiertos"
NEED = (
    "Necesitamos ayuda técnica para publicar cada contrato de obras públicas como datos abiertos. "
    "La ventana se cierra con el debate del presupuesto."
)


def _clean(page: Page) -> None:
    serious = [v for v in axe_violations(page) if v["impact"] in ("critical", "serious")]
    assert not serious, serious


def _post_need(page: Page) -> None:
    page.goto("/support/new")
    expect(heading(page, "Ask for support")).to_be_visible()
    page.get_by_label("In one line, what do you need?").fill(TITLE)
    page.get_by_label("Describe the need").fill(NEED)
    page.get_by_label("Kind of support").select_option("technical_assistance")
    page.get_by_label("Country").select_option("CO")
    page.get_by_label("Needed by").fill((date.today() + timedelta(days=12)).isoformat())
    page.get_by_label("Language you write in").select_option("es")
    page.get_by_label("Rapid response: a window of opportunity closes soon").check()
    _clean(page)
    page.get_by_role("button", name="Send to the coordinators").click()
    expect(flash(page)).to_contain_text("Your request is with the coordinators.")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def _english_offer_titles(server) -> set[str]:
    from learning_hub.extensions import db
    from learning_hub.models import PartnerOffer

    with server.app.app_context():
        return {o.title for o in db.session.scalars(db.select(PartnerOffer)) if o.language == "en"}


def _connection(server, title: str):
    from learning_hub.extensions import db
    from learning_hub.models import SupportConnection, SupportRequest

    with server.app.app_context():
        row = db.session.scalar(db.select(SupportConnection).join(SupportRequest).where(SupportRequest.title == title))
        users = [member.user for member in row.offer.organisation.staff]
        staff = next((u for u in users if (u.locale or "en") == "en"), users[0])
        staff.locale = "en"  # this journey reads the English interface; the partner's language is not its subject
        db.session.commit()
        return row.id, staff.email


def test_rapid_need_to_support_agreed_and_a_partner_roundtable(ui):
    reformer = ui.new_page()
    reformer.set_viewport_size({"width": 390, "height": 844})
    sign_in(reformer, REFORMER)
    _post_need(reformer)

    coordinator = ui.new_page()
    sign_in(coordinator, "coordinator@example.org")
    coordinator.goto("/support/triage")
    _clean(coordinator)
    coordinator.get_by_role("link", name=TITLE).click()
    english = _english_offer_titles(ui.server)
    deadline = time.monotonic() + 60
    while not coordinator.locator("article.card h3").count() and time.monotonic() < deadline:
        time.sleep(1)  # the engine reads the new need a moment after it is saved
        coordinator.reload()
    cards = coordinator.locator("article.card")
    chosen = next(i for i in range(cards.count()) if cards.nth(i).locator("h3").inner_text() in english)
    cards.nth(chosen).get_by_role("button", name="Propose this connection").click()
    connection_id, staff = _connection(ui.server, TITLE)

    reformer.goto(f"/support/connections/{connection_id}")
    reformer.get_by_role("button", name="Accept the introduction").click()
    partner = ui.new_page()
    sign_in(partner, staff)
    partner.goto(f"/support/connections/{connection_id}")
    partner.get_by_role("button", name="Accept the introduction").click()
    expect(partner.get_by_text("Introduced", exact=True)).to_be_visible()
    partner.get_by_role("button", name="Move to: In discussion").click()
    partner.get_by_role("button", name="Move to: Support agreed").click()
    expect(partner.get_by_text("Support agreed", exact=True)).to_be_visible()
    _clean(partner)

    organiser = ui.new_page()
    sign_in(organiser, "organiser@example.org")
    organiser.goto("/support")
    organiser.get_by_role("link", name="Start a partner roundtable").click()
    expect(heading(organiser, "New partner roundtable")).to_be_visible()
    _clean(organiser)
    boxes = organiser.get_by_role("group", name="Support requests").get_by_role("checkbox")
    boxes.nth(0).check()
    boxes.nth(1).check()
    start = date.today() + timedelta(days=40)
    organiser.get_by_label("Title").fill("Browser journey: partner roundtable")
    organiser.get_by_role("textbox", name="Topic").fill("Open contracting data for public works and budgets.")
    organiser.get_by_label("Time zone").select_option("America/Bogota")
    organiser.get_by_label("Date", exact=True).fill(start.isoformat())
    organiser.get_by_label("Start time").fill("15:00")
    organiser.get_by_label("Length in minutes").fill("90")
    organiser.get_by_label("Virtual").check()
    organiser.get_by_label("Answer by (date)").fill((start - timedelta(days=10)).isoformat())
    organiser.get_by_label("Answer by (time)").fill("17:00")
    organiser.get_by_label("Seats").fill("6")
    organiser.get_by_role("button", name="Save and generate the list").click()
    expect(flash(organiser).first).to_contain_text("Partner roundtable created")
    expect(organiser.get_by_role("heading", name="Partner invitees")).to_be_visible()
    expect(organiser.locator("article.partner-seat").first).to_contain_text(re.compile("Matched sentence"))
    _clean(organiser)
    ui.assert_clean()

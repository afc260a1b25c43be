"""Journey: a Spanish-speaking reformer searches the directory in Spanish, asks an English-writing reformer for an
introduction; the recipient accepts from the emailed link (a confirmation page, then a POST) without signing in;
both then see each other's email address and the thread, and exchange messages, with the unread badge."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import DEMO_PASSWORD
from tests.browser.steps import flash

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SENDER_EMAIL = "natalia.rojas@example.org"  # writes and reads the site in Spanish
SENDER = "Natalia Rojas Peña"
RECIPIENT_EMAIL = "emeka.okonkwo@example.org"  # writes in English
RECIPIENT = "Emeka Okonkwo"
MESSAGE = (
    "Hola Emeka: en Colombia estamos creando el registro de beneficiarios finales y queremos aprender cómo "
    "detectaron a los testaferros en su registro. ¿Podríamos conversar?"
)


def _sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"/login"))


def test_reformer_asks_for_an_introduction_and_both_talk_after_acceptance(ui, live_server):
    sender = ui.new_page()  # the account's language (Spanish) takes over once signed in
    _sign_in(sender, SENDER_EMAIL)
    expect(sender.locator("html")).to_have_attribute("lang", "es")

    # The directory, in Spanish: search by exact words, then ask from the result card
    sender.get_by_role("navigation").get_by_role("link", name="Directorio", exact=True).click()
    sender.get_by_label("Buscar", exact=True).fill("Okonkwo")
    sender.get_by_label("palabras exactas").check()
    sender.get_by_role("button", name="Buscar").click()
    card = sender.locator("article.person-card", has_text=RECIPIENT)
    expect(card).to_have_count(1)
    expect(card).not_to_contain_text(RECIPIENT_EMAIL)
    card.get_by_role("link", name=re.compile("Pedir una presentación")).click()
    expect(sender.get_by_role("heading", level=1)).to_have_text(f"Pedir a {RECIPIENT} que se conozcan")
    sender.get_by_label("Intercambio entre pares").check()
    sender.get_by_label("Su mensaje").fill(MESSAGE)
    sent_before = len(live_server.outbox())
    sender.get_by_role("button", name="Enviar la solicitud").click()
    expect(flash(sender)).to_contain_text("Enviada")
    expect(sender.locator("body")).not_to_contain_text(RECIPIENT_EMAIL)

    # The recipient's email, in English, with a link that only opens a confirmation page
    mail = live_server.wait_for_email(RECIPIENT_EMAIL, "would like to be introduced", after=sent_before)
    assert SENDER in mail.text
    assert MESSAGE in mail.text
    assert SENDER_EMAIL not in mail.text
    accept_link = live_server.link_in(mail, r"/introductions/respond/.*answer=accept")
    recipient = ui.new_page()
    recipient.goto(accept_link)
    expect(recipient.get_by_role("heading", level=1)).to_have_text("Answer an introduction request")
    expect(recipient.locator("body")).to_contain_text(MESSAGE)
    recipient.get_by_role("button", name="Yes, introduce us").click()
    expect(recipient.get_by_role("heading", level=1)).to_have_text("You are introduced")

    # Both receive the introduction, each in their own language, with the other's address
    to_sender = live_server.wait_for_email(SENDER_EMAIL, "Presentación", after=sent_before)
    assert RECIPIENT_EMAIL in to_sender.text
    assert "Nigeria" in to_sender.text
    to_recipient = live_server.wait_for_email(RECIPIENT_EMAIL, "Introduction:", after=sent_before)
    assert SENDER_EMAIL in to_recipient.text
    assert "Colombia" in to_recipient.text

    # The recipient signs in, opens the thread from the email's link, sees the address and writes
    _sign_in(recipient, RECIPIENT_EMAIL)
    recipient.goto(live_server.link_in(to_recipient, r"/conversations/introduction/"))
    expect(recipient.get_by_role("heading", level=1)).to_have_text(f"Conversation with {SENDER}")
    expect(recipient.get_by_role("link", name=SENDER_EMAIL)).to_be_visible()
    recipient.get_by_label("Your message").fill("Happy to talk! Our verification notes: https://example.org/bo-checks")
    recipient.get_by_role("button", name="Send", exact=True).click()
    expect(recipient.locator("li.message").last).to_contain_text("Happy to talk!")
    expect(recipient.get_by_role("link", name="https://example.org/bo-checks")).to_have_attribute(
        "rel", "nofollow noopener noreferrer"
    )

    # The sender sees one unread message in the header, reads it (the badge goes), and answers
    sender.goto("/")
    messages_link = sender.get_by_role("banner").get_by_role("link", name=re.compile("^Mensajes"))
    expect(messages_link).to_contain_text("1")
    messages_link.click()
    sender.get_by_role("link", name=RECIPIENT).click()
    expect(sender.get_by_role("link", name=RECIPIENT_EMAIL)).to_be_visible()
    expect(sender.locator("li.message").last).to_contain_text("Happy to talk!")
    expect(sender.locator("[data-unread-badge]")).to_have_count(0)  # marked read by the page's script
    sender.get_by_label("Su mensaje").fill("¡Gracias! Le escribo el lunes.")
    sender.get_by_role("button", name="Enviar", exact=True).click()
    expect(sender.locator("li.message").last).to_contain_text("¡Gracias!")

    recipient.reload()
    expect(recipient.locator("li.message").last).to_contain_text("¡Gracias! Le escribo el lunes.")

    # 31 days on (the clock moves here, in the test): the 30-day check-in arrives in /notifications and by email
    from learning_hub.models import utcnow
    from learning_hub.notifications import followup

    sent_before = len(live_server.outbox())
    with live_server.app.app_context():
        assert followup.send_due_checkins(utcnow() + timedelta(days=31)) >= 2  # one for each of the two
    live_server.wait_for_email(RECIPIENT_EMAIL, "", after=sent_before)
    recipient.goto("/notifications")
    recipient.get_by_role("main").get_by_role(
        "link", name=re.compile(f"30 days on: how did it go with {SENDER}")
    ).click()
    recipient.get_by_label("Yes").check()
    recipient.get_by_label("What came of it?").select_option(label="A reform adopted")
    recipient.get_by_label(re.compile("^Link to the artefact")).fill(
        "https://www.opengovpartnership.org/members/nigeria/commitments/NG0001/"
    )
    recipient.get_by_label("One sentence of story").fill("Colombia adopted our beneficial-ownership checks.")
    recipient.get_by_role("button", name="Save my answer").click()
    expect(flash(recipient)).to_be_visible()

    # The coordinator's funnel counts it; the named view shows the adopted reform with its artefact
    coordinator = ui.new_page()
    _sign_in(coordinator, "coordinator@example.org")
    coordinator.goto("/outcomes/named")
    row = coordinator.get_by_role("row").filter(has_text=RECIPIENT)
    expect(row).to_contain_text("A reform adopted")
    expect(row.get_by_role("link", name="artefact")).to_have_attribute("href", re.compile("opengovpartnership"))
    coordinator.goto("/outcomes?by=programme")
    expect(coordinator.get_by_role("main").get_by_role("row").filter(has_text="Introductions")).not_to_have_count(0)
    ui.assert_clean()

"""Changing the language right after a form error comes back to the page that held the form (never a 405)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import heading, sign_in


def _switch(page: Page, label: str, code: str, button: str) -> None:
    """The language picker in the footer."""
    footer = page.get_by_role("contentinfo")
    footer.get_by_label(label).select_option(code)
    footer.get_by_role("button", name=button).click()


pytestmark = pytest.mark.browser


def test_changing_language_after_a_form_error_returns_to_the_form_page_not_a_405(ui, live_server):
    page = ui.new_page()
    sign_in(page, "reformer@example.org")
    page.goto("/profile")
    page.get_by_label("A challenge you face").fill("Too short")
    page.get_by_role("button", name="Save challenge").click()
    expect(page).to_have_url(re.compile(r"/profile/challenges$"))  # the error page answers the POST
    expect(page.locator(".error-summary, .field-error").first).to_be_visible()

    with page.expect_navigation() as navigation:
        _switch(page, "Language", "es", "Change")
    assert navigation.value.status == 200
    expect(page).to_have_url(f"{live_server.url}/profile")
    expect(heading(page, "Mi perfil")).to_be_visible()

    _switch(page, "Idioma", "en", "Cambiar")
    expect(heading(page, "My profile")).to_be_visible()
    ui.assert_clean()


def test_changing_language_keeps_the_directory_search(ui, live_server):
    page = ui.new_page()
    sign_in(page, "reformer@example.org")
    page.goto("/directory?q=budget")
    _switch(page, "Language", "fr", "Change")
    expect(page).to_have_url(f"{live_server.url}/directory?q=budget")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    _switch(page, "Langue", "en", "Changer")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    ui.assert_clean()

"""Steps several journeys share, done as a person would: through the visible links, labels and buttons."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import DEMO_PASSWORD


def flash(page: Page):
    """The flash messages at the top of the page."""
    return page.locator(".flashes")


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """From the home page: "Sign in", fill the form, land on the dashboard."""
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Welcome, "))


def nav(page: Page, label: str) -> None:
    """Follow a link of the main navigation."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label, exact=True).click()


def heading(page: Page, text: str | re.Pattern):
    return page.get_by_role("heading", level=1, name=text)

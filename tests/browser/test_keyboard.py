"""Keyboard only: the sign-in page can be used without a mouse."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || '').trim()};
    }""")


def _tab_until(page, element_id: str, limit: int = 40) -> list[dict]:
    """Press Tab until the element with this id has the focus; return every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(_focused(page))
        if stops[-1]["id"] == element_id:
            return stops
    raise AssertionError(f"Tab never reached #{element_id}; stops: {stops}")


def test_sign_in_with_the_keyboard_alone(ui):
    """Tab reaches a visible skip link, then the fields and the button in order; Enter submits."""
    page = ui.new_page()
    page.goto("/login")

    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Skip to content"
    skip = page.get_by_role("link", name="Skip to content")
    box = skip.bounding_box()
    assert box is not None, "the focused skip link is off screen"
    assert box["x"] >= 0, "the focused skip link is off screen"
    assert box["y"] >= 0, "the focused skip link is off screen"

    stops = _tab_until(page, "email")
    assert all(stop["id"] != "password" for stop in stops), "password reached before email"
    page.keyboard.type("reformer@example.org")
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "remember"
    page.keyboard.press("Tab")
    assert _focused(page) == {"tag": "input", "id": "submit", "text": "Sign in"}

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert _focused(page)["id"] == "password"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Faith Njeri Mwangi")
    assert page.url.endswith("/dashboard")
    ui.assert_clean()

"""The "Delete my account" button reads clearly in every language: WCAG AA contrast (4.5:1) between its text and
its background, computed here from the colours the browser actually paints."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in

pytestmark = pytest.mark.browser

WCAG_AA_TEXT = 4.5

# The colours as painted: the element's text colour, and the first opaque background from it up to the page.
PAINTED_COLOURS = """
(el) => {
  const text = getComputedStyle(el).color;
  let node = el, background = 'rgb(255, 255, 255)';
  while (node) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(colour)) { background = colour; break; }
    node = node.parentElement;
  }
  return [text, background];
}
"""

DELETE_LABELS = {  # the button's label in each language, from the reviewed catalogues
    "en": ("Language", "Change", "Delete my account"),
    "es": ("Idioma", "Cambiar", "Eliminar mi cuenta"),
    "fr": ("Langue", "Changer", "Supprimer mon compte"),
    "id": ("Bahasa", "Ubah", "Hapus akun saya"),
}


def _rgb(css: str) -> tuple[int, int, int]:
    red, green, blue = (int(float(part)) for part in re.findall(r"[\d.]+", css)[:3])
    return red, green, blue


def _luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(_rgb(first)), _luminance(_rgb(second))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_known_pairs():
    """The formula against figures published with WCAG: black on white is 21:1, #767676 on white 4.54:1."""
    assert contrast_ratio("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21.0)
    assert contrast_ratio("rgb(118, 118, 118)", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)


def test_delete_my_account_button_contrast_meets_wcag_aa_in_every_language(ui):
    page = ui.new_page()
    sign_in(page, "mentor@example.org")
    page.goto("/account")
    language, change = DELETE_LABELS["en"][:2]
    ratios = {}
    for locale, (_language, _change, label) in DELETE_LABELS.items():
        footer = page.get_by_role("contentinfo")
        footer.get_by_label(language).select_option(locale)
        footer.get_by_role("button", name=change).click()
        expect(page.locator("html")).to_have_attribute("lang", locale)
        language, change = _language, _change
        button = page.get_by_role("button", name=label, exact=True)
        expect(button).to_be_visible()
        text, background = button.evaluate(PAINTED_COLOURS)
        ratios[locale] = round(contrast_ratio(text, background), 2)
    print(f"'Delete my account' contrast by language: {ratios}")
    assert all(ratio >= WCAG_AA_TEXT for ratio in ratios.values()), ratios
    page.get_by_role("contentinfo").get_by_label(language).select_option("en")
    page.get_by_role("contentinfo").get_by_role("button", name=change).click()
    ui.assert_clean()

"""Every page of the four journeys, in the four languages, at desktop (1366 px) and phone (390 px) width:
axe-core finds no critical or serious violation, and at 390 px no page scrolls sideways.

The counts are printed (run with -s to see them)."""

from __future__ import annotations

import pytest

from tests.browser.tour import (
    DESKTOP,
    JOURNEYS,
    LANGUAGES,
    PHONE,
    axe_violations,
    choose_language,
    overflow,
    sign_in,
    walk,
)

# (the live server's thread may leave a static file unclosed when the browser drops a request, e.g. the favicon)
pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")]


def _context(ui, viewport):
    page = ui.new_page()
    page.set_viewport_size(viewport)
    return page


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda j: j.name)
def test_axe_finds_no_serious_violation_on_any_journey_page(ui, journey):
    checked, serious, minor = 0, [], 0
    for viewport in (DESKTOP, PHONE):
        page = _context(ui, viewport)
        if journey.email:
            sign_in(page, journey.email)
        try:
            for language in LANGUAGES:
                page.goto(journey.steps[0] if isinstance(journey.steps[0], str) else "/")
                choose_language(page, language)
                for path in walk(page, journey):
                    checked += 1
                    for violation in axe_violations(page):
                        if violation["impact"] in ("critical", "serious"):
                            serious.append(f"{viewport['width']}px {language} {path}: {violation}")
                        else:
                            minor += 1
        finally:
            page.goto("/")
            choose_language(page, "en")
        page.context.close()
    print(
        f"\naxe-core on {journey.name}: {checked} page views (2 widths x 4 languages),"
        f" {len(serious)} critical or serious violations, {minor} moderate or minor"
    )
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda j: j.name)
def test_no_journey_page_scrolls_sideways_at_390_px(ui, journey):
    page = _context(ui, PHONE)
    if journey.email:
        sign_in(page, journey.email)
    checked, wide = [], []
    for path in walk(page, journey):
        checked.append(path)
        measured = overflow(page)
        if measured["scrollWidth"] > PHONE["width"]:
            wide.append(f"{path}: {measured}")
    print(f"\n390 px, {journey.name}: {len(checked)} pages checked: {' '.join(checked)}")
    assert not wide, "\n".join(wide)


def test_directory_filters_fold_on_a_phone_so_the_first_result_is_near_the_top(ui):
    """At 390x844 the directory's filters are folded behind one control: the first profile card starts
    within one and a half screens; on a wide screen the filters are open."""
    page = _context(ui, PHONE)
    sign_in(page, "reformer@example.org")
    page.goto("/directory")
    first = page.locator(".person-card").first
    top = first.evaluate("(el) => el.getBoundingClientRect().top + window.scrollY")
    print(f"\nfirst directory result at {top:.0f} px on a {PHONE['height']} px high phone")
    assert top <= 1.5 * PHONE["height"], top
    assert not page.locator("#country").is_visible()
    page.get_by_text("Filters", exact=True).click()
    assert page.locator("#country").is_visible()
    wide = _context(ui, DESKTOP)
    sign_in(wide, "reformer@example.org")
    wide.goto("/directory")
    assert wide.locator("#country").is_visible()

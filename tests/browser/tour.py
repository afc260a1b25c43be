"""The pages of the four journeys (reformer, coordinator, participant and mentor, organiser), walked by one
signed-in person each, for the whole-page checks: axe-core and horizontal overflow at phone width.

A step is either a path, or a pattern: the first link on the page just visited whose path matches it (so the
walk needs no database ids). The demo data gives every role something on each of its pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page

from tests.browser.helpers import DEMO_PASSWORD

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
LANGUAGES = ("en", "es", "fr", "id")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Journey:
    name: str
    email: str | None
    steps: tuple[str | re.Pattern, ...]


def link(pattern: str) -> re.Pattern:
    return re.compile(pattern)


JOURNEYS = (
    Journey(
        "visitor",
        None,
        ("/", "/login", "/register", "/forgot-password", "/certificates", "/courses"),
    ),
    Journey(
        "reformer",
        "reformer@example.org",
        (
            "/dashboard",
            link(r"^/peers/suggestions/\d+$"),
            "/profile",
            "/directory",
            link(r"^/directory/\d+$"),
            "/directory/library",
            "/courses",
            "/courses/leading-co-creation",
            link(r"^/courses/[\w-]+/lessons/[\w-]+$"),
            "/courses/reference",
            "/mentoring/",
            "/mentoring/requests/new",
            "/account",
        ),
    ),
    Journey(
        "coordinator",
        "coordinator@example.org",
        (
            "/dashboard",
            "/learning/cohort",
            "/peers/runs",
            link(r"^/peers/runs/\d+$"),
            link(r"^/peers/runs/\d+/health$"),
            "/peers/runs/new",
            "/mentoring/queue",
            "/mentoring/report",
            "/directory",
            "/directory/import",
        ),
    ),
    Journey(
        "mentor",
        "mentor@example.org",
        (
            "/dashboard",
            "/mentoring/",
            "/mentoring/inbox",
            link(r"^/mentoring/(mentorships|offers|assignments)/\d+$"),
            "/profile",
        ),
    ),
    Journey(
        "organiser",
        "organiser@example.org",
        (
            "/dashboard",
            "/roundtables/",
            link(r"^/roundtables/\d+$"),
            link(r"^/roundtables/\d+/sign-in$"),
            "/roundtables/",
            link(r"^/roundtables/\d+$"),
            link(r"^/roundtables/\d+/edit$"),
            "/roundtables/new",
        ),
    ),
)


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/dashboard"))


def choose_language(page: Page, code: str) -> None:
    """The footer's language picker (remembered on the account when signed in)."""
    page.locator("#locale-picker").select_option(code)
    page.locator("form.language-picker button[type=submit]").click()
    # The form's submission replaces the document: between the two there is no documentElement to read.
    page.wait_for_function("(code) => document.documentElement?.lang === code", arg=code)


def walk(page: Page, journey: Journey):
    """Visit each step's page in turn; yield each path once the page has loaded."""
    for step in journey.steps:
        if isinstance(step, str):
            target = step
        else:
            hrefs = page.eval_on_selector_all("main a[href]", "(links) => links.map((a) => a.getAttribute('href'))")
            paths = [urlparse(href).path for href in hrefs]
            # the last match: lists are newest first, so it is the demo's own object (finished, published), not
            # one another test left half-way on the shared live server
            target = next((path for path in reversed(paths) if step.search(path)), None)
            assert target, f"{journey.name}: no link matching {step.pattern} on {page.url}"
        response = page.goto(target)
        assert response is not None, f"{journey.name}: {target} gave no response"
        assert response.status < 400, f"{journey.name}: {target} answered {response.status}"
        yield target


def axe_violations(page: Page) -> list[dict]:
    """axe-core's violations on the page as shown (WCAG 2.x A and AA rules and best practices)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern
        # (a <script> tag would be refused, as it should be).
        page.evaluate(_axe_source() + "\n;undefined")
    return page.evaluate(
        """async () => {
          const result = await window.axe.run(document, {resultTypes: ['violations']});
          return result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
          }));
        }"""
    )


_AXE_SOURCE: list[str] = []


def _axe_source() -> str:
    if not _AXE_SOURCE:
        _AXE_SOURCE.append(AXE_SCRIPT.read_text(encoding="utf-8"))
    return _AXE_SOURCE[0]


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
      let inside = false;
      for (let up = el.parentElement; up; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) { inside = true; break; }
      }
      if (!inside) wide.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '')
        + ' ' + Math.round(box.right) + 'px');
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, wide: wide.slice(0, 8)};
}"""


def overflow(page: Page) -> dict:
    return page.evaluate(OVERFLOW)

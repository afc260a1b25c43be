"""Checks run on every page a browser test visits: a `lang` attribute, exactly one h1, a label for every
form control, alt text on images, no console error or uncaught script error (CSP violations are reported
there), no 5xx.

The checks run inside the page from an init script at DOMContentLoaded and report through an exposed
binding, so no navigation escapes them and no test has to remember to call them. Init scripts and bindings
are not subject to the page's Content-Security-Policy; the app's own markup still is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

AUDIT_SCRIPT = """
(() => {
  if (!/^https?:$/.test(location.protocol)) return;
  const nameOf = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.name ? `[name=${el.name}]` : '');
  const run = () => {
    const problems = [];
    const lang = (document.documentElement.getAttribute('lang') || '').trim();
    if (!lang) problems.push('the <html> element has no lang attribute');
    const h1 = document.querySelectorAll('h1');
    if (h1.length !== 1) problems.push(`${h1.length} h1 elements instead of one`);
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden' || ['submit', 'button', 'reset', 'image'].includes(el.type)) continue;
      const labels = Array.from(el.labels || []).map((l) => l.textContent.trim()).filter(Boolean);
      const aria = (el.getAttribute('aria-label') || '').trim() || el.getAttribute('aria-labelledby');
      if (!labels.length && !aria && !(el.getAttribute('title') || '').trim()) {
        problems.push(`${nameOf(el)} has no label`);
      }
    }
    for (const el of document.querySelectorAll('button, input[type=submit]')) {
      const name = (el.textContent || el.value || el.getAttribute('aria-label') || '').trim();
      if (!name) problems.push(`${nameOf(el)} has no accessible name`);
    }
    for (const img of document.querySelectorAll('img:not([alt])')) {
      problems.push(`image ${img.src} has no alt`);
    }
    window.__lhAudit({url: location.href, problems});
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run); else run();
})();
"""


@dataclass
class PageAudit:
    visited: list[str] = field(default_factory=list)
    _problems: list[str] = field(default_factory=list)
    _documents: set[str] = field(default_factory=set)

    def attach(self, context) -> None:
        context.expose_binding("__lhAudit", lambda _source, report: self._report(report))
        context.add_init_script(AUDIT_SCRIPT)
        context.on("page", self._watch)

    def _watch(self, page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self._problems.append(f"{page.url}: script error: {error}"))
        page.on("response", self._response)

    def _report(self, report: dict) -> None:
        self.visited.append(report["url"])
        self._problems.extend(f"{report['url']}: {problem}" for problem in report["problems"])

    def _response(self, response) -> None:
        request = response.request
        if request.resource_type == "document":
            self._documents.add(response.url)
        if response.status >= 500:
            self._problems.append(f"{request.method} {response.url}: HTTP {response.status}")

    def _console(self, page, message) -> None:
        if message.type != "error":
            return
        # A page answered with 4xx on purpose (a form with errors is 422) logs "Failed to load resource"
        # for the document itself; the status of documents is checked on its own (no 5xx). A failed
        # stylesheet still counts.
        location = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource") and location in self._documents:
            return
        self._problems.append(f"{page.url}: console error: {message.text} ({location})")

    def problems(self) -> list[str]:
        return list(self._problems)

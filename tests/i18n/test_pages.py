"""Every page renders in every interface language: crawl the demo site as each kind of user, in each locale.

The crawler starts from the landing page and the dashboard, follows every same-site link (GET only, no
downloads), and checks each page: no server error, the `lang` attribute of the locale, and the locale's words.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from learning_hub.models import User
from tests.helpers import login

LOCALES = ("en", "es", "fr", "id")
# A word of each locale that the layout always shows (the footer's language label).
LAYOUT_WORD = {"en": "Language", "es": "Idioma", "fr": "Langue", "id": "Bahasa"}
PEOPLE = (
    "reformer@example.org",
    "mentor@example.org",
    "coordinator@example.org",
    "organiser@example.org",
    "admin@example.org",
)
SKIP = re.compile(r"\.(csv|xlsx|pdf|ics|json)(\?|$)|/openapi\.json|[?&]format=json|/static/")
MAX_PAGES = 120


def _seed_demo(app):
    """The demo data: courses, people, a match run, mentorships, a roundtable."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "sync"]).exit_code == 0
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output


def _crawl(client, start: list[str]):
    """Yield (path, status, html or None) for every same-site page reachable from `start`."""
    seen, queue, count = set(start), deque(start), 0
    while queue and count < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        count += 1
        if response.status_code != 200 or "text/html" not in response.content_type:
            response.close()
            yield path, response.status_code, None
            continue
        page = response.get_data(as_text=True)
        yield path, response.status_code, page
        for href in re.findall(r'href="([^"]+)"', page):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(href):
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)


@pytest.mark.slow
def test_every_page_renders_in_every_locale(app, db):
    _seed_demo(app)
    failures, summary = [], []
    for locale in LOCALES:
        checked = 0
        for email in (None, *PEOPLE):
            client = app.test_client()
            client.environ_base["HTTP_ACCEPT_LANGUAGE"] = locale
            if email is not None:
                user = db.session.scalar(db.select(User).where(User.email == email))
                user.locale = locale
                db.session.commit()
                login(client, user)
            who = email or "visitor"
            for path, status, page in _crawl(client, ["/", "/dashboard"] if email else ["/", "/courses"]):
                checked += 1
                if status >= 500:
                    failures.append(f"{locale} {who} {path}: {status}")
                elif page is not None and f'<html lang="{locale}">' not in page:
                    failures.append(f"{locale} {who} {path}: lang attribute is not {locale}")
                elif page is not None and LAYOUT_WORD[locale] not in page:
                    failures.append(f"{locale} {who} {path}: the layout is not in {locale}")
        summary.append(f"{locale}: {checked}")
        assert checked > 100
    print(f"\npages rendered per locale ({', '.join(summary)}), {len(failures)} problems")
    assert not failures, "\n".join(failures[:30])

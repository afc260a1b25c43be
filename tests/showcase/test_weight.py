"""Weight on mobile data: compressed pages, static files cached for a year under versioned URLs, ETag and
Last-Modified on the public pages (a withdrawal still changes the next answer)."""

from __future__ import annotations

import gzip
import re
import time

from tests.factories import make_user
from tests.helpers import login
from tests.showcase.helpers import coordinator, published_story


def _story():
    amina = make_user(email="amina@w.example.org", display_name="Amina Wanjiru", country="KE")
    baraka = make_user(email="baraka@w.example.org", display_name="Baraka Otieno", country="KE")
    story = published_story(amina, coordinator(), "Open tenders in Kisumu county", colleagues=[baraka])
    return amina, baraka, story


def test_static_files_are_versioned_and_cached_for_a_year(client, db):
    page = client.get("/showcase").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{10})"', page)
    assert css, "the stylesheet is linked with its content hash"
    with client.get(css.group(1)) as answer:
        body = answer.get_data()
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for unversioned in ("/static/css/app.css", "/static/css/app.css?v=0000000000"):
        with client.get(unversioned) as other:
            assert "immutable" not in other.headers.get("Cache-Control", "")
    zipped = client.get(css.group(1), headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == body


def test_anonymous_pages_are_compressed_and_revalidated(client, db):
    _amina, baraka, story = _story()
    for path in ("/showcase", f"/showcase/{story.slug}", "/showcase/countries/KE", "/showcase/feed.atom"):
        plain = client.get(path)
        zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert zipped.headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in zipped.headers["Vary"], path
        assert len(zipped.get_data()) < len(plain.get_data()) / 2, path
        assert plain.headers["ETag"], path
        assert plain.headers["Last-Modified"], path
        assert plain.headers["Cache-Control"] == "public, no-cache", path
        again = client.get(path, headers={"If-None-Match": plain.headers["ETag"]})
        assert again.status_code == 304, path
        # the compressed answer's weak tag revalidates too
        assert zipped.headers["ETag"].startswith("W/")
        last = client.get(path, headers={"If-None-Match": zipped.headers["ETag"]})
        assert last.status_code == 304, (path, plain.headers["ETag"], zipped.headers["ETag"], last.headers["ETag"])

    page = f"/showcase/{story.slug}"
    tag = client.get(page).headers["ETag"]
    time.sleep(1.1)  # the page's CSRF token is signed afresh each second: the tag does not follow it
    assert client.get(page).headers["ETag"] == tag
    reader = login(client.application.test_client(), baraka)
    assert reader.post(f"/showcase/stories/{story.id}/consent/confirm").status_code == 302
    fresh = client.get(page, headers={"If-None-Match": tag})
    assert fresh.status_code == 200
    assert "Baraka Otieno" in fresh.get_data(as_text=True)


def test_signed_in_pages_are_neither_compressed_nor_cached(app, db):
    amina, _baraka, story = _story()
    member = login(app.test_client(), amina)
    answer = member.get(f"/showcase/{story.slug}", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in answer.headers
    assert answer.headers["Cache-Control"] == "no-store"
    assert "ETag" not in answer.headers

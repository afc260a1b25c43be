"""The public showcase: anonymous readers get the pages, the feed and the sitemap; only published stories with a
confirmed name are there; no email address, gender or private field is ever shown."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from tests.factories import make_user
from tests.helpers import login
from tests.showcase.helpers import coordinator, published_story

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _world():
    coord = coordinator()
    amina = make_user(email="amina@showcase.example.org", display_name="Amina Wanjiru", country="KE", gender="woman")
    story = published_story(amina, coord, "Open tenders in Kisumu county")
    return coord, amina, story


def test_anonymous_reader_gets_every_public_page(client, db):
    _coord, _amina, story = _world()
    for path in (
        "/showcase",
        f"/showcase/{story.slug}",
        "/showcase/feed.atom",
        "/sitemap.xml",
        "/showcase/areas/accountability",
        "/showcase/countries/KE",
        "/showcase?area=accountability&country=KE&level=national&language=en",
    ):
        assert client.get(path).status_code == 200, path
    assert client.get("/showcase/areas/astrology").status_code == 404
    assert client.get("/showcase/countries/XX").status_code == 404
    assert client.get("/showcase/no-such-story").status_code == 404


def test_showcase_home_and_landing_page_list_published_stories(client, db):
    _coord, _amina, story = _world()
    for path in ("/showcase", "/"):
        page = client.get(path).get_data(as_text=True)
        assert "Open tenders in Kisumu county" in page, path
        assert f'href="/showcase/{story.slug}"' in page, path


def test_filters_select_by_area_country_level_and_language(client, db):
    coord, _amina, _story = _world()
    budi = make_user(email="budi@showcase.example.org", display_name="Budi Santoso", country="ID")
    published_story(
        budi,
        coord,
        "Papan informasi dana desa",
        country="ID",
        areas=["participation"],
        language="id",
        level="subnational",
    )
    cases = {  # query -> the titles expected, by hand from the two stories above
        "": {"Open tenders in Kisumu county", "Papan informasi dana desa"},
        "?area=participation": {"Papan informasi dana desa"},
        "?country=KE": {"Open tenders in Kisumu county"},
        "?level=subnational": {"Papan informasi dana desa"},
        "?language=en": {"Open tenders in Kisumu county"},
        "?language=id&country=KE": set(),
    }
    titles = {"Open tenders in Kisumu county", "Papan informasi dana desa"}
    for query, expected in cases.items():
        page = client.get("/showcase" + query).get_data(as_text=True)
        assert {t for t in titles if f">{t}</a>" in page} == expected, query


def test_a_story_page_shows_no_email_gender_or_private_field(client, db):
    _coord, amina, story = _world()
    amina.profile.bio = "Private note: my phone is 0712 000 000."
    db.session.commit()
    page = client.get(f"/showcase/{story.slug}").get_data(as_text=True)
    assert "Amina Wanjiru" in page
    assert EMAIL.findall(page) == []
    assert "0712 000 000" not in page
    assert "Woman" not in page


def test_the_feed_is_valid_atom_and_the_sitemap_lists_published_pages_only(client, db):
    _coord, amina, story = _world()
    from learning_hub.showcase import services
    from tests.showcase.helpers import story_input

    services.propose(amina, story_input("Still waiting for the coordinators"))
    feed = client.get("/showcase/feed.atom")
    assert feed.headers["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(feed.data)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Open tenders in Kisumu county"]
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
        assert entries[0].find(f"{ATOM}{required}") is not None
    assert [a.findtext(f"{ATOM}name") for a in entries[0].findall(f"{ATOM}author")] == ["Amina Wanjiru"]
    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").data)
    locs = [u.findtext(f"{SITEMAP}loc") for u in sitemap.findall(f"{SITEMAP}url")]
    assert f"http://localhost/showcase/{story.slug}" in locs
    assert not any("still-waiting" in loc for loc in locs)
    assert "http://localhost/showcase/countries/KE" in locs


def test_opengraph_meta_on_a_story(client, db):
    _coord, _amina, story = _world()
    page = client.get(f"/showcase/{story.slug}").get_data(as_text=True)
    assert '<meta property="og:title" content="Open tenders in Kisumu county">' in page
    assert f'<meta property="og:url" content="http://localhost/showcase/{story.slug}">' in page
    assert '<meta name="twitter:card" content="summary">' in page


def test_ask_for_an_introduction_needs_sign_in(client, db):
    _coord, amina, story = _world()
    anonymous = client.get(f"/showcase/{story.slug}").get_data(as_text=True)
    assert "Sign in to ask for an introduction" in anonymous
    reader = make_user(email="reader@showcase.example.org", display_name="Rea Reader", country="GH")
    login(client, reader)
    signed_in = client.get(f"/showcase/{story.slug}").get_data(as_text=True)
    assert f'href="/introductions/ask/{amina.profile.id}"' in signed_in
    assert client.get(f"/introductions/ask/{amina.profile.id}").status_code == 200


def test_feed_and_sitemap_revalidate_with_an_etag(client, db):
    _coord, amina, story = _world()
    first = client.get("/showcase/feed.atom")
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert client.get("/showcase/feed.atom", headers={"If-None-Match": tag}).status_code == 304
    from learning_hub.showcase import services

    services.withdraw_consent(amina, story.id)
    again = client.get("/showcase/feed.atom", headers={"If-None-Match": tag})
    assert again.status_code == 200
    assert b"Amina Wanjiru" not in again.data
    sitemap = client.get("/sitemap.xml")
    assert client.get("/sitemap.xml", headers={"If-None-Match": sitemap.headers["ETag"]}).status_code == 304

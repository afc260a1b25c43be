"""Consent, enforced on every public surface: a walk of the showcase pages, the landing page, the feed, the
sitemap (following every link they give) and the public API (every page of the story list, and each story) finds no
name without a stored consent and nothing of an unpublished or withdrawn story; a withdrawal shows on the very next
request."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from learning_hub.extensions import db
from learning_hub.models import Profile, StoryPerson
from learning_hub.showcase import services
from tests.factories import make_user
from tests.helpers import login
from tests.showcase.helpers import coordinator, published_story, story_input

HREF = re.compile(r'href="([^"]+)"')
LOC = re.compile(r"<loc>([^<]+)</loc>")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
ROOTS = ["/", "/showcase", "/showcase/feed.atom", "/sitemap.xml"] + [
    f"/showcase/countries/{code}" for code in ("KE", "NG", "GH", "ID", "PH")
]


def _person(name: str, country: str):
    return make_user(email=f"{name.split()[0].lower()}@audit.example.org", display_name=name, country=country)


def _world():
    """Who may be named, by hand: Amina, Dede and Ian confirmed on public stories; nobody else."""
    coord = coordinator()
    p = {
        name: _person(name, country)
        for name, country in [
            ("Amina Wanjiru", "KE"),
            ("Baraka Otieno", "KE"),
            ("Chidi Eze", "KE"),
            ("Dede Mensah", "KE"),
            ("Juma Said", "KE"),
            ("Emeka Obi", "NG"),
            ("Fatima Sule", "GH"),
            ("Gita Rahayu", "ID"),
            ("Hana Reyes", "PH"),
            ("Ian Cruz", "PH"),
        ]
    }
    kisumu = published_story(
        p["Amina Wanjiru"],
        coord,
        "Open tenders in Kisumu county",
        colleagues=[p["Baraka Otieno"], p["Chidi Eze"], p["Dede Mensah"], p["Juma Said"]],
    )
    services.confirm_consent(p["Chidi Eze"], kisumu.id)
    services.withdraw_consent(p["Chidi Eze"], kisumu.id)  # confirmed, then withdrew
    services.confirm_consent(p["Dede Mensah"], kisumu.id)
    services.confirm_consent(p["Juma Said"], kisumu.id)
    p["Juma Said"].active = False  # a deactivated account is never named
    db.session.commit()
    lagos = published_story(p["Emeka Obi"], coord, "Ownership register checks in Lagos", country="NG")
    services.withdraw_consent(p["Emeka Obi"], lagos.id)  # his alone: the whole story goes
    services.propose(p["Fatima Sule"], story_input("Accra story still in review", country="GH"))
    jakarta = published_story(p["Gita Rahayu"], coord, "Jakarta story taken down", country="ID")
    services.unpublish(coord, jakarta.id)
    manila = services.propose(
        p["Hana Reyes"],
        story_input("Manila flood audits", country="PH", people=[(p["Ian Cruz"].profile.id, "Engineer")]),
        name_me=False,
    )
    services.confirm_consent(p["Ian Cruz"], manila.id)
    services.publish(coord, manila.id)
    return p, kisumu, lagos, manila


def _walk(client) -> dict[str, str]:
    """Every public page reachable from the roots by the links and sitemap entries they give (same site only)."""
    seen: dict[str, str] = {}
    queue = list(ROOTS)
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        seen[path] = text
        for link in HREF.findall(text) + LOC.findall(text):
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.netloc not in ("", "localhost"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith("/showcase") and not target.startswith(("/showcase/propose", "/showcase/mine")):
                queue.append(target)
    seen.update(_walk_api(client))
    return seen


def _walk_api(client) -> dict[str, str]:
    """The public API as an anonymous caller: every page of the story list, then each story it gives."""
    seen: dict[str, str] = {}
    page, pages = 1, 1
    while page <= pages:
        path = f"/api/v1/showcase/stories?per_page=2&page={page}"
        response = client.get(path)
        assert response.status_code == 200, path
        seen[path] = response.get_data(as_text=True)
        body = response.get_json()
        pages = body["pages"]
        for item in body["items"]:
            one = f"/api/v1/showcase/stories/{item['slug']}"
            answer = client.get(one)
            assert answer.status_code == 200, one
            seen[one] = answer.get_data(as_text=True)
        page += 1
    return seen


def _consented_names() -> set[str]:
    """From the stored consent rows: names confirmed (not withdrawn) on some story."""
    return set(
        db.session.scalars(
            select(Profile.display_name)
            .join(StoryPerson, StoryPerson.profile_id == Profile.id)
            .where(StoryPerson.consent == "confirmed", StoryPerson.confirmed_at.is_not(None))
        )
    )


def _audit(client, allowed: set[str], gone_titles: set[str]):
    pages = _walk(client)
    everything = "\n".join(pages.values())
    all_names = set(db.session.scalars(select(Profile.display_name)))
    shown = {name for name in all_names if name in everything}
    without_consent = shown - _consented_names()
    assert without_consent == set()
    assert shown == allowed
    assert [t for t in gone_titles if t in everything] == []
    assert EMAIL.findall(everything) == []
    return pages


def test_every_public_surface_names_only_consenting_people(client, db):
    _p, kisumu, lagos, _manila = _world()
    pages = _audit(
        client,
        allowed={"Amina Wanjiru", "Dede Mensah", "Ian Cruz"},
        gone_titles={"Ownership register checks in Lagos", "Accra story still in review", "Jakarta story taken down"},
    )
    assert f"/showcase/{kisumu.slug}" in pages
    assert f"/api/v1/showcase/stories/{kisumu.slug}" in pages
    assert len(pages) >= 10
    print(f"\n{len(pages)} public pages walked")
    assert client.get(f"/showcase/{lagos.slug}").status_code == 404
    assert "Hana Reyes" not in "".join(pages.values())  # proposed it without agreeing to be named


def test_a_withdrawal_shows_on_the_next_request(app, db):
    p, kisumu, _lagos, _manila = _world()
    reader = app.test_client()
    assert "Dede Mensah" in reader.get(f"/showcase/{kisumu.slug}").get_data(as_text=True)
    assert "Dede Mensah" in reader.get("/showcase/feed.atom").get_data(as_text=True)
    assert "Dede Mensah" in reader.get(f"/api/v1/showcase/stories/{kisumu.slug}").get_data(as_text=True)

    dede = login(app.test_client(), p["Dede Mensah"])
    assert dede.post(f"/showcase/stories/{kisumu.id}/consent/withdraw").status_code == 302
    assert "Dede Mensah" not in reader.get(f"/showcase/{kisumu.slug}").get_data(as_text=True)
    assert "Dede Mensah" not in reader.get("/showcase/feed.atom").get_data(as_text=True)
    assert "Dede Mensah" not in reader.get("/showcase").get_data(as_text=True)
    assert "Dede Mensah" not in reader.get(f"/api/v1/showcase/stories/{kisumu.slug}").get_data(as_text=True)
    assert "Dede Mensah" not in reader.get("/api/v1/showcase/stories").get_data(as_text=True)

    amina = login(app.test_client(), p["Amina Wanjiru"])  # the last name left: the story leaves every surface
    assert amina.post(f"/showcase/stories/{kisumu.id}/consent/withdraw").status_code == 302
    assert reader.get(f"/showcase/{kisumu.slug}").status_code == 404
    assert reader.get(f"/api/v1/showcase/stories/{kisumu.slug}").status_code == 404
    _audit(
        reader,
        allowed={"Ian Cruz"},
        gone_titles={"Open tenders in Kisumu county", "Ownership register checks in Lagos"},
    )

    assert amina.post(f"/showcase/stories/{kisumu.id}/consent/confirm").status_code == 302  # and back again
    assert "Amina Wanjiru" in reader.get(f"/showcase/{kisumu.slug}").get_data(as_text=True)


def test_only_the_named_person_answers_for_their_consent(app, db):
    p, kisumu, _lagos, _manila = _world()
    baraka = login(app.test_client(), p["Baraka Otieno"])
    assert "Baraka Otieno" not in app.test_client().get(f"/showcase/{kisumu.slug}").get_data(as_text=True)
    mine = baraka.get("/showcase/mine").get_data(as_text=True)
    assert "Open tenders in Kisumu county" in mine
    # someone not on the story cannot confirm anything there, nor see its editorial page
    fatima = login(app.test_client(), p["Fatima Sule"])
    assert fatima.post(f"/showcase/stories/{kisumu.id}/consent/confirm").status_code == 404
    assert fatima.get(f"/showcase/stories/{kisumu.id}").status_code == 404
    assert baraka.post(f"/showcase/stories/{kisumu.id}/consent/confirm").status_code == 302
    assert "Baraka Otieno" in app.test_client().get(f"/showcase/{kisumu.slug}").get_data(as_text=True)


def test_erasing_an_account_removes_the_name(app, db):
    from learning_hub.privacy import erase_user_data

    p, kisumu, _lagos, _manila = _world()
    erase_user_data(p["Dede Mensah"])
    db.session.delete(p["Dede Mensah"])
    db.session.commit()
    assert "Dede Mensah" not in app.test_client().get(f"/showcase/{kisumu.slug}").get_data(as_text=True)

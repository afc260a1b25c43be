"""/api/v1/showcase: published stories read without credentials (public names only, nothing private), editorial
decisions with a token carrying the coordinate scope, a named person's own consent."""

from __future__ import annotations

from learning_hub.showcase import services
from tests.api.helpers import bearer
from tests.factories import make_user
from tests.showcase.helpers import coordinator, published_story, story_input

PRIVATE = ("email", "gender", "user_id", "profile_id", "consent", "proposer")


def _people():
    amina = make_user(email="amina@api.example.org", display_name="Amina Wanjiru", country="KE")
    baraka = make_user(email="baraka@api.example.org", display_name="Baraka Otieno", country="KE")
    return amina, baraka


def test_published_stories_are_public_with_public_names_only(client, db):
    amina, baraka = _people()
    coord = coordinator()
    story = published_story(amina, coord, "Open tenders in Kisumu county", colleagues=[baraka])
    services.propose(amina, story_input("Still in review"))

    listing = client.get("/api/v1/showcase/stories")
    assert listing.status_code == 200
    body = listing.get_json()
    assert [item["title"] for item in body["items"]] == ["Open tenders in Kisumu county"]
    item = body["items"][0]
    # Amina confirmed by proposing; Baraka is named but has not confirmed: not shown
    assert [p["display_name"] for p in item["people"]] == ["Amina Wanjiru"]
    assert item["people"][0] == {"display_name": "Amina Wanjiru", "country": "KE", "organisation": None, "role": "Lead"}
    text = listing.get_data(as_text=True)
    assert "@" not in text.replace("https://", "")
    assert not any(f'"{key}"' in text for key in PRIVATE)
    assert item["url"].endswith(f"/showcase/{story.slug}")
    assert item["evidence"] == [
        {"kind": "dataset", "label": "Open procurement data", "url": "https://data.example.org/tenders"}
    ]

    assert item["featured"] is False
    assert item["translations"] == []
    one = client.get(f"/api/v1/showcase/stories/{story.slug}")
    assert one.status_code == 200
    assert one.get_json()["title"] == "Open tenders in Kisumu county"
    assert client.get("/api/v1/showcase/stories/still-in-review").status_code == 404
    assert client.get("/api/v1/showcase/stories?country=NG").get_json()["total"] == 0
    assert client.get("/api/v1/showcase/stories?country=KE&area=accountability").get_json()["total"] == 1
    assert client.get("/api/v1/showcase/stories?language=xx").status_code == 422


def test_editorial_actions_need_a_coordinator_token_with_the_coordinate_scope(client, db):
    amina, baraka = _people()
    coord = coordinator()
    story = services.propose(amina, story_input("Open tenders in Kisumu county"))
    path = f"/api/v1/showcase/editorial/{story.id}/publish"

    assert client.post(path, json={}).status_code == 401
    assert client.post(path, json={}, headers=bearer(baraka)).status_code == 403  # not a coordinator
    assert client.post(path, json={}, headers=bearer(coord, ("read", "write"))).status_code == 403  # no coordinate
    queue = client.get("/api/v1/showcase/editorial", headers=bearer(coord))
    assert [(i["title"], i["state"], i["confirmed"]) for i in queue.get_json()["items"]] == [
        ("Open tenders in Kisumu county", "submitted", 1)
    ]

    published = client.post(path, json={}, headers=bearer(coord))
    assert published.status_code == 200
    assert published.get_json()["state"] == "published"
    assert client.post(path, json={}, headers=bearer(coord)).status_code == 409
    assert client.get(f"/api/v1/showcase/stories/{story.slug}").status_code == 200

    changes = f"/api/v1/showcase/editorial/{story.id}/request-changes"
    assert client.post(changes, json={"note": "Add the 2023 figures."}, headers=bearer(coord)).status_code == 409
    unpublished = client.post(f"/api/v1/showcase/editorial/{story.id}/unpublish", json={}, headers=bearer(coord))
    assert unpublished.get_json()["state"] == "unpublished"
    assert client.get(f"/api/v1/showcase/stories/{story.slug}").status_code == 404
    asked = client.post(changes, json={"note": "Add the 2023 figures."}, headers=bearer(coord))
    assert asked.get_json()["state"] == "changes_requested"
    assert asked.get_json()["change_request"] == "Add the 2023 figures."
    assert client.post(changes, json={"note": "x", "state": "published"}, headers=bearer(coord)).status_code == 422
    actions = [e.action for e in story.events]
    assert actions == ["proposed", "consent_confirmed", "published", "unpublished", "changes_requested"]


def test_consent_through_the_api_is_the_named_persons_own(client, db):
    amina, baraka = _people()
    coord = coordinator()
    story = published_story(amina, coord, "Open tenders in Kisumu county", colleagues=[baraka])
    path = f"/api/v1/showcase/stories/{story.id}/consent"
    outsider = make_user(email="olga@api.example.org", display_name="Olga Outsider")
    assert client.post(path, json={"decision": "confirm"}, headers=bearer(outsider)).status_code == 404
    assert client.post(path, json={"decision": "confirm"}, headers=bearer(baraka, ("read",))).status_code == 403

    confirmed = client.post(path, json={"decision": "confirm"}, headers=bearer(baraka))
    assert confirmed.status_code == 200
    assert confirmed.get_json()["consent"] == "confirmed"
    names = [p["display_name"] for p in client.get(f"/api/v1/showcase/stories/{story.slug}").get_json()["people"]]
    assert names == ["Amina Wanjiru", "Baraka Otieno"]

    client.post(path, json={"decision": "withdraw"}, headers=bearer(baraka))
    names = [p["display_name"] for p in client.get(f"/api/v1/showcase/stories/{story.slug}").get_json()["people"]]
    assert names == ["Amina Wanjiru"]

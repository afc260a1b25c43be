"""/api/v1/profile: read and update my own profile, its challenges and reforms. Protected fields cannot be smuggled
in, other people's texts are 404, refused values leave the database unchanged, and the HTML page agrees."""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import Challenge, Reform, User
from tests.directory.helpers import text_of
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot

TEXT = "Procurement contracts are signed behind closed doors, so citizens cannot follow spending."
REFORM = {"title": "Open contracting portal", "description": "Every contract and payment is published as open data."}


def test_read_my_profile_with_gender_only_for_me(api):
    user = make_user(gender="woman", challenges=[TEXT])
    body = api("GET", "/api/v1/profile", user).get_json()
    assert body["gender"] == "woman"
    assert body["listed"] is True
    assert body["challenges"][0]["text"] == TEXT
    assert body["consented_at"].endswith("+00:00")
    assert api("GET", "/api/v1/profile").status_code == 401


def test_partial_update_keeps_other_fields(api):
    user = make_user(display_name="Before", country="KE", organisation="Org", languages=("en", "sw"))
    response = api("PATCH", "/api/v1/profile", user, json={"bio": "Budget reformer.", "country": "GH"})
    body = response.get_json()
    assert response.status_code == 200
    assert body["bio"] == "Budget reformer."
    assert body["country"] == "GH"
    assert (body["display_name"], body["organisation"], body["languages"]) == ("Before", "Org", ["en", "sw"])
    body = api("PATCH", "/api/v1/profile", user, json={"visibility": "public", "consent": False}).get_json()
    assert body["visibility"] == "public"
    assert body["listed"] is False
    assert body["consented_at"] is None
    body = api("PATCH", "/api/v1/profile", user, json={"mentor_available": True, "mentor_capacity": 3}).get_json()
    assert body["mentor_available"]
    assert body["mentor_capacity"] == 3
    assert "mentor" in db.session.get(User, user.id).roles


def test_protected_fields_cannot_be_smuggled_in(api):
    user = make_user(listed=False)
    api("GET", "/api/v1/profile", user)
    before = snapshot()
    for extra in (
        {"user_id": 1},
        {"roles": ["admin"]},
        {"consented_at": "2020-01-01T00:00:00Z"},
        {"id": 99},
        {"email": "x@example.org"},
        {"embedded_at": None},
    ):
        response = api("PATCH", "/api/v1/profile", user, json={"bio": "Hello there.", **extra})
        body = response.get_json()
        assert response.status_code == 422, extra
        assert set(extra) <= set(body["errors"]), extra
    assert changed_tables(before, snapshot()) == []
    assert not db.session.get(User, user.id).is_admin


def test_refused_values_name_the_field_and_change_nothing(api):
    user = make_user()
    api("GET", "/api/v1/profile", user)
    before = snapshot()
    cases = [
        ({"country": "XX"}, "country"),
        ({"display_name": ""}, "display_name"),
        ({"display_name": "Nul\x00byte"}, "display_name"),
        ({"languages": ["tlh"]}, "languages"),
        ({"gender": "unknown"}, "gender"),
        ({"bio": "x" * 2001}, "bio"),
        ({"mentor_available": True, "mentor_capacity": 0, "bio": "changed"}, "mentor_capacity"),
        ({"mentor_capacity": 21}, "mentor_capacity"),
        ({"visibility": "everyone"}, "visibility"),
    ]
    for data, field in cases:
        response = api("PATCH", "/api/v1/profile", user, json=data)
        assert response.status_code == 422, data
        assert field in response.get_json()["errors"], data
    assert changed_tables(before, snapshot()) == []


def test_challenges_add_edit_delete(api):
    user = make_user()
    response = api("POST", "/api/v1/profile/challenges", user, json={"text": TEXT})
    assert response.status_code == 201
    challenge_id = response.get_json()["id"]
    changed = TEXT.replace("citizens", "residents")
    assert (
        api("PATCH", f"/api/v1/profile/challenges/{challenge_id}", user, json={"text": changed}).get_json()["text"]
        == changed
    )
    assert api("POST", "/api/v1/profile/challenges", user, json={"text": "too short"}).status_code == 422
    assert api("DELETE", f"/api/v1/profile/challenges/{challenge_id}", user, json={}).status_code == 204
    assert db.session.get(Challenge, challenge_id) is None
    assert api("DELETE", f"/api/v1/profile/challenges/{challenge_id}", user, json={}).status_code == 404


def test_reforms_add_partial_edit_delete(api):
    user = make_user()
    response = api("POST", "/api/v1/profile/reforms", user, json=REFORM)
    body = response.get_json()
    assert response.status_code == 201
    assert body["status"] == "in_progress"
    body = api(
        "PATCH", f"/api/v1/profile/reforms/{body['id']}", user, json={"status": "completed", "start_year": 2019}
    ).get_json()
    assert (body["title"], body["status"], body["start_year"]) == (REFORM["title"], "completed", 2019)
    for bad, field in (
        ({"link": "javascript:alert(1)"}, "link"),
        ({"start_year": 1900}, "start_year"),
        ({"status": "done"}, "status"),
        ({"title": "x", "owner": 1}, "owner"),
    ):
        response = api("PATCH", f"/api/v1/profile/reforms/{body['id']}", user, json=bad)
        assert response.status_code == 422, bad
        assert field in response.get_json()["errors"], bad
    assert api("DELETE", f"/api/v1/profile/reforms/{body['id']}", user, json={}).status_code == 204
    assert db.session.get(Reform, body["id"]) is None


def test_other_peoples_texts_are_404(api):
    owner = make_user(challenges=[TEXT], reforms=[REFORM])
    challenge, reform = owner.profile.challenges[0], owner.profile.reforms[0]
    intruder = make_user()
    api("GET", "/api/v1/profile", intruder)
    before = snapshot()
    for method, path, data in (
        ("PATCH", f"/api/v1/profile/challenges/{challenge.id}", {"text": TEXT + " Mine."}),
        ("DELETE", f"/api/v1/profile/challenges/{challenge.id}", {}),
        ("PATCH", f"/api/v1/profile/reforms/{reform.id}", {"status": "stalled"}),
        ("DELETE", f"/api/v1/profile/reforms/{reform.id}", {}),
    ):
        response = api(method, path, intruder, json=data)
        assert response.status_code == 404, (method, path)
        assert response.get_json()["error"] == "not_found", (method, path)
    assert changed_tables(before, snapshot()) == []


def test_writes_need_the_write_scope_and_json(api):
    user = make_user()
    response = api("PATCH", "/api/v1/profile", user, scopes=("read",), json={"bio": "x"})
    assert response.status_code == 403
    assert response.get_json()["error"] == "insufficient_scope"
    response = api("POST", "/api/v1/profile/challenges", user, data={"text": TEXT})
    assert response.status_code == 415
    response = api("DELETE", f"/api/v1/profile/challenges/{2**31 - 1}", user)
    assert response.status_code == 415


def test_api_and_page_show_the_same_profile(api, client_as):
    """What the API changes, the profile page shows; and the page's edits, the API reads."""
    user = make_user(display_name="Dana")
    api("PATCH", "/api/v1/profile", user, json={"organisation": "Open Budget Office", "role_title": "Analyst"})
    api("POST", "/api/v1/profile/challenges", user, json={"text": TEXT})
    page = text_of(client_as(user).get("/profile"))
    assert "Open Budget Office" in page
    assert "Analyst" in page
    assert "Procurement contracts" in page
    client_as(user).post(
        "/profile/reforms",
        data={"reform-title": REFORM["title"], "reform-description": REFORM["description"], "reform-status": "planned"},
    )
    reforms = api("GET", "/api/v1/profile", user).get_json()["reforms"]
    assert [(r["title"], r["status"]) for r in reforms] == [(REFORM["title"], "planned")]


def test_an_account_without_a_profile_gets_one_on_update(api):
    user = make_user()
    db.session.delete(user.profile)
    db.session.commit()
    response = api("GET", "/api/v1/profile", user)
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
    body = api("PATCH", "/api/v1/profile", user, json={"display_name": "Late Starter"}).get_json()
    assert body["display_name"] == "Late Starter"
    assert body["visibility"] == "private"
    assert body["listed"] is False

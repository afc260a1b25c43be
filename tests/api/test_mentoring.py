"""/api/v1/mentoring: a requester writes a need, reads ranked mentors, sends it to them in order, withdraws or
discards; a mentor reads the inbox and accepts or declines. Others' requests and offers are 404; refusals change
nothing; the pages show the same requests and offers."""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import MentoringRequest, MentorOffer
from tests.directory.helpers import text_of
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot
from tests.mentoring.helpers import MENTORS, TOPICS, make_mentor

NEED = TOPICS["contracts"][0]


def _mentors():
    return {name: make_mentor(name, *spec) for name, spec in MENTORS.items()}


def _draft(api, user, **data):
    response = api("POST", "/api/v1/mentoring/requests", user, json={"need": NEED, "languages": ["en"], **data})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_draft_suggestions_submit_and_accept(api, outbox):
    mentors = _mentors()
    rita = make_user(display_name="Rita", country="GH")
    draft = _draft(api, rita)
    assert draft["state"] == "draft"
    assert draft["choices"] == []
    ranked = api("GET", f"/api/v1/mentoring/requests/{draft['id']}/suggestions", rita).get_json()["items"]
    names = [item["display_name"] for item in ranked]
    assert names[0] in ("Olga", "Nadia")
    assert "Sari" not in names
    assert ranked[0]["experience_excerpt"]
    assert ranked[0]["rank"] == 1
    assert ranked[0]["free_places"] >= 1
    olga, nadia = mentors["Olga"], mentors["Nadia"]
    sent = api(
        "POST",
        f"/api/v1/mentoring/requests/{draft['id']}/submit",
        rita,
        json={"choices": [olga.profile.id, nadia.profile.id]},
    ).get_json()
    assert sent["state"] == "pending"
    assert [c["state"] for c in sent["choices"]] == ["pending", "waiting"]
    assert api("GET", f"/api/v1/mentoring/requests/{draft['id']}/suggestions", rita).get_json()["items"] == []
    box = api("GET", "/api/v1/mentoring/inbox", olga).get_json()
    assert [o["request_id"] for o in box["pending"]] == [draft["id"]]
    assert box["pending"][0]["need"] == NEED
    assert api("GET", "/api/v1/mentoring/inbox", nadia).get_json()["pending"] == []  # not reached yet
    offer_id = box["pending"][0]["id"]
    answered = api("POST", f"/api/v1/mentoring/offers/{offer_id}/answer", olga, json={"answer": "accept"})
    assert answered.status_code == 200
    assert answered.get_json()["state"] == "accepted"
    mine = api("GET", f"/api/v1/mentoring/requests/{draft['id']}", rita).get_json()
    assert mine["state"] == "active"
    assert mine["mentor"]["display_name"] == "Olga"
    again = api("POST", f"/api/v1/mentoring/offers/{offer_id}/answer", olga, json={"answer": "decline"})
    assert again.status_code == 409
    assert any("Olga" in mail.subject for mail in outbox)


def test_decline_passes_to_the_next_choice(api):
    mentors = _mentors()
    rita = make_user(display_name="Rita", country="GH")
    draft = _draft(api, rita)
    api(
        "POST",
        f"/api/v1/mentoring/requests/{draft['id']}/submit",
        rita,
        json={"choices": [mentors["Olga"].profile.id, mentors["Nadia"].profile.id]},
    )
    offer_id = api("GET", "/api/v1/mentoring/inbox", mentors["Olga"]).get_json()["pending"][0]["id"]
    body = api(
        "POST",
        f"/api/v1/mentoring/offers/{offer_id}/answer",
        mentors["Olga"],
        json={"answer": "decline", "reason": "Travelling this month."},
    ).get_json()
    assert body["state"] == "declined"
    assert len(api("GET", "/api/v1/mentoring/inbox", mentors["Nadia"]).get_json()["pending"]) == 1
    response = api(
        "POST",
        f"/api/v1/mentoring/offers/{offer_id}/answer",
        mentors["Olga"],
        json={"answer": "decline", "reason": "x\x00"},
    )
    assert response.status_code in (409, 422)


def test_no_choice_goes_to_the_coordinators_then_withdraw(api):
    rita = make_user(display_name="Rita")
    draft = _draft(api, rita)
    queued = api("POST", f"/api/v1/mentoring/requests/{draft['id']}/submit", rita, json={}).get_json()
    assert queued["state"] == "queued"
    withdrawn = api("POST", f"/api/v1/mentoring/requests/{draft['id']}/withdraw", rita, json={}).get_json()
    assert withdrawn["state"] == "withdrawn"
    response = api("POST", f"/api/v1/mentoring/requests/{draft['id']}/withdraw", rita, json={})
    assert response.status_code == 409
    assert response.get_json()["error"] == "conflict"
    assert api("DELETE", f"/api/v1/mentoring/requests/{draft['id']}", rita, json={}).status_code == 409


def test_discard_a_draft_and_list_mine(api):
    rita = make_user()
    _draft(api, rita)
    second = _draft(api, rita, need=TOPICS["budget"][0])  # replaces the unsent draft
    listed = api("GET", "/api/v1/mentoring/requests", rita).get_json()
    assert [item["need"] for item in listed["items"]] == [TOPICS["budget"][0]]
    assert listed["total"] == 1
    assert api("DELETE", f"/api/v1/mentoring/requests/{second['id']}", rita, json={}).status_code == 204
    assert db.session.get(MentoringRequest, second["id"]) is None


def test_bad_requests_name_the_field_and_change_nothing(api):
    mentors = _mentors()
    rita = make_user()
    draft = _draft(api, rita)
    before = snapshot()
    for data, field in (
        ({"need": "short"}, "need"),
        ({"languages": ["tlh"]}, "languages"),
        ({"preferred_countries": ["XX"]}, "preferred_countries"),
        ({"state": "active"}, "state"),
        ({"preferred_countries": ["KE"], "excluded_countries": ["KE"]}, "excluded_countries"),
        ({"need": "Need with a control character \x01 inside it, long enough."}, "need"),
    ):
        response = api("POST", "/api/v1/mentoring/requests", rita, json={"need": NEED, **data})
        assert response.status_code == 422, data
        assert field in response.get_json()["errors"], data
    for choices in ([1, 2, 3, 4], [mentors["Sari"].profile.id], [0], [2**31]):
        response = api("POST", f"/api/v1/mentoring/requests/{draft['id']}/submit", rita, json={"choices": choices})
        assert response.status_code == 422, choices
    assert changed_tables(before, snapshot()) == []


def test_others_requests_and_offers_are_404(api):
    mentors = _mentors()
    rita, intruder = make_user(), make_user()
    draft = _draft(api, rita)
    api(
        "POST", f"/api/v1/mentoring/requests/{draft['id']}/submit", rita, json={"choices": [mentors["Olga"].profile.id]}
    )
    offer = db.session.scalar(db.select(MentorOffer).where(MentorOffer.request_id == draft["id"]))
    for user in (intruder, mentors["Nadia"]):
        api("GET", "/api/v1/mentoring/inbox", user)  # their tokens exist before the snapshot
    before = snapshot()
    for method, path, data in (
        ("GET", f"/api/v1/mentoring/requests/{draft['id']}", None),
        ("GET", f"/api/v1/mentoring/requests/{draft['id']}/suggestions", None),
        ("POST", f"/api/v1/mentoring/requests/{draft['id']}/withdraw", {}),
        ("DELETE", f"/api/v1/mentoring/requests/{draft['id']}", {}),
        ("POST", f"/api/v1/mentoring/offers/{offer.id}/answer", {"answer": "accept"}),
    ):
        for user in (intruder, mentors["Nadia"]):
            assert api(method, path, user, json=data).status_code == 404, (method, path)
        assert api(method, path, json=data).status_code == 401, (method, path)
    assert changed_tables(before, snapshot()) == []
    response = api(
        "POST",
        f"/api/v1/mentoring/offers/{offer.id}/answer",
        mentors["Olga"],
        scopes=("read",),
        json={"answer": "accept"},
    )
    assert response.status_code == 403
    assert response.get_json()["error"] == "insufficient_scope"


def test_full_mentor_cannot_accept(api):
    """Two requests wait for Olga (two free places); she lowers her capacity to one: the second accept is 409."""
    olga = _mentors()["Olga"]
    for n in range(2):
        requester = make_user(display_name=f"Requester {n}")
        draft = _draft(api, requester)
        api("POST", f"/api/v1/mentoring/requests/{draft['id']}/submit", requester, json={"choices": [olga.profile.id]})
    offers = [o["id"] for o in api("GET", "/api/v1/mentoring/inbox", olga).get_json()["pending"]]
    assert len(offers) == 2
    api("PATCH", "/api/v1/profile", olga, json={"mentor_available": True, "mentor_capacity": 1})
    assert (
        api("POST", f"/api/v1/mentoring/offers/{offers[0]}/answer", olga, json={"answer": "accept"}).status_code == 200
    )
    response = api("POST", f"/api/v1/mentoring/offers/{offers[1]}/answer", olga, json={"answer": "accept"})
    assert response.status_code == 409
    assert "capacity" in response.get_json()["message"]
    assert db.session.get(MentorOffer, offers[1]).state == "pending"


def test_api_and_pages_agree(api, client_as):
    mentors = _mentors()
    rita = make_user(display_name="Rita")
    draft = _draft(api, rita)
    page = text_of(client_as(rita).get(f"/mentoring/requests/{draft['id']}"))
    ranked = api("GET", f"/api/v1/mentoring/requests/{draft['id']}/suggestions", rita).get_json()["items"]
    positions = [page.find(f'id="mentor-{item["id"]}"') for item in ranked]
    assert all(p > 0 for p in positions)
    assert positions == sorted(positions)
    api("POST", f"/api/v1/mentoring/requests/{draft['id']}/submit", rita, json={"choices": [ranked[0]["id"]]})
    mentor = next(user for user in mentors.values() if user.profile.id == ranked[0]["id"])
    inbox_page = text_of(client_as(mentor).get("/mentoring/inbox"))
    offer_id = api("GET", "/api/v1/mentoring/inbox", mentor).get_json()["pending"][0]["id"]
    assert f"/mentoring/offers/{offer_id}/answer" in inbox_page

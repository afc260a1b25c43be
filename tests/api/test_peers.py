"""/api/v1/peers: coordinators start, read, page through and publish match runs; participants list their suggested
peers and answer them. Roles, scopes, others' pairs (404), state conflicts, and agreement with the pages."""

from __future__ import annotations

import re

from learning_hub.extensions import db
from learning_hub.models import MatchPair, MatchRun
from tests.directory.helpers import text_of
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot


def _start(api, coordinator, **data):
    response = api("POST", "/api/v1/peers/runs", coordinator, json={"name": "March exchange", **data})
    assert response.status_code == 202, response.get_json()
    return response.get_json()


def test_start_and_read_a_run(api, cohort, coordinator):
    run = _start(api, coordinator, per_person=1, countries=["KE", "CO", "ID", "PH"])
    assert run["status"] == "ready"
    assert run["job"]["status"] == "done"
    assert run["report"]["people"] == 8
    assert run["report"]["matched_people"] == 8
    assert run["counts"]["suggested"] == 4
    assert run["params"]["countries"] == ["CO", "ID", "KE", "PH"]
    assert run["params"]["per_person"] == 1
    again = api("GET", f"/api/v1/peers/runs/{run['id']}", coordinator).get_json()
    assert again == run
    listed = api("GET", "/api/v1/peers/runs", coordinator).get_json()
    assert [item["id"] for item in listed["items"]] == [run["id"]]
    assert listed["total"] == 1


def test_pairs_page_with_filters(api, cohort, coordinator):
    run = _start(api, coordinator)
    everything = api("GET", f"/api/v1/peers/runs/{run['id']}/pairs?per_page=100", coordinator).get_json()
    scores = [pair["score"] for pair in everything["items"]]
    assert everything["total"] == len(scores) == run["counts"]["suggested"]
    assert scores == sorted(scores, reverse=True)
    first = everything["items"][0]
    assert first["a"]["display_name"]
    assert first["b"]["excerpt"]
    assert first["a"]["country"] != first["b"]["country"]
    page = api("GET", f"/api/v1/peers/runs/{run['id']}/pairs?per_page=3&page=2", coordinator).get_json()
    assert [p["id"] for p in page["items"]] == [p["id"] for p in everything["items"][3:6]]
    kenya = api("GET", f"/api/v1/peers/runs/{run['id']}/pairs?country=KE&per_page=100", coordinator).get_json()
    assert kenya["items"]
    assert all("KE" in (p["a"]["country"], p["b"]["country"]) for p in kenya["items"])
    high = api("GET", f"/api/v1/peers/runs/{run['id']}/pairs?score_min=0.99", coordinator).get_json()
    assert high["total"] == 0
    for query in ("score_min=2", "state=maybe", "country=XX", "score_max=nan"):
        assert api("GET", f"/api/v1/peers/runs/{run['id']}/pairs?{query}", coordinator).status_code == 422, query


def test_bad_runs_are_refused_and_change_nothing(api, cohort, coordinator):
    api("GET", "/api/v1/peers/runs", coordinator)
    before = snapshot()
    for data, field in (
        ({"per_person": 0}, "per_person"),
        ({"min_score": 1.5}, "min_score"),
        ({"countries": ["XX"]}, "countries"),
        ({"sectors": ["space"]}, "sectors"),
        ({"status": "published"}, "status"),
        ({"joined_since": "yesterday"}, "joined_since"),
    ):
        response = api("POST", "/api/v1/peers/runs", coordinator, json=data)
        assert response.status_code == 422, data
        assert field in response.get_json()["errors"], data
    response = api("POST", "/api/v1/peers/runs", coordinator, json={"countries": ["GH"]})  # nobody listed in GH
    assert response.status_code == 422
    assert "at least 2" in response.get_json()["message"]
    assert changed_tables(before, snapshot()) == []


def test_only_coordinators_with_the_coordinate_scope(api, cohort, coordinator):
    run = _start(api, coordinator)
    reformer = cohort["Amina"]
    for method, path in (
        ("GET", "/api/v1/peers/runs"),
        ("GET", f"/api/v1/peers/runs/{run['id']}"),
        ("GET", f"/api/v1/peers/runs/{run['id']}/pairs"),
        ("POST", f"/api/v1/peers/runs/{run['id']}/publish"),
        ("POST", "/api/v1/peers/runs"),
    ):
        assert api(method, path, reformer, json={}).status_code == 403, path
        assert api(method, path, json={}).status_code == 401, path
        response = api(method, path, coordinator, scopes=("read", "write"), json={})
        assert response.status_code == 403, path
        assert response.get_json()["error"] == "insufficient_scope", path
    assert db.session.get(MatchRun, run["id"]).status == "ready"


def test_publish_once_then_participants_answer(api, cohort, coordinator, outbox):
    run = _start(api, coordinator, per_person=1)
    amina = cohort["Amina"]
    assert api("GET", "/api/v1/peers/suggestions", amina).get_json()["total"] == 0  # not published yet
    published = api("POST", f"/api/v1/peers/runs/{run['id']}/publish", coordinator, json={})
    assert published.status_code == 200
    assert published.get_json()["status"] == "published"
    again = api("POST", f"/api/v1/peers/runs/{run['id']}/publish", coordinator, json={})
    assert again.status_code == 409
    assert again.get_json()["error"] == "conflict"
    suggestions = api("GET", "/api/v1/peers/suggestions", amina).get_json()
    assert suggestions["total"] == 1
    mine = suggestions["items"][0]
    assert mine["status"] == "open"
    assert mine["my_text"]
    assert mine["peer_text"]
    assert "email" not in str(mine)
    peer = next(user for user in cohort.values() if user.profile.id == mine["peer"]["id"])
    body = api("POST", f"/api/v1/peers/suggestions/{mine['id']}/respond", amina, json={"answer": "accept"}).get_json()
    assert body["status"] == "waiting_peer"
    assert outbox == []
    body = api("POST", f"/api/v1/peers/suggestions/{mine['id']}/respond", peer, json={"answer": "accept"}).get_json()
    assert body["status"] == "introduced"
    assert len(outbox) == 2
    response = api("POST", f"/api/v1/peers/suggestions/{mine['id']}/respond", amina, json={"answer": "decline"})
    assert response.status_code == 409
    assert (
        api("POST", f"/api/v1/peers/suggestions/{mine['id']}/respond", amina, json={"answer": "maybe"}).status_code
        == 422
    )


def test_others_suggestions_are_404(api, cohort, coordinator):
    run = _start(api, coordinator, per_person=1)
    api("POST", f"/api/v1/peers/runs/{run['id']}/publish", coordinator, json={})
    pair = db.session.scalars(db.select(MatchPair).where(MatchPair.run_id == run["id"])).first()
    outsider = next(user for user in cohort.values() if user.profile.id not in (pair.a_profile_id, pair.b_profile_id))
    for method, path, data in (
        ("GET", f"/api/v1/peers/suggestions/{pair.id}", None),
        ("POST", f"/api/v1/peers/suggestions/{pair.id}/respond", {"answer": "accept"}),
    ):
        response = api(method, path, outsider, json=data)
        assert response.status_code == 404, path
    assert db.session.get(MatchPair, pair.id).a_response is None
    assert api("GET", f"/api/v1/peers/runs/{2**31 - 1}", coordinator).status_code == 404


def test_api_and_pages_agree(api, client_as, cohort, coordinator):
    """The run page counts the same pairs, and a participant's suggestion page names the same peer."""
    run = _start(api, coordinator, per_person=1)
    page = text_of(client_as(coordinator).get(f"/peers/runs/{run['id']}"))
    pair_ids = {int(n) for n in re.findall(r'id="pair-(\d+)"', page)}
    api_ids = {
        p["id"]
        for p in api("GET", f"/api/v1/peers/runs/{run['id']}/pairs?per_page=100", coordinator).get_json()["items"]
    }
    assert pair_ids == api_ids
    api("POST", f"/api/v1/peers/runs/{run['id']}/publish", coordinator, json={})
    user = cohort["Carla"]
    mine = api("GET", "/api/v1/peers/suggestions", user).get_json()["items"][0]
    assert mine["peer"]["display_name"] in text_of(client_as(user).get(f"/peers/suggestions/{mine['id']}"))
    reformer = make_user()
    assert api("GET", "/api/v1/peers/suggestions", reformer).get_json() == {
        "items": [],
        "page": 1,
        "per_page": 20,
        "total": 0,
        "pages": 1,
    }

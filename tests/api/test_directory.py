"""/api/v1/directory: the same people as the directory page for the same caller, filters, keyword and semantic
search, pagination, profiles with the page's visibility rules, and gender never exposed."""

from __future__ import annotations

import re

from tests.api.helpers import bearer
from tests.directory.helpers import text_of
from tests.directory.test_browse_routes import _people
from tests.factories import make_user


def _names(body) -> list[str]:
    return [item["profile"]["display_name"] for item in body["items"]]


def _html_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<h3><a href="/directory/(\d+)">', page)]


def test_who_sees_whom_as_on_the_page(api, client, client_as, db):
    """Anonymous callers get public profiles only, signed-in ones members-only ones too; unlisted ones are 404 to
    all but their owner."""
    people = _people(db)
    viewer = make_user(display_name="Viewer", listed=False)
    assert _names(api("GET", "/api/v1/directory").get_json()) == ["Pat Public"]
    assert _names(api("GET", "/api/v1/directory", viewer).get_json()) == ["Meg Mentor", "Mo Members", "Pat Public"]
    for key in ("private", "unconsented"):
        pid = people[key].profile.id
        assert api("GET", f"/api/v1/directory/{pid}", viewer).status_code == 404
        own = api("GET", f"/api/v1/directory/{pid}", people[key])
        assert own.status_code == 200
        assert own.get_json()["listed"] is False
    members = people["members"].profile.id
    assert api("GET", f"/api/v1/directory/{members}").status_code == 404
    assert api("GET", f"/api/v1/directory/{members}", viewer).get_json()["display_name"] == "Mo Members"
    assert api("GET", f"/api/v1/directory/{2**31 - 1}", viewer).status_code == 404
    assert api("GET", f"/api/v1/directory/{2**40}", viewer).status_code == 404


def test_api_and_page_list_the_same_people(api, client_as, db):
    """The same filters give the same people in the same order as the HTML directory."""
    _people(db)
    viewer = make_user(listed=False)
    page_client = client_as(viewer)
    for query in (
        "",
        "?country=KE",
        "?mentor=1",
        "?q=shell+companies&mode=words",
        "?area=fiscal_openness",
        "?q=beneficial+ownership+register",
    ):
        api_query = query.replace("mentor=1", "mentor=true")
        items = api("GET", "/api/v1/directory" + api_query, viewer).get_json()["items"]
        assert [item["profile"]["id"] for item in items] == _html_ids(text_of(page_client.get("/directory" + query)))


def test_semantic_search_says_what_matched(api, db):
    _people(db)
    body = api(
        "GET",
        "/api/v1/directory?q=who+has+set+up+a+beneficial+ownership+register+checked+against+tax",
        make_user(listed=False),
    ).get_json()
    first = body["items"][0]
    assert first["profile"]["display_name"] == "Mo Members"
    assert first["match"]["kind"] == "reform"
    assert first["match"]["score"] > 0
    assert "register" in first["match"]["text"]
    plain = api("GET", "/api/v1/directory?country=KE", make_user(listed=False)).get_json()
    assert plain["items"][0]["match"] is None


def test_gender_is_never_exposed(api, db):
    people = _people(db)
    viewer = make_user(listed=False)
    responses = [
        api("GET", "/api/v1/directory", viewer),
        api("GET", "/api/v1/directory?q=ownership", viewer),
        api("GET", f"/api/v1/directory/{people['public'].profile.id}", people["public"]),
        api("GET", f"/api/v1/directory/{people['members'].profile.id}", viewer),
    ]
    for response in responses:
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert "gender" not in text
        assert not re.search(r'"(woman|man)"', text)


def test_bad_filters_are_422_naming_the_field(api, db):
    viewer = make_user(listed=False)
    for query, field in (
        ("country=XX", "country"),
        ("sector=space", "sector"),
        ("mode=telepathy", "mode"),
        ("language=tlh", "language"),
        ("page=0", "page"),
        ("per_page=101", "per_page"),
        ("page=abc", "page"),
        ("q=" + "x" * 301, "q"),
        ("mentor=maybe", "mentor"),
    ):
        response = api("GET", f"/api/v1/directory?{query}", viewer)
        body = response.get_json()
        assert response.status_code == 422, query
        assert body["error"] == "validation_error", query
        assert field in body["errors"]["query"], query


def test_pagination(api, db):
    for n in range(45):
        make_user(display_name=f"Person {n:02d}", country="KE")
    viewer = make_user(listed=False)
    first = api("GET", "/api/v1/directory?per_page=20", viewer).get_json()
    assert (first["total"], first["pages"], first["page"], first["per_page"]) == (45, 3, 1, 20)
    assert _names(first)[0] == "Person 00"
    third = api("GET", "/api/v1/directory?page=3&per_page=20", viewer).get_json()
    assert _names(third) == [f"Person {n}" for n in range(40, 45)]
    small = api("GET", "/api/v1/directory?page=2&per_page=7", viewer).get_json()
    assert _names(small) == [f"Person {n:02d}" for n in range(7, 14)]
    assert small["pages"] == 7


def test_profile_shows_reformers_abroad_like_the_page(api, db):
    people = _people(db)
    body = api("GET", f"/api/v1/directory/{people['public'].profile.id}", people["public"]).get_json()
    assert "Mo Members" in [hit["profile"]["display_name"] for hit in body["abroad"]["answers"]]
    assert body["challenges"][0]["text"].startswith("Nobody verifies")
    assert set(body) >= {"id", "display_name", "country", "reforms", "challenges", "abroad", "listed"}


def test_anonymous_semantic_search_is_rate_limited(make_app, db):
    _people(db)
    limited = make_app(DIRECTORY_ANONYMOUS_SEARCH_LIMIT="2 per minute").test_client()
    codes = []
    for _ in range(3):
        response = limited.get("/api/v1/directory?q=beneficial+ownership")
        codes.append(response.status_code)
        body = response.get_json()
        response.close()
    assert codes == [200, 200, 429]
    assert body["error"] == "rate_limited"
    response = limited.get("/api/v1/directory?q=beneficial&mode=words")  # keyword search embeds nothing
    assert response.status_code == 200
    response.close()
    signed_in = bearer(make_user(listed=False))
    response = limited.get("/api/v1/directory?q=beneficial+ownership", headers=signed_in)
    assert response.status_code == 200
    response.close()


def test_token_needs_the_read_scope(api, db):
    response = api("GET", "/api/v1/directory", make_user(), scopes=("write",))
    assert response.status_code == 403
    assert response.get_json()["error"] == "insufficient_scope"

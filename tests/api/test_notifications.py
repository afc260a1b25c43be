"""/api/v1/notifications: my list (titles in my language), mark read, mark all read, channels per kind."""

from __future__ import annotations

from learning_hub.notifications import services
from tests.factories import make_user


def test_api_notifications(app, db, api):
    me, other = make_user(locale="id"), make_user()
    first = services.notify(me, "message", {"name": "Ana"})
    services.notify(me, "checkin", {"days": 30, "with": "Ben"})
    theirs = services.notify(other, "message", {"name": "Zed"})
    body = api("GET", "/api/v1/notifications", user=me).get_json()
    assert body["total"] == 2
    assert "Pesan baru dari Ana" in {item["title"] for item in body["items"]}
    assert api("POST", f"/api/v1/notifications/{first.id}/read", user=me, json={}).get_json()["read"] is True
    assert api("POST", f"/api/v1/notifications/{theirs.id}/read", user=me, json={}).status_code == 404
    assert api("GET", "/api/v1/notifications?unread=true", user=me).get_json()["total"] == 1
    assert api("POST", "/api/v1/notifications/read-all", user=me, json={}).get_json() == {"marked": 1}
    assert services.unread_count(other) == 1
    put = api("PUT", "/api/v1/notifications/preferences", user=me, json={"channels": {"message": "weekly"}})
    assert put.status_code == 200
    assert {r["kind"]: r["channel"] for r in put.get_json()["items"]}["message"] == "weekly"
    bad = api("PUT", "/api/v1/notifications/preferences", user=me, json={"channels": {"message": "hourly"}})
    assert bad.status_code == 422
    assert api("GET", "/api/v1/notifications", user=None).status_code == 401


def test_openapi_documents_notifications(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/notifications", "/api/v1/notifications/read-all", "/api/v1/notifications/preferences"} <= set(
        spec["paths"]
    )

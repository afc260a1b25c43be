"""The API's rules: one error shape, JSON bodies for writes, scopes for tokens, CSRF for browser sessions."""

from learning_hub.api import tokens
from learning_hub.api.core import required_scopes
from tests.factories import make_user
from tests.helpers import csrf_token_from, login


def test_error_shape(client):
    for path in ("/api/v1/me", "/api/v1/nothing-here"):
        body = client.get(path).get_json()
        assert set(body) == {"error", "message"}


def test_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/me" in spec["paths"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "GET /api/v1/me" in page
    assert "<script" not in page


def test_scopes_follow_method_and_policy():
    assert required_scopes("api_me.Me", "GET") == {"read"}
    assert required_scopes("api_me.Me", "POST") == {"write"}


def test_writes_need_json_and_csrf_for_sessions(make_app):
    """A session-authenticated write without the X-CSRFToken header is refused; a non-JSON write is 415."""
    app = make_app(WTF_CSRF_ENABLED=True)
    user = make_user()
    client = login(app.test_client(), user)
    assert client.patch("/api/v1/me", data="x=1", content_type="application/x-www-form-urlencoded").status_code == 415
    response = client.patch("/api/v1/me", json={"locale": "es"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"
    assert user.locale == "en"
    page = client.get("/account").get_data(as_text=True)
    csrf_token = csrf_token_from(page)
    response = client.patch("/api/v1/me", json={"locale": "fr"}, headers={"X-CSRFToken": csrf_token})
    assert response.status_code == 200
    assert user.locale == "fr"
    _row, raw = tokens.create_token(user, "w", ["read"], 30)
    token_client = app.test_client()
    response = token_client.patch("/api/v1/me", json={"locale": "es"}, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 403
    assert response.get_json()["error"] == "insufficient_scope"
    _row, raw = tokens.create_token(user, "rw", ["read", "write"], 30)
    response = token_client.patch("/api/v1/me", json={"locale": "es"}, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.get_json()["locale"] == "es"


def test_validation_errors_name_the_field(client):
    user = make_user()
    _row, raw = tokens.create_token(user, "rw", ["read", "write"], 30)
    headers = {"Authorization": f"Bearer {raw}"}
    response = client.patch("/api/v1/me", json={}, headers=headers)
    assert response.status_code == 422
    assert "locale" in response.get_json()["errors"]
    response = client.patch("/api/v1/me", json={"locale": "xx"}, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["error"] == "validation_error"

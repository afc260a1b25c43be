"""Personal access tokens: created on the account page, shown once, stored hashed, scoped, revocable."""

import re
from datetime import timedelta

from learning_hub.api import tokens
from learning_hub.models import PersonalAccessToken, utcnow
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.helpers import login


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_create_show_once_and_use(client, db):
    user = make_user()
    login(client, user)
    response = client.post(
        "/account/tokens", data={"token-name": "export script", "token-scopes": ["read"], "token-days": "30"}
    )
    assert response.status_code == 201
    raw = re.search(r"<code>(lhp_[\w-]+)</code>", response.get_data(as_text=True)).group(1)
    row = db.session.scalar(db.select(PersonalAccessToken))
    assert row.token_hash != raw
    assert raw not in row.token_hash
    assert row.hint == raw[:10]
    assert raw not in client.get("/account").get_data(as_text=True)  # shown once
    anonymous = client.application.test_client()
    body = anonymous.get("/api/v1/me", headers=_bearer(raw)).get_json()
    assert body["email"] == user.email
    assert body["auth"] == "token"
    assert body["scopes"] == ["read"]


def test_bad_token_forms(client):
    login(client, make_user())
    response = client.post("/account/tokens", data={"token-name": "", "token-days": "30"})
    assert response.status_code == 422


def test_revoked_expired_and_unknown_tokens_are_refused(client, db):
    user = make_user()
    _row, raw = tokens.create_token(user, "one", ["read"], 30)
    expired_row, expired = tokens.create_token(user, "two", ["read"], 30)
    expired_row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 200
    login(client, user)
    client.post(f"/account/tokens/{_row.id}/revoke")
    fresh = client.application.test_client()
    for token in (raw, expired, "lhp_unknown", "not-even-a-token"):
        response = fresh.get("/api/v1/me", headers=_bearer(token))
        assert response.status_code == 401
        assert response.get_json()["error"] == "unauthorized"


def test_someone_elses_token_cannot_be_revoked(client, db):
    owner, other = make_user(), make_user()
    row, _raw = tokens.create_token(owner, "mine", ["read"], 30)
    login(client, other)
    response = client.post(f"/account/tokens/{row.id}/revoke")
    assert response.status_code == 404
    assert db.session.get(PersonalAccessToken, row.id).revoked_at is None


def test_deactivated_owner_loses_token_access(client, db):
    user = make_user()
    _row, raw = tokens.create_token(user, "one", ["read"], 30)
    user.active = False
    db.session.commit()
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 401


def test_bearer_token_has_no_power_on_html_pages(client, db):
    """A token is an API credential: on the HTML pages and forms (where no scope is checked) it authenticates
    nobody. A read-only token must not open the account page (which hands out a CSRF token), edit the profile,
    mint a token with every scope, sign out every session, or download a coordinator's export. (CSRF is off in
    the tests, so a request that reached a form's view would act.)"""
    coordinator = make_user(roles=("coordinator",), display_name="Read Only")
    _row, raw = tokens.create_token(coordinator, "read only", ["read"], 30)
    headers = _bearer(raw)
    for path in ("/account", "/profile", "/directory/export.csv", "/peers/runs"):
        response = client.get(path, headers=headers)
        assert response.status_code == 302, path
        assert "/login" in response.headers["Location"], path
    forms = {
        "/profile/details": {"details-display_name": "Hijacked"},
        "/account/tokens": {
            "token-name": "all powers",
            "token-scopes": ["read", "write", "coordinate"],
            "token-days": "366",
        },
        "/account/logout-everywhere": {},
    }
    for path, data in forms.items():
        response = client.post(path, data=data, headers=headers)
        assert response.status_code == 302, path
        assert "/login" in response.headers["Location"], path
    assert db.session.get(type(coordinator), coordinator.id).profile.display_name == "Read Only"
    assert db.session.scalar(db.select(db.func.count()).select_from(PersonalAccessToken)) == 1
    # The same token still works where scopes are checked.
    assert client.get("/api/v1/me", headers=headers).status_code == 200


def _two_live_tokens_and_a_spent_one(user, db) -> list[str]:
    _row, read = tokens.create_token(user, "reader", ["read"], 30)
    _row, writer = tokens.create_token(user, "writer", ["read", "write"], None)
    expired, _raw = tokens.create_token(user, "old", ["read"], 30)
    expired.expires_at = utcnow() - timedelta(days=1)
    db.session.commit()
    return [read, writer]


def _assert_refused(client, raws) -> None:
    fresh = client.application.test_client()
    for raw in raws:
        assert fresh.get("/api/v1/me", headers=_bearer(raw)).status_code == 401


def test_password_change_revokes_tokens_and_says_so(client, db):
    """Two live tokens and an expired one: the account page warns of 2 before, the flash counts 2 after."""
    user = make_user()
    raws = _two_live_tokens_and_a_spent_one(user, db)
    login(client, user)
    page = client.get("/account").get_data(as_text=True)
    assert "It also revokes your 2 personal access tokens." in page
    assert "This also revokes your 2 personal access tokens." in page
    response = client.post(
        "/account/password",
        data={
            "password-current_password": DEFAULT_PASSWORD,
            "password-password": "a new long passphrase",
            "password-confirm": "a new long passphrase",
        },
        follow_redirects=True,
    )
    assert "Your 2 personal access tokens are revoked" in response.get_data(as_text=True)
    _assert_refused(client, raws)
    assert "It also revokes" not in client.get("/account").get_data(as_text=True)


def test_sign_out_everywhere_revokes_tokens(client, db):
    user = make_user()
    raws = _two_live_tokens_and_a_spent_one(user, db)
    login(client, user)
    response = client.post("/account/logout-everywhere", follow_redirects=True)
    assert "Your 2 personal access tokens are revoked" in response.get_data(as_text=True)
    _assert_refused(client, raws)


def test_password_reset_revokes_tokens(client, db, outbox):
    user = make_user()
    raws = _two_live_tokens_and_a_spent_one(user, db)
    client.post("/forgot-password", data={"email": user.email})
    token = re.search(r"/reset-password/(\S+)", outbox[-1].text).group(1)
    page = client.get(f"/reset-password/{token}").get_data(as_text=True)
    assert "revokes your personal access tokens" in page
    response = client.post(
        f"/reset-password/{token}",
        data={"password": "a new long passphrase", "confirm": "a new long passphrase"},
        follow_redirects=True,
    )
    assert "personal access token of your account has ended" in response.get_data(as_text=True)
    _assert_refused(client, raws)

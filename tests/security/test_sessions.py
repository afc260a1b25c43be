"""Sessions (docs/SECURITY.md §1-2): cookies flags, lifetimes, and replayed cookies after logout-everywhere or a
password change are not accepted."""

import time

from config import ProductionConfig
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.helpers import login


def _sign_in(client, email, remember=False):
    data = {"email": email, "password": DEFAULT_PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.data[:500]
    return response


def _cookie_values(client):
    return {cookie.key: cookie.value for cookie in client._cookies.values()}


def _replay(app, cookies: dict, path="/account"):
    fresh = app.test_client()
    for key, value in cookies.items():
        fresh.set_cookie(key, value)
    return fresh.get(path)


def test_cookie_flags(client, app):
    make_user("flags@example.org")
    response = _sign_in(client, "flags@example.org", remember=True)
    headers = response.headers.getlist("Set-Cookie")
    session_cookie = next(h for h in headers if h.startswith("lh_session="))
    remember_cookie = next(h for h in headers if h.startswith("lh_remember="))
    for header in (session_cookie, remember_cookie):
        assert "HttpOnly" in header
        assert "SameSite=Lax" in header
        assert "Expires=" in header  # bounded lifetime, never the 31-day default signature alone


def test_production_cookies_are_secure():
    assert ProductionConfig.SESSION_COOKIE_SECURE
    assert ProductionConfig.REMEMBER_COOKIE_SECURE
    assert ProductionConfig.HSTS


def test_replayed_cookies_rejected_after_logout_everywhere(client, app):
    make_user("replay@example.org")
    _sign_in(client, "replay@example.org", remember=True)
    assert client.get("/account").status_code == 200
    captured = _cookie_values(client)
    assert "lh_remember" in captured
    client.post("/account/logout-everywhere")
    assert _replay(app, captured).status_code != 200
    assert _replay(app, {"lh_remember": captured["lh_remember"]}).status_code != 200
    assert _replay(app, {"lh_session": captured["lh_session"]}).status_code != 200


def test_replayed_cookies_rejected_after_password_change(client, app):
    make_user("pwchange@example.org")
    other_device = app.test_client()
    _sign_in(other_device, "pwchange@example.org", remember=True)
    captured = _cookie_values(other_device)
    _sign_in(client, "pwchange@example.org")
    response = client.post(
        "/account/password",
        data={
            "password-current_password": DEFAULT_PASSWORD,
            "password-password": "a brand new passphrase",
            "password-confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # this device continues
    assert _replay(app, captured).status_code != 200
    assert _replay(app, {"lh_remember": captured["lh_remember"]}).status_code != 200


def test_replayed_cookies_rejected_after_plain_logout(client, app):
    """docs/SECURITY.md §1: a cookie captured before logout, replayed after it, must not work."""
    make_user("plain@example.org")
    _sign_in(client, "plain@example.org", remember=True)
    captured = _cookie_values(client)
    client.post("/logout")
    assert client.get("/account").status_code == 302
    assert _replay(app, captured).status_code != 200
    assert _replay(app, {"lh_remember": captured["lh_remember"]}).status_code != 200


def test_logout_everywhere_keeps_other_accounts(client, app):
    make_user("one@example.org")
    make_user("two@example.org")
    other = app.test_client()
    _sign_in(other, "two@example.org")
    _sign_in(client, "one@example.org")
    client.post("/account/logout-everywhere")
    assert other.get("/account").status_code == 200


def test_idle_session_expires(client, app):
    user = make_user()
    login(client, user)
    with client.session_transaction() as sess:
        sess["_seen_at"] = int(time.time()) - 31 * 60
    assert client.get("/account").status_code == 302


def test_absolute_lifetime(client, app):
    user = make_user()
    login(client, user)
    with client.session_transaction() as sess:
        sess["_auth_at"] = int(time.time()) - 13 * 3600
    assert client.get("/account").status_code == 302


def test_deactivated_user_is_signed_out(client, app, db):
    user = make_user()
    login(client, user)
    user.active = False
    db.session.commit()
    assert client.get("/account").status_code == 302


def test_login_rotates_session(client, app):
    """No session fixation: whatever was in the session before sign-in is gone after it."""
    make_user("fixation@example.org")
    with client.session_transaction() as sess:
        sess["planted"] = "attacker"
    _sign_in(client, "fixation@example.org")
    with client.session_transaction() as sess:
        assert "planted" not in sess

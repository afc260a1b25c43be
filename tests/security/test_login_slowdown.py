"""Sign-in slow-down instead of lock-out: an attacker's wrong passwords never keep the owner out of a browser they
used before; elsewhere each try waits twice as long; the owner is told once; behind a proxy, clients are told apart."""

from __future__ import annotations

from datetime import timedelta

from learning_hub.auth import throttle
from learning_hub.models import LoginThrottle
from tests.factories import DEFAULT_PASSWORD, make_user

EMAIL = "target@example.org"


def _try(client, password, address="10.0.0.1", **kwargs):
    return client.post(
        "/login", data={"email": EMAIL, "password": password}, environ_base={"REMOTE_ADDR": address}, **kwargs
    )


def test_the_owner_signs_in_from_a_known_browser_while_an_attacker_guesses(app, client):
    """Before: ten wrong passwords from anywhere made the owner's correct password answer 429 for 15 minutes."""
    make_user(EMAIL)
    owner = app.test_client()
    assert _try(owner, DEFAULT_PASSWORD).status_code == 302  # the owner's browser is now known
    owner.post("/logout")
    attacker = app.test_client()
    statuses = [_try(attacker, f"guess {i}", address=f"10.0.1.{i}").status_code for i in range(12)]
    assert statuses[:6] == [422] * 6  # five free tries and the sixth, checked
    assert 429 in statuses[6:]  # then tries come too fast
    assert _try(owner, DEFAULT_PASSWORD, address="10.0.2.1").status_code == 302
    # Signing in cleared the count: a fresh browser is not made to wait any more.
    assert _try(app.test_client(), "guess again").status_code == 422


def test_a_forged_known_browser_cookie_does_not_pass(app):
    make_user(EMAIL)
    attacker = app.test_client()
    for i in range(6):
        _try(attacker, f"guess {i}")
    attacker.set_cookie(throttle.KNOWN_BROWSER_COOKIE, "WzFd.forged.signature")
    response = _try(attacker, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "wait 2 seconds" in response.get_data(as_text=True)


def test_waits_double_and_a_correct_password_passes_once_the_wait_is_over(app, db):
    """Hand-computed: with 5 free tries and a 2-second base, the waits after 6, 7, 8, 9 failures are 2, 4, 8, 16
    seconds; the longest is capped at 15 minutes."""
    assert [throttle.delay_after(n) for n in range(1, 10)] == [0, 0, 0, 0, 0, 2, 4, 8, 16]
    assert throttle.delay_after(30) == 15 * 60
    make_user(EMAIL)
    stranger = app.test_client()  # the owner on a new device
    for i in range(7):
        assert _try(stranger, f"guess {i}").status_code == 422
        row = db.session.get(LoginThrottle, throttle._key(EMAIL))
        row.last_failed_at -= timedelta(seconds=throttle.delay_after(row.failures))  # let the wait pass
        db.session.commit()
    assert _try(stranger, "guess 7").status_code == 422  # 8 failures now: the next try waits 8 seconds
    early = _try(stranger, DEFAULT_PASSWORD)
    assert early.status_code == 429  # not checked: a guess made too early learns nothing
    assert "wait 8 seconds" in early.get_data(as_text=True)
    row = db.session.get(LoginThrottle, throttle._key(EMAIL))
    row.last_failed_at -= timedelta(seconds=8)
    db.session.commit()
    assert _try(stranger, DEFAULT_PASSWORD).status_code == 302
    assert db.session.get(LoginThrottle, throttle._key(EMAIL)) is None


def test_an_unknown_address_slows_down_like_an_account(app):
    """The slow-down does not tell which addresses have accounts."""
    make_user(EMAIL)
    answers = {}
    for email in (EMAIL, "nobody@example.org"):
        client = app.test_client()
        answers[email] = [
            client.post("/login", data={"email": email, "password": "wrong"}).status_code for _ in range(7)
        ]
    assert answers[EMAIL] == answers["nobody@example.org"] == [422] * 6 + [429]


def test_the_owner_is_told_once_after_ten_wrong_passwords(app, db, outbox):
    make_user(EMAIL)
    client = app.test_client()
    for i in range(12):
        _try(client, f"guess {i}")
        row = db.session.get(LoginThrottle, throttle._key(EMAIL))
        row.last_failed_at -= timedelta(hours=1)
        db.session.commit()
    notices = [m for m in outbox if m.to == EMAIL]
    assert len(notices) == 1
    assert "Wrong passwords" in notices[0].subject
    assert "10 wrong passwords" in notices[0].text
    assert "/forgot-password" in notices[0].text


def test_behind_a_trusted_proxy_clients_are_counted_apart(make_app):
    """Everyone comes from the proxy's address; with TRUSTED_PROXY_COUNT=1 the per-address limit counts the
    X-Forwarded-For client, so one guesser does not block everyone behind the proxy."""
    proxied = make_app(TRUSTED_PROXY_COUNT=1, LOGIN_LIMIT_PER_ADDRESS="3 per hour")
    client = proxied.test_client()

    def post(client_address, n):
        return client.post(
            "/login",
            data={"email": f"user{n}@example.org", "password": "wrong"},
            environ_base={"REMOTE_ADDR": "10.9.9.9"},
            headers={"X-Forwarded-For": client_address},
        ).status_code

    assert [post("203.0.113.5", n) for n in range(4)] == [422, 422, 422, 429]
    assert post("198.51.100.7", 9) == 422  # another client behind the same proxy is not blocked
    direct = make_app(LOGIN_LIMIT_PER_ADDRESS="3 per hour").test_client()
    # Without trusted proxies the header is ignored: it cannot be forged to dodge the limit.
    statuses = [
        direct.post(
            "/login",
            data={"email": f"other{n}@example.org", "password": "wrong"},
            environ_base={"REMOTE_ADDR": "10.9.9.8"},
            headers={"X-Forwarded-For": f"192.0.2.{n}"},
        ).status_code
        for n in range(4)
    ]
    assert statuses == [422, 422, 422, 429]

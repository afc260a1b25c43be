"""Accounts through HTTP: register, sign in and out, reset and change passwords, my data, delete my account."""

import json
import re

from learning_hub.models import Profile, User, UserSession
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.helpers import login

NEW_PASSWORD = "another long passphrase"


def _register(client, **overrides):
    data = {
        "display_name": "Ama Mensah",
        "email": "Ama@Example.org",
        "country": "GH",
        "password": "a long enough secret",
        "confirm": "a long enough secret",
    }
    data.update(overrides)
    return client.post("/register", data=data)


def _confirm_link(outbox, to: str = "ama@example.org") -> str:
    messages = [m for m in outbox if m.to == to and "Confirm" in m.subject]
    assert messages, [(m.to, m.subject) for m in outbox]
    return re.search(r"http://\S+(/register/confirm/\S+)", messages[-1].text).group(1)


def _register_and_confirm(client, outbox, **overrides):
    response = _register(client, **overrides)
    assert response.status_code == 302
    path = _confirm_link(outbox)
    assert client.get(path).status_code == 200
    return client.post(path)


def test_register_defaults_to_unlisted(client, db, outbox):
    """Consent to be listed is a separate, unticked choice: without it the profile is private."""
    page = client.get("/register").get_data(as_text=True)
    assert 'name="consent"' in page
    assert re.search(r'<input[^>]*name="consent"[^>]*checked', page) is None
    response = _register_and_confirm(client, outbox)
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    user = db.session.scalar(db.select(User).where(User.email == "ama@example.org"))
    assert user.profile.visibility == "private"
    assert user.profile.consented_at is None
    assert not user.profile.is_listed
    assert client.get("/dashboard").status_code == 200


def test_register_with_consent_is_listed(client, db, outbox):
    _register_and_confirm(client, outbox, consent="y")
    profile = db.session.scalar(db.select(Profile).join(User).where(User.email == "ama@example.org"))
    assert profile.is_listed
    assert profile.visibility == "members"


def test_register_rejects_bad_input(client, db):
    """Short password, mismatch, bad email, unknown country, NUL byte: clear errors, no account, no email."""
    cases = [
        ({"password": "short", "confirm": "short"}, "10 to 128"),
        ({"confirm": "something else entirely"}, "differ"),
        ({"email": "not-an-email"}, "email"),
        ({"country": "XX"}, "Choose one of the options."),
        ({"display_name": "Ama\x00"}, "control characters"),
    ]
    for overrides, expected in cases:
        response = _register(client, **overrides)
        assert response.status_code == 422, overrides
        assert expected.lower() in response.get_data(as_text=True).lower(), overrides
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def _answer(client, email: str) -> tuple:
    """What a visitor sees after registering with `email`: status, redirect, and the page it leads to, with the
    address itself blanked out."""
    response = _register(client, email=email)
    page = client.get(response.headers.get("Location", "/register")).get_data(as_text=True)
    page = re.sub(r'name="csrf_token"[^>]*>', "", page).replace(email.lower(), "EMAIL")
    return response.status_code, response.headers.get("Location"), page


def test_registration_answers_the_same_whether_or_not_the_email_has_an_account(app, db, outbox):
    """A new address, an account its owner uses and an imported, unclaimed person get the same answer; the owner
    of an existing address is told by email (sign in or reset), and nobody gets a second account."""
    make_user("owner@example.org")
    imported = make_user("imported@example.org")
    imported.password_hash = None
    db.session.commit()
    answers = {
        email: _answer(app.test_client(), email)
        for email in ("new@example.org", "owner@example.org", "imported@example.org")
    }
    assert answers["new@example.org"] == answers["owner@example.org"] == answers["imported@example.org"]
    status, location, page = answers["new@example.org"]
    assert (status, location) == (302, "/login")
    assert "Check your email" in page
    sent = {m.to: m for m in outbox}
    assert "Confirm" in sent["new@example.org"].subject
    for email in ("owner@example.org", "imported@example.org"):
        assert "tried to create" in sent[email].subject
        assert "/forgot-password" in sent[email].text
        assert "/register/confirm/" not in sent[email].text
    assert db.session.scalar(db.select(db.func.count(User.id))) == 2


def test_a_confirmation_link_works_once_and_never_duplicates_an_account(client, db, outbox):
    _register(client)
    path = _confirm_link(outbox)
    assert client.post(path).headers["Location"] == "/dashboard"
    client.post("/logout")
    again = client.post(path)
    assert again.headers["Location"] == "/register"
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_forgot_password_sends_no_mail_inside_the_request(client, outbox, monkeypatch):
    """The request only queues one job, the same for a known and an unknown address; no mail leaves inside it."""
    import learning_hub.auth.services as services

    make_user("reset@example.org")
    queued = []
    monkeypatch.setattr(services.jobs, "enqueue", lambda kind, **payload: queued.append((kind, payload)))
    for email in ("reset@example.org", "unknown@example.org"):
        response = client.post("/forgot-password", data={"email": email})
        assert response.status_code == 302
    assert outbox == []
    assert queued == [
        ("auth.password_reset_email", {"email": "reset@example.org"}),
        ("auth.password_reset_email", {"email": "unknown@example.org"}),
    ]


def test_login_and_logout(client, db):
    user = make_user("kofi@example.org")
    response = client.post("/login?next=/account", data={"email": "KOFI@example.org ", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    assert db.session.scalar(db.select(db.func.count(UserSession.id))) == 1
    assert client.get("/logout").status_code == 200  # a confirmation page: GET changes nothing
    assert client.get("/account").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/account").status_code == 302
    assert db.session.scalar(db.select(db.func.count(UserSession.id))) == 0
    assert user.last_login_at is not None


def test_login_failure_is_generic(client):
    make_user("kofi@example.org")
    for email, password in (("kofi@example.org", "wrong password!"), ("nobody@example.org", DEFAULT_PASSWORD)):
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 422
        assert "Email or password is not right" in response.get_data(as_text=True)


def test_inactive_account_cannot_sign_in(client, db):
    user = make_user("gone@example.org")
    user.active = False
    db.session.commit()
    assert client.post("/login", data={"email": "gone@example.org", "password": DEFAULT_PASSWORD}).status_code == 422


def test_password_reset_is_single_use(client, outbox, db):
    make_user("reset@example.org")
    client.post("/forgot-password", data={"email": "reset@example.org"})
    client.post("/forgot-password", data={"email": "unknown@example.org"})  # same answer, no email
    assert len(outbox) == 1
    assert outbox[0].to == "reset@example.org"
    link = re.search(r"http://\S+/reset-password/(\S+)", outbox[0].text)
    token = link.group(1)
    assert client.get(f"/reset-password/{token}").status_code == 200
    response = client.post(f"/reset-password/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    again = client.post(
        f"/reset-password/{token}", data={"password": "third passphrase!!", "confirm": "third passphrase!!"}
    )
    assert again.headers["Location"] == "/forgot-password"
    assert client.post("/login", data={"email": "reset@example.org", "password": NEW_PASSWORD}).status_code == 302


def test_reset_link_for_unknown_token(client):
    response = client.get("/reset-password/nonsense")
    assert response.status_code == 302
    assert response.headers["Location"] == "/forgot-password"


def test_change_password_requires_current(client):
    user = make_user()
    login(client, user)
    response = client.post(
        "/account/password",
        data={
            "password-current_password": "wrong one",
            "password-password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 422
    assert "not right" in response.get_data(as_text=True)
    assert user.check_password(DEFAULT_PASSWORD)


def test_download_my_data(client):
    user = make_user(challenges=["Our procurement data is incomplete."])
    login(client, user)
    response = client.get("/account?format=json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == user.email


def test_delete_account(client, db):
    user = make_user("leaving@example.org")
    login(client, user)
    response = client.post("/account", data={"delete-password": "wrong password"})
    assert response.status_code == 422
    assert db.session.get(User, user.id) is not None
    response = client.post("/account", data={"delete-password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert db.session.scalar(db.select(User).where(User.email == "leaving@example.org")) is None
    assert db.session.scalar(db.select(db.func.count(Profile.id))) == 0


def test_language_picker_remembers_choice(client, db):
    user = make_user()
    login(client, user)
    client.post("/language", data={"locale": "fr", "next": "/dashboard"})
    assert user.locale == "fr"
    assert '<html lang="fr">' in client.get("/dashboard").get_data(as_text=True)


def test_accept_language_for_visitors(client):
    page = client.get("/", headers={"Accept-Language": "es-CO,es;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="es">' in page


def _reset_links(client, outbox, email: str, count: int) -> list[str]:
    for _ in range(count):
        client.post("/forgot-password", data={"email": email})
    return [re.search(r"/reset-password/(\S+)", message.text).group(1) for message in outbox[-count:]]


def test_older_reset_link_dies_when_a_newer_one_is_used(client, outbox):
    make_user("reset@example.org")
    older, newer = _reset_links(client, outbox, "reset@example.org", 2)
    assert older != newer
    response = client.post(f"/reset-password/{newer}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/login"
    assert client.get(f"/reset-password/{older}").headers["Location"] == "/forgot-password"
    attempt = client.post(
        f"/reset-password/{older}", data={"password": "hijacked passphrase", "confirm": "hijacked passphrase"}
    )
    assert attempt.headers["Location"] == "/forgot-password"
    assert client.post("/login", data={"email": "reset@example.org", "password": NEW_PASSWORD}).status_code == 302


def test_reset_link_dies_when_the_password_changes(client, outbox):
    user = make_user("reset@example.org")
    (link,) = _reset_links(client, outbox, "reset@example.org", 1)
    login(client, user)
    response = client.post(
        "/account/password",
        data={
            "password-current_password": DEFAULT_PASSWORD,
            "password-password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert client.get(f"/reset-password/{link}").headers["Location"] == "/forgot-password"


# Refused by the rule: common passwords (password12, qwertyuiop, 1234567890 are on every breached-password list),
# repeats, and the person's own email or name; the registering person is Ama Mensah, ama@example.org.
WEAK_PASSWORDS = {
    "aaaaaaaaaa": "too easy to guess",
    "password12": "too easy to guess",
    "qwertyuiop": "too easy to guess",
    "1234567890": "too easy to guess",
    "ama@example.org": "your email address or your name",
    "amamensah1": "your email address or your name",
    "Mensah2024!": "your email address or your name",
}


def test_register_refuses_weak_passwords(client, db):
    for password, expected in WEAK_PASSWORDS.items():
        response = _register(client, email="ama@example.org", password=password, confirm=password)
        assert response.status_code == 422, password
        assert expected in response.get_data(as_text=True), password
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    assert _register(client, email="ama@example.org").status_code == 302  # "a long enough secret"


def test_change_and_reset_refuse_weak_passwords(client, outbox):
    user = make_user("kofi.boateng@example.org", display_name="Kofi Boateng")
    login(client, user)
    for password in ("password12", "kofiboateng99"):
        response = client.post(
            "/account/password",
            data={
                "password-current_password": DEFAULT_PASSWORD,
                "password-password": password,
                "password-confirm": password,
            },
        )
        assert response.status_code == 422, password
    (link,) = _reset_links(client, outbox, user.email, 1)
    response = client.post(f"/reset-password/{link}", data={"password": "aaaaaaaaaa", "confirm": "aaaaaaaaaa"})
    assert response.status_code == 422
    assert "too easy to guess" in response.get_data(as_text=True)
    # The refused password left the link usable.
    response = client.post(f"/reset-password/{link}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/login"
    assert user.check_password(NEW_PASSWORD)


def test_weak_password_message_is_translated(client, db):
    data = {"display_name": "Ama Mensah", "email": "ama@example.org", "country": "GH"}
    data.update(password="password12", confirm="password12")
    response = client.post("/register", data=data, headers={"Accept-Language": "es"})
    assert response.status_code == 422
    assert "demasiado fácil de adivinar" in response.get_data(as_text=True)

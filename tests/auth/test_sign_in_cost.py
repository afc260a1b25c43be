"""Sign-in costs the password hash and little else: the hash runs with no database transaction open (no connection
or lock held while it works), and the sign-in writes once."""

from __future__ import annotations

import werkzeug.security
from sqlalchemy import event

from learning_hub.extensions import db
from tests.factories import make_user


def test_defect_15_sign_in_hashes_outside_any_transaction_and_commits_once(client, monkeypatch):
    user = make_user("fast@example.org", password="a-long-enough-password")
    db.session.commit()
    seen = []
    real = werkzeug.security._hash_internal

    def watched(method, salt, password):
        seen.append(db.session().in_transaction())
        return real(method, salt, password)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", watched)
    commits = []
    listener = lambda session: commits.append(1)  # noqa: E731
    event.listen(db.session(), "after_commit", listener)
    try:
        response = client.post("/login", data={"email": "fast@example.org", "password": "a-long-enough-password"})
    finally:
        event.remove(db.session(), "after_commit", listener)
    assert response.status_code == 302
    assert seen == [False]
    assert len(commits) == 1
    db.session.expire_all()
    assert user.last_login_at is not None


def test_unknown_email_costs_one_hash_outside_any_transaction(client, monkeypatch):
    seen = []
    real = werkzeug.security._hash_internal

    def watched(method, salt, password):
        seen.append(db.session().in_transaction())
        return real(method, salt, password)

    client.post("/login", data={"email": "warm@example.org", "password": "whatever-password"})  # makes the dummy hash
    monkeypatch.setattr(werkzeug.security, "_hash_internal", watched)
    response = client.post("/login", data={"email": "nobody@example.org", "password": "whatever-password"})
    assert response.status_code == 422
    assert seen == [False]

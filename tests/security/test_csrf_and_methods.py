"""CSRF on every state-changing HTML endpoint (missing or foreign token: 400, database unchanged), and no GET that
changes state (SECURITY.md, "CSRF")."""

from __future__ import annotations

from flask import url_for

from learning_hub.authz import POLICY
from tests.conftest import ROLES, login
from tests.factories import make_user
from tests.helpers import changed_tables, csrf_token_from, snapshot
from tests.test_authz_matrix import _url_args

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _actor_for(policy, role_users):
    if policy.kind == "public":
        return None
    return role_users["admin"]  # admins pass every gate, so the request reaches the CSRF check


def _unsafe_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.methods & UNSAFE and not rule.rule.startswith("/api/"):
            yield rule


def test_every_form_endpoint_rejects_missing_and_foreign_tokens(make_app, role_users):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    # A genuine token, but issued to another visitor's session.
    page = csrf_app.test_client().get("/login").get_data(as_text=True)
    foreign_token = csrf_token_from(page)
    checked, failures = 0, []
    for rule in _unsafe_routes(csrf_app):
        with csrf_app.test_request_context():
            path = url_for(rule.endpoint, **_url_args(rule))
        actor = _actor_for(POLICY[rule.endpoint], role_users)
        for method in sorted(rule.methods & UNSAFE):
            for label, token in (("missing", None), ("foreign", "foreign")):
                client = csrf_app.test_client()
                if actor is not None:
                    login(client, actor)
                data = {}
                if token == "foreign":
                    data["csrf_token"] = foreign_token
                before = snapshot()
                response = client.open(path, method=method, data=data)
                after = snapshot()
                if response.status_code != 400 or changed_tables(before, after):
                    failures.append(
                        f"{method} {path} ({label} token): {response.status_code}, "
                        f"changed {changed_tables(before, after)}"
                    )
                checked += 1
    print(f"\n{checked} CSRF checks on state-changing endpoints, {len(failures)} failed")
    assert checked > 0
    assert not failures, "\n".join(failures)


def test_no_get_changes_state(app, role_users, client_as):
    """GET every endpoint as every role: the database is the same afterwards."""
    checked, failures = 0, []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        with app.test_request_context():
            path = url_for(rule.endpoint, **_url_args(rule))
        for role in ROLES:
            client = client_as(role_users[role])
            before = snapshot()
            response = client.get(path)
            response.close()
            # The audit log is the one table a GET appends to: it records who read personal data (exports).
            changed = [name for name in changed_tables(before, snapshot()) if name != "audit_event"]
            if changed:
                failures.append(f"GET {path} as {role} changed {changed}")
            checked += 1
    print(f"\n{checked} GET requests checked for side effects, {len(failures)} changed state")
    assert not failures, "\n".join(failures)


def test_huge_ids_are_not_found(client, app):
    """SECURITY.md 8: integer converters cap ids, so a huge number is a 404, not an OverflowError."""
    login(client, make_user(roles=("admin",)))
    for path in ("/jobs/99999999999999999999", "/jobs/0", "/jobs/-1"):
        assert client.get(path).status_code == 404

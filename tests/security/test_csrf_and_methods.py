"""CSRF on every state-changing HTML endpoint (missing or foreign token: 400, database unchanged), and no GET that
changes state (docs/SECURITY.md, "CSRF and methods")."""

from __future__ import annotations

import pytest

from learning_hub.extensions import db
from tests.factories import make_user
from tests.helpers import changed_tables, csrf_token_from, empty_database, login, snapshot
from tests.security import authz_world

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
RULES = authz_world.served_rules()
FORM_RULES = [rule for rule in RULES if rule.methods & UNSAFE and not rule.rule.startswith("/api/")]
GET_RULES = [rule for rule in RULES if "GET" in rule.methods]


def _world(runner, tmp_path):
    db.session.remove()
    empty_database()
    return authz_world.build(runner, tmp_path)


@pytest.mark.parametrize("rule", FORM_RULES, ids=lambda rule: rule.endpoint)
def test_form_endpoint_rejects_missing_and_foreign_tokens(make_app, runner, tmp_path, rule):
    """An admin (who passes every gate) posts without a token and with another visitor's: 400, nothing changed."""
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    world = _world(runner, tmp_path)
    page = csrf_app.test_client().get("/login").get_data(as_text=True)
    foreign_token = csrf_token_from(page)  # genuine, but issued to another visitor's session
    path = authz_world.path_for(csrf_app, rule, world.args)
    checked, failures = 0, []
    for method in sorted(rule.methods & UNSAFE):
        for label, data in (("missing", {}), ("foreign", {"csrf_token": foreign_token})):
            client = login(csrf_app.test_client(), world.users["admin"])
            before = snapshot()
            response = client.open(path, method=method, data=data)
            changed = changed_tables(before, snapshot())
            if response.status_code != 400 or changed:
                failures.append(f"{method} {path} ({label} token): {response.status_code}, changed {changed}")
            checked += 1
    print(f"\n{rule.endpoint}: {checked} CSRF checks, {len(failures)} failed")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("rule", GET_RULES, ids=lambda rule: rule.endpoint)
def test_get_changes_no_state(app, runner, tmp_path, rule):
    """GET the endpoint, on real objects owned by someone else, as every role: the database is the same after."""
    world = _world(runner, tmp_path)
    path = authz_world.path_for(app, rule, world.args)
    failures = []
    for role in authz_world.ROLES:
        client = app.test_client()
        if world.users[role] is not None:
            login(client, world.users[role])
        before = snapshot()
        client.get(path).close()
        # The audit log is the one table a GET appends to: it records who read personal data (exports).
        changed = [name for name in changed_tables(before, snapshot()) if name != "audit_event"]
        if changed:
            failures.append(f"GET {path} as {role} changed {changed}")
    print(f"\nGET {path}: {len(authz_world.ROLES)} roles checked for side effects, {len(failures)} changed state")
    assert not failures, "\n".join(failures)


def test_huge_ids_are_not_found(client, app):
    """docs/SECURITY.md §8: integer converters cap ids, so a huge number is a 404, not an OverflowError."""
    login(client, make_user(roles=("admin",)))
    for path in ("/jobs/99999999999999999999", "/jobs/0", "/jobs/-1"):
        assert client.get(path).status_code == 404

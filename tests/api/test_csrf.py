"""Every API write signed in with the browser session needs the CSRF token in X-CSRFToken (missing or foreign: 400,
database unchanged) and a JSON body (a form post: 415); a bearer token needs neither header (docs/SECURITY.md,
"CSRF and methods")."""

from __future__ import annotations

from learning_hub.api.core import WRITE_METHODS
from tests.api.helpers import bearer
from tests.helpers import changed_tables, csrf_token_from, login, snapshot
from tests.security.authz_world import path_for

MISSING = 2**31 - 1  # no object has this id: the checks here come before any lookup


def _api_writes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.methods & WRITE_METHODS:
            args = {name: MISSING for name, conv in rule._converters.items() if type(conv).__name__ == "IdConverter"}
            path = path_for(app, rule, args)
            for method in sorted(rule.methods & WRITE_METHODS):
                yield method, path


def test_session_writes_need_the_csrf_header_and_json(make_app, role_users):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    foreign = csrf_token_from(csrf_app.test_client().get("/login").get_data(as_text=True))
    admin = role_users["admin"]  # passes every gate, so the request reaches the API's own checks
    checked, failures = 0, []
    for method, path in _api_writes(csrf_app):
        for label, headers, kwargs, expected in (
            ("missing token", {}, {"json": {}}, 400),
            ("foreign token", {"X-CSRFToken": foreign}, {"json": {}}, 400),
            ("form body", {}, {"data": {"a": "1"}}, 415),
        ):
            client = login(csrf_app.test_client(), admin)
            before = snapshot()
            response = client.open(path, method=method, headers=headers, **kwargs)
            body = response.get_json()
            response.close()
            if (
                response.status_code != expected
                or set(body) != {"error", "message"}
                or changed_tables(before, snapshot())
            ):
                failures.append(f"{method} {path} ({label}): {response.status_code} {body}")
            checked += 1
    print(f"\n{checked} CSRF and content-type checks on API writes, {len(failures)} failed")
    assert checked >= 3 * 20, "\n".join(failures)
    assert not failures, "\n".join(failures)


def test_a_session_write_with_the_token_goes_through(make_app, role_users):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    user = role_users["reformer"]
    client = login(csrf_app.test_client(), user)
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    text = "Procurement contracts are signed behind closed doors in our municipality."
    response = client.post("/api/v1/profile/challenges", json={"text": text}, headers={"X-CSRFToken": token})
    assert response.status_code == 201
    assert response.get_json()["text"] == text
    bearer_client = csrf_app.test_client()
    response = bearer_client.post("/api/v1/profile/challenges", json={"text": text + " Again."}, headers=bearer(user))
    assert response.status_code == 201  # a bearer token is not a browser credential: no CSRF header needed

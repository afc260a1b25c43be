"""The authorization matrix: every endpoint has a policy, and every endpoint x method x role gets the outcome that
the committed, reviewed table says (tests/security/authz_table.py), on real objects owned by someone else, so object
pages run their real code. The expected answers come from the table, never from the policy the test checks.
Also: no endpoint answers 500 to an empty request, whoever asks."""

from __future__ import annotations

import os

import pytest

from learning_hub.authz import POLICY, missing_endpoints
from learning_hub.extensions import db
from tests.helpers import empty_database, login
from tests.security import authz_table, authz_world

RECORD = os.environ.get("AUTHZ_RECORD")  # a path: write observed rows there for review instead of failing


def _methods(rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def test_every_endpoint_has_a_policy(app):
    """create_app refuses to start otherwise; this names the culprits if that guard is ever removed."""
    assert missing_endpoints(app) == []
    stale = sorted(set(POLICY) - {rule.endpoint for rule in app.url_map.iter_rules()})
    assert stale == [], f"policies for endpoints that no longer exist: {stale}"


def test_the_table_covers_every_endpoint_and_method(app):
    served = {(rule.endpoint, method) for rule in app.url_map.iter_rules() for method in _methods(rule)}
    table = set(authz_table.load())
    if RECORD:
        return
    assert sorted(served - table) == [], "endpoints missing from the expected table (see authz_table's docstring)"
    assert sorted(table - served) == [], "rows of the expected table for endpoints that no longer exist"
    endpoints = {endpoint for endpoint, _ in table}
    print(f"\n{len(endpoints)} endpoints x {len(authz_world.ROLES)} roles checked against the expected table")


def _endpoints_to_check() -> list[str]:
    """The table's endpoints and the app's (a served endpoint missing from the table fails by name)."""
    served = {rule.endpoint for rule in authz_world.served_rules()}
    return sorted(served | set(authz_table.endpoints()))


@pytest.mark.parametrize("endpoint", _endpoints_to_check())
def test_endpoint_against_every_role(app, runner, tmp_path, endpoint):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint]
    assert rules, f"{endpoint} is in the table but not served"
    expected = authz_table.load()
    failures, observed = [], []
    for rule in rules:
        for method in _methods(rule):
            row = {"endpoint": endpoint, "method": method}
            world = None
            for role in authz_world.ROLES:
                if world is None:  # a fresh world, unless the last request could not have changed it
                    db.session.remove()
                    empty_database()
                    world = authz_world.build(runner, tmp_path)
                path = authz_world.path_for(app, rule, world.args)
                client, headers, body = app.test_client(), {}, {"data": {}}
                if path.startswith("/api/"):  # the API's own way in: a bearer token and a JSON body
                    body = {"json": {}} if method != "GET" else {}
                    if role in world.tokens:
                        headers["Authorization"] = f"Bearer {world.tokens[role]}"
                elif world.users[role] is not None:
                    login(client, world.users[role])
                response = client.open(path, method=method, headers=headers, follow_redirects=False, **body)
                status, location = response.status_code, response.headers.get("Location", "")
                response.close()
                if status >= 500:
                    failures.append(f"{method} {path} as {role}: {status}")
                    world = None
                    continue
                outcome = authz_table.classify(status, location, path)
                if method != "GET" and outcome == "ok":
                    world = None
                row[role] = outcome
                want = expected.get((endpoint, method), {}).get(role)
                if outcome != want:
                    failures.append(f"{method} {path} as {role}: {outcome} ({status}), the table says {want}")
            observed.append(row)
    if RECORD:
        authz_table.record(RECORD, observed)
        return
    print(f"\n{endpoint}: {len(observed)} method(s) x {len(authz_world.ROLES)} roles checked against the table")
    assert not failures, "\n".join(failures)

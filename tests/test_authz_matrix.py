"""The authorization matrix: every endpoint in app.url_map has a policy, and every endpoint x every role gets what
its policy says (docs/SECURITY.md, "Authorization"). Also: no endpoint answers 500 to an empty request."""

from __future__ import annotations

from learning_hub.authz import POLICY, missing_endpoints
from tests.conftest import ROLES

# URL parameters by name, where a plain default would not reach the view (all objects here are absent, so allowed
# roles get 404 for object pages: the gate is what this test checks; the feature tests check ownership).
SAMPLE_ARGS = {
    "filename": "css/app.css",
    "token": "not-a-real-token",
    "code": "NOT-A-CODE",
    "slug": "no-such-slug",
    "lesson_slug": "no-such-lesson",
    "fmt": "csv",
}
# Endpoints whose success is to sign the user out, so an allowed request ends on the login page.
SIGNS_OUT = {"auth.logout", "auth.logout_everywhere"}
# Ids point at no object (the largest id), so requests never act on the role users themselves.
CONVERTER_DEFAULTS = {
    "IdConverter": 2**31 - 1,
    "IntegerConverter": 2**31 - 1,
    "UnicodeConverter": "sample",
    "PathConverter": "x/y",
    "AnyConverter": None,
}


def _url_args(rule) -> dict:
    args = {}
    for name, converter in rule._converters.items():
        if name in SAMPLE_ARGS:
            args[name] = SAMPLE_ARGS[name]
        elif type(converter).__name__ == "AnyConverter":
            args[name] = converter.items[0] if hasattr(converter, "items") else sorted(converter.regex)[0]
        else:
            args[name] = CONVERTER_DEFAULTS.get(type(converter).__name__, "sample")
    return args


def _expected_denial(role: str, path: str) -> set[int]:
    if role == "anonymous":
        return {401} if path.startswith("/api/") else {302}
    return {403}


def test_every_endpoint_has_a_policy(app):
    """create_app refuses to start otherwise; this names the culprits if that guard is ever removed."""
    assert missing_endpoints(app) == []
    stale = sorted(set(POLICY) - {rule.endpoint for rule in app.url_map.iter_rules()})
    assert stale == [], f"policies for endpoints that no longer exist: {stale}"


def test_every_endpoint_against_every_role(app, role_users, client_as):
    rules = [rule for rule in app.url_map.iter_rules()]
    checked, failures = 0, []
    for rule in rules:
        policy = POLICY[rule.endpoint]
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        args = _url_args(rule)
        with app.test_request_context():
            from flask import url_for

            path = url_for(rule.endpoint, **args)
        for role in ROLES:
            user = role_users[role]
            for method in methods:
                client = client_as(user)
                response = client.open(path, method=method, data={}, follow_redirects=False)
                status = response.status_code
                response.close()
                allowed = policy.allows(user) if user is not None else policy.kind == "public"
                login_redirect = status == 302 and "/login" in response.headers.get("Location", "")
                if status >= 500:
                    failures.append(f"{method} {path} as {role}: {status}")
                elif allowed and (status in (401, 403) or (login_redirect and rule.endpoint not in SIGNS_OUT)):
                    failures.append(f"{method} {path} as {role}: {status}, but {policy} allows it")
                elif not allowed and not (
                    status in _expected_denial(role, path)
                    and (role != "anonymous" or path.startswith("/api/") or login_redirect)
                ):
                    failures.append(f"{method} {path} as {role}: {status}, but {policy} forbids it")
        checked += 1
    endpoints = {rule.endpoint for rule in rules}
    print(f"\n{len(endpoints)} endpoints ({checked} routes) x {len(ROLES)} roles checked, {len(failures)} failed")
    assert endpoints == set(POLICY)
    assert not failures, "\n".join(failures)

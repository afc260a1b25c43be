"""The OpenAPI document covers every API route, and every operation says what it does, what it takes, what it
returns and which errors it can answer; the documentation page lists them all."""

from __future__ import annotations

import re

from learning_hub.api.core import WRITE_METHODS
from learning_hub.authz import POLICY

NOT_OPERATIONS = {"api-docs.openapi_json", "api_docs.page"}  # the document and its page
METHODS = ("get", "post", "put", "patch", "delete")


def _spec(client) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


def _operations(spec: dict):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def test_every_api_route_is_documented(app, client):
    spec = _spec(client)
    documented = {(method.upper(), path) for method, path, _ in _operations(spec)}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1") and rule.endpoint not in NOT_OPERATIONS:
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            routes |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented
    assert len(documented) >= 40


def test_every_operation_is_described_completely(app, client):
    spec = _spec(client)
    endpoints = {
        re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule): rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1")
    }
    problems = []
    for method, path, op in _operations(spec):
        name = f"{method.upper()} {path}"
        policy = POLICY[endpoints[path]]
        responses = op["responses"]
        if not op.get("summary") or len(op["summary"]) > 90 or "\n" in op["summary"]:
            problems.append(f"{name}: summary")
        successes = [code for code in responses if code.startswith("2")]
        if not successes:
            problems.append(f"{name}: no success response")
        for code in successes:
            if code != "204" and "schema" not in responses[code].get("content", {}).get("application/json", {}):
                problems.append(f"{name}: {code} has no schema")
        names = set(re.findall(r"{(\w+)}", path))
        params = {
            p["name"]
            for p in op.get("parameters", []) + spec["paths"][path].get("parameters", [])
            if p["in"] == "path" and "schema" in p
        }
        if names != params:
            problems.append(f"{name}: path parameters {names - params} undocumented")
        expected = {"403"}
        if policy.kind != "public":
            expected.add("401")
        if names:
            expected.add("404")
        if method.upper() in WRITE_METHODS:
            expected |= {"400", "413", "415", "422"}
            if "schema" not in op.get("requestBody", {}).get("content", {}).get("application/json", {}):
                problems.append(f"{name}: no JSON request body schema")
        if any(p["in"] == "query" for p in op.get("parameters", [])):
            expected.add("422")
        missing = expected - set(responses)
        if missing:
            problems.append(f"{name}: errors {sorted(missing)} undocumented")
        for code, response in responses.items():
            if code >= "400" and response.get("content", {}).get("application/json", {}).get("schema") != {
                "$ref": "#/components/schemas/Error"
            }:
                problems.append(f"{name}: {code} is not the error shape")
    assert not problems, "\n".join(problems)


def test_public_operations_need_no_credentials(client):
    spec = _spec(client)
    assert spec["paths"]["/api/v1/directory"]["get"]["security"][0] == {}
    assert spec["paths"]["/api/v1/courses"]["get"]["security"][0] == {}
    assert "security" not in spec["paths"]["/api/v1/profile"]["get"]  # the document's default: a credential


def test_documentation_page_lists_every_operation(client):
    spec = _spec(client)
    response = client.get("/api/v1/docs")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script" not in page
    for method, path, _op in _operations(spec):
        assert f"{method.upper()} {path}" in page, path
    assert 'href="/api/v1/openapi.json"' in page
    runs = page.split("<code>POST /api/v1/peers/runs</code></h2>", 1)[1].split("</section>", 1)[0]
    assert "coordinate" in runs
    assert "write" in runs

"""Schemathesis against the app's own OpenAPI document (docs/SECURITY.md, "API fuzzing"): every operation gets CASES
generated requests that fit the document and NEGATIVE_CASES that break it, each sent anonymously and with a token
holding every scope (its owner coordinates, organises and mentors, so the gates let the requests through to the
services). Every response must be no server error and must match the document: a status it lists, its content
type, its schema.

Hypothesis runs derandomized (the same cases on every run, so CI is reproducible) without shrinking; failures are
collected across all operations and reported together.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.fuzz_seed import known_path_values, seed
from tests.api.helpers import bearer

pytestmark = pytest.mark.slow

CASES = 100
NEGATIVE_CASES = 50
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
NEGATIVE_CHECKS = [*CHECKS, negative_data_rejection]


def _strategy(operation, mode, known: dict):
    """Generated cases; positive ones also from the document's examples, with a NUL byte in one string, and (with
    path parameters) with ids that name seeded rows."""
    generated = operation.as_strategy(generation_mode=mode)
    if mode is not GenerationMode.POSITIVE:
        return generated
    examples = operation.schema.get_strategies_from_examples(operation)
    picks = st.integers(min_value=0, max_value=50)
    strategies = [
        generated,
        *examples,
        *(st.tuples(source, picks).map(_with_a_nul_byte) for source in (generated, *examples)),
    ]
    names = re.findall(r"{(\w+)}", operation.path)
    if names:
        fixed = st.fixed_dictionaries({name: st.sampled_from(known[name]) for name in names})
        strategies.append(st.tuples(generated, fixed).map(_with_path_values))
    return st.one_of(strategies)


def _string_slots(value, slots: list) -> None:
    """(container, key) for every string in a JSON value."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(item, str):
            slots.append((value, key))
        else:
            _string_slots(item, slots)


def _with_a_nul_byte(drawn):
    """The same case with a NUL byte in one of the strings of its body or query (the drawn number picks which):
    random text seldom has one, and PostgreSQL refuses them where SQLite stores them (docs/SECURITY.md §9)."""
    case, pick = drawn
    body = copy.deepcopy(case.body) if isinstance(case.body, (dict, list)) else None
    query = dict(case.query) if case.query else None
    slots = []
    for part in (body, query):
        if part is not None:
            _string_slots(part, slots)
    if slots:
        container, key = slots[pick % len(slots)]
        container[key] += "\x00"
        if body is not None:
            case.body = body
        if query is not None:
            case.query = query
    return case


def _with_path_values(drawn):
    """A generated case pointed at seeded rows (cheaper than building a strategy per drawn id)."""
    case, values = drawn
    case.path_parameters = {**(case.path_parameters or {}), **values}
    return case


def _run_operation(operation, mode, known, client_factory, credentials, counts, failures) -> None:
    positive = mode is GenerationMode.POSITIVE
    checks = CHECKS if positive else NEGATIVE_CHECKS
    label = f"{operation.method.upper()} {operation.path} ({mode.value})"

    @settings(
        max_examples=CASES if positive else NEGATIVE_CASES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation, mode, known))
    def run(case):
        counts[label] += 1
        for who, headers in credentials.items():
            response = case.call(session=client_factory(), headers=headers)
            counts["requests"] += 1
            if response.status_code >= 500:
                counts["server_errors"] += 1
            try:
                case.validate_response(response, checks=checks)
            except (AssertionError, BaseExceptionGroup) as exc:  # Hypothesis would stop at the first
                failures.append(f"{label} as {who}: {str(exc).strip()[:1500]}")

    run()


def test_fuzz_api(app, monkeypatch, runner, tmp_path):
    """CASES positive and NEGATIVE_CASES negative cases per operation, anonymous and with a token: 0 server errors,
    every response as documented."""
    monkeypatch.setitem(app.config, "DIRECTORY_ANONYMOUS_SEARCH_LIMIT", "1000000 per minute")
    owner = seed(runner, tmp_path)
    credentials = {"anonymous": None, "token": bearer(owner)}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    counts, failures = Counter(), []
    for operation in operations:
        known = known_path_values()  # earlier operations add and remove rows
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run_operation(operation, mode, known, app.test_client, credentials, counts, failures)
    per_operation = Counter()
    for key, value in counts.items():
        if key not in ("requests", "server_errors"):
            per_operation[key.rsplit(" (", 1)[0]] += value
    print(
        f"\n{len(operations)} operations x {CASES + NEGATIVE_CASES} cases, {counts['server_errors']} server errors "
        f"({CASES} positive and {NEGATIVE_CASES} negative per operation, {min(per_operation.values())}-"
        f"{max(per_operation.values())} run; {counts['requests']} requests, anonymous and with a token; "
        f"{len(failures)} responses not as documented)"
    )
    assert counts["server_errors"] == 0, "\n\n".join(failures[:40])
    assert not failures, "\n\n".join(failures[:40])


LONE_SURROGATE = "Text long enough for every length rule, with a lone surrogate \ud800 in it"


def _request_properties(document: dict, operation: dict) -> dict:
    """The top-level properties of an operation's JSON request body ({} when it has none)."""
    schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema.get("properties", {})


def _hostile_bodies(properties: dict):
    """(label, raw body) pairs: nesting 100,000 deep, a 5,001-digit number, a lone surrogate in each text field."""
    yield "array nested 100,000 deep", "[" * 100_000 + "]" * 100_000
    yield "object nested 100,000 deep", '{"a":' * 100_000 + "1" + "}" * 100_000
    number = "9" * 5_001
    yield "a 5,001-digit number", f'{{"{next(iter(properties), "value")}": {number}}}'
    yield "a 5,001-digit number alone", number
    yield "a lone surrogate in a field name", json.dumps({"na\udc00me": "x"})
    for name, spec in properties.items():
        if spec.get("type") == "string" or spec.get("items", {}).get("type") == "string":
            value = [LONE_SURROGATE] if spec.get("type") == "array" else LONE_SURROGATE
            yield f"a lone surrogate in {name}", json.dumps({name: value})  # ensure_ascii writes it as \ud800


def test_hostile_json(app, runner, tmp_path):
    """Every write operation of the document, with a token holding every scope, gets each hostile body: the answer
    is 400 or 422 with a message, never a server error."""
    owner = seed(runner, tmp_path)
    headers = {**bearer(owner), "Content-Type": "application/json"}
    client = app.test_client()
    document = client.get("/api/v1/openapi.json").get_json()
    known = known_path_values()
    statuses, server_errors, others = Counter(), [], []
    for template, operations in document["paths"].items():
        path = re.sub(r"{(\w+)}", lambda match: str(known[match.group(1)][0]), template)
        for method, operation in operations.items():
            if method.upper() not in ("POST", "PUT", "PATCH", "DELETE"):
                continue
            for label, body in _hostile_bodies(_request_properties(document, operation)):
                response = client.open(path, method=method.upper(), data=body, headers=headers)
                statuses[response.status_code] += 1
                case = f"{method.upper()} {template} with {label}: {response.status_code}"
                if response.status_code >= 500:
                    server_errors.append(case)
                elif response.status_code not in (400, 422) or not response.get_json().get("message"):
                    others.append(f"{case} {response.get_data(as_text=True)[:200]}")
    print(
        f"\nhostile JSON: {sum(statuses.values())} requests, {len(server_errors)} server errors, "
        f"statuses {dict(sorted(statuses.items()))}"
    )
    assert not server_errors, "\n".join(server_errors)
    assert not others, "\n".join(others)

"""Schemathesis against the app's own OpenAPI document (SECURITY.md, "API fuzzing"): every operation gets up to
CASES generated requests that fit the document and CASES that break it, each sent anonymously and with a token
holding every scope (its owner coordinates, organises and mentors, so the gates let the requests through to the
services). Every response must be no server error and must match the document: a status it lists, its content
type, its schema.

Hypothesis runs derandomized (the same cases on every run, so CI is reproducible) without shrinking; failures are
collected across all operations and reported together.
"""
from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import bearer
from tests.api.fuzz_seed import seed

pytestmark = pytest.mark.slow

CASES = 100
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
NEGATIVE_CHECKS = CHECKS + [negative_data_rejection]


def _run_operation(operation, mode, client_factory, credentials, counts, failures) -> None:
    checks = CHECKS if mode is GenerationMode.POSITIVE else NEGATIVE_CHECKS
    label = f"{operation.method.upper()} {operation.path} ({mode.value})"

    @settings(max_examples=CASES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        counts[label] += 1
        for who, headers in credentials.items():
            response = case.call(session=client_factory(), headers=headers)
            counts["requests"] += 1
            if response.status_code >= 500:
                counts["server_errors"] += 1
            try:
                case.validate_response(response, checks=checks)
            except (AssertionError, BaseExceptionGroup, Exception) as exc:  # collect every finding (Hypothesis
                # would stop at the first)
                failures.append(f"{label} as {who}: {str(exc).strip()[:1500]}")

    run()


def test_fuzz_api(app, monkeypatch, runner, tmp_path):
    """Up to CASES positive and CASES negative cases per operation, anonymous and with a token: 0 server errors,
    every response as documented."""
    monkeypatch.setitem(app.config, "DIRECTORY_ANONYMOUS_SEARCH_LIMIT", "1000000 per minute")
    owner = seed(runner, tmp_path)
    credentials = {"anonymous": None, "token": bearer(owner)}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    counts, failures = Counter(), []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run_operation(operation, mode, app.test_client, credentials, counts,
                           failures)
    per_operation = [counts[key] for key in counts if key not in ("requests", "server_errors")]
    print(f"\n{len(operations)} operations x {CASES} cases (positive and negative, up to {CASES} each; "
          f"{min(per_operation)}-{max(per_operation)} distinct per operation and mode), {counts['requests']} "
          f"requests anonymous and with a token, {counts['server_errors']} server errors, {len(failures)} findings")
    assert counts["server_errors"] == 0 and not failures, "\n\n".join(failures[:40])

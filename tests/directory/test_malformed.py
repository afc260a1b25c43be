"""The corpus of malformed CSV files (docs/SECURITY.md §6): each gets a clear message naming the row and the problem, no
server error, and the database is unchanged."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from tests.directory.helpers import coordinator, text_of, upload
from tests.helpers import changed_tables, snapshot

CORPUS = Path(__file__).with_name("malformed")
GOOD_ROW = "ama{n}@example.org,Ama Mensah,GH,civil_society,Org,Budget documents are published too late to comment.\r\n"
HEADER = "email,display_name,country,sector,organisation,challenges\r\n"


def _generated() -> dict[str, tuple[bytes, str, list[str]]]:
    """Files too big to keep in the repository, made here."""
    too_many = (HEADER + "".join(GOOD_ROW.format(n=n) for n in range(5001))).encode()
    oversized = (HEADER + GOOD_ROW.format(n=0)).encode() + b"x" * (2 * 1024 * 1024)
    return {
        "generated_too_many_rows.csv": (too_many, "profiles", ["5001 rows", "limit is 5000"]),
        "generated_oversized.csv": (oversized, "profiles", ["KB", "the limit is 2048 KB"]),
    }


def _cases():
    manifest = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
    for name, case in sorted(manifest.items()):
        yield name, (CORPUS / name).read_bytes(), case["kind"], case["expect"]
    for name, (data, kind, expect) in _generated().items():
        yield name, data, kind, expect


def _problems(page: str) -> str:
    """The problem list of the page, as text."""
    found = re.search(r'<ul class="problems">(.*?)</ul>', page, re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))) if found else ""


def test_every_malformed_file_is_refused_clearly(client_as, db):
    """Each file: 422, the expected row and problem named, nothing written (not even a pending batch)."""
    client = client_as(coordinator())
    checked, failures = 0, []
    for name, data, kind, expect in _cases():
        before = snapshot()
        response = upload(client, data, kind=kind, filename=name)
        page = text_of(response)
        problems = _problems(page)
        missing = [fragment for fragment in expect if fragment.lower() not in problems.lower()]
        changed = changed_tables(before, snapshot())
        if response.status_code != 422 or missing or changed:
            failures.append(
                f"{name}: {response.status_code}, missing {missing}, changed {changed}; got: {problems[:300]}"
            )
        checked += 1
    print(f"\n{checked} malformed files checked, {len(failures)} failed")
    assert checked >= 20
    assert not failures, "\n".join(failures)


def test_a_request_over_the_upload_limit_is_413_not_500(make_app, db):
    """Above MAX_CONTENT_LENGTH the server refuses before reading: a clear 413 page."""
    small_app = make_app(MAX_CONTENT_LENGTH=1024)
    client = small_app.test_client()
    from tests.helpers import login

    login(client, coordinator())
    before = snapshot()
    response = upload(client, (HEADER + GOOD_ROW.format(n=1)).encode() * 40)
    assert response.status_code == 413
    assert "too large" in text_of(response).lower()
    assert changed_tables(before, snapshot()) == []

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


def test_a_huge_header_is_refused_fast_with_a_short_page(client_as, db):
    """A 585 KB header row (thousands of unknown columns) is refused at once, with one short message."""
    import time

    client = client_as(coordinator())
    header = "email,display_name,country," + ",".join(f"column_{n:06d}" for n in range(43_000))
    data = (header + "\r\n" + GOOD_ROW.format(n=1)).encode()
    assert len(data) > 585 * 1000
    started = time.perf_counter()
    response = upload(client, data)
    elapsed = time.perf_counter() - started
    page = text_of(response)
    print(f"\n{len(data) // 1024} KB header: {response.status_code} in {elapsed:.2f} s, page {len(page) // 1024} KB")
    assert response.status_code == 422
    assert "header row is longer than" in _problems(page)
    assert len(page) < 50_000
    assert elapsed < 5


def test_header_problems_are_listed_up_to_twenty_then_counted(client_as, db):
    """90 unknown columns: 20 listed (each naming the column), then "and 70 more"; the page stays small."""
    client = client_as(coordinator())
    header = "email,display_name,country," + ",".join(f"x{n}" for n in range(1, 91))
    row = "ama@example.org,Ama Mensah,GH," + ",".join("" for _ in range(90))
    response = upload(client, f"{header}\r\n{row}\r\n".encode())
    problems = _problems(text_of(response))
    assert response.status_code == 422
    assert problems.count("unknown column") == 20
    assert "x20" in problems
    assert "x21 " not in problems
    assert "and 70 more problems in the header" in problems

"""The committed, reviewed table of what every role gets from every endpoint, and how an answer is classified.

`authz_expected.csv` has one row per endpoint and method, one column per role; each cell is one of
- `ok`: the gate let the request through (any answer below 500 that is not one of the three below: a page, a
  redirect elsewhere, or the view's own refusal of an empty form such as 400 or 422);
- `login`: sent to sign in (a redirect to /login for pages, 401 for the API);
- `forbidden`: 403;
- `notfound`: 404 (an owner-only page asked for someone else's object answers as if it did not exist).
The objects in the URLs belong to someone who is none of the role users (tests/security/authz_world.py).

To add rows for new endpoints: `AUTHZ_RECORD=/tmp/observed.csv python -m pytest tests/test_authz_matrix.py`, then
read every proposed row against the policy you meant before copying it into the table.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tests.security.authz_world import ROLES

TABLE = Path(__file__).with_name("authz_expected.csv")
OUTCOMES = ("ok", "login", "forbidden", "notfound")
FIELDS = ("endpoint", "method", *ROLES)


def load() -> dict[tuple[str, str], dict[str, str]]:
    with open(TABLE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table = {}
    for row in rows:
        key = (row["endpoint"], row["method"])
        assert key not in table, f"{key} twice in {TABLE.name}"
        outcomes = {role: row[role] for role in ROLES}
        assert set(outcomes.values()) <= set(OUTCOMES), f"{key}: unknown outcome in {outcomes}"
        table[key] = outcomes
    return table


def endpoints() -> list[str]:
    return sorted({endpoint for endpoint, _method in load()})


def classify(status: int, location: str, path: str) -> str:
    """One answer as an outcome of the table (a 5xx is never an outcome: the caller fails on it)."""
    if status == 401 or (status == 302 and "/login" in location and not path.startswith("/api/")):
        return "login"
    if status == 403:
        return "forbidden"
    if status == 404:
        return "notfound"
    return "ok"


def record(path: str, rows: list[dict]) -> None:
    """Append observed rows (for review) to `path`."""
    exists = Path(path).exists()
    with open(path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        if not exists:
            writer.writeheader()
        writer.writerows(rows)

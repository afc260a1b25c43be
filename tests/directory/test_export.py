"""The coordinators' CSV export: with or without personal data, only listed profiles, never gender, and every
cell safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from tests.directory.helpers import coordinator
from tests.factories import make_user


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    response.close()
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def _people():
    make_user(
        "eve@example.org",
        display_name='=HYPERLINK("http://evil.example")',
        organisation="@SUM(1+1)",
        role_title="-2+3",
        country="KE",
        gender="woman",
        challenges=["+cmd|' /C calc'!A0 is what we fear."],
        reforms=[{"title": "\tTabbed title", "description": "A description that is long enough."}],
    )
    make_user("hidden@example.org", display_name="Hidden Person", listed=False, gender="man")


def test_export_without_personal_data(client_as):
    _people()
    rows = _csv(client_as(coordinator()), "/directory/export.csv")
    assert list(rows[0]) == [
        "country",
        "sector",
        "languages",
        "policy_areas",
        "mentor_available",
        "mentor_capacity",
        "challenges",
        "reforms",
    ]
    assert {row["country"] for row in rows} == {"KE", "GH"}  # eve and the coordinator; the unlisted one is not there
    eve = next(row for row in rows if row["country"] == "KE")
    assert eve["challenges"] == "1"
    assert eve["reforms"] == "1"


def test_export_with_personal_data_is_neutralised_and_has_no_gender(client_as):
    _people()
    rows = _csv(client_as(coordinator()), "/directory/export.csv?personal=1")
    assert "gender" not in rows[0]
    eve = next(row for row in rows if row["email"] == "eve@example.org")
    assert eve["display_name"] == '\'=HYPERLINK("http://evil.example")'
    assert eve["organisation"] == "'@SUM(1+1)"
    assert eve["role_title"] == "'-2+3"
    assert eve["challenges"].startswith("'+cmd")
    assert eve["reforms"] == "'\tTabbed title"
    assert "hidden@example.org" not in {row["email"] for row in rows}
    checked = 0
    for row in rows:
        for value in row.values():
            assert not (value or "").startswith(("=", "+", "-", "@", "\t", "\r"))
            checked += 1
    print(f"\n{checked} exported cells checked, 0 unsafe")


def test_only_coordinators_export(client_as, client):
    for user in (None, make_user(), make_user(mentor_capacity=1), make_user(roles=("organiser",))):
        response = client_as(user).get("/directory/export.csv?personal=1")
        assert response.status_code in (302, 403)
        response.close()

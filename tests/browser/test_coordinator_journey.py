"""Journey: a coordinator imports people from a CSV file (a bad file first), then runs, publishes and exports
a peer-exchange match list."""

from __future__ import annotations

import csv
import io
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from learning_hub.peer_exchange.exports import ANONYMOUS_COLUMNS
from tests.browser.steps import flash, heading, nav, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HEADER = "email,display_name,country,sector,organisation,languages,policy_areas,challenges\n"
JOB_TIMEOUT_MS = 60_000  # generous: the machine may be busy; the jobs themselves take about a second


def _people_csv(tag: str) -> str:
    rows = [
        (
            f"rosa.{tag}@example.net",
            "Rosa Quispe",
            "Peru",
            "national_government",
            "Ministerio de Economía",
            "es|en",
            "open_contracting",
            "Contract amendments are not published, so nobody sees costs growing.",
        ),
        (
            f"tomas.{tag}@example.net",
            "Tomás Ferreira",
            "PT",
            "subnational_government",
            "Câmara Municipal",
            "pt|en",
            "fiscal_openness",
            "Residents cannot follow the budget from allocation to spending.",
        ),
        (
            f"nadia.{tag}@example.net",
            "Nadia Haddad",
            "Tunisia",
            "civil_society",
            "Al Bawsala",
            "ar|fr",
            "open_parliament",
            "Committee votes are not recorded, so citizens cannot hold members to account.",
        ),
    ]
    lines = [",".join(f'"{cell}"' for cell in row) for row in rows]
    return HEADER + "\n".join(lines) + "\n"


BAD_CSV = HEADER + (
    'not-an-email,"Ana Ruiz",Colombia,civil_society,"Foro Cívico",es,open_data,'
    '"A challenge long enough to count."\n'
    'joao@example.net,"João Silva",Atlantis,civil_society,"Observatório",pt,open_data,'
    '"Another long enough text."\n'
)


def _upload(page: Page, name: str, content: str) -> None:
    page.get_by_label("People (profiles)").check()
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode("utf-8")}]
    )
    page.get_by_role("button", name="Check the file (dry run)").click()


def _import_people(page: Page, live_server) -> None:
    nav(page, "Directory")
    page.get_by_role("link", name="Import a CSV file").click()
    expect(heading(page, "Import into the directory")).to_be_visible()

    # A bad file: every problem is listed, with its row and column, and nothing is imported.
    _upload(page, "bad-people.csv", BAD_CSV)
    problems = page.get_by_role("alert")
    expect(problems.get_by_role("heading")).to_have_text("2 problems: nothing was imported")
    expect(problems).to_contain_text(re.compile(r"Row 2, column .email.: .not-an-email. is not a valid"))
    expect(problems).to_contain_text(re.compile(r"Row 3, column .country.: unknown country .Atlantis."))
    expect(heading(page, "Import into the directory")).to_be_visible()

    # A good file: the dry run summarises it, the coordinator confirms, invitations go out in the background.
    tag = uuid.uuid4().hex[:8]
    sent_before = len(live_server.outbox())
    _upload(page, "people.csv", _people_csv(tag))
    expect(flash(page)).to_contain_text("The file is valid")
    expect(heading(page, "Import of people.csv")).to_be_visible()
    expect(page.get_by_text("The dry run found no problem in 3 rows.")).to_be_visible()
    expect(page.get_by_text("New: 3")).to_be_visible()
    expect(page.get_by_role("cell", name=f"tomas.{tag}@example.net")).to_be_visible()
    page.get_by_role("button", name="Confirm the import").click()
    expect(flash(page)).to_contain_text("Imported: 3 new, 0 updated, 0 left unchanged.")
    expect(page.locator(".job-status")).to_have_text("The import is finished.", timeout=JOB_TIMEOUT_MS)
    for person in ("rosa", "tomas", "nadia"):
        invitation = live_server.wait_for_email(f"{person}.{tag}@example.net", after=sent_before)
        live_server.link_in(invitation, r"/claim/")


def _run_publish_export(page: Page) -> None:
    nav(page, "Peer exchange")
    expect(heading(page, "Peer-exchange match runs")).to_be_visible()
    page.get_by_role("link", name="New run").click()
    expect(heading(page, "New match run")).to_be_visible()
    page.get_by_label("Name of this run").fill("Browser journey cohort")
    page.get_by_label("Pairs per person").fill("2")
    expect(page.get_by_label("Pair people from different countries only")).to_be_checked()
    page.get_by_role("button", name="Start the run").click()
    expect(flash(page)).to_contain_text("The run has started")
    expect(heading(page, re.compile(r"Match run #\d+: Browser journey cohort"))).to_be_visible()

    # No reload by hand: the page refreshes itself until the run is ready.
    publish = page.get_by_role("link", name="Publish to participants…")
    expect(publish).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(heading(page, re.compile("Ready for review"))).to_be_visible()
    expect(page.get_by_role("table", name="Pairs, highest score first")).to_be_visible()
    publish.click()  # a confirmation page says who will see what, then the button publishes
    page.get_by_role("button", name="Publish to participants").click()
    expect(flash(page)).to_contain_text("Published: participants now see their suggested peers")
    expect(heading(page, re.compile("Published"))).to_be_visible()
    expect(publish).to_have_count(0)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV without personal data").click()
    download = download_info.value
    assert re.fullmatch(r"peer-exchange-run-\d+-anonymous\.csv", download.suggested_filename)
    text = Path(download.path()).read_text(encoding="utf-8-sig")  # the BOM is for spreadsheets
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == ANONYMOUS_COLUMNS
    assert len(rows) > 5
    assert all(len(row) == len(ANONYMOUS_COLUMNS) for row in rows)
    assert {row[1] for row in rows[1:]} <= {"suggested", "locked"}
    assert "@" not in text, "the anonymous export contains an email address"


def test_coordinator_imports_people_then_runs_publishes_and_exports_a_match_list(ui, live_server):
    """A bad CSV shows its problems; a good one is confirmed; a match run refreshes until ready, is published
    and exported."""
    page = ui.new_page()
    sign_in(page, "coordinator@example.org")
    _import_people(page, live_server)
    _run_publish_export(page)
    ui.assert_clean()

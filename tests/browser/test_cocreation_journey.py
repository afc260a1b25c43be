"""Journey: a facilitator creates an action plan and its forum; a government member drafts a commitment and a
civil-society member improves it; a third member comments; the draft cannot be finalised until the comment is
answered; the precedents panel shows commitments from other countries; the plan downloads as a DOCX that opens."""

from __future__ import annotations

import time

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from tests.browser.steps import flash, heading, nav, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLAN_TITLE = "Browser journey: Kenya county action plan"
DRAFT_TITLE = "Open contracting for county roads"
FACILITATOR = "grace.musyoka@example.org"
GOVERNMENT = "peter.otieno@example.org"
CIVIL_SOCIETY = "reformer@example.org"
COMMENTER = "hassan.noor@example.org"


def _create_plan(page: Page) -> str:
    nav(page, "Co-creation")
    page.get_by_role("link", name="New action plan").click()
    expect(heading(page, "New action plan")).to_be_visible()
    page.get_by_label("Title").fill(PLAN_TITLE)
    page.get_by_label("Country").select_option("KE")
    page.get_by_label("Level").select_option("subnational")
    page.get_by_label("Institution (for a subnational government, legislature or other institution)").fill(
        "Nairobi County"
    )
    page.get_by_label("Period starts").fill("2026-09-01")
    page.get_by_label("Period ends").fill("2028-08-31")
    page.get_by_label("Your stakeholder group").select_option("government")
    page.get_by_role("button", name="Create the plan").click()
    expect(heading(page, PLAN_TITLE)).to_be_visible()
    for email, group in ((GOVERNMENT, "government"), (CIVIL_SOCIETY, "civil_society"), (COMMENTER, "oversight")):
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Stakeholder group", exact=True).select_option(group)
        page.get_by_label("Role", exact=True).select_option("member")
        page.get_by_role("button", name="Add to the forum").click()
        expect(flash(page)).to_contain_text("The forum was updated.")
    return page.url


def _draft(page: Page, plan_url: str) -> str:
    page.goto(plan_url)
    page.get_by_role("link", name="New commitment draft").click()
    page.get_by_label("Title", exact=True).fill(DRAFT_TITLE)
    page.get_by_label("The problem", exact=True).fill(
        "Residents see county roads started and then abandoned, and cannot find out who the contractor is, how "
        "much has been paid or when the work should finish."
    )
    page.get_by_label("The commitment", exact=True).fill(
        "The county will publish data on every roads contract, from tender to final payment, using the Open "
        "Contracting Data Standard."
    )
    page.get_by_role("checkbox", name="Transparency", exact=True).check()
    page.get_by_label("Milestone 1: deliverable").fill("Publish roads contracts on the county portal")
    page.get_by_label("Milestone 1: lead institution").fill("County roads department")
    page.get_by_label("Milestone 1: end").fill("2027-06-30")
    page.get_by_role("button", name="Save the draft").click()
    expect(flash(page)).to_contain_text("Draft saved (version 1).")
    return page.url


def _precedent_countries(page: Page) -> set[str]:
    panel = page.get_by_role("complementary", name="Precedents from other countries")
    deadline = time.monotonic() + 60
    while panel.get_by_text("Precedents are being found").count() and time.monotonic() < deadline:
        time.sleep(1)  # the draft is embedded by a background job
        page.reload()
    lines = panel.locator(".precedents li .muted").all_inner_texts()
    return {line.split(" · ")[0] for line in lines}


def test_a_forum_drafts_comments_answers_finalises_and_exports(ui, live_server, tmp_path):
    facilitator = ui.new_page()
    sign_in(facilitator, FACILITATOR)
    plan_url = _create_plan(facilitator)

    government = ui.new_page()
    sign_in(government, GOVERNMENT)
    draft_url = _draft(government, plan_url)

    civil = ui.new_page()
    sign_in(civil, CIVIL_SOCIETY)
    civil.goto(draft_url)
    civil.get_by_role("link", name="Edit the draft").click()
    civil.get_by_role("checkbox", name="Participation", exact=True).check()
    civil.get_by_label("How it advances transparency, participation and/or accountability").fill(
        "Residents can follow every contract and report problems."
    )
    civil.get_by_role("button", name="Save the draft").click()
    expect(flash(civil)).to_contain_text("Draft saved (version 2).")
    civil.get_by_role("link", name="Compare versions").click()
    expect(civil.locator("td.diff ins").first).to_be_visible()

    commenter = ui.new_page()
    sign_in(commenter, COMMENTER)
    commenter.goto(draft_url)
    commenter.get_by_label("Your comment").fill("Who checks that the published payments match the works delivered?")
    commenter.get_by_role("button", name="Comment").click()
    expect(flash(commenter)).to_contain_text("Comment added.")

    government.goto(draft_url)
    government.get_by_role("button", name="Mark as final").click()
    expect(flash(government)).to_contain_text("still need a recorded response")
    expect(government.get_by_text("Draft", exact=True).first).to_be_visible()
    government.get_by_label("Response", exact=True).select_option("partly")
    government.get_by_label("Reason", exact=True).fill("Ward committees will verify; an audit is outside this plan.")
    government.get_by_role("button", name="Record the response").click()
    expect(flash(government)).to_contain_text("Response recorded.")
    government.get_by_role("button", name="Mark as final").click()
    expect(flash(government)).to_contain_text("The commitment is marked final.")

    countries = _precedent_countries(government)
    assert len(countries) >= 2, countries
    assert "Kenya" not in countries

    facilitator.goto(plan_url)
    with facilitator.expect_download() as download:
        facilitator.get_by_role("link", name="Download the plan (DOCX)").click()
    path = tmp_path / "plan.docx"
    download.value.save_as(path)
    document = Document(str(path))
    assert PLAN_TITLE in [p.text for p in document.paragraphs]
    assert any(p.text.endswith(DRAFT_TITLE) for p in document.paragraphs)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Publish roads contracts on the county portal" in cells
    ui.assert_clean()

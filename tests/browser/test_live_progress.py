"""Pages that wait for a background job show its progress in place (a script polling the JSON job status),
never reload themselves with `<meta http-equiv="refresh">`, never wipe a form being filled in, and offer a
"refresh" link without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from learning_hub.directory.profiles.services import EMBED_JOB, embed_subject
from learning_hub.extensions import db
from learning_hub.models import Job, MatchRun, User
from tests.browser.steps import heading, sign_in

pytestmark = pytest.mark.browser

POLL_WAIT_MS = 4_000  # longer than the old 3 s self-refresh


def _user(email: str) -> User:
    return db.session.scalars(db.select(User).where(User.email == email)).one()


def _set_job(live_server, job_id: int, **values) -> None:
    with live_server.app.app_context():
        job = db.session.get(Job, job_id)
        for name, value in values.items():
            setattr(job, name, value)
        db.session.commit()


def _mark(page: Page) -> None:
    """A value that lives only as long as this document: a reload loses it."""
    page.evaluate("window.__sameDocument = true")


def _same_document(page: Page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def test_profile_page_does_not_reload_while_a_text_is_analysed(ui, live_server):
    """While the profile's texts are analysed, the page updates the progress in place and keeps what the person
    is typing in another form."""
    with live_server.app.app_context():
        reformer = _user("reformer@example.org")
        job = Job(
            kind=EMBED_JOB, subject=embed_subject(reformer.profile), status="running", progress=10,
            created_by_id=reformer.id,
        )  # fmt: skip
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    try:
        page = ui.new_page()
        sign_in(page, "reformer@example.org")
        page.goto("/profile")
        expect(heading(page, "My profile")).to_be_visible()
        assert page.locator('meta[http-equiv="refresh" i]').count() == 0
        status = page.locator(".job-status")
        expect(status).to_contain_text("Working: 10%")
        _mark(page)
        organisation = page.get_by_label("Organisation")
        organisation.fill("Typed while the analysis runs")
        page.wait_for_timeout(POLL_WAIT_MS)
        _set_job(live_server, job_id, progress=60)
        expect(status).to_contain_text("Working: 60%")
        _set_job(live_server, job_id, status="done", progress=100)
        expect(status).to_have_text("Your texts are analysed: the directory and suggestions use them.")
        page.wait_for_timeout(POLL_WAIT_MS)
        assert _same_document(page), "the profile page reloaded itself"
        expect(organisation).to_have_value("Typed while the analysis runs")
        ui.assert_clean()
    finally:
        _set_job(live_server, job_id, status="done", progress=100)


def test_run_page_shows_progress_without_reloading_and_a_refresh_link_without_javascript(ui, live_server):
    """A running match run's page updates its progress in place and reloads once when the run ends (no form is
    being filled); without JavaScript it offers a link that refreshes it."""
    with live_server.app.app_context():
        coordinator = _user("coordinator@example.org")
        job = Job(kind="peer_exchange.run", status="running", progress=20, created_by_id=coordinator.id)
        db.session.add(job)
        db.session.flush()
        run = MatchRun(
            name="Waiting run", params={"per_person": 2}, created_by_id=coordinator.id, status="running",
            job_id=job.id,
        )  # fmt: skip
        db.session.add(run)
        db.session.commit()
        job_id, run_id = job.id, run.id
    try:
        page = ui.new_page()
        sign_in(page, "coordinator@example.org")
        page.goto(f"/peers/runs/{run_id}")
        assert page.locator('meta[http-equiv="refresh" i]').count() == 0
        status = page.locator(".job-status")
        expect(status).to_contain_text("Working: 20%")
        expect(status.get_by_role("link", name="Refresh to see the progress")).to_be_hidden()
        _mark(page)
        page.wait_for_timeout(POLL_WAIT_MS)
        _set_job(live_server, job_id, progress=70)
        expect(status).to_contain_text("Working: 70%")
        assert _same_document(page), "the run page reloaded itself while the run was working"

        static = ui.new_page(java_script_enabled=False)
        sign_in(static, "coordinator@example.org")
        static.goto(f"/peers/runs/{run_id}")
        expect(static.locator(".job-status")).to_contain_text("Working: 70%")
        static.get_by_role("link", name="Refresh to see the progress").click()
        expect(static).to_have_url(f"{live_server.url}/peers/runs/{run_id}")
        expect(static.locator(".job-status")).to_contain_text("Working: 70%")

        with live_server.app.app_context():
            db.session.get(MatchRun, run_id).status = "failed"
            db.session.get(MatchRun, run_id).error = "Stopped by the test."
            db.session.commit()
        _set_job(live_server, job_id, status="failed", error="Stopped by the test.")
        expect(page.get_by_text("The run failed.")).to_be_visible(timeout=15_000)  # reloaded once, at the end
        ui.assert_clean()
    finally:
        _set_job(live_server, job_id, status="failed", error="Stopped by the test.")

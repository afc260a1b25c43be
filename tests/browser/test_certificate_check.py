"""A verifier checks a certificate: a page where the code is typed, and a wrong code explains itself (never a bare
"Page not found")."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from learning_hub.extensions import db
from learning_hub.models import Certificate
from tests.browser.steps import heading

pytestmark = pytest.mark.browser

WRONG_CODE = "ABCD-EFGH-2345-JKLM-NPQR-STUV"  # well formed, issued to nobody


def test_certificate_check_wrong_code_shows_a_helpful_page_and_a_form_to_type_the_code(ui, live_server):
    with live_server.app.app_context():
        code = db.session.scalars(db.select(Certificate.code).where(Certificate.revoked_at.is_(None))).first()
    assert code, "the demo data has a certificate"

    page = ui.new_page()
    response = page.goto(f"/certificates/{WRONG_CODE}")
    assert response.status == 404
    expect(heading(page, "Check a certificate")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_role("alert")).to_contain_text("No certificate has this code.")
    expect(page.get_by_label("Verification code")).to_have_value(WRONG_CODE)

    # A verifier arrives from the footer and mistypes the code: told what a code looks like, the input kept.
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Check a certificate").click()
    expect(heading(page, "Check a certificate")).to_be_visible()
    page.get_by_label("Verification code").fill("not a code")
    page.get_by_role("button", name="Check the certificate").click()
    expect(page.get_by_role("alert")).to_contain_text("This is not a certificate code: a code has 24 letters")
    expect(page.get_by_label("Verification code")).to_have_value("not a code")

    # The right code, typed in lower case with spaces: the certificate.
    page.get_by_label("Verification code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Check the certificate").click()
    expect(page).to_have_url(re.compile(re.escape(f"/certificates/{code}") + "$"))
    expect(page.get_by_text("This certificate is valid")).to_be_visible()
    ui.assert_clean()

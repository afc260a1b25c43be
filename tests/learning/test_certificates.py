"""Certificates: issued on completion, verified publicly by code, printable, PDF; revoked and anonymised when the
holder deletes their account."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from learning_hub.learning import certificates
from learning_hub.models import Certificate, Enrolment, LessonProgress, QuizAttempt
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.helpers import changed_tables, snapshot
from tests.learning.corpus import quiz_data, right_answers
from tests.learning.test_routes import answers_form, finish_lessons


@pytest.fixture
def graduate(client_as, courses, db):
    """(user, client, certificate) of a learner who completed `basics`."""
    user = make_user(display_name="Amaka Eze-Ñúñez", country="NG", locale="en")
    client = client_as(user)
    client.post("/courses/basics/enrol")
    finish_lessons(client)
    client.post("/courses/basics/quiz", data=answers_form(right_answers(quiz_data())))
    certificate = db.session.scalar(db.select(Certificate))
    assert certificate is not None
    return user, client, certificate


def test_code_is_unguessable_and_well_formed():
    codes = {certificates.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(re.fullmatch(r"([A-Z2-7]{4}-){5}[A-Z2-7]{4}", code) for code in codes)
    assert certificates.CODE_BYTES * 8 >= 120


def test_code_normalisation():
    code = certificates.new_code()
    assert certificates.normalise_code(code.lower().replace("-", " ")) == code
    assert certificates.normalise_code("NOT-A-CODE") is None
    assert certificates.normalise_code("x" * 5000) is None


def test_public_verification_shows_only_what_it_should(client, graduate, db):
    user, _client, certificate = graduate
    page = client.get(f"/certificates/{certificate.code}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "This certificate is valid" in body
    assert "Amaka Eze-Ñúñez" in body
    assert "Open contracting basics" in body
    assert certificate.code in body
    assert user.email not in body
    assert "Nigeria" not in body
    assert "Person" not in body


def test_verification_accepts_the_code_as_typed(client, graduate):
    _user, _client, certificate = graduate
    typed = certificate.code.lower().replace("-", "")
    assert client.get(f"/certificates/{typed}").status_code == 200


def test_unknown_code_is_404(client, graduate):
    """A wrong code answers 404 with the check page: what is wrong, and the code as typed in the form to correct it."""
    _user, _client, certificate = graduate
    wrong_shape = "This is not a certificate code"
    for code, problem in (
        ("NOT-A-CODE", wrong_shape),
        ("A" * 24, "No certificate has this code"),
        (certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B"), "No certificate has this code"),
        ("%00", wrong_shape),
        ("x" * 300, wrong_shape),
    ):
        response = client.get(f"/certificates/{code}")
        assert response.status_code == 404
        page = response.get_data(as_text=True)
        assert problem in page
        assert 'name="code"' in page
        assert "Page not found" not in page
    assert client.get("/certificates/NOT-A-CODE/pdf").status_code == 404


def test_pdf_download(client, graduate):
    _user, _client, certificate = graduate
    response = client.get(f"/certificates/{certificate.code}/pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert len(response.data) > 1000
    assert f"certificate-{certificate.code}.pdf" in response.headers["Content-Disposition"]


def test_pdf_without_dejavu_falls_back_to_core_fonts(app, graduate, monkeypatch, tmp_path):
    _user, _client, certificate = graduate
    from learning_hub import pdf

    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    with app.test_request_context():
        body = certificates.pdf_bytes(certificate, "http://example.org/certificates/x")
    assert body.startswith(b"%PDF-")
    assert pdf.latin1("Eze-Ñúñez Şahin’s") == "Eze-Ñúñez Sahin's"


def test_certificate_page_is_printable(client, graduate):
    _user, _client, certificate = graduate
    body = client.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert 'class="certificate"' in body
    assert "no-print" in body
    css = (Path(__file__).resolve().parents[2] / "learning_hub/static/css/app.css").read_text("utf-8")
    assert "=== learning: course pages" in css
    assert "@page certificate" in css


def test_revoked_certificate_says_so(client, graduate, runner, db):
    _user, _client, certificate = graduate
    db.session.commit()
    result = runner.invoke(args=["courses", "revoke-certificate", certificate.code])
    assert result.exit_code == 0
    assert "is revoked" in result.output
    body = client.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert "has been revoked" in body
    assert "This certificate is valid" not in body
    assert runner.invoke(args=["courses", "revoke-certificate", "NOPE"]).exit_code == 1


def test_export_contains_learning_records(graduate):
    _user, client, certificate = graduate
    data = client.get("/account?format=json").get_json()
    learning = data["learning"]
    assert learning["enrolments"][0]["course"] == "basics"
    assert len(learning["enrolments"][0]["lessons_completed"]) == 4
    assert learning["enrolments"][0]["quiz_attempts"][0]["score"] == 100
    assert learning["certificates"][0]["code"] == certificate.code


def _delete_account(user, db):
    """What auth.services.delete_account does, with this feature's eraser only (other features test their own)."""
    from learning_hub.learning.privacy import erase_learning

    erase_learning(user)
    db.session.delete(user)
    db.session.commit()


def test_account_deletion_erases_records_and_revokes_the_certificate(client, graduate, db):
    user, _learner, certificate = graduate
    _delete_account(user, db)
    for model in (Enrolment, LessonProgress, QuizAttempt):
        assert db.session.scalar(db.select(db.func.count()).select_from(model)) == 0
    kept = db.session.get(Certificate, certificate.id)
    assert kept.user_id is None
    assert kept.holder_name is None
    assert kept.revoked_reason == "account_deleted"
    body = client.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert "when its holder deleted their account" in body
    assert "Amaka" not in body
    assert client.get(f"/certificates/{certificate.code}/pdf").status_code == 200


def test_deletion_leaves_other_learners_alone(client_as, courses, db):
    keep = client_as(make_user())
    keep.post("/courses/basics/enrol")
    keep.post("/courses/basics/lessons/one/complete")
    leaver = make_user()
    client_as(leaver).post("/courses/basics/enrol")
    before = snapshot()
    _delete_account(leaver, db)
    assert db.session.scalar(db.select(db.func.count()).select_from(Enrolment)) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(LessonProgress)) == 1
    assert not {"course", "lesson", "lesson_progress"} & set(changed_tables(before, snapshot()))


def test_account_deletion_through_the_account_page(graduate, db):
    """The account page runs every feature's eraser, this one included."""
    _user, learner, certificate = graduate
    response = learner.post("/account", data={"delete-password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert db.session.get(Certificate, certificate.id).revoked_reason == "account_deleted"

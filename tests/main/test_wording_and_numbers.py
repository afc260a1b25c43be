"""Validation messages, numbers and the coordinators' words, as people read them in each language.

Expected texts come from the reviewed catalogues and from hand-written locale conventions (a French decimal comma,
a narrow space before "%"), never from the functions under test."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from learning_hub.templating import fit, number, percent
from tests.directory.helpers import text_of
from tests.factories import make_user

WTFORMS_ENGLISH = ("Field must be", "This field is required", "Not a valid choice", "Invalid email address")


def _register(client, **overrides):
    data = {
        "display_name": "Ama Mensah",
        "email": "ama@example.org",
        "country": "GH",
        "password": "a long enough password",
        "confirm": "a long enough password",
    } | overrides
    return client.post("/register", data=data)


@pytest.mark.parametrize(
    ("locale", "required"),
    [
        ("en", "Fill in this field."),
        ("es", "Complete este campo."),
        ("fr", "Remplissez ce champ."),
        ("id", "Isi kolom ini."),
    ],
)
def test_indonesian_validation_shows_no_wtforms_english_default(client, db, locale, required):
    """A required field left empty reads in the visitor's language; no WTForms English default leaks out."""
    with client.session_transaction() as session:
        session["locale"] = locale
    page = _register(client, display_name="").get_data(as_text=True)
    assert required in page
    for english in WTFORMS_ENGLISH:
        assert english not in page


def test_same_length_rule_is_worded_one_way(client_as, db):
    """WTForms' own length message and the app's hand-written ones read alike: "Use N to M characters."."""
    client = client_as(make_user(locale="id"))
    page = text_of(client.post("/profile/reforms", data={"reform-title": "T", "reform-description": "short"}))
    assert "Field must be between" not in page
    assert re.search(r"Gunakan \d+ sampai [\d.,]+ karakter", page), page[:2000]


def test_french_error_summary_has_no_question_mark_before_colon(client_as, db):
    """A label that is a question ("…passé ?") is not followed by a colon in the French error summary."""
    client = client_as(make_user(locale="fr"))
    response = client.post("/profile/reforms", data={"reform-title": "Portail", "reform-description": "court"})
    page = response.get_data(as_text=True)
    summary = page[page.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "Qu&#39;avez-vous fait" in summary or "Qu'avez-vous fait" in summary
    assert not re.search(r"\?\s*:", summary), summary


def test_login_error_is_not_prefixed_with_a_field_label(client, db):
    make_user(email="ama@example.org")
    page = client.post("/login", data={"email": "ama@example.org", "password": "wrong password"}).get_data(as_text=True)
    assert "Email or password is not right." in page
    assert "Password: Email or password" not in page


@pytest.mark.parametrize(
    ("locale", "decimal", "share"),
    [("en", "23.497", "32%"), ("fr", "23,497", "32\u00a0%"), ("es", "23,497", "32\u00a0%"), ("id", "23,497", "32%")],
)
def test_numbers_are_not_localised_fixed(app, locale, decimal, share):
    """Numbers and percentages follow the reader's locale (French: decimal comma, a space before %)."""
    with app.test_request_context(), force_locale(locale):
        assert number(23.497, 3) == decimal
        assert percent(0.321) == share
        assert fit(0.65).startswith("65")
        assert fit(-0.2).startswith("0")

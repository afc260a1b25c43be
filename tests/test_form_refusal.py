"""One way to show a service's refusal on a form (`Form.show_refusal`), used by every route that has a form."""

from __future__ import annotations

import re
from pathlib import Path

from flask import render_template_string
from wtforms import StringField

from learning_hub.errors import ValidationError
from learning_hub.forms import Form


class _TwoFields(Form):
    title = StringField()
    text = StringField()


def _form(app):
    with app.test_request_context("/", method="POST", data={"title": "t", "text": "x"}):
        app.config["WTF_CSRF_ENABLED"] = False
        form = _TwoFields()
        form.validate()
        return form


def test_the_named_field_gets_the_message(app):
    form = _form(app)
    form.show_refusal(ValidationError("Too short.", field="text"), "title")
    assert form.text.errors == ["Too short."]
    assert form.title.errors == []
    assert form.errors == {"text": ["Too short."]}


def test_an_unknown_field_falls_back_then_goes_above_the_form(app):
    form = _form(app)
    form.show_refusal(ValidationError("Taken.", field="nothing_like_it"), "title")
    form.show_refusal(ValidationError("Closed."))
    assert form.title.errors == ["Taken."]
    assert form.form_errors == ["Closed."]


def test_the_error_summary_shows_a_form_level_refusal_as_a_sentence(app):
    with app.test_request_context("/", method="POST", data={"title": "t", "text": "x"}):
        app.config["WTF_CSRF_ENABLED"] = False
        form = _TwoFields()
        form.validate()
        form.show_refusal(ValidationError("The run is already published."))
        html = render_template_string('{% from "_macros.html" import form_errors %}{{ form_errors(form) }}', form=form)
    assert "<li>The run is already published.</li>" in html
    assert ": The run is already published." not in html


def test_no_route_writes_a_refusal_onto_a_form_by_hand():
    package = Path(__file__).resolve().parents[1] / "learning_hub"
    by_hand = re.compile(r"errors\.append\(exc|errors = \[\*.*exc\.message|form_errors\.append\(exc")
    found = [
        f"{path.relative_to(package.parent)}:{number}"
        for path in sorted(package.rglob("routes*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert found == []

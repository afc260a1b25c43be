"""Mentoring forms: a request, the choice of mentors, answers, capacity and pause, ending a mentorship, notes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from learning_hub import vocab
from learning_hub.forms import Form, NoControlChars, country_choices
from learning_hub.mentoring.requests import NEED_MAX, NEED_MIN

RATINGS = [
    ("5", _l("5 – excellent")),
    ("4", _l("4 – good")),
    ("3", _l("3 – fair")),
    ("2", _l("2 – poor")),
    ("1", _l("1 – very poor")),
]


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes in a list: easier than a multi-select on a phone and with a keyboard."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RequestForm(Form):
    need = TextAreaField(
        _l("What do you need from a mentor?"),
        validators=[DataRequired(), Length(min=NEED_MIN, max=NEED_MAX), NoControlChars()],
        description=_l(
            "In plain words, in any language: the reform you are working on, where you "
            "are stuck, what kind of experience would help."
        ),
    )
    languages = MultiCheckboxField(
        _l("Languages you can work in"),
        validators=[Optional()],
        description=_l("Mentors must share at least one. Leave empty for any language."),
    )
    preferred_countries = SelectMultipleField(
        _l("Preferred countries (optional)"),
        validators=[Optional()],
        description=_l("Mentors there rank a little higher; others still show."),
    )
    excluded_countries = SelectMultipleField(
        _l("Countries to leave out (optional)"),
        validators=[Optional()],
        description=_l("No mentor from these countries is suggested."),
    )
    submit = SubmitField(_l("Show suggested mentors"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = [(code, vocab.language_name(code)) for code in vocab.PROFILE_LANGUAGES]
        self.preferred_countries.choices = country_choices(blank=False)
        self.excluded_countries.choices = country_choices(blank=False)


class ChoiceForm(Form):
    """Up to three mentors in order; the choices are the current suggestions (set by the view)."""

    first = SelectField(_l("First choice"), validators=[Optional()], validate_choice=False)
    second = SelectField(_l("Second choice"), validators=[Optional()], validate_choice=False)
    third = SelectField(_l("Third choice"), validators=[Optional()], validate_choice=False)
    submit = SubmitField(_l("Send my request"))

    def set_mentors(self, suggestions) -> None:
        options = [("", str(_l("Nobody")))] + [(str(s.mentor.profile_id), s.mentor.name) for s in suggestions]
        for f in (self.first, self.second, self.third):
            f.choices = options

    def picks(self) -> list[int]:
        return [int(v) for v in (self.first.data, self.second.data, self.third.data) if v and v.isdigit()]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        values = [v for v in (self.first.data, self.second.data, self.third.data) if v]
        if len(values) != len(set(values)):
            self.third.errors = [*list(self.third.errors), str(_l("Choose each mentor once."))]
            ok = False
        if not self.first.data and (self.second.data or self.third.data):
            self.first.errors = [*list(self.first.errors), str(_l("Start with your first choice."))]
            ok = False
        return ok


class AnswerForm(Form):
    answer = HiddenField(validators=[DataRequired(), AnyOf(("accept", "decline"))])
    reason = TextAreaField(
        _l("Reason (optional)"),
        validators=[Optional(), Length(max=1000), NoControlChars()],
        description=_l("The person who asked will read it. A kind word helps."),
    )


class CapacityForm(Form):
    capacity = IntegerField(
        _l("How many people can you mentor at a time?"), validators=[InputRequired(), NumberRange(min=1, max=20)]
    )
    submit = SubmitField(_l("Save capacity"))


class AvailabilityForm(Form):
    available = HiddenField(validators=[DataRequired(), AnyOf(("0", "1"))])


class ConfirmForm(Form):
    """A POST with only its CSRF token (withdraw, discard, publish)."""


class CompleteForm(Form):
    rating = RadioField(_l("Your rating"), choices=RATINGS, validators=[InputRequired()])
    comment = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(), Length(max=2000), NoControlChars()],
        description=_l("For the programme coordinators; the other person does not see it."),
    )
    submit = SubmitField(_l("Save"))


class CancelForm(Form):
    reason = TextAreaField(
        _l("Reason (optional)"),
        validators=[Optional(), Length(max=2000), NoControlChars()],
        description=_l("The other person will read it."),
    )
    submit = SubmitField(_l("Cancel the mentorship"))


class NoteForm(Form):
    kind = RadioField(
        _l("Kind"),
        choices=[("goal", _l("Goal")), ("note", _l("Meeting note"))],
        default="note",
        validators=[InputRequired()],
    )
    text = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=2000), NoControlChars()])
    met_on = DateField(_l("Meeting date (optional)"), validators=[Optional()])
    submit = SubmitField(_l("Add"))

"""Forms of the learning pages. Quiz answers are read from the request by the route (their fields follow the quiz);
these forms carry the CSRF token and the catalogue's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from learning_hub import vocab
from learning_hub.forms import Form, NoControlChars, SingleLine
from learning_hub.models import COURSE_LEVELS

LEVEL_LABELS = {"introductory": _l("Introductory"), "intermediate": _l("Intermediate"), "advanced": _l("Advanced")}


class ActionForm(Form):
    """A button that changes state: enrol, mark a lesson complete, submit a quiz."""


class CatalogueFilterForm(Form):
    """GET filters: no CSRF (a search changes nothing)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=100), SingleLine()])
    area = SelectField(_l("Policy area"), validators=[Optional()], validate_choice=False)
    level = SelectField(_l("Level"), validators=[Optional()], validate_choice=False)
    language = SelectField(_l("Language"), validators=[Optional()], validate_choice=False)

    def fill_choices(self, languages: list[str]) -> None:
        any_ = [("", str(_l("Any")))]
        self.area.choices = any_ + vocab.choices(vocab.POLICY_AREAS)
        self.level.choices = any_ + vocab.choices(LEVEL_LABELS)
        self.language.choices = any_ + [(code, vocab.language_name(code)) for code in languages]

    def cleaned(self) -> dict:
        """Filter values that are known; anything else is ignored."""
        valid = self.validate()
        return {
            "search": (self.q.data or "").strip() if valid else "",
            "area": self.area.data if self.area.data in vocab.POLICY_AREAS else "",
            "level": self.level.data if self.level.data in COURSE_LEVELS else "",
            "course_language": self.language.data if self.language.data in dict(self.language.choices) else "",
        }


class MilestoneForm(Form):
    """The applied milestone: the work as text, an optional link, and whether the certificate may show it."""

    text = TextAreaField(_l("Your milestone"), validators=[DataRequired(), Length(max=30000), NoControlChars()])
    link = StringField(_l("Link to a document (optional)"), validators=[Optional(), Length(max=500), SingleLine()])
    show_on_certificate = BooleanField(_l("Show my work on my public certificate"))


class VisibilityForm(Form):
    show_on_certificate = BooleanField(_l("Show my work on my public certificate"))


class ReviewForm(Form):
    """The reviewer's comment; the rubric levels are read from the request (one radio group per criterion)."""

    comment = TextAreaField(
        _l("Your comment for the author"), validators=[DataRequired(), Length(max=5000), NoControlChars()]
    )

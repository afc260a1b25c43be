"""Forms: a story (proposing and editing), a coordinator's request for changes, and the plain POST buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from learning_hub import vocab
from learning_hub.forms import Form, NoControlChars, SingleLine, SubForm, country_choices
from learning_hub.showcase import vocab as showcase_vocab
from learning_hub.showcase.services import StoryInput, TranslationInput

EVIDENCE_ROWS = 5
TEXT = 4000


class EvidenceRowForm(SubForm):
    kind = SelectField(
        _l("Kind of evidence"), choices=[], validators=[Optional()], validate_choice=False, default="ogp_commitment"
    )
    label = StringField(_l("Title of the link"), validators=[Optional(), Length(max=200), SingleLine()])
    url = StringField(_l("Web address"), validators=[Optional(), Length(max=500), SingleLine()])

    def is_blank(self) -> bool:
        return not ((self.label.data or "").strip() or (self.url.data or "").strip())


def _text(label, description=None):
    return TextAreaField(
        label,
        validators=[InputRequired(), Length(max=TEXT), NoControlChars()],
        description=description,
    )


class StoryForm(Form):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200), SingleLine()])
    summary = _text(_l("Summary"), _l("Two or three sentences a busy reader will remember."))
    problem = _text(_l("The problem"))
    actions = _text(_l("What was done"))
    results = _text(_l("Results"), _l("What changed, with figures where you have them."))
    country = SelectField(_l("Country"), validators=[DataRequired()])
    level = SelectField(_l("Level of government"), validators=[DataRequired()])
    areas = SelectMultipleField(
        _l("Programme areas"), validators=[DataRequired(message=_l("Choose at least one programme area."))]
    )
    policy_areas = SelectMultipleField(_l("Policy areas"), validators=[Optional()])
    language = SelectField(_l("Language the story is written in"), validators=[DataRequired()])
    started_on = DateField(_l("Started on"), validators=[Optional()])
    ended_on = DateField(_l("Ended on"), validators=[Optional()])
    evidence = FieldList(FormField(EvidenceRowForm), min_entries=EVIDENCE_ROWS, max_entries=EVIDENCE_ROWS)
    people = SelectMultipleField(
        _l("Colleagues behind the reform"),
        coerce=int,
        validators=[Optional()],
        description=_l("Each person is named only after they confirm it themselves."),
    )
    my_role = StringField(_l("Your part in the reform"), validators=[Optional(), Length(max=200), SingleLine()])
    name_me = BooleanField(_l("Name me on this story"), default=True)

    def __init__(self, *args, people_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()
        self.level.choices = vocab.choices(showcase_vocab.LEVELS)
        self.areas.choices = vocab.choices(showcase_vocab.PROGRAMME_AREAS)
        self.policy_areas.choices = vocab.choices(vocab.POLICY_AREAS)
        self.language.choices = [(code, vocab.language_name(code)) for code in showcase_vocab.STORY_LANGUAGES]
        self.people.choices = list(people_choices)
        for row in self.evidence:
            row.form.kind.choices = vocab.choices(showcase_vocab.EVIDENCE_KINDS)

    def to_input(self) -> StoryInput:
        return StoryInput(
            title=self.title.data or "",
            summary=self.summary.data or "",
            problem=self.problem.data or "",
            actions=self.actions.data or "",
            results=self.results.data or "",
            country=self.country.data or "",
            level=self.level.data or "",
            language=self.language.data or "",
            areas=list(self.areas.data or []),
            policy_areas=list(self.policy_areas.data or []),
            started_on=self.started_on.data,
            ended_on=self.ended_on.data,
            evidence=[
                (row.form.kind.data or "", row.form.label.data or "", row.form.url.data or "")
                for row in self.evidence
                if not row.form.is_blank()
            ],
            people=[(pid, "") for pid in (self.people.data or [])],
        )

    def fill_from_checkin(self, draft: dict) -> None:
        self.summary.data = draft["summary"]
        self.country.data = draft["country"]
        self.language.data = draft["language"]
        if draft["evidence_url"]:
            first = self.evidence[0].form
            first.kind.data, first.url.data = "ogp_commitment", draft["evidence_url"]

    def fill_from(self, story) -> None:
        """Show a stored story in the form (GET of the edit page)."""
        for name in ("title", "summary", "problem", "actions", "results", "country", "level", "language"):
            getattr(self, name).data = getattr(story, name)
        self.areas.data, self.policy_areas.data = list(story.areas), list(story.policy_areas)
        self.started_on.data, self.ended_on.data = story.started_on, story.ended_on
        for row, link in zip(self.evidence, story.evidence, strict=False):
            row.form.kind.data, row.form.label.data, row.form.url.data = link.kind, link.label, link.url
        self.people.data = [p.profile_id for p in story.people if p.profile_id != story.proposer_id]


class ChangesForm(Form):
    note = TextAreaField(_l("What should change"), validators=[InputRequired(), Length(max=TEXT), NoControlChars()])


class EmptyForm(Form):
    """A POST button: the CSRF token only."""


class TranslationForm(Form):
    """The story's texts in another language (its facts, names and evidence stay the original's)."""

    language = SelectField(_l("Language of the translation"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200), SingleLine()])
    summary = _text(_l("Summary"))
    problem = _text(_l("The problem"))
    actions = _text(_l("What was done"))
    results = _text(_l("Results"))

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [(code, vocab.language_name(code)) for code in languages]

    def to_input(self) -> TranslationInput:
        return TranslationInput(
            language=self.language.data,
            title=self.title.data or "",
            summary=self.summary.data or "",
            problem=self.problem.data or "",
            actions=self.actions.data or "",
            results=self.results.data or "",
        )

    def fill_from(self, translation) -> None:
        for name in ("language", "title", "summary", "problem", "actions", "results"):
            getattr(self, name).data = getattr(translation, name)

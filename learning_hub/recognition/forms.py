"""Forms: opening a round (a coordinator), nominating a story, choosing the winners."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from learning_hub import vocab
from learning_hub.forms import Form, NoControlChars, SingleLine
from learning_hub.recognition.services import RoundInput
from learning_hub.reviewing_forms import PanelFields
from learning_hub.showcase import vocab as showcase_vocab


class RoundForm(PanelFields, Form):
    name = StringField(_l("Name of the round"), validators=[InputRequired(), Length(max=200), SingleLine()])
    areas = SelectMultipleField(
        _l("Programme areas"), validators=[DataRequired(message=_l("Choose at least one programme area."))]
    )
    opens_on = DateField(_l("Nominations open on"), validators=[InputRequired()])
    closes_on = DateField(_l("Nominations close on"), validators=[InputRequired()])

    def __init__(self, *args, reviewer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas.choices = vocab.choices(showcase_vocab.PROGRAMME_AREAS)
        self.reviewers.choices = list(reviewer_choices)

    def to_input(self) -> RoundInput:
        return RoundInput(
            name=self.name.data,
            areas=list(self.areas.data),
            opens_on=self.opens_on.data,
            closes_on=self.closes_on.data,
            criteria=self.criteria_rows(),
            reviewer_ids=list(self.reviewers.data),
            per_item=self.per_item.data,
        )


class NominationForm(Form):
    story = SelectField(_l("Reform story"), coerce=int, validators=[DataRequired()])
    statement = TextAreaField(
        _l("Why this reform deserves recognition"),
        validators=[InputRequired(), Length(min=20, max=4000), NoControlChars()],
        description=_l("Reviewers read your statement without your name or the names of the people behind the story."),
    )

    def __init__(self, *args, stories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.story.choices = [(s.id, s.title) for s in stories]


class WinnersForm(Form):
    winners = SelectMultipleField(
        _l("Winners"), coerce=int, validators=[DataRequired(message=_l("Choose at least one winner."))]
    )


class EmptyForm(Form):
    pass

"""Forms of the peer exchange: a new run, a re-run, review actions, swap, and a participant's answer."""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from learning_hub import engine, vocab
from learning_hub.forms import Form, SingleLine, country_choices
from learning_hub.models.peer_exchange import PAIR_STATES

MAX_PER_PERSON = 10


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes in a list: easier than a multi-select on a phone and with a keyboard."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def finite(form, field):
    """FloatField accepts "nan", which every range check lets through."""
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError(_l("Enter a number between 0 and 100."))


PER_PERSON_RULES = [
    InputRequired(),
    NumberRange(min=1, max=MAX_PER_PERSON, message=_l("Choose between 1 and 10 pairs per person.")),
]
MIN_SCORE_RULES = [Optional(), finite, NumberRange(min=0, max=100, message=_l("Enter a number between 0 and 100."))]


class RunForm(Form):
    name = StringField(
        _l("Name of this run"),
        validators=[Optional(), Length(max=120), SingleLine()],
        description=_l("Optional, for example “Cohort 3, March exchange”."),
    )
    countries = SelectMultipleField(
        _l("Countries"),
        validators=[Optional()],
        description=_l("Leave empty for every country. Type a name to find a country; hold Ctrl or ⌘ to pick several."),
    )
    sectors = MultiCheckboxField(_l("Sectors"), validators=[Optional()])
    policy_areas = MultiCheckboxField(_l("Policy areas"), validators=[Optional()])
    joined_since = DateField(_l("Joined on or after"), validators=[Optional()])
    per_person = IntegerField(_l("Pairs per person"), default=2, validators=PER_PERSON_RULES)
    cross_country = BooleanField(_l("Pair people from different countries only"), default=True)
    min_score = FloatField(
        _l("Lowest fit accepted"),
        validators=MIN_SCORE_RULES,
        description=_l(
            "Optional, in percent: pairs with a lower fit are not suggested. The fit is the estimated chance that "
            "a coordinator keeps the pair, the same figure shown beside every pair."
        ),
    )
    exclude_held = BooleanField(_l("Exclude pairs that already happened"), default=True)
    submit = SubmitField(_l("Start the run"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.countries.choices = country_choices(blank=False)
        self.sectors.choices = vocab.choices(vocab.SECTORS)
        self.policy_areas.choices = vocab.choices(vocab.POLICY_AREAS)

    def params(self) -> dict:
        return {
            "countries": sorted(self.countries.data or []),
            "sectors": sorted(self.sectors.data or []),
            "policy_areas": sorted(self.policy_areas.data or []),
            "joined_since": self.joined_since.data.isoformat() if self.joined_since.data else None,
            "per_person": int(self.per_person.data),
            "cross_country": bool(self.cross_country.data),
            "min_score": engine.min_score_for(self.min_score.data),
            "exclude_held": bool(self.exclude_held.data),
        }


class RerunForm(Form):
    per_person = IntegerField(_l("Pairs per person"), validators=PER_PERSON_RULES)
    min_score = FloatField(_l("Lowest fit accepted"), validators=MIN_SCORE_RULES)
    submit = SubmitField(_l("Re-run keeping locked pairs and excluding rejected ones"))


class PairStateForm(Form):
    state = HiddenField(validators=[DataRequired(), AnyOf(PAIR_STATES)])


class SwapForm(Form):
    side = HiddenField(validators=[DataRequired(), AnyOf(("a", "b"))])
    profile_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])


class PublishForm(Form):
    """The confirmation of publishing: what happens to earlier published suggestions for the same people."""

    mode = RadioField(
        _l("Earlier suggestions for the same people"),
        choices=[
            ("replace", _l("Replace them: withdraw the earlier suggestions nobody has answered yet")),
            ("keep_new", _l("Keep them: add only the pairs that are new")),
        ],
        default="keep_new",
        validators=[DataRequired()],
    )
    submit = SubmitField(_l("Publish to participants"))


class UnpublishForm(Form):
    """Undo a publication (the run page says what it does and for how long it is possible)."""

    submit = SubmitField(_l("Unpublish"))


class RespondForm(Form):
    answer = HiddenField(validators=[DataRequired(), AnyOf(("accept", "decline"))])


class CompareForm(Form):
    class Meta:
        csrf = False  # a GET form: it only chooses what to show

    # Any run id may be compared (the lists show the newest runs only); unknown ids are 404 from the service.
    a = SelectField(_l("Earlier run"), coerce=int, validators=[InputRequired()], validate_choice=False)
    b = SelectField(_l("Later run"), coerce=int, validators=[InputRequired()], validate_choice=False)

"""Forms: a support request, a coordinator's proposal, a decline with its reason, closing a request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from learning_hub import vocab
from learning_hub.forms import Form, NoControlChars, SingleLine, country_choices
from learning_hub.partners import vocab as partner_vocab
from learning_hub.partners.forms import language_choices
from learning_hub.roundtables.forms import RoundtableForm
from learning_hub.support.services import RAPID_DAYS, NeedInput


class NeedForm(Form):
    title = StringField(
        _l("In one line, what do you need?"), validators=[InputRequired(), Length(max=200), SingleLine()]
    )
    need = TextAreaField(
        _l("Describe the need"),
        validators=[InputRequired(), Length(max=4000), NoControlChars()],
        description=_l("What is needed, for which reform, and what would change with it."),
    )
    kind = SelectField(_l("Kind of support"), validators=[DataRequired()])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    areas = SelectMultipleField(_l("Areas"), validators=[Optional()])
    needed_by = DateField(_l("Needed by"), validators=[Optional()])
    size = StringField(
        _l("Rough size or budget"),
        validators=[Optional(), Length(max=200), SingleLine()],
        description=_l("For example: two weeks of an expert, or about USD 10,000."),
    )
    others_involved = TextAreaField(
        _l("Who else is involved"), validators=[Optional(), Length(max=4000), NoControlChars()]
    )
    language = SelectField(_l("Language you write in"), validators=[DataRequired()])
    rapid = BooleanField(
        _l("Rapid response: a window of opportunity closes soon"),
        description=_l("Only with a date within %(days)s days; coordinators see these first.", days=RAPID_DAYS),
    )
    reform_id = SelectField(_l("Linked reform"), coerce=int, validators=[Optional()])
    draft_id = SelectField(_l("Linked commitment draft"), coerce=int, validators=[Optional()])
    share_with_partners = BooleanField(
        _l("Show this need (not my profile) to partner organisations whose offers fit it"), default=True
    )

    def __init__(self, *args, reforms=(), drafts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = vocab.choices(partner_vocab.SUPPORT_KINDS)
        self.country.choices = country_choices()
        self.areas.choices = vocab.choices(vocab.POLICY_AREAS)
        self.language.choices = language_choices()
        self.reform_id.choices = [(0, str(_l("None")))] + [(r.id, r.title) for r in reforms]
        self.draft_id.choices = [(0, str(_l("None")))] + [(d.id, d.title) for d in drafts]

    def to_input(self) -> NeedInput:
        return NeedInput(
            title=self.title.data,
            need=self.need.data,
            kind=self.kind.data,
            country=self.country.data,
            areas=self.areas.data,
            needed_by=self.needed_by.data,
            size=self.size.data,
            others_involved=self.others_involved.data,
            language=self.language.data,
            rapid=self.rapid.data,
            reform_id=self.reform_id.data or None,
            draft_id=self.draft_id.data or None,
            share_with_partners=self.share_with_partners.data,
        )


class ProposeForm(Form):
    offer_id = HiddenField(validators=[InputRequired()])
    reason = StringField(_l("Why this offer"), validators=[Optional(), Length(max=500), SingleLine()])


class DeclineForm(Form):
    reason = StringField(_l("Why not"), validators=[InputRequired(), Length(max=500), SingleLine()])


class CloseForm(Form):
    outcome = StringField(_l("Outcome"), validators=[Optional(), Length(max=500), SingleLine()])


class AdvanceForm(Form):
    to = HiddenField(validators=[InputRequired()])


class EmptyForm(Form):
    pass


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PartnerRoundtableForm(RoundtableForm):
    """A roundtable's form, plus the support requests it is started from (two or more)."""

    needs = _Checkboxes(
        _l("Support requests"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose at least two support requests."))],
    )

    def __init__(self, *args, need_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.needs.choices = list(need_choices)

"""Forms: publishing a call (a coordinator), applying, a reviewer's conflict of interest, the award."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from learning_hub import vocab
from learning_hub.calls.services import CallInput
from learning_hub.forms import Form, NoControlChars, SingleLine
from learning_hub.reviewing_forms import PanelFields

TEXT = 8000


class CallForm(PanelFields, Form):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200), SingleLine()])
    terms = TextAreaField(_l("Terms of reference"), validators=[InputRequired(), Length(max=TEXT), NoControlChars()])
    deliverables = TextAreaField(_l("Deliverables"), validators=[InputRequired(), Length(max=TEXT), NoControlChars()])
    languages = SelectMultipleField(
        _l("Working languages"), validators=[DataRequired(message=_l("Choose at least one language."))]
    )
    budget_ceiling = IntegerField(_l("Budget ceiling"), validators=[InputRequired(), NumberRange(min=1)])
    currency = StringField(
        _l("Currency"), validators=[InputRequired(), Length(min=3, max=3), SingleLine()], default="USD"
    )
    deadline = DateField(_l("Deadline for applications"), validators=[InputRequired()])

    def __init__(self, *args, reviewer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = [(code, vocab.language_name(code)) for code in vocab.PROFILE_LANGUAGES]
        self.reviewers.choices = list(reviewer_choices)

    def to_input(self) -> CallInput:
        return CallInput(
            title=self.title.data,
            terms=self.terms.data,
            deliverables=self.deliverables.data,
            languages=list(self.languages.data),
            budget_ceiling=self.budget_ceiling.data,
            currency=self.currency.data,
            deadline=self.deadline.data,
            criteria=self.criteria_rows(),
            reviewer_ids=list(self.reviewers.data),
            per_item=self.per_item.data,
        )


class ApplicationForm(Form):
    organisation = StringField(
        _l("Partner organisation you apply for (optional)"),
        validators=[Optional(), Length(max=200), SingleLine()],
        description=_l("Leave empty if you apply as an individual expert."),
    )
    proposal = TextAreaField(
        _l("Your proposal"),
        validators=[InputRequired(), Length(min=50, max=TEXT), NoControlChars()],
        description=_l("How you would deliver the terms of reference: approach, team, timeline, relevant experience."),
    )
    fee = IntegerField(
        _l("Your fee"),
        validators=[InputRequired(), NumberRange(min=0)],
        description=_l("The total you would charge, in the call's currency. Nothing is paid through the platform."),
    )


class ConflictForm(Form):
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=300), SingleLine()])


class AwardForm(Form):
    application = SelectField(_l("Application to award"), coerce=int, validators=[DataRequired()])
    reason = TextAreaField(
        _l("Reason for the decision"), validators=[InputRequired(), Length(min=10, max=4000), NoControlChars()]
    )


class EmptyForm(Form):
    pass

"""Forms of the co-creation workspace (Flask-WTF, CSRF on every POST)."""

from __future__ import annotations

from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from learning_hub import vocab
from learning_hub.cocreation.services import DraftContent, PlanDetails
from learning_hub.cocreation.workshops import DEFAULT_SIDE_SHARE
from learning_hub.forms import Form, NoControlChars, SingleLine, SubForm, country_choices
from learning_hub.roundtables import quotas as q
from learning_hub.roundtables.forms import RoundtableForm
from learning_hub.roundtables.generate import ListRules

LEVELS = {
    "national": _l("National government"),
    "subnational": _l("Subnational government"),
    "legislature": _l("Legislature"),
    "other": _l("Other institution"),
}
STATUSES = {
    "cocreation": _l("Co-creation"),
    "consultation": _l("Public consultation"),
    "final": _l("Final"),
    "implementation": _l("Implementation"),
}
GROUPS = {
    "government": _l("Government"),
    "civil_society": _l("Civil society"),
    "parliament": _l("Parliament"),
    "oversight": _l("Oversight body"),
    "public": _l("Public (consultation)"),
}
ROLES = {"facilitator": _l("Facilitator"), "member": _l("Member"), "observer": _l("Observer")}
VALUES = {
    "transparency": _l("Transparency"),
    "participation": _l("Participation"),
    "accountability": _l("Accountability"),
}
RESPONSES = {"accepted": _l("Accepted"), "partly": _l("Partly accepted"), "not_accepted": _l("Not accepted")}
MILESTONE_ROWS = 5


class MultiCheckbox(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PlanForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), SingleLine()])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    level = SelectField(_l("Level"), choices=list(LEVELS.items()))
    institution = StringField(
        _l("Institution (for a subnational government, legislature or other institution)"),
        validators=[Optional(), Length(max=200), SingleLine()],
    )
    period_start = DateField(_l("Period starts"), validators=[DataRequired()])
    period_end = DateField(_l("Period ends"), validators=[DataRequired()])
    is_public = BooleanField(_l("Public: people outside the forum may read it"))
    stakeholder_group = SelectField(
        _l("Your stakeholder group"), choices=[(k, v) for k, v in GROUPS.items() if k != "public"]
    )
    submit = SubmitField(_l("Create the plan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()

    def details(self) -> PlanDetails:
        return PlanDetails(
            title=self.title.data,
            country=self.country.data,
            level=self.level.data,
            institution=self.institution.data,
            period_start=self.period_start.data,
            period_end=self.period_end.data,
            is_public=bool(self.is_public.data),
            stakeholder_group=self.stakeholder_group.data,
        )


class StatusForm(Form):
    status = SelectField(_l("Status"), choices=list(STATUSES.items()))
    is_public = BooleanField(_l("Public: people outside the forum may read it"))
    submit = SubmitField(_l("Save the status"))


class MemberForm(Form):
    email = StringField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254), SingleLine()])
    stakeholder_group = SelectField(
        _l("Stakeholder group"), choices=[(k, v) for k, v in GROUPS.items() if k != "public"]
    )
    role = SelectField(_l("Role"), choices=list(ROLES.items()), default="member")
    submit = SubmitField(_l("Add to the forum"))


class MilestoneForm(SubForm):
    deliverable = StringField(_l("Deliverable"), validators=[Optional(), Length(max=500), SingleLine()])
    lead = StringField(_l("Lead institution"), validators=[Optional(), Length(max=200), SingleLine()])
    start = DateField(_l("Start"), validators=[Optional()])
    end = DateField(_l("End"), validators=[Optional()])


class DraftForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300), SingleLine()])
    problem = TextAreaField(_l("The problem"), validators=[Optional(), Length(max=5000), NoControlChars()])
    status_quo = TextAreaField(_l("The status quo"), validators=[Optional(), Length(max=5000), NoControlChars()])
    commitment = TextAreaField(_l("The commitment"), validators=[Optional(), Length(max=5000), NoControlChars()])
    values = MultiCheckbox(_l("Open-government values it advances"), choices=list(VALUES.items()))
    values_text = TextAreaField(
        _l("How it advances transparency, participation and/or accountability"),
        validators=[Optional(), Length(max=5000), NoControlChars()],
    )
    stakeholders = TextAreaField(_l("Stakeholders"), validators=[Optional(), Length(max=2000), NoControlChars()])
    areas = MultiCheckbox(_l("Areas"))
    milestones = FieldList(FormField(MilestoneForm), min_entries=MILESTONE_ROWS, max_entries=MILESTONE_ROWS)
    submit = SubmitField(_l("Save the draft"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas.choices = list(vocab.POLICY_AREAS.items())

    def content(self) -> DraftContent:
        milestones = []
        for row in self.milestones:
            data = row.form
            if not any((data.deliverable.data, data.lead.data, data.start.data, data.end.data)):
                continue
            milestones.append(
                {
                    "deliverable": (data.deliverable.data or "").strip(),
                    "lead": (data.lead.data or "").strip(),
                    "start": data.start.data.isoformat() if data.start.data else "",
                    "end": data.end.data.isoformat() if data.end.data else "",
                }
            )
        return DraftContent(
            title=self.title.data or "",
            problem=self.problem.data or "",
            status_quo=self.status_quo.data or "",
            commitment=self.commitment.data or "",
            values=[v for v in VALUES if v in (self.values.data or [])],
            values_text=self.values_text.data or "",
            stakeholders=self.stakeholders.data or "",
            areas=[a for a in vocab.POLICY_AREAS if a in (self.areas.data or [])],
            milestones=milestones,
        )


def draft_form_data(content: dict) -> dict:
    """A draft's saved content as form data (dates as date objects, milestone rows padded)."""
    from datetime import date

    rows = []
    for m in content.get("milestones", [])[:MILESTONE_ROWS]:
        rows.append(
            {
                "deliverable": m.get("deliverable", ""),
                "lead": m.get("lead", ""),
                "start": date.fromisoformat(m["start"]) if m.get("start") else None,
                "end": date.fromisoformat(m["end"]) if m.get("end") else None,
            }
        )
    return {**content, "milestones": rows}


class CommentForm(Form):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=5000), NoControlChars()])
    submit = SubmitField(_l("Comment"))


class ResponseForm(Form):
    response = SelectField(_l("Response"), choices=list(RESPONSES.items()))
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=5000), NoControlChars()])
    submit = SubmitField(_l("Record the response"))


class ModerationForm(Form):
    decision = SelectField(choices=[("approved", _l("Publish")), ("rejected", _l("Reject"))])
    submit = SubmitField(_l("Moderate"))


class ActionForm(Form):
    """A button that acts (CSRF only)."""

    submit = SubmitField()


class WorkshopForm(RoundtableForm):
    """A roundtable's form, plus the drafts to work on and the balance between government and civil society (each
    side's minimum, a count or a share of the seats). The other quotas (gender and the rest) are the roundtable's."""

    drafts = MultiCheckbox(
        _l("Drafts to work on"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose at least one draft to work on."))],
    )
    government_min = StringField(
        _l("Government: at least"),
        default=DEFAULT_SIDE_SHARE,
        validators=[Optional(), Length(max=8), SingleLine()],
        description=_l(
            "Seats for people in government, any branch or level: a number such as 4 or a share such as 40%."
        ),
    )
    civil_society_min = StringField(
        _l("Civil society: at least"),
        default=DEFAULT_SIDE_SHARE,
        validators=[Optional(), Length(max=8), SingleLine()],
        description=_l("Seats for civil society organisations, academia and the media: a number or a share."),
    )

    def __init__(self, *args, draft_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.drafts.choices = list(draft_choices)
        self.side_rows: list[q.QuotaRow] = []

    def _check_sides(self) -> bool:
        ok = True
        seats = self.seats.data if not self.seats.errors else None
        self.side_rows = []
        for field, side in ((self.government_min, "government"), (self.civil_society_min, "civil_society")):
            try:
                bound = q.clean_bound(field.data)
                if not bound:
                    continue
                row = q.QuotaRow("side", side, bound)
                if seats is not None:
                    q.check_row(row, seats)
            except q.QuotaProblem as exc:
                field.errors = [*list(field.errors), str(exc)]
                ok = False
                continue
            self.side_rows.append(row)
        if any(row.kind == "side" for row in self.quota_rows):
            self.form_errors.append(
                _("Give the balance between government and civil society in its own fields, not as another quota.")
            )
            ok = False
        return ok

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return self._check_sides() and ok

    def rules(self) -> ListRules:
        rules = super().rules()
        return replace(rules, quotas=[*self.side_rows, *rules.quotas])

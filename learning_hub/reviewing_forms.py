"""Forms shared by the two review panels (recognition rounds, calls for experts): criteria with weights and the
panel's reviewers when a coordinator sets one up, a reviewer's scores, a conflict of interest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from learning_hub.forms import Form, NoControlChars, SingleLine, SubForm

CRITERIA_ROWS = 5


class CriterionRowForm(SubForm):
    label = StringField(_l("Criterion"), validators=[Optional(), Length(max=200), SingleLine()])
    weight = IntegerField(_l("Weight"), validators=[Optional(), NumberRange(min=1, max=100)], default=1)


class PanelFields:
    """Mixed into a coordinator's form: the criteria, the reviewers and how many read each item."""

    criteria = FieldList(FormField(CriterionRowForm), min_entries=CRITERIA_ROWS, max_entries=CRITERIA_ROWS)
    reviewers = SelectMultipleField(
        _l("Reviewers"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose the reviewers."))],
        description=_l("Registered people; each item is read by the number of reviewers below."),
    )
    per_item = IntegerField(
        _l("Reviewers per item"), validators=[InputRequired(), NumberRange(min=1, max=5)], default=2
    )

    def criteria_rows(self) -> list[tuple[str, int]]:
        return [
            (row.form.label.data.strip(), int(row.form.weight.data or 1))
            for row in self.criteria
            if (row.form.label.data or "").strip()
        ]


class ScoreFormBase(Form):
    comment = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=4000), NoControlChars()])

    def scores(self) -> dict[int, int]:
        return {int(field.name[1:]): int(field.data) for field in self.score_fields()}

    def score_fields(self):
        return [field for name, field in self._fields.items() if name.startswith("c") and name[1:].isdigit()]


def score_form(criteria, row=None, **kwargs) -> ScoreFormBase:
    """A form with one 0-10 score per criterion ("c<criterion id>"), filled with the reviewer's earlier scores."""

    class ScoreForm(ScoreFormBase):
        pass

    for criterion in criteria:
        label = f"{criterion.label} (×{criterion.weight})"
        setattr(
            ScoreForm,
            f"c{criterion.id}",
            IntegerField(label, validators=[InputRequired(), NumberRange(min=0, max=10)]),
        )
    form = ScoreForm(**kwargs)
    if row is not None and not form.is_submitted():
        for score in row.scores:
            field = form._fields.get(f"c{score.criterion_id}")
            if field is not None:
                field.data = score.score
        form.comment.data = row.comment
    return form

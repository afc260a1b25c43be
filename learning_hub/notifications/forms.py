"""Forms: mark read, channels per kind, unsubscribe confirmation, the check-in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional

from learning_hub.forms import Form, NoControlChars, SingleLine
from learning_hub.models import OUTCOMES

OUTCOME_LABELS = {
    "nothing": _l("Nothing yet"),
    "ideas": _l("Ideas"),
    "commitment": _l("A changed draft commitment"),
    "reform": _l("A reform adopted"),
    "support": _l("Support agreed"),
    "other": _l("Something else"),
}


class ActionForm(Form):
    """A button that acts (mark read, mark all read, save channels): CSRF only."""


class CheckInForm(Form):
    met = RadioField(
        _l("Did you meet?"), choices=[("yes", _l("Yes")), ("no", _l("Not yet"))], validators=[InputRequired()]
    )
    outcome = SelectField(
        _l("What came of it?"), choices=[(key, OUTCOME_LABELS[key]) for key in OUTCOMES], validators=[DataRequired()]
    )
    artefact_url = StringField(
        _l("Link to the artefact (an OGP commitment, a law, a decree, a published dataset or document)"),
        description=_l("Required for a reform adopted."),
        validators=[Optional(), URL(require_tld=True), Length(max=500), SingleLine()],
    )
    story = TextAreaField(_l("One sentence of story"), validators=[Optional(), Length(max=300), NoControlChars()])
    showcase_consent = BooleanField(_l("My sentence may be proposed for the showcase"))

"""Forms: asking for an introduction, answering, blocking, reporting, settings, writing a message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from learning_hub.forms import Form, NoControlChars
from learning_hub.introductions.conversations import BODY_MAX
from learning_hub.introductions.services import MESSAGE_MAX, MESSAGE_MIN, NOTE_MAX, PURPOSE_LABELS, REASON_MAX
from learning_hub.models.introduction import PURPOSES


def purpose_choices(allowed=PURPOSES):
    return [(key, PURPOSE_LABELS[key]) for key in PURPOSES if key in allowed]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AskForm(Form):
    purpose = RadioField(_l("What would you like from this introduction?"), validators=[DataRequired()])
    message = TextAreaField(
        _l("Your message"),
        validators=[DataRequired(), Length(min=MESSAGE_MIN, max=MESSAGE_MAX), NoControlChars()],
        description=_l(
            "In your own words (%(min)s to %(max)s characters): who you are, what you are working on, and why "
            "this person. They see your profile, not your email address, until they accept.",
            min=MESSAGE_MIN,
            max=MESSAGE_MAX,
        ),
    )
    submit = SubmitField(_l("Send the request"))


class AnswerForm(Form):
    answer = HiddenField(validators=[DataRequired(), AnyOf(("accept", "decline"))])
    reason = TextAreaField(
        _l("Reason (optional)"),
        validators=[Optional(), Length(max=REASON_MAX), NoControlChars()],
        description=_l("The person who asked will read it. A kind word helps."),
    )


class ReportForm(Form):
    note = TextAreaField(
        _l("What is wrong (optional)"),
        validators=[Optional(), Length(max=NOTE_MAX), NoControlChars()],
        description=_l("The programme coordinators read the reported words and your note, nothing else."),
    )
    submit = SubmitField(_l("Report to the coordinators"))


class SettingsForm(Form):
    open = BooleanField(_l("People may ask to be introduced to me"))
    purposes = MultiCheckboxField(_l("For these purposes"), choices=purpose_choices(), validators=[Optional()])
    submit = SubmitField(_l("Save"))


class MessageForm(Form):
    body = TextAreaField(_l("Your message"), validators=[DataRequired(), Length(max=BODY_MAX), NoControlChars()])
    submit = SubmitField(_l("Send"))


class EmptyForm(Form):
    """A button that only needs its CSRF token."""

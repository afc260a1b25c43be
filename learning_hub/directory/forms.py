"""Directory forms: my profile (details, listing, mentoring, challenges, reforms), claiming an invitation, imports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from learning_hub import vocab
from learning_hub.auth.forms import PASSWORD_RULES
from learning_hub.forms import Form, NoControlChars, SingleLine, country_choices
from learning_hub.roundtables import times

TEXT_RULES = [DataRequired(), Length(min=20, max=2000, message=_l("Use 20 to 2,000 characters.")), NoControlChars()]


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes in a list: easier than a multi-select on a phone and with a keyboard."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _blank(label) -> list[tuple[str, str]]:
    return [("", str(label))]


class DetailsForm(Form):
    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120), SingleLine()])
    country = SelectField(_l("Country"), validators=[Optional()])
    sector = SelectField(_l("Sector"), validators=[Optional()])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200), SingleLine()])
    role_title = StringField(_l("Your role"), validators=[Optional(), Length(max=200), SingleLine()])
    bio = TextAreaField(
        _l("About you"),
        validators=[Optional(), Length(max=2000), NoControlChars()],
        description=_l("A few sentences peers will read first."),
    )
    languages = MultiCheckboxField(_l("Languages you work in"))
    policy_areas = MultiCheckboxField(_l("Policy areas"))
    gender = SelectField(
        _l("Gender (private)"),
        validators=[Optional()],
        description=_l(
            "Optional. Only you see it. Organisers use it only in anonymous totals, "
            "for example to balance a roundtable."
        ),
    )
    time_zone = SelectField(
        _l("Your time zone"),
        validators=[Optional()],
        description=_l("Roundtable times are shown to you in this zone. Until you choose, your country's is used."),
    )
    submit = SubmitField(_l("Save details"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()
        self.time_zone.choices = times.zone_choices()
        self.sector.choices = _blank(_l("Choose a sector")) + vocab.choices(vocab.SECTORS)
        self.languages.choices = [(code, vocab.language_name(code)) for code in vocab.PROFILE_LANGUAGES]
        self.policy_areas.choices = vocab.choices(vocab.POLICY_AREAS)
        self.gender.choices = _blank(_l("Not given")) + vocab.choices(vocab.GENDERS)


class ListingForm(Form):
    visibility = RadioField(_l("Who can see your profile"), validators=[DataRequired()])
    consent = BooleanField(
        _l("I agree to be listed in the reformer directory"),
        description=_l(
            "You can withdraw this at any time; your profile then disappears from the directory and from suggestions."
        ),
    )
    submit = SubmitField(_l("Save listing"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.visibility.choices = vocab.choices(vocab.VISIBILITIES)


class MentoringForm(Form):
    available = BooleanField(_l("I offer mentoring"))
    capacity = IntegerField(
        _l("How many people can you mentor at a time?"), validators=[Optional(), NumberRange(min=1, max=20)]
    )
    submit = SubmitField(_l("Save mentoring"))


class ChallengeForm(Form):
    text = TextAreaField(
        _l("A challenge you face"),
        validators=TEXT_RULES,
        description=_l("In plain words, in any language: what is hard, and why."),
    )
    submit = SubmitField(_l("Save challenge"))


class ReformForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), SingleLine()])
    description = TextAreaField(_l("What did you do, and what happened?"), validators=TEXT_RULES)
    status = SelectField(_l("Status"), validators=[DataRequired()])
    start_year = IntegerField(_l("Year it started"), validators=[Optional(), NumberRange(min=1950, max=2100)])
    link = URLField(_l("A public page about it"), validators=[Optional(), Length(max=500), SingleLine()])
    submit = SubmitField(_l("Save reform"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = vocab.choices(vocab.REFORM_STATUSES)


class ClaimForm(Form):
    password = PasswordField(
        _l("Choose a password"),
        validators=PASSWORD_RULES,
        description=_l("At least 10 characters. A short sentence is easy to remember."),
    )
    confirm = PasswordField(
        _l("Repeat the password"), validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))]
    )
    visibility = RadioField(_l("Who can see your profile"), default="members", validators=[DataRequired()])
    consent = BooleanField(
        _l("List my profile in the reformer directory so that peers can find me"),
        description=_l("Optional. Without it your profile stays unlisted."),
    )
    submit = SubmitField(_l("Claim my account"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.visibility.choices = vocab.choices(vocab.VISIBILITIES)


class ImportForm(Form):
    kind = RadioField(
        _l("The file contains"),
        default="profiles",
        validators=[DataRequired()],
        choices=[("profiles", _l("People (profiles)")), ("commitments", _l("OGP commitments (reform library)"))],
    )
    file = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose a CSV file."))])
    submit = SubmitField(_l("Check the file (dry run)"))

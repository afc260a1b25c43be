"""Account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length

from learning_hub.forms import Form, SingleLine, country_choices

PASSWORD_RULES = [DataRequired(), Length(min=10, max=128, message=_l("Use 10 to 128 characters."))]


class RegisterForm(Form):
    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120), SingleLine()])
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254), SingleLine()]
    )
    country = SelectField(_l("Country"), validators=[DataRequired()])
    password = PasswordField(
        _l("Password"),
        validators=PASSWORD_RULES,
        description=_l("At least 10 characters. A short sentence is easy to remember."),
    )
    confirm = PasswordField(
        _l("Repeat the password"), validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))]
    )
    consent = BooleanField(
        _l("List my profile in the reformer directory so that other members can find me"),
        default=False,
        description=_l("Optional. You can change this at any time on your profile."),
    )
    submit = SubmitField(_l("Create my account"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), SingleLine()])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=128)])
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Sign in"))


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=128)])
    password = PasswordField(_l("New password"), validators=PASSWORD_RULES)
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Change password"))


class ForgotPasswordForm(Form):
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254), SingleLine()]
    )
    submit = SubmitField(_l("Email me a link"))


class ResetPasswordForm(Form):
    password = PasswordField(_l("New password"), validators=PASSWORD_RULES)
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Set my password"))


class ConfirmForm(Form):
    """A form with only a CSRF token and a button, for POST-only actions (log out, log out everywhere...)."""

    submit = SubmitField(_l("Confirm"))


class DeleteAccountForm(Form):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=128)])
    submit = SubmitField(_l("Delete my account"))


class TokenForm(Form):
    """A personal access token for scripts (the API)."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=80), SingleLine()],
        description=_l("What the token is for, e.g. “monthly export script”."),
    )
    scopes = SelectMultipleField(
        _l("Scopes"),
        choices=[
            ("read", _l("read: see what you can see")),
            ("write", _l("write: change your own data")),
            ("coordinate", _l("coordinate: coordinator and organiser actions")),
        ],
        default=["read"],
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validators=[DataRequired(message=_l("Choose at least one scope."))],
    )
    days = SelectField(
        _l("Expires after"), choices=[("30", _l("30 days")), ("90", _l("90 days")), ("366", _l("1 year"))], default="90"
    )
    submit = SubmitField(_l("Create token"))

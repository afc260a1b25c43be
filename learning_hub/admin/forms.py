"""Admin forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField


class RolesForm(FlaskForm):
    coordinator = BooleanField(_l("Coordinator"))
    organiser = BooleanField(_l("Organiser"))
    admin = BooleanField(_l("Administrator"))
    submit = SubmitField(_l("Save roles"))


class ActiveForm(FlaskForm):
    submit = SubmitField(_l("Change"))

"""Admin forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SubmitField

from learning_hub.forms import Form


class RolesForm(Form):
    coordinator = BooleanField(_l("Coordinator"))
    organiser = BooleanField(_l("Organiser"))
    admin = BooleanField(_l("Administrator"))
    partner = BooleanField(_l("Partner organisation staff"))
    submit = SubmitField(_l("Save roles"))


class ActiveForm(Form):
    submit = SubmitField(_l("Change"))

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from learning_hub.forms import Form


class RetrainForm(Form):
    """Refit the re-ranker now (the daily job does it as well)."""

    submit = SubmitField(_l("Retrain now"))

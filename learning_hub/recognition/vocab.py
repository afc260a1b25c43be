"""Labels of a recognition round's states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from learning_hub.models import RoundState

ROUND_STATE_LABELS = {
    RoundState.NOMINATING: _l("Taking nominations"),
    RoundState.REVIEWING: _l("Under review"),
    RoundState.DECIDED: _l("Decided"),
}

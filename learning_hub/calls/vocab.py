"""Labels of a call's and an application's states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from learning_hub.models import ApplicationState, CallState

CALL_STATE_LABELS = {
    CallState.OPEN: _l("Open for applications"),
    CallState.REVIEWING: _l("Under review"),
    CallState.DECIDED: _l("Decided"),
}

APPLICATION_STATE_LABELS = {
    ApplicationState.SUBMITTED: _l("Submitted"),
    ApplicationState.AWARDED: _l("Selected"),
    ApplicationState.NOT_AWARDED: _l("Not selected"),
}

"""Dashboard panel: the peers suggested to me in published runs, with the explanation and accept/decline forms."""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import MatchRun
from learning_hub.peer_exchange.participants import PANEL_SIZE, suggestions_for


def peer_suggestions(user):
    suggestions = suggestions_for(user, limit=PANEL_SIZE)
    if not suggestions:
        return None
    return {"suggestions": suggestions}


def peer_runs(user):
    """Coordinators: the latest match runs and where they stand."""
    runs = list(db.session.scalars(db.select(MatchRun).order_by(MatchRun.id.desc()).limit(3)))
    return {"runs": runs}

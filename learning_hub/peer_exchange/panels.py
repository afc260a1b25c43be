"""Dashboard panel: the peers suggested to me in published runs, with the explanation and accept/decline forms."""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.main.dashboard import panel
from learning_hub.models import MatchRun
from learning_hub.peer_exchange.participants import PANEL_SIZE, suggestions_for


@panel("peer_suggestions", template="peer_exchange/_panel_suggestions.html", roles=("reformer",), order=30)
def peer_suggestions(user):
    suggestions = suggestions_for(user, limit=PANEL_SIZE)
    if not suggestions:
        return None
    return {"suggestions": suggestions}


@panel("peer_runs", template="peer_exchange/_panel_runs.html", roles=("coordinator",), order=10)
def peer_runs(user):
    """Coordinators: the latest match runs and where they stand."""
    runs = list(db.session.scalars(db.select(MatchRun).order_by(MatchRun.id.desc()).limit(3)))
    return {"runs": runs}

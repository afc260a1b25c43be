"""Helpers of these tests (plain functions and data; the fixtures stay in conftest.py)."""

from __future__ import annotations

from datetime import datetime

from learning_hub.extensions import db
from learning_hub.models import MatchPair, MatchRun
from learning_hub.models.peer_exchange import pair_key

T0 = datetime(2026, 3, 2, 9, 0)  # a Monday: the pair was introduced then


def make_introduced_pair(a, b, *, at=T0, run_name="Cohort spring 2026", run=None) -> MatchPair:
    """A published run whose pair of `a` and `b` (Users) both accepted at `at`."""
    if run is None:
        run = MatchRun(name=run_name, status="published", published_at=at)
        db.session.add(run)
        db.session.flush()
    pair = MatchPair(
        run_id=run.id,
        pair_key=pair_key(a.profile.id, b.profile.id),
        a_profile_id=a.profile.id,
        b_profile_id=b.profile.id,
        a_country=a.profile.country,
        b_country=b.profile.country,
        score=0.8,
        a_response="accepted",
        b_response="accepted",
        introduced_at=at,
    )
    db.session.add(pair)
    db.session.commit()
    return pair

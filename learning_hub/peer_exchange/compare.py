"""Two runs side by side: the pairs kept, added and dropped (active pairs, by the two people), and the figures."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from learning_hub.extensions import db
from learning_hub.models import MatchPair, MatchRun, User
from learning_hub.models.peer_exchange import ACTIVE_PAIR_STATES
from learning_hub.peer_exchange.services import get_run, pair_query

FIGURES = (
    ("objective", _l("Total score of the list")),
    ("upper_bound", _l("Highest total that could be possible")),
    ("greedy_objective", _l("Total of a simple pair-by-pair choice")),
    ("people", _l("People in the cohort")),
    ("matchable_people", _l("People with at least one possible partner")),
    ("matched_people", _l("People matched when the engine finished")),
    ("full_people", _l("People with all their pairs")),
    ("min_pair_score", _l("Weakest pair's score")),
    ("violations", _l("Rules broken")),
    ("seconds", _l("Time taken, in seconds")),
)


@dataclass(frozen=True)
class Comparison:
    a: MatchRun
    b: MatchRun
    kept: list[tuple[MatchPair, MatchPair]]
    added: list[MatchPair]
    dropped: list[MatchPair]
    figures: list[tuple[str, object, object, object]]


def _active(run: MatchRun) -> dict[str, MatchPair]:
    pairs = db.session.scalars(pair_query(run).where(MatchPair.state.in_(ACTIVE_PAIR_STATES)))
    # A pair with an erased side has no key any more: it can only be "added" or "dropped", never matched.
    return {pair.pair_key or f"#{pair.id}": pair for pair in pairs}


def _difference(x, y):
    if isinstance(x, (int, float)) and isinstance(y, (int, float)) and not isinstance(x, bool):
        return round(y - x, 6)
    return None


def compare(actor: User, a_id: int, b_id: int) -> Comparison:
    a, b = get_run(actor, a_id), get_run(actor, b_id)
    left, right = _active(a), _active(b)
    kept = sorted(((left[k], right[k]) for k in left.keys() & right.keys()), key=lambda p: (-p[1].score, p[1].id))
    added = sorted((right[k] for k in right.keys() - left.keys()), key=lambda p: (-p.score, p.id))
    dropped = sorted((left[k] for k in left.keys() - right.keys()), key=lambda p: (-p.score, p.id))
    figures = [
        (str(label), getattr(a, key), getattr(b, key), _difference(getattr(a, key), getattr(b, key)))
        for key, label in FIGURES
    ]
    return Comparison(a, b, kept, added, dropped, figures)


def run_choices(actor: User, limit: int = 200) -> list[tuple[int, str]]:
    runs = db.session.scalars(db.select(MatchRun).order_by(MatchRun.id.desc()).limit(limit))
    return [(run.id, f"#{run.id} {run.name or ''}".strip()) for run in runs]

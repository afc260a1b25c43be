"""What the peer exchange holds about a person, for "download my data" and account deletion.

Deletion keeps the coordinators' history truthful without the person: in every pair they were part of, the link to
their profile, their sector, the sentence quoted from their text and their answer are removed, so the pair shows as
"former member" with its score, the other person's side and the country (kept for the run's country figures). Their
held pairs and run memberships are deleted, their id is taken out of the runs' carried lock and exclude lists (SQLite
may reuse the id of a deleted row), and runs they created or published lose the link to their account.
"""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import HeldPair, MatchPair, MatchRun, MatchRunMember, Profile


def _iso(value):
    return value.isoformat() + "Z" if value else None


def export_peer_exchange(user) -> dict:
    runs_created = list(
        db.session.scalars(db.select(MatchRun.id).where(MatchRun.created_by_id == user.id).order_by(MatchRun.id))
    )
    profile = user.profile
    if profile is None:
        return {"pairs": [], "held_pairs": [], "runs_created": runs_created}
    pid = profile.id
    pairs = []
    for pair in db.session.scalars(
        db.select(MatchPair)
        .where((MatchPair.a_profile_id == pid) | (MatchPair.b_profile_id == pid))
        .order_by(MatchPair.id)
    ):
        side = pair.side_of(pid)
        peer = pair.b_profile if side == "a" else pair.a_profile
        pairs.append(
            {
                "run": pair.run_id,
                "run_status": pair.run.status,
                "pair_state": pair.state,
                "score": pair.score,
                "your_text_quoted": pair.a_excerpt if side == "a" else pair.b_excerpt,
                "your_answer": pair.a_response if side == "a" else pair.b_response,
                "answered_at": _iso(pair.a_responded_at if side == "a" else pair.b_responded_at),
                "introduced_at": _iso(pair.introduced_at),
                # The other person is named only once you were introduced to each other (both accepted).
                "peer": peer.display_name if pair.introduced_at and peer is not None else None,
            }
        )
    held = []
    for row in db.session.scalars(
        db.select(HeldPair)
        .where((HeldPair.low_profile_id == pid) | (HeldPair.high_profile_id == pid))
        .order_by(HeldPair.id)
    ):
        other = db.session.get(Profile, row.high_profile_id if row.low_profile_id == pid else row.low_profile_id)
        held.append({"with": other.display_name if other else None, "held_at": _iso(row.held_at)})
    return {"pairs": pairs, "held_pairs": held, "runs_created": runs_created}


def _without(pairs, pid: int) -> list:
    return [p for p in pairs or [] if pid not in p]


def erase_peer_exchange(user) -> None:
    db.session.execute(db.update(MatchRun).where(MatchRun.created_by_id == user.id).values(created_by_id=None))
    db.session.execute(db.update(MatchRun).where(MatchRun.published_by_id == user.id).values(published_by_id=None))
    profile = user.profile
    if profile is None:
        return
    pid = profile.id
    for side in ("a", "b"):
        column = getattr(MatchPair, f"{side}_profile_id")
        excerpt = "a_excerpt" if side == "a" else "b_excerpt"
        db.session.execute(
            db.update(MatchPair)
            .where(column == pid)
            .values(
                **{
                    f"{side}_profile_id": None,
                    f"{side}_sector": None,
                    excerpt: "",
                    f"{side}_response": None,
                    f"{side}_responded_at": None,
                    "pair_key": None,
                }
            )
        )
    db.session.execute(db.delete(HeldPair).where((HeldPair.low_profile_id == pid) | (HeldPair.high_profile_id == pid)))
    db.session.execute(db.delete(MatchRunMember).where(MatchRunMember.profile_id == pid))
    for run in db.session.scalars(db.select(MatchRun)):
        excluded, locked = _without(run.exclude_pairs, pid), _without(run.lock_pairs, pid)
        if excluded != (run.exclude_pairs or []) or locked != (run.lock_pairs or []):
            run.exclude_pairs, run.lock_pairs = excluded, locked

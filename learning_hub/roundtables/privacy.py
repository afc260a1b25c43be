"""What roundtables hold about a person, for "download my data" and account deletion.

Deletion keeps the organisers' attendance history truthful without the person: each list row they were on loses its
link to their profile, the sentence quoted from their text, its shared terms and the answer link's nonce, and keeps
only its country and sector snapshot, relevance and answer (so past roundtables still count who came). For roundtables
that have not started, their place is withdrawn and an accepted seat is given back (atomically), so the organiser
sees a free seat to offer. Their id leaves every roundtable's pins and exclusions (SQLite may reuse a deleted row's
id), and roundtables they created lose the link to their account. In the record of a fair draw their id becomes an
anonymous label ("erased-1", ...), the same everywhere in that record, so the draw can still be checked against its
seed while nothing in it points to them.
"""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import Roundtable, RoundtableInvitee, utcnow
from learning_hub.models.roundtable import Rsvp


def _iso(value):
    return value.isoformat() + "Z" if value else None


def export_roundtables(user) -> dict:
    created = [
        {"id": rt_id, "title": title}
        for rt_id, title in db.session.execute(
            db.select(Roundtable.id, Roundtable.title)
            .where(Roundtable.created_by_id == user.id)
            .order_by(Roundtable.id)
        )
    ]
    profile = user.profile
    if profile is None:
        return {"lists": [], "roundtables_created": created}
    lists = []
    for row in db.session.scalars(
        db.select(RoundtableInvitee).where(RoundtableInvitee.profile_id == profile.id).order_by(RoundtableInvitee.id)
    ):
        roundtable = db.session.get(Roundtable, row.roundtable_id)
        lists.append(
            {
                "roundtable": roundtable.title,
                "starts_at": _iso(roundtable.starts_at),
                "time_zone": roundtable.time_zone,
                "list": row.list_role,
                "rank": row.rank,
                "relevance": row.relevance,
                "pinned": row.pinned,
                "your_text_quoted": row.excerpt,
                "shared_terms": list(row.terms),
                "answer": row.rsvp,
                "invited_at": _iso(row.invited_at),
                "answered_at": _iso(row.responded_at),
                "reminders": row.reminder_count,
            }
        )
    key = str(profile.id)
    chances = [
        {
            "roundtable": roundtable.title,
            "chance": roundtable.draw["probabilities"][key],
            "invitations_earlier_in_series": (roundtable.draw.get("past") or {}).get(key, 0),
            "drawn_at": roundtable.draw.get("drawn_at"),
            "seed": roundtable.draw.get("seed"),
        }
        for roundtable in db.session.scalars(db.select(Roundtable).order_by(Roundtable.id))
        if key in ((roundtable.draw or {}).get("probabilities") or {})
    ]
    return {"lists": lists, "lottery_chances": chances, "roundtables_created": created}


def erase_roundtables(user) -> None:
    db.session.execute(db.update(Roundtable).where(Roundtable.created_by_id == user.id).values(created_by_id=None))
    profile = user.profile
    if profile is None:
        return
    pid, now = profile.id, utcnow()
    upcoming = db.select(Roundtable.id).where(Roundtable.starts_at > now).scalar_subquery()
    accepted_ahead = list(
        db.session.scalars(
            db.select(RoundtableInvitee.roundtable_id).where(
                RoundtableInvitee.profile_id == pid,
                RoundtableInvitee.rsvp == Rsvp.ACCEPTED,
                RoundtableInvitee.roundtable_id.in_(upcoming),
            )
        )
    )
    for roundtable_id in accepted_ahead:
        db.session.execute(
            db.update(Roundtable)
            .where(Roundtable.id == roundtable_id, Roundtable.seats_taken > 0)
            .values(seats_taken=Roundtable.seats_taken - 1)
        )
    db.session.execute(
        db.update(RoundtableInvitee)
        .where(
            RoundtableInvitee.profile_id == pid,
            RoundtableInvitee.roundtable_id.in_(upcoming),
            RoundtableInvitee.rsvp.in_((Rsvp.NONE, Rsvp.PENDING, Rsvp.ACCEPTED)),
        )
        .values(rsvp="withdrawn")
    )
    db.session.execute(
        db.update(RoundtableInvitee)
        .where(RoundtableInvitee.profile_id == pid)
        .values(profile_id=None, excerpt="", terms=[], rsvp_nonce=None)
    )
    for roundtable in db.session.scalars(db.select(Roundtable)):
        pins = [p for p in roundtable.pins or [] if p != pid]
        excludes = [p for p in roundtable.excludes or [] if p != pid]
        if pins != (roundtable.pins or []) or excludes != (roundtable.excludes or []):
            roundtable.pins, roundtable.excludes = pins, excludes
        if roundtable.draw and str(pid) in (roundtable.draw.get("probabilities") or {}):
            roundtable.draw = _anonymised_draw(roundtable.draw, str(pid))


def _anonymised_draw(draw: dict, pid: str) -> dict:
    """The draw record with this profile id replaced by a fresh anonymous label."""
    taken = sum(1 for key in draw.get("probabilities", {}) if key.startswith("erased-"))
    label = f"erased-{taken + 1}"

    def swap(value: str) -> str:
        return label if value == pid else value

    out = dict(draw)
    out["probabilities"] = {swap(k): v for k, v in draw.get("probabilities", {}).items()}
    out["past"] = {swap(k): v for k, v in (draw.get("past") or {}).items()}
    out["panel"] = [swap(x) for x in draw.get("panel") or []]
    out["panels"] = [[swap(x) for x in panel] for panel in draw.get("panels") or []]
    return out

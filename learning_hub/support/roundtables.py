"""Partner roundtables: a roundtable started from two or more support requests, with partner seats the engine
proposes for them and the reformers behind the requests on the list.

The event is an ordinary roundtable (roundtables/services.py makes its list of people through the engine, under the
organiser's quotas, with its waiting list). The reformers who asked for support are pinned on that list when they are
listed in the directory (the engine then fills the other seats under the quotas); a reformer who is not listed cannot
be pinned and is named on the form's result instead of being invited behind their back; a requester the organiser
excludes stays excluded.

Partner seats come from brokering: for each request, the `PER_NEED` offers the engine ranks closest (only offers that
are active, not expired and serve the request's country are candidates, decided before ranking). An offer that fits
several requests takes one seat, for the request it fits best. Each seat keeps its reason: the offer, the request and
the two sentences that matched. The ranking reads cached vectors only and runs before the write, which is one
transaction through `roundtables.services.create(attach=...)`: the roundtable, its list, its requests and its partner
seats are saved together or not at all.

Who may start one: organisers and admins (the roundtable's own pages are theirs). Only requests their requesters
share with partners, still open or being brokered, can be chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask_babel import gettext as _
from sqlalchemy import select

from learning_hub.errors import NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import PartnerRoundtableNeed, PartnerRoundtableSeat, Roundtable, SupportRequest
from learning_hub.roundtables import people as people_mod
from learning_hub.roundtables import services as roundtables
from learning_hub.roundtables.generate import ListRules
from learning_hub.support import brokering, services

PER_NEED = 2  # offers proposed for each request
MIN_NEEDS = 2


def can_start(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (user.is_admin or user.has_role("organiser"))


def choosable_needs() -> list[SupportRequest]:
    return services.shared_needs()


@dataclass(frozen=True)
class ProposedSeat:
    offer_id: int
    need_id: int
    score: float
    need_sentence: str
    offer_sentence: str


def propose_seats(needs: list[SupportRequest], per_need: int = PER_NEED) -> list[ProposedSeat]:
    """The partner seats for these requests, best first: each request's closest eligible offers, one seat per offer
    (kept for the request it fits best; on a tie, the request chosen first)."""
    best: dict[int, ProposedSeat] = {}
    for need in needs:
        for fit in brokering.offers_for_need(need, k=per_need):
            seat = ProposedSeat(fit.offer.id, need.id, fit.score, fit.need_sentence, fit.offer_sentence)
            held = best.get(seat.offer_id)
            if held is None or seat.score > held.score:
                best[seat.offer_id] = seat
    return sorted(best.values(), key=lambda s: (-s.score, s.offer_id))


def chosen_needs(need_ids: list[int]) -> list[SupportRequest]:
    wanted = list(dict.fromkeys(need_ids))
    if len(wanted) < MIN_NEEDS:
        raise ValidationError(_("Choose at least two support requests."), field="needs")
    by_id = {need.id: need for need in choosable_needs()}
    if any(need_id not in by_id for need_id in wanted):
        raise NotFound(_("No such support request."))
    return [by_id[need_id] for need_id in wanted]


@dataclass(frozen=True)
class Started:
    roundtable: Roundtable
    unlisted: list[SupportRequest]  # requests whose requester is not listed in the directory (not pinned)


def start(user, need_ids: list[int], details: roundtables.Details, rules: ListRules) -> Started:
    """A roundtable for these requests: its list (the requesters pinned), its requests and its partner seats."""
    if not can_start(user):
        raise NotFound(_("No such support request."))
    needs = chosen_needs(need_ids)
    seats = propose_seats(needs)  # cached vectors only, before anything is written
    listed = {c.profile_id for c in people_mod.load_candidates([n.requester_id for n in needs])}
    excluded = set(rules.excludes)  # the organiser's exclusion wins over pinning a requester
    reformers = [n.requester_id for n in needs if n.requester_id in listed and n.requester_id not in excluded]
    rules = replace(rules, pins=list(dict.fromkeys([*rules.pins, *reformers])))
    user_id = user.id

    def attach(roundtable: Roundtable) -> None:
        db.session.add_all(
            PartnerRoundtableNeed(roundtable_id=roundtable.id, need_id=need.id, created_by_id=user_id) for need in needs
        )
        db.session.add_all(
            PartnerRoundtableSeat(
                roundtable_id=roundtable.id,
                offer_id=seat.offer_id,
                need_id=seat.need_id,
                rank=rank,
                score=round(float(seat.score), 6),
                need_sentence=seat.need_sentence,
                offer_sentence=seat.offer_sentence,
            )
            for rank, seat in enumerate(seats, 1)
        )

    roundtable = roundtables.create(user, details, rules, attach=attach)
    return Started(roundtable, [n for n in needs if n.requester_id not in listed])


@dataclass(frozen=True)
class PartnerView:
    needs: list[SupportRequest]
    seats: list[PartnerRoundtableSeat]


def partner_view(roundtable_id: int) -> PartnerView | None:
    """The requests and partner seats of a partner roundtable (None for any other roundtable)."""
    needs = list(
        db.session.scalars(
            select(SupportRequest)
            .join(PartnerRoundtableNeed, PartnerRoundtableNeed.need_id == SupportRequest.id)
            .where(PartnerRoundtableNeed.roundtable_id == roundtable_id)
            .order_by(SupportRequest.id)
        ).unique()
    )
    if not needs:
        return None
    seats = list(
        db.session.scalars(
            select(PartnerRoundtableSeat)
            .where(PartnerRoundtableSeat.roundtable_id == roundtable_id)
            .order_by(PartnerRoundtableSeat.rank)
        ).unique()
    )
    return PartnerView(needs, seats)

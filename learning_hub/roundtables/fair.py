"""Fair lotteries for roundtables: the series' history, no-show rates from past answers, and the recorded draw.

A roundtable may belong to a series (a name shared by a programme's roundtables). With the fair lottery, the engine
computes a probability distribution over quota-feasible panels that maximises the smallest chance among eligible
people (matching.fair_lottery); when earlier roundtables of the series invited people, their invitations count
(matching.fair_series maximises the smallest past + expected invitations), so someone invited before never has a
higher chance than an equally eligible person never invited. The panel is drawn with a seed the app records, with the
distribution itself: anyone holding the record can check that the seed gives the panel
(`numpy.random.default_rng(seed).choice(len(weights), p=weights)` picks the panel).

The waiting list comes from matching.choose_alternates, with no-show rates measured on the app's own invitations:
among invitations sent for roundtables whose answer deadline has passed, the share declined or left unanswered, per
country and per sector. A group with fewer than ROUNDTABLE_NO_SHOW_MIN_HISTORY such invitations takes
ROUNDTABLE_NO_SHOW_DEFAULT instead; a person takes the highest rate among their groups.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from flask import current_app

from learning_hub.extensions import db
from learning_hub.models import Roundtable, RoundtableInvitee, utcnow
from learning_hub.models.roundtable import Rsvp
from matching import Person, choose_alternates, fair_lottery, fair_series, no_show_rates

DEFAULT_NO_SHOW = 0.2
DEFAULT_MIN_HISTORY = 10
ALTERNATE_SIMULATIONS = 500


def new_seed() -> int:
    return secrets.randbits(52)  # fits a JSON number exactly (below 2^53)


def series_history(series: str | None, starts_at: datetime | None, roundtable_id: int | None) -> dict[int, int]:
    """profile id -> invitations at earlier roundtables of the series (listed as invitees; the roundtable itself
    excluded). Earlier: starting before this one."""
    if not series:
        return {}
    query = (
        db.select(RoundtableInvitee.profile_id)
        .join(Roundtable, Roundtable.id == RoundtableInvitee.roundtable_id)
        .where(
            Roundtable.series == series,
            RoundtableInvitee.list_role == "invitee",
            RoundtableInvitee.profile_id.is_not(None),
        )
    )
    if starts_at is not None:
        query = query.where(Roundtable.starts_at < starts_at)
    if roundtable_id is not None:
        query = query.where(Roundtable.id != roundtable_id)
    return dict(Counter(db.session.scalars(query)))


def no_show_groups(now: datetime | None = None) -> tuple[dict[tuple[str, str], float], dict]:
    """((column, value) -> measured rate for groups with enough history, figures for the report)."""
    now = now or utcnow()
    least = int(current_app.config.get("ROUNDTABLE_NO_SHOW_MIN_HISTORY", DEFAULT_MIN_HISTORY))
    rows = db.session.execute(
        db.select(RoundtableInvitee.country, RoundtableInvitee.sector, RoundtableInvitee.rsvp)
        .join(Roundtable, Roundtable.id == RoundtableInvitee.roundtable_id)
        .where(
            RoundtableInvitee.list_role == "invitee",
            RoundtableInvitee.invited_at.is_not(None),
            RoundtableInvitee.rsvp.in_((Rsvp.PENDING, Rsvp.ACCEPTED, Rsvp.DECLINED)),
            Roundtable.invitation_deadline < now,
        )
    ).all()
    sent: Counter[tuple[str, str]] = Counter()
    missed: Counter[tuple[str, str]] = Counter()
    for country, sector, answer in rows:
        for key in (("country", country), ("sector", sector)):
            if key[1]:
                sent[key] += 1
                missed[key] += answer != "accepted"
    measured = {key: missed[key] / n for key, n in sent.items() if n >= least}
    return measured, {"invitations": len(rows), "min_history": least, "measured_groups": len(measured)}


def default_rate() -> float:
    return float(current_app.config.get("ROUNDTABLE_NO_SHOW_DEFAULT", DEFAULT_NO_SHOW))


def person_rates(persons: Sequence[Person], measured: dict[tuple[str, str], float]) -> dict[str, float]:
    """id -> no-show rate: the highest among the person's country and sector (measured, else the default)."""
    fallback = default_rate()
    triples = []
    for column in ("country", "sector"):
        for value in sorted({getattr(p, column) for p in persons if getattr(p, column)}):
            triples.append((column, value, measured.get((column, value), fallback)))
    rates = no_show_rates(persons, triples)
    return {p.id: rates[p.id] if (p.country or p.sector) else fallback for p in persons}


def draw(
    persons: Sequence[Person],
    scores,
    seats: int,
    *,
    quotas,
    max_per,
    pins: Sequence[str],
    exclude: Sequence[str],
    history: dict[str, float],
    load: dict[str, float],
    max_load: int | None,
    seed: int,
):
    """(the engine's FairLottery, which engine function made it). With a history and no pins the series' maximin
    (fair_series) is used; fair_series takes no pins or ledger, so people at the load cap are passed as excluded."""
    if history and not pins:
        at_cap = [p.id for p in persons if max_load is not None and load.get(p.id, 0.0) >= max_load]
        series = fair_series(
            persons,
            [scores],
            seats,
            quotas=quotas,
            max_per=max_per,
            exclude=list(dict.fromkeys([*exclude, *at_cap])),
            history=history,
            seed=seed,
        )
        return series.rounds[0], "fair_series", series.cumulative
    lottery = fair_lottery(
        persons,
        scores,
        seats,
        quotas=quotas,
        max_per=max_per,
        pins=pins,
        exclude=exclude,
        history=history or None,
        seed=seed,
        load=load,
        max_load=max_load,
    )
    return lottery, "fair_lottery", None


def alternates(persons, panel, candidates, rates, length, *, quotas, max_per, seats, relevance, seed):
    return choose_alternates(
        persons,
        panel,
        candidates,
        rates,
        length,
        quotas=quotas,
        max_per=max_per,
        seats=seats,
        relevance=relevance,
        seed=seed,
        simulations=ALTERNATE_SIMULATIONS,
    )

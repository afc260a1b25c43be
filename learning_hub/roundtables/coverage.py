"""How the current list meets its quotas, and the chart that shows it without JavaScript.

Counts come from the people now holding or offered a seat (after declines and promotions) and from those who accepted,
read from their profiles (country, sector and, for gender quotas, gender) with the list's snapshot for anyone who has
left. Gender appears only here, as counts over the whole list: never as a property of one person.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _

from learning_hub import vocab
from learning_hub.extensions import db
from learning_hub.models import Profile, Roundtable, RoundtableInvitee
from learning_hub.models.roundtable import Rsvp
from learning_hub.roundtables import quotas as q
from matching import Constraints, Person

WIDTH, LABEL_WIDTH, BAR_HEIGHT, ROW_GAP = 640, 240, 22, 14


@dataclass(frozen=True)
class QuotaLine:
    words: str  # the quota in plain words
    title: str  # who it is for, capitalised
    min: int | None
    max: int | None
    on_list: int
    accepted: int

    @property
    def holds(self) -> bool:
        return (self.min is None or self.on_list >= self.min) and (self.max is None or self.on_list <= self.max)


def _persons(rows: list[RoundtableInvitee]) -> list[Person]:
    ids = [r.profile_id for r in rows if r.profile_id is not None]
    profiles = {p.id: p for p in db.session.scalars(db.select(Profile).where(Profile.id.in_(ids)))} if ids else {}
    out = []
    for r in rows:
        p = profiles.get(r.profile_id)
        sector = (p.sector if p else r.sector) or ""
        out.append(
            Person(
                id=str(r.id),
                country=(p.country if p else r.country) or "",
                sector=sector,
                gender=(p.gender if p else "") or "",
                attributes={"side": q.side_of(sector)},
            )
        )
    return out


def current_rows(roundtable: Roundtable) -> list[RoundtableInvitee]:
    return list(
        db.session.scalars(
            db.select(RoundtableInvitee).where(
                RoundtableInvitee.roundtable_id == roundtable.id,
                RoundtableInvitee.list_role == "invitee",
                RoundtableInvitee.rsvp.in_((Rsvp.NONE, Rsvp.PENDING, Rsvp.ACCEPTED)),
            )
        )
    )


def quota_lines(roundtable: Roundtable) -> list[QuotaLine]:
    rows = current_rows(roundtable)
    quota_rows = q.rows_of(roundtable.quotas)
    limits = q.engine_quotas(quota_rows, roundtable.seats)
    persons = _persons(rows)
    cons = Constraints(persons, limits, q.max_per(roundtable.max_per_country))
    on_list = cons.counts(range(len(rows)))
    accepted = cons.counts(i for i, r in enumerate(rows) if r.rsvp == Rsvp.ACCEPTED)
    lines = [
        QuotaLine(
            q.restate(row, roundtable.seats),
            q.group_title(row),
            limit.min,
            limit.max,
            int(on_list[k]),
            int(accepted[k]),
        )
        for k, (row, limit) in enumerate(zip(quota_rows, limits, strict=False))
    ]
    if roundtable.max_per_country:
        by_country = Counter(p.country for p in persons if p.country)
        largest = max(by_country.values(), default=0)
        accepted_by = Counter(
            p.country for p, r in zip(persons, rows, strict=False) if p.country and r.rsvp == Rsvp.ACCEPTED
        )
        lines.append(
            QuotaLine(
                q.restate_max_per(roundtable.max_per_country),
                _("Largest country group"),
                None,
                roundtable.max_per_country,
                largest,
                max(accepted_by.values(), default=0),
            )
        )
    return lines


def composition(roundtable: Roundtable) -> dict:
    """Countries and sectors on the current list, and gender as three aggregate counts (small groups merged so that
    no count points at one person more than it must)."""
    persons = _persons(current_rows(roundtable))
    genders = Counter(p.gender for p in persons)
    return {
        "countries": Counter(p.country for p in persons if p.country).most_common(),
        "sectors": Counter(p.sector for p in persons if p.sector).most_common(),
        "gender": [
            (_("Women"), genders.get("woman", 0)),
            (_("Men"), genders.get("man", 0)),
            (_("Other or not stated"), len(persons) - genders.get("woman", 0) - genders.get("man", 0)),
        ],
        "partners": sum(1 for p in persons if p.sector == vocab.PARTNER_SECTOR),
        "size": len(persons),
    }


def chart(lines: list[QuotaLine], seats: int) -> dict:
    """Horizontal bars (people on the list; accepted drawn inside), with the minimum and maximum marked."""
    span = WIDTH - LABEL_WIDTH - 60
    scale = span / max(seats, 1)
    rows = []
    for index, line in enumerate(lines):
        y = 12 + index * (BAR_HEIGHT + ROW_GAP)
        rows.append(
            {
                "label": line.title if len(line.title) <= 34 else line.title[:33].rstrip() + "…",
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": round(line.on_list * scale, 1),
                "accepted_width": round(line.accepted * scale, 1),
                "accepted_y": y + BAR_HEIGHT * 0.3,
                "accepted_height": BAR_HEIGHT * 0.4,
                "min_x": round(LABEL_WIDTH + line.min * scale, 1) if line.min is not None else None,
                "max_x": round(LABEL_WIDTH + line.max * scale, 1) if line.max is not None else None,
                "value_x": round(LABEL_WIDTH + line.on_list * scale + 6, 1),
                "line": line,
            }
        )
    height = 24 + len(lines) * (BAR_HEIGHT + ROW_GAP)
    return {
        "width": WIDTH,
        "height": max(height, 50),
        "label_x": LABEL_WIDTH - 8,
        "axis_x": LABEL_WIDTH,
        "rows": rows,
        "bar_height": BAR_HEIGHT,
        "axis_end": LABEL_WIDTH + span,
        "ticks": [{"x": round(LABEL_WIDTH + n * scale, 1), "label": n} for n in _ticks(seats)],
        "tick_y": height - 4,
    }


def _ticks(seats: int) -> list[int]:
    step = max(1, round(seats / 6))
    values = list(range(0, seats + 1, step))
    if values[-1] != seats:
        values.append(seats)
    return values

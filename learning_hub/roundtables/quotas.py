"""Quotas as organisers write them, as the engine reads them, and in plain words.

An organiser's quota is a row {kind, value, min, max}: kind is country, sector, gender, partner (technical and
financial partners, a sector of their own in vocab.SECTORS) or side (government or civil society, each a group of
sectors: `side_of`, handed to the engine as the person's "side" attribute), min and max a seat count ("2") or a share
of the seats ("40%"), either one empty. The engine reads `COLUMN=VALUE:MIN-MAX` specs (matching.parse_quota); its
labels are those specs, so its diagnosis of an infeasible list maps back to the organiser's rows and is restated here
in their words, with the bound to relax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from learning_hub import vocab
from learning_hub.errors import ValidationError
from matching import InfeasibleError, InputError, MaxPer, Quota, parse_quota

KINDS = ("country", "sector", "gender", "partner", "side")
GENDER_QUOTA_VALUES = ("woman", "man", "non_binary")
SIDES = ("government", "civil_society")
# Civil society in the broad sense open-government forums use: organisations, academia and the media.
CIVIL_SOCIETY_SECTORS = frozenset({"civil_society", "academia", "media"})


def side_of(sector: str | None) -> str:
    """'government', 'civil_society' or '' (partners, the private sector, unknown) for a profile's sector."""
    if sector in vocab.GOVERNMENT_SECTORS:
        return "government"
    if sector in CIVIL_SOCIETY_SECTORS:
        return "civil_society"
    return ""


_BOUND = re.compile(r"^\s*(\d{1,3})\s*(%?)\s*$")


class QuotaProblem(ValueError):
    """A quota row that cannot be used as written; the message says why."""


@dataclass(frozen=True)
class QuotaRow:
    kind: str
    value: str
    min: str = ""
    max: str = ""

    @property
    def column(self) -> str:
        return "sector" if self.kind == "partner" else self.kind

    @property
    def engine_value(self) -> str:
        return vocab.PARTNER_SECTOR if self.kind == "partner" else self.value

    @property
    def spec(self) -> str:
        return f"{self.column}={self.engine_value}:{self.min}-{self.max}"

    @property
    def is_private(self) -> bool:
        """Gender quotas are shown only in aggregate, never as a property of one person."""
        return self.kind == "gender"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "min": self.min, "max": self.max}

    @classmethod
    def from_dict(cls, data: dict) -> QuotaRow:
        return cls(data["kind"], data.get("value") or "", data.get("min") or "", data.get("max") or "")


def clean_bound(text: str | None) -> str:
    """'' or a whole count ('3') or a share ('40%'); anything else is a QuotaProblem."""
    text = (text or "").strip()
    if not text:
        return ""
    match = _BOUND.match(text)
    if not match:
        raise QuotaProblem(_("Write a number of seats such as 2, or a share such as 40%."))
    number, percent = int(match.group(1)), match.group(2)
    if percent and number > 100:
        raise QuotaProblem(_("A share cannot be more than 100%."))
    return f"{number}{percent}"


def check_value(kind: str, value: str) -> None:
    if kind == "country" and not vocab.is_country(value):
        raise QuotaProblem(_("Choose a country."))
    if kind == "sector" and (value not in vocab.SECTORS or value == vocab.PARTNER_SECTOR):
        raise QuotaProblem(_("Choose a sector (partners have a quota kind of their own)."))
    if kind == "gender" and value not in GENDER_QUOTA_VALUES:
        raise QuotaProblem(_("Choose a gender."))
    if kind == "side" and value not in SIDES:
        raise QuotaProblem(_("Choose government or civil society."))
    if kind not in KINDS:
        raise QuotaProblem(_("Choose who the quota is for."))


def to_engine(row: QuotaRow, seats: int) -> Quota:
    """The engine's quota, percentages resolved against the seats (minimums round up, maximums down)."""
    try:
        return parse_quota(row.spec, seats)
    except InfeasibleError:
        raise QuotaProblem(
            _(
                "%(share)s of %(seats)s seats leaves no whole number of seats between the minimum and "
                "the maximum; widen it.",
                share=f"{row.min}-{row.max}",
                seats=seats,
            )
        ) from None
    except InputError:
        raise QuotaProblem(_("The minimum is above the maximum.")) from None


def check_row(row: QuotaRow, seats: int) -> Quota:
    """Validate one row against the seats; the engine's quota when it is usable."""
    check_value(row.kind, row.value)
    if not row.min and not row.max:
        raise QuotaProblem(_("Give a minimum, a maximum or both."))
    quota = to_engine(row, seats)
    for bound in (quota.min, quota.max):
        if bound is not None and bound > seats:
            raise QuotaProblem(_("There are only %(seats)s seats.", seats=seats))
    return quota


def group(row: QuotaRow) -> str:
    """Who the quota is for, in words: 'people from Kenya', 'women', 'technical and financial partners'."""
    if row.kind == "country":
        return _("people from %(country)s", country=vocab.country_name(row.value))
    if row.kind == "partner":
        return _("technical and financial partners")
    if row.kind == "gender":
        return {"woman": _("women"), "man": _("men"), "non_binary": _("non-binary people")}.get(row.value, row.value)
    if row.kind == "side":
        return (
            _("people in government")
            if row.value == "government"
            else _("people from civil society (organisations, academia, media)")
        )
    return _("people in %(sector)s", sector=str(vocab.SECTORS.get(row.value, row.value)).lower())


def group_title(row: QuotaRow) -> str:
    """A short capitalised label for charts and tables."""
    text = group(row)
    return text[:1].upper() + text[1:]


def _count(bound: str, seats_resolved: int | None) -> str:
    if bound.endswith("%"):
        return _("%(count)s (%(share)s)", count=seats_resolved, share=bound)
    return str(seats_resolved)


def restate(row: QuotaRow, seats: int) -> str:
    """'At least 2 of 12 seats for people from Kenya'."""
    quota = to_engine(row, seats)
    who = group(row)
    low = _count(row.min, quota.min) if row.min else None
    high = _count(row.max, quota.max) if row.max else None
    if low and high:
        return _(
            "Between %(min)s and %(max)s of %(seats)s seats for %(group)s", min=low, max=high, seats=seats, group=who
        )
    if low:
        return _("At least %(min)s of %(seats)s seats for %(group)s", min=low, seats=seats, group=who)
    return _("At most %(max)s of %(seats)s seats for %(group)s", max=high, seats=seats, group=who)


def restate_max_per(n: int) -> str:
    return _("At most %(n)s people from any one country", n=n)


def max_per(n: int | None) -> list[MaxPer]:
    return [MaxPer("country", int(n))] if n else []


def rows_of(data: list[dict]) -> list[QuotaRow]:
    return [QuotaRow.from_dict(item) for item in data or []]


def engine_quotas(rows: list[QuotaRow], seats: int) -> list[Quota]:
    return [to_engine(row, seats) for row in rows]


class InfeasibleQuotas(ValidationError):
    """The rules allow no list. `hints` maps a quota row's index (or "max_per_country") to the change to make."""

    def __init__(self, message: str, hints: dict):
        super().__init__(message)
        self.hints = hints


def explain_infeasible(
    exc, rows: list[QuotaRow], seats: int, max_per_country: int | None, names: dict[str, str]
) -> InfeasibleQuotas:
    """The engine's QuotaInfeasibleError in the organiser's words: the rules in conflict, and the smallest fix."""
    by_label = {row.spec: (index, row) for index, row in enumerate(rows)}
    max_label = max_per(max_per_country)[0].label if max_per_country else None
    conflict, fixes, hints = [], [], {}
    # Naming a pinned person in a conflict with a gender quota would tell the organiser their gender: then the pins
    # are counted, not named.
    private = any(label in by_label and by_label[label][1].is_private for label in exc.conflicts)
    pinned = [label for label in exc.conflicts if label.startswith("pin ")]
    for label in exc.conflicts:
        if label in by_label:
            conflict.append(restate(by_label[label][1], seats))
        elif label == max_label:
            conflict.append(restate_max_per(max_per_country))
        elif label.startswith("pin ") and not private:
            conflict.append(_("keeping %(name)s on the list", name=names.get(label[4:], label[4:])))
    if pinned and private:
        conflict.append(
            ngettext(
                "keeping the %(num)s pinned person on the list",
                "keeping the %(num)s pinned people on the list",
                len(pinned),
            )
        )
    for label, side, old, new in exc.relaxation:
        if label in by_label:
            index, row = by_label[label]
            words = (
                _("lower the minimum for %(group)s from %(old)s to %(new)s seats", group=group(row), old=old, new=new)
                if side == "min"
                else _(
                    "raise the maximum for %(group)s from %(old)s to %(new)s seats", group=group(row), old=old, new=new
                )
            )
            hints[index] = words
        elif label == max_label:
            words = _("allow up to %(new)s people from any one country", new=new)
            hints["max_per_country"] = words
        else:
            continue
        fixes.append(words)
    if not conflict and not fixes:
        return InfeasibleQuotas(_("No list can meet these rules: %(detail)s", detail=str(exc)), {})
    message = _(
        "These rules cannot all hold for %(seats)s seats: %(conflict)s.",
        seats=seats,
        conflict="; ".join(conflict) or _("the pinned people"),
    )
    if fixes:
        message += " " + _("The smallest change that makes a list possible: %(fix)s.", fix="; ".join(fixes))
    return InfeasibleQuotas(message, hints)

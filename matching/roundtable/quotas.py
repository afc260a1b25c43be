"""Roundtable quotas: parsing, counting, substitutes, and explaining infeasibility.

A quota is `COLUMN=VALUE:MIN-MAX` with MIN and MAX seat counts or percentages of the seats, either
one empty (`country=KE:2-`, `sector=civil_society:40%-60%`, `gender=woman:40%-`). A percentage
minimum rounds up and a percentage maximum rounds down, so the rounded quota never asks for less
than what was written. `--max-per COLUMN=N` caps every value of a column (at most N per country).
Values match case-insensitively; `languages` matches anyone who lists that language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matching.errors import InfeasibleError, InputError
from matching.scoring import Person

_QUOTA = re.compile(r"^\s*([^=:\s]+)\s*=\s*([^:]*?)\s*:\s*(\d+(?:\.\d+)?%?)?\s*-\s*(\d+(?:\.\d+)?%?)?\s*$")
_MAX_PER = re.compile(r"^\s*([^=:\s]+)\s*=\s*(\d+)\s*$")
QUOTA_HELP = "COLUMN=VALUE:MIN-MAX with counts or percentages, e.g. country=KE:2- or gender=woman:40%-"


@dataclass(frozen=True)
class Quota:
    """At least `min` and at most `max` seats for people whose `column` is `value` (`parse_quota` reads specs).

    Parameters:
        column: a person's field or attribute (`Person.values`).
        value: the value counted (compared stripped and case-folded).
        min: the fewest seats, or None.
        max: the most seats, or None.
        label: how messages name it (default: "column=value:min-max").
    """

    column: str
    value: str
    min: int | None = None
    max: int | None = None
    label: str = ""

    def __post_init__(self):
        if not self.label:
            low = "" if self.min is None else str(self.min)
            high = "" if self.max is None else str(self.max)
            object.__setattr__(self, "label", f"{self.column}={self.value}:{low}-{high}")


@dataclass(frozen=True)
class MaxPer:
    """At most `n` seats for any single value of `column` (for example 3 per country).

    Parameters:
        column: a person's field or attribute.
        n: the most seats per value.
    """

    column: str
    n: int

    @property
    def label(self) -> str:
        """How messages name the cap: "max-per column=n"."""
        return f"max-per {self.column}={self.n}"


def _bound(text: str | None, seats: int, spec: str, is_min: bool) -> int | None:
    if not text:
        return None
    if text.endswith("%"):
        pct = float(text[:-1])
        if pct > 100:
            raise InputError(f"bad quota {spec!r}: {text} is more than 100%")
        exact = pct * seats / 100
        # tolerance so that 40% of 10 is exactly 4, not 4.000000001 rounded up to 5
        return math.ceil(exact - 1e-9) if is_min else math.floor(exact + 1e-9)
    if "." in text:
        raise InputError(f"bad quota {spec!r}: seat counts are whole numbers (or add % for a share)")
    return int(text)


def parse_quota(spec: str, seats: int) -> Quota:
    """Read a quota spec: `COLUMN=VALUE:MIN-MAX`, either bound empty, counts or percentages of the seats.

    A percentage minimum rounds up and a percentage maximum down, so the quota never asks for less than written:
    `"country=KE:2-"` -> Quota("country", "KE", 2, None); `"gender=woman:40%-"` with 12 seats -> min 5.

    Parameters:
        spec: the spec.
        seats: the number of seats percentages are taken of.

    Returns:
        Quota labelled with the spec as written.

    Raises:
        InputError: bad syntax, no bound, a fractional count, more than 100%, a minimum above the maximum.
        InfeasibleError: percentages that leave no whole number of seats.
    """
    m = _QUOTA.match(spec or "")
    if not m or not m.group(2):
        raise InputError(f"bad quota {spec!r}: expected {QUOTA_HELP}")
    column, value, low, high = m.groups()
    if not low and not high:
        raise InputError(f"bad quota {spec!r}: give a minimum, a maximum or both")
    qmin, qmax = _bound(low, seats, spec, True), _bound(high, seats, spec, False)
    if qmin is not None and qmax is not None and qmin > qmax:
        if low.endswith("%") or high.endswith("%"):
            raise InfeasibleError(
                f"quota {spec.strip()} allows no whole number of seats out of {seats} "
                f"(at least {qmin}, at most {qmax}); widen it",
                conflicts=[spec.strip()],
            )
        raise InputError(f"bad quota {spec!r}: minimum {qmin} is above maximum {qmax}")
    return Quota(column, value, qmin, qmax, spec.strip())


def parse_max_per(spec: str) -> MaxPer:
    """Read a cap spec: `COLUMN=N`.

    Parameters:
        spec: the spec, e.g. "country=3".

    Returns:
        MaxPer, e.g. MaxPer("country", 3).

    Raises:
        InputError: bad syntax.
    """
    m = _MAX_PER.match(spec or "")
    if not m:
        raise InputError(f"bad --max-per {spec!r}: expected COLUMN=N, e.g. country=3")
    return MaxPer(m.group(1), int(m.group(2)))


def resolve_quotas(quotas: Sequence[Quota | str], seats: int) -> list[Quota]:
    """Quotas given as `Quota`s or specs, specs parsed against `seats`."""
    return [parse_quota(q, seats) if isinstance(q, str) else q for q in quotas]


def resolve_max_per(max_per: Sequence[MaxPer | str]) -> list[MaxPer]:
    """Caps given as `MaxPer`s or specs ("country=3"), specs parsed."""
    return [parse_max_per(m) if isinstance(m, str) else m for m in max_per]


class Constraints:
    """Quotas and max-per caps as a membership matrix over people, for counting and checking sets of them.

    One constraint row per quota and one per value of each capped column; `member[i, r]` says whether person i counts
    toward row r, whose bounds are `low[r]` and `high[r]` and whose name is `labels[r]`.

    Parameters:
        people: the people sets are drawn from (indices below refer to this order).
        quotas: the quotas.
        max_per: the caps.
    """

    def __init__(self, people: Sequence[Person], quotas: Sequence[Quota], max_per: Sequence[MaxPer] = ()):
        self.quotas, self.max_per = tuple(quotas), tuple(max_per)
        n = len(people)
        columns = {q.column for q in self.quotas} | {m.column for m in self.max_per}
        values = {c: [p.values(c) for p in people] for c in columns}
        cols, lows, highs, labels = [], [], [], []
        for q in self.quotas:
            wanted = q.value.strip().casefold()
            cols.append(np.fromiter((wanted in v for v in values[q.column]), dtype=bool, count=n))
            lows.append(0 if q.min is None else q.min)
            highs.append(n if q.max is None else q.max)
            labels.append(q.label)
        for mp in self.max_per:
            index: dict[str, int] = {}
            hit_rows, hit_cols = [], []
            for i, vs in enumerate(values[mp.column]):
                for v in vs:
                    hit_rows.append(i)
                    hit_cols.append(index.setdefault(v, len(index)))
            block = np.zeros((n, len(index)), dtype=bool)
            block[hit_rows, hit_cols] = True
            cols.extend(block.T)
            lows.extend([0] * len(index))
            highs.extend([mp.n] * len(index))
            labels.extend([mp.label] * len(index))
        self.member = np.column_stack(cols) if cols else np.zeros((n, 0), dtype=bool)
        self.low = np.array(lows, dtype=np.int64)
        self.high = np.array(highs, dtype=np.int64)
        self.labels = tuple(labels)

    def counts(self, chosen: Iterable[int]) -> np.ndarray:
        """How many of a set of people count toward each constraint row.

        Parameters:
            chosen: indices of people.

        Returns:
            (rows,) int64 counts.
        """
        idx = np.fromiter(chosen, dtype=np.int64)
        return self.member[idx].sum(axis=0).astype(np.int64)

    def shortfall(self, counts: np.ndarray) -> np.ndarray:
        """How far counts are outside their bounds.

        Parameters:
            counts: (rows,) counts, as `counts` gives.

        Returns:
            (rows,) seats each row is outside its bounds (0 where it holds).
        """
        return np.maximum(self.low - counts, 0) + np.maximum(counts - self.high, 0)

    def broken(self, chosen: Iterable[int]) -> list[str]:
        """The constraints a set of people breaks.

        Parameters:
            chosen: indices of people.

        Returns:
            the labels of the broken quotas and caps, each once, in constraint order.
        """
        bad = self.shortfall(self.counts(chosen)) > 0
        return list(dict.fromkeys(label for label, b in zip(self.labels, bad, strict=False) if b))

    def swap_ok(self, counts: np.ndarray, out: np.ndarray, into: np.ndarray) -> np.ndarray:
        """Which one-for-one swaps keep the constraints.

        Parameters:
            counts: the current set's counts.
            out: indices of people who would leave (one at a time).
            into: indices of people who would join (one at a time).

        Returns:
            (len(out), len(into)) boolean: the swap keeps every bound, or at least breaks none that held and
            worsens none that did not.
        """
        before = self.shortfall(counts)
        joining = self.member[into].astype(np.int32)
        result = np.zeros((len(out), len(into)), dtype=bool)
        for r, leaving in enumerate(out):  # one row at a time keeps memory at (joining x rows)
            after = self.shortfall(counts - self.member[leaving] + joining)
            result[r] = np.all(after <= before, axis=1)
        return result


def next_substitute(
    invited_ids: Sequence[str],
    declined_id: str,
    waitlist_ids: Sequence[str],
    people: Mapping[str, Person] | Sequence[Person],
    quotas: Sequence[Quota | str] = (),
    max_per: Sequence[MaxPer | str] = (),
    seats: int | None = None,
) -> str | None:
    """The first waitlisted person who can take `declined_id`'s seat keeping every quota.

    If the current list already breaks a quota (after manual edits), a substitute must not make it worse.

    Parameters:
        invited_ids: the people currently holding or offered seats (the decliner included).
        declined_id: who declined.
        waitlist_ids: the waiting list, in order.
        people: the people by id (a mapping, or a sequence of Person).
        quotas: `Quota`s or specs (resolved against `seats`).
        max_per: `MaxPer`s or specs.
        seats: the seats percentages are taken of (default: the number invited).

    Returns:
        the id of the first eligible waitlisted person, or None.

    Raises:
        InputError: an unknown id, or a decliner who is not among the invited.
    """
    by_id = people if isinstance(people, Mapping) else {p.id: p for p in people}
    for x in [*invited_ids, declined_id, *waitlist_ids]:
        if x not in by_id:
            raise InputError(f"unknown person id {x!r}")
    seats = len(invited_ids) if seats is None else seats
    quota_list, caps = resolve_quotas(quotas, seats), resolve_max_per(max_per)
    current = set(invited_ids)
    if declined_id not in current:
        raise InputError(f"{declined_id!r} is not among the invited")
    pool = [w for w in dict.fromkeys(waitlist_ids) if w not in current and w != declined_id]
    if not pool:
        return None
    ids = [*dict.fromkeys([*invited_ids, declined_id]), *pool]
    cons = Constraints([by_id[x] for x in ids], quota_list, caps)
    pos = {x: i for i, x in enumerate(ids)}
    counts = cons.counts(pos[x] for x in invited_ids)
    ok = cons.swap_ok(counts, np.array([pos[declined_id]]), np.array([pos[w] for w in pool]))[0]
    hits = np.flatnonzero(ok)
    return pool[int(hits[0])] if hits.size else None

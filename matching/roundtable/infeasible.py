"""Why a roundtable's constraints cannot all hold, and the smallest change that would fix it.

Feasibility depends only on which constraints each person counts toward, so people are grouped into
types (identical membership rows) and the checks run on a tiny integer program over type counts.
The conflict named is an irreducible infeasible subset (a deletion filter: drop a constraint when
the rest stay infeasible without it), so every constraint named is needed for the conflict. The
suggested relaxation minimises the total number of seats by which bounds move (as the sortition
panel-selection tools do), keeping pins and exclusions as they are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from matching.errors import InfeasibleError
from matching.roundtable.quotas import Constraints


class QuotaInfeasibleError(InfeasibleError):
    """Quotas, caps and pins that cannot all hold (what `select_panel` raises), with the smallest fix.

    Parameters:
        message: the conflict and the smallest relaxation, in words.
        conflicts: labels of an irreducible conflicting set of quotas and caps (and "pin ID" when the pins are part
            of it), kept as the `conflicts` tuple.
        relaxation: the smallest change, as (label, "min" or "max", current bound, suggested bound) tuples, kept as
            the `relaxation` tuple.
    """

    def __init__(
        self,
        message: str,
        conflicts: Iterable[str] = (),
        relaxation: Iterable[tuple[str, str, int, int]] = (),
    ):
        super().__init__(message, conflicts)
        self.relaxation = tuple(relaxation)


def _types(cons: Constraints, rows: np.ndarray, pinned: np.ndarray):
    """Unique membership rows among `rows` people, with how many are available and how many pinned."""
    member = cons.member[rows]
    if member.shape[1] == 0:
        member = np.zeros((rows.size, 1), dtype=bool)
    uniq, inverse = np.unique(member, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    avail = np.bincount(inverse, minlength=len(uniq))
    pins = np.bincount(inverse, weights=pinned.astype(float), minlength=len(uniq)).astype(int)
    return uniq[:, : cons.member.shape[1]], avail, pins


def _feasible(member, avail, pins, seats, low, high, active) -> bool:
    from scipy.optimize import Bounds, LinearConstraint, milp

    k = avail.size
    A = [np.ones((1, k))]
    lo, hi = [seats], [seats]
    if active.any():
        A.append(member[:, active].T.astype(float))
        lo.extend(low[active])
        hi.extend(high[active])
    out = milp(
        np.zeros(k),
        constraints=LinearConstraint(np.vstack(A), lo, hi),
        integrality=np.ones(k),
        bounds=Bounds(pins, avail),
    )
    return out.status == 0


def diagnose(cons: Constraints, rows: np.ndarray, pinned: np.ndarray, seats: int, pin_labels):
    """The error to raise for an infeasible selection: conflicting constraints and the smallest fix."""
    member, avail, pins = _types(cons, rows, pinned)
    n_rows = cons.low.size
    low, high = cons.low.astype(float), cons.high.astype(float)
    if pins.sum() > seats:
        return QuotaInfeasibleError(
            f"{int(pins.sum())} people are pinned but there are only {seats} seats", conflicts=list(pin_labels)
        )
    if avail.sum() < seats:
        return QuotaInfeasibleError(f"only {int(avail.sum())} eligible people for {seats} seats")
    # Deletion filter over constraint rows (a quota's min and max are one row; a cap one per value).
    active = np.ones(n_rows, dtype=bool)
    for r in range(n_rows):
        active[r] = False
        if _feasible(member, avail, pins, seats, low, high, active):
            active[r] = True
    conflict = list(dict.fromkeys(cons.labels[r] for r in np.flatnonzero(active)))
    described = ", ".join(_describe(cons, int(r)) for r in np.flatnonzero(active))
    if pins.any() and _feasible(member, avail, np.zeros_like(pins), seats, low, high, active):
        conflict += list(pin_labels)  # the conflict needs the pins too
        pinned_text = f"the {int(pins.sum())} pinned people"
        described = f"{described} with {pinned_text}" if described else pinned_text
    relax = _relaxation(member, avail, pins, seats, low, high, cons)
    fixes = "; ".join(_suggest(label, side, old, new, seats) for label, side, old, new in relax)
    message = f"quotas in conflict for {seats} seats: {described or 'pins and exclusions'}"
    if fixes:
        message += f"; smallest relaxation: {fixes}"
    return QuotaInfeasibleError(message, conflicts=conflict, relaxation=relax)


def _describe(cons: Constraints, r: int) -> str:
    label = cons.labels[r]
    parts = []
    if cons.low[r] > 0:
        parts.append(f"at least {cons.low[r]}")
    if cons.high[r] < cons.member.shape[0]:
        parts.append(f"at most {cons.high[r]}")
    return f"{label} ({' and '.join(parts)})" if parts else label


def _relaxation(member, avail, pins, seats, low, high, cons):
    """Minimum total seats of bound movement: slack on every min (down) and max (up)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    k, n_rows = avail.size, low.size
    # variables: type counts (k), min slacks (n_rows), max slacks (n_rows)
    c = np.concatenate([np.zeros(k), np.ones(2 * n_rows)])
    A_seats = np.concatenate([np.ones(k), np.zeros(2 * n_rows)])[None, :]
    M = member.T.astype(float)
    eye = np.eye(n_rows)
    A_low = np.hstack([M, eye, np.zeros((n_rows, n_rows))])  # count + s_low >= low
    A_high = np.hstack([M, np.zeros((n_rows, n_rows)), -eye])  # count - s_high <= high
    cons_list = [LinearConstraint(A_seats, seats, seats)]
    if n_rows:
        cons_list += [LinearConstraint(A_low, low, np.inf), LinearConstraint(A_high, -np.inf, high)]
    out = milp(
        c,
        constraints=cons_list,
        integrality=np.ones(k + 2 * n_rows),
        bounds=Bounds(
            np.concatenate([pins, np.zeros(2 * n_rows)]), np.concatenate([avail, np.full(2 * n_rows, np.inf)])
        ),
    )
    if out.x is None:
        return []
    s_low = np.round(out.x[k : k + n_rows]).astype(int)
    s_high = np.round(out.x[k + n_rows :]).astype(int)
    fixes = []
    for r in range(n_rows):
        if s_low[r]:
            fixes.append((cons.labels[r], "min", int(low[r]), int(low[r]) - int(s_low[r])))
        if s_high[r]:
            fixes.append((cons.labels[r], "max", int(high[r]), int(high[r]) + int(s_high[r])))
    # a cap relaxed for several values reads as one change: the largest new cap
    merged: dict[tuple[str, str], tuple] = {}
    for fix in fixes:
        key = fix[:2]
        if key not in merged or fix[3] > merged[key][3]:
            merged[key] = fix
    return list(merged.values())


def _suggest(label: str, side: str, old: int, new: int, seats: int) -> str:
    if label.startswith("max-per "):
        return f"raise {label} to {new}"
    if side == "min":
        pct = math.floor(new * 100 / seats) if seats else 0
        return f"lower the minimum of {label} from {old} to {new} seats ({pct}%)"
    pct = math.ceil(new * 100 / seats) if seats else 0
    return f"raise the maximum of {label} from {old} to {new} seats ({pct}%)"

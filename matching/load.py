"""One load ledger across the optimisers: each person's current load and a per-person cap.

Load is what a person already carries across programmes (active peer pairs, mentorships, roundtable
seats in a window). Every optimiser (pairs, mentors, roundtables) takes `load` (id -> load) and
`max_load` (the per-person cap): nobody is given more than `max_load - load` new places, and each
candidate's score is lowered by a penalty growing with their load,

    penalty(load) = load_weight * (load / max_load) ** 2     (load / LOAD_SCALE without a cap)

so the same star reformer stops being the first choice of three optimisers at once while the total
relevance stays high. `gini` measures how evenly the load is spread.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from matching.errors import InputError

# The default penalty at the cap, in score units (relevance and fit scores are cosines, mostly 0.2-0.7).
DEFAULT_LOAD_WEIGHT = 0.1
LOAD_SCALE = 10.0


def gini(values: Iterable[float]) -> float:
    """The Gini coefficient of non-negative loads (0: all equal; near 1: one person carries it all).

    Parameters:
        values: the loads (zeros included).

    Returns:
        The Gini coefficient, 0 for an empty or all-zero list.
    """
    x = np.sort(np.asarray(list(values), dtype=np.float64))
    if x.size == 0 or x.sum() <= 0:
        return 0.0
    n = x.size
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def load_vector(ids: Sequence[str], load: Mapping[str, float] | None) -> np.ndarray:
    """Each id's load in the order of `ids` (0 when absent).

    Parameters:
        ids: the people's ids.
        load: id -> current load (ids outside `ids` are ignored: the ledger covers every programme).

    Returns:
        (len(ids),) float64 loads.

    Raises:
        InputError: a negative or non-numeric load.
    """
    out = np.zeros(len(ids))
    if not load:
        return out
    for k, pid in enumerate(ids):
        value = load.get(pid, 0.0)
        if not np.isfinite(value) or value < 0:
            raise InputError(f"the load of {pid!r} must be a number at least 0, not {value!r}")
        out[k] = float(value)
    return out


def room(loads: np.ndarray, max_load: int | None) -> np.ndarray:
    """New places each person may still take under the cap (a large number without a cap).

    Parameters:
        loads: current loads.
        max_load: the per-person cap, or None.

    Returns:
        (n,) int64 places left, never negative.
    """
    if max_load is None:
        return np.full(loads.size, 1 << 30, dtype=np.int64)
    if max_load < 0:
        raise InputError("the load cap must be 0 or more")
    return np.maximum(max_load - np.ceil(loads - 1e-9), 0).astype(np.int64)


def penalty(loads: np.ndarray, max_load: int | None, load_weight: float = DEFAULT_LOAD_WEIGHT) -> np.ndarray:
    """The score each person loses for their load: load_weight * (load / cap)^2.

    Parameters:
        loads: current loads.
        max_load: the per-person cap (None: LOAD_SCALE stands in for it).
        load_weight: the penalty at the cap.

    Returns:
        (n,) float64 penalties, 0 for an unloaded person.
    """
    if load_weight < 0:
        raise InputError("the load weight must be 0 or more")
    scale = float(max_load) if max_load else LOAD_SCALE
    return load_weight * (loads / scale) ** 2

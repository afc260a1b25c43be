"""Fair lottery for one roundtable: a distribution over quota-feasible panels, then a seeded draw.

    lottery = fair_lottery(people, relevance, seats=12, quotas=["gender=woman:40%-"], max_per=["country=3"],
                           min_relevance=0.3, relevance_share=0.95, seed=2026)
    lottery.panel              # the drawn ids
    lottery.probabilities      # id -> selection probability, for every eligible person (sums to the seats)

The deterministic optimiser (`select_panel`) invites the most relevant feasible list, so the same people
are invited to every roundtable of a series. Here the panel is drawn from a probability distribution
over feasible panels chosen to maximise the smallest selection probability among eligible people
(maximin, as in the citizens'-assembly selection algorithms of Flanigan et al., Nature 2021), while the
expected relevance stays at least `relevance_share` of the best feasible panel's relevance.

Eligible: not excluded, and a relevance of at least `min_relevance` (people without a relevance score
only when pinned). Pins are in every panel.

Column generation: the master LP (HiGHS through highspy, kept warm between rounds) picks weights over a
growing set of panels to maximise z subject to `past_i + P(i selected) >= z` for every eligible i, the
relevance floor and weights summing to 1. Its duals (y_i for the coverage rows, rho for relevance, mu for the
sum) price a new panel P by `sum_{i in P} (y_i + rho * relevance_i) - mu`; the pricing MILP finds the feasible panel
with the largest price (the most negative reduced cost of the minimisation). When no panel prices above
mu the distribution is optimal; at every step `z + (best price - mu)` bounds the optimum from above
(Lagrangian bound); so does the LP over marginal probabilities (`marginal_bound`), and the loop stops
when the solution meets the lower of the two within `gap`. With each priced panel go the best panels one
feasible swap away from it that also price above mu, so one MILP yields many columns. The starting
panels seat every eligible person who can be seated at least once. Only the maximin is optimised: the
probabilities above the minimum are whatever the LP's vertex gives (leximin is not done).

With `history` (past invitations per id) the same LP maximises the minimum cumulative expected
invitations, past + this probability (the series use, see fair_series). Among interchangeable people
(same quota memberships, same relevance, both pinned or not) the larger probabilities then go to those
invited less often before: relabelling them inside every panel keeps every constraint and the expected
relevance, and never lowers the minimum (rearrangement).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matching.errors import InfeasibleError, InputError
from matching.load import gini, load_vector, room
from matching.roundtable.infeasible import diagnose
from matching.roundtable.panel import _ids
from matching.roundtable.quotas import Constraints, MaxPer, Quota, parse_max_per, parse_quota
from matching.scoring import Person

DEFAULT_RELEVANCE_SHARE = 0.95
# Panels one feasible swap away from each priced panel added with it: the master LP then needs far fewer
# MILPs (on 150 synthetic people, 12 seats: 100 rounds instead of 336 for the same optimum).
SWAP_COLUMNS = 20
# The column generation starts from at most this many panels dealt from the marginal LP's solution, and
# stops once the smallest probability is within DEFAULT_REL_GAP of the upper bound.
WARM_PANELS = 600
DEFAULT_REL_GAP = 0.05


@dataclass(frozen=True)
class FairLottery:
    """A distribution over feasible panels, the panel drawn from it and the REPORT.json figures.

    Parameters:
        panel: the panel drawn with `seed`.
        seed: the seed of the draw (recorded so the draw can be audited and reproduced).
        probabilities: every eligible id's selection probability (they sum to the seats).
        panels: the distribution's support, each panel a tuple of ids.
        weights: the probability of each panel of the support.
        report: the REPORT.json figures (min and mean probability, relevance share, bounds, seconds...).
    """

    panel: tuple[str, ...]
    seed: int
    probabilities: dict[str, float]
    panels: tuple[tuple[str, ...], ...]
    weights: tuple[float, ...]
    report: dict

    def draw(self, seed: int) -> tuple[str, ...]:
        """The panel this distribution gives for `seed` (the same seed always gives the same panel).

        Parameters:
            seed: the draw's seed.

        Returns:
            The drawn panel, a tuple of ids.
        """
        return self.panels[_pick(self.weights, seed)]


def _pick(weights: Sequence[float], seed: int) -> int:
    return int(np.random.default_rng(seed).choice(len(weights), p=np.asarray(weights, np.float64)))


class PanelOracle:
    """Best feasible panel for any weights: one HiGHS MILP over the eligible people.

    Feasibility depends only on which constraint rows a person counts toward (their type), so of each
    type only the `cap` highest-weighted people can be in an optimum (cap: the seats, or the tightest
    bound among the type's rows), besides the pinned: swapping anyone else for a higher-weighted twin
    keeps every constraint. The MILP runs on those."""

    def __init__(self, cons: Constraints, rows: np.ndarray, pinned: np.ndarray, seats: int, time_limit: float):
        from scipy import sparse

        self.seats, self.time_limit = seats, time_limit
        self.pin = pinned.astype(bool)
        member = cons.member[rows]
        key = member if member.shape[1] else np.zeros((rows.size, 1), bool)
        _, kind = np.unique(key, axis=0, return_inverse=True)
        self.kind = kind.reshape(-1)
        self.cap = (
            np.where(member, cons.high[None, :], seats).min(axis=1, initial=seats)
            if member.size
            else np.full(rows.size, seats)
        )
        self.M = sparse.csr_matrix(member.T.astype(float))
        self.low, self.high = cons.low.astype(float), cons.high.astype(float)
        self.calls = 0

    def best(self, w: np.ndarray) -> np.ndarray | None:
        """Sorted indices (into the eligible rows) of a panel maximising sum(w), or None if none is feasible."""
        from scipy import sparse
        from scipy.optimize import Bounds, LinearConstraint, milp

        self.calls += 1
        e = w.size
        order = np.lexsort((np.arange(e), -w, self.kind))
        sorted_kind = self.kind[order]
        place = np.empty(e, np.int64)
        place[order] = np.arange(e) - np.searchsorted(sorted_kind, sorted_kind, side="left")
        keep = np.flatnonzero((place < self.cap) | self.pin)
        if keep.size < self.seats:
            return None
        A = sparse.vstack([sparse.csr_matrix(np.ones((1, keep.size))), self.M[:, keep]]).tocsr()
        out = milp(
            -w[keep],
            constraints=LinearConstraint(A, np.r_[self.seats, self.low], np.r_[self.seats, self.high]),
            integrality=np.ones(keep.size),
            bounds=Bounds(self.pin[keep].astype(float), np.ones(keep.size)),
            options={"time_limit": self.time_limit, "mip_rel_gap": 1e-9},
        )
        if out.status == 2:
            return None
        if out.x is None:
            raise InfeasibleError(
                f"the lottery's panel search found no panel in {self.time_limit:.0f} s: {out.message}"
            )
        return np.sort(keep[out.x > 0.5])


@dataclass
class _Setup:
    people: Sequence[Person]
    seats: int
    quotas: list[Quota]
    max_per: list[MaxPer]
    cons: Constraints
    rows: np.ndarray  # eligible people (indices into people)
    pin: np.ndarray  # over rows
    rel: np.ndarray  # over rows, NaN (pinned without text) as 0
    past: np.ndarray  # over rows
    oracle: PanelOracle


def prepare(
    people: Sequence[Person],
    relevance: np.ndarray,
    seats: int,
    *,
    quotas: Sequence[Quota | str] = (),
    max_per: Sequence[MaxPer | str] = (),
    pins: Sequence[str] = (),
    exclude: Sequence[str] = (),
    min_relevance: float | None = None,
    history: Mapping[str, float] | None = None,
    time_limit: float = 20.0,
    load: Mapping[str, float] | None = None,
    max_load: int | None = None,
) -> _Setup:
    """Validate the inputs and find the eligible people (shared by the lottery, the series and the bound)."""
    n = len(people)
    if seats < 1:
        raise InputError("seats must be at least 1")
    if len({p.id for p in people}) != n:
        raise InputError("duplicate person ids")
    rel = np.asarray(relevance, dtype=np.float64).reshape(-1)
    if rel.size != n:
        raise InputError("one relevance score per person is needed")
    if min_relevance is not None and not np.isfinite(min_relevance):
        raise InputError("the relevance floor must be a number")
    quota_list = [parse_quota(q, seats) if isinstance(q, str) else q for q in quotas]
    cap_list = [parse_max_per(m) if isinstance(m, str) else m for m in max_per]
    pinned, excluded = _ids(people, pins, "the pins"), _ids(people, exclude, "the exclusions")
    both = set(pinned) & set(excluded)
    if both:
        raise InputError(f"{people[min(both)].id!r} is both pinned and excluded")
    past_all = np.zeros(n)
    if history:
        index = {p.id: i for i, p in enumerate(people)}
        for pid, count in history.items():
            if pid not in index:
                raise InputError(f"unknown id {pid!r} in the history")
            if not np.isfinite(count) or count < 0:
                raise InputError(f"past invitations of {pid!r} must be a number at least 0, not {count!r}")
            past_all[index[pid]] = float(count)
    is_pin = np.zeros(n, bool)
    is_pin[pinned] = True
    with np.errstate(invalid="ignore"):
        eligible = ~np.isnan(rel) if min_relevance is None else rel >= min_relevance
    if max_load is not None:
        eligible &= room(load_vector([p.id for p in people], load), max_load) > 0
    eligible |= is_pin
    eligible[excluded] = False
    rows = np.flatnonzero(eligible)
    cons = Constraints(people, quota_list, cap_list)
    oracle = PanelOracle(cons, rows, is_pin[rows], seats, time_limit)
    return _Setup(
        people, seats, quota_list, cap_list, cons, rows, is_pin[rows], np.nan_to_num(rel[rows]), past_all[rows], oracle
    )


def _best_relevance(s: _Setup) -> tuple[np.ndarray, float]:
    best = s.oracle.best(s.rel)
    if best is None:
        raise diagnose(s.cons, s.rows, s.pin, s.seats, [f"pin {s.people[s.rows[i]].id}" for i in np.flatnonzero(s.pin)])
    return best, float(s.rel[best].sum())


class _Master:
    """The master LP in HiGHS, kept between iterations: adding panels warm-starts from the last basis.

    One or several roundtables (a series, solved jointly). Columns: z, then one weight per panel of a
    roundtable. Rows: z - (expected invitations of i over the roundtables) <= past_i for everyone
    eligible for one of them; per roundtable, expected relevance >= its floor and weights summing to 1.
    Minimises -z."""

    def __init__(self, setups: Sequence[_Setup], floors: Sequence[float]):
        import highspy

        self.setups = setups
        everyone = np.unique(np.concatenate([st.rows for st in setups]))
        self.everyone = everyone
        self.where = [np.searchsorted(everyone, st.rows) for st in setups]  # rows of a roundtable -> coverage rows
        past = np.zeros(everyone.size)
        for st, where in zip(setups, self.where, strict=True):
            past[where] = st.past
        m, r = everyone.size, len(setups)
        h = highspy._core._Highs()  # the plain solver: highspy.Highs() prints a banner on stdout
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")  # keep the basis: each solve starts from the last one
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("simplex_strategy", 4)  # primal: a basis stays primal feasible when columns are added
        inf = highspy.kHighsInf
        h.addCol(-1.0, -inf, inf, 0, np.array([], np.int32), np.array([], np.float64))
        lower = np.r_[np.full(m, -inf), np.ravel([[f, 1.0] for f in floors])]
        upper = np.r_[past, np.ravel([[inf, 1.0] for _ in floors])]
        starts = np.r_[np.arange(m), np.full(2 * r, m)].astype(np.int32)
        h.addRows(m + 2 * r, lower, upper, m, starts, np.zeros(m, np.int32), np.ones(m))
        self.h, self.m, self.past = h, m, past
        self.panels: list[tuple[int, np.ndarray]] = []
        self.seen: set[tuple[int, bytes]] = set()

    def add(self, k: int, panel: np.ndarray) -> bool:
        key = (k, panel.tobytes())
        if key in self.seen:
            return False
        self.seen.add(key)
        rel_row, sum_row = self.m + 2 * k, self.m + 2 * k + 1
        idx = np.r_[self.where[k][panel], rel_row, sum_row].astype(np.int32)
        val = np.r_[-np.ones(panel.size), self.setups[k].rel[panel].sum(), 1.0]
        self.h.addCol(0.0, 0.0, np.inf, idx.size, idx, val)
        self.panels.append((k, panel))
        return True

    def hold(self, rows: np.ndarray, z: float) -> None:
        """Keep the coverage `rows` at z or more and take them out of the objective's minimum."""
        for r in rows:
            self.h.changeCoeff(int(r), 0, 0.0)
            self.h.changeRowBounds(int(r), -np.inf, float(self.past[r]) - z + 1e-12)

    def solve(self):
        """(z, weights, y, rho, mu): the LP value, the panels' weights and the duals pricing a panel
        (y over the coverage rows, rho and mu one per roundtable; see the module doc)."""
        import highspy

        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise InfeasibleError(f"the lottery's master LP failed: {self.h.modelStatusToString(status)}")
        sol = self.h.getSolution()
        x = np.asarray(sol.col_value)
        dual = np.asarray(sol.row_dual)
        y = np.maximum(-dual[: self.m], 0.0)
        rho = np.maximum(dual[self.m :: 2], 0.0)
        mu = -dual[self.m + 1 :: 2]
        return float(x[0]), x[1:], y, rho, mu


def _swaps(s: _Setup, panel: np.ndarray, w: np.ndarray, threshold: float, limit: int) -> list[np.ndarray]:
    """Up to `limit` panels one feasible swap away from `panel` pricing above `threshold`, best first,
    each bringing in a different person (so the master LP gets several useful columns per MILP)."""
    cons = s.oracle
    inside = np.zeros(w.size, bool)
    inside[panel] = True
    out_c = panel[~s.pin[panel]]
    in_c = np.flatnonzero(~inside)
    if out_c.size == 0 or in_c.size == 0:
        return []
    M = cons.M.T.tocsr()  # people x rows
    counts = np.asarray(M[panel].sum(axis=0)).ravel()
    leave = M[out_c].toarray()
    join = M[in_c].toarray()
    base = float(w[panel].sum())
    price = base - w[out_c][:, None] + w[in_c][None, :]
    ok = np.ones(price.shape, bool)
    for r in range(counts.size):
        after = counts[r] - leave[:, r][:, None] + join[:, r][None, :]
        ok &= (after >= cons.low[r]) & (after <= cons.high[r])
    price = np.where(ok, price, -np.inf)
    best_out = np.argmax(price, axis=0)
    best = price[best_out, np.arange(in_c.size)]
    result = []
    for j in np.argsort(-best, kind="stable")[:limit]:
        if best[j] <= threshold:
            break
        result.append(np.sort(np.r_[panel[panel != out_c[best_out[j]]], in_c[j]]))
    return result


def _cover(s: _Setup, best: np.ndarray, rounds: int = 20) -> list[np.ndarray]:
    """Starting panels in which every eligible person who can be seated appears at least once.

    The best panel, then for every person outside it the most relevant panel one feasible swap away
    that seats them; for people no such swap reaches, the MILP finds a panel seating as many of them as
    it can (relevance breaking ties) and its swaps are added in turn. Without these the master LP's
    minimum stays 0 for as many rounds as it takes the pricing to reach everyone."""
    panels = [best]
    covered = np.zeros(s.rows.size, bool)
    base = best
    scale = max(float(np.abs(s.rel).max()), 1e-9) * s.seats
    for _ in range(rounds):
        covered[base] = True
        for p in _swaps(s, base, s.rel, -np.inf, s.rows.size):
            if not covered[p].all():
                panels.append(p)
                covered[p] = True
        if covered.all():
            break
        nxt = s.oracle.best((~covered).astype(float) + 1e-3 * s.rel / scale)
        if nxt is None or covered[nxt].all():
            break  # nobody left can be seated
        panels.append(nxt)
        base = nxt
    return panels


def _feasible(s: _Setup, panel: np.ndarray) -> bool:
    counts = np.asarray(s.oracle.M[:, panel].sum(axis=1)).ravel()
    return bool(
        panel.size == s.seats
        and s.pin[panel].sum() == s.pin.sum()
        and (counts >= s.oracle.low).all()
        and (counts <= s.oracle.high).all()
    )


def _broken_rows(counts: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return (np.maximum(low - counts, 0) + np.maximum(counts - high, 0)).astype(np.float64)


def _repair(s: _Setup, panel: np.ndarray, dense: np.ndarray, bonus: np.ndarray, steps: int = 4) -> np.ndarray | None:
    """A feasible panel a few swaps away from `panel`: each swap removes the most quota shortfall and
    excess (seats short of a minimum plus seats over a maximum), `bonus` breaking ties; None when
    `steps` swaps are not enough (the oracle then repairs it)."""
    low, high = s.oracle.low, s.oracle.high
    inside = np.zeros(bonus.size, bool)
    inside[panel] = True
    for _ in range(steps):
        counts = np.round(dense[panel].sum(axis=0))
        broken = float(_broken_rows(counts, low, high).sum())
        if broken == 0:
            return np.sort(panel)
        out_c = panel[~s.pin[panel]]
        in_c = np.flatnonzero(~inside)
        if out_c.size == 0 or in_c.size == 0:
            return None
        # the change of each row's cost when its count goes up or down by one, then of every swap
        up = _broken_rows(counts + 1, low, high) - _broken_rows(counts, low, high)
        down = _broken_rows(counts - 1, low, high) - _broken_rows(counts, low, high)
        d_out, d_in = dense[out_c], dense[in_c]
        cost = broken + (d_in @ up)[None, :] + (d_out @ down)[:, None] - d_out @ (d_in * (up + down)).T
        score = cost - 0.5 * (bonus[in_c][None, :] - bonus[out_c][:, None]) / (bonus.max() + 1e-12) / 2
        a, b = np.unravel_index(int(np.argmin(score)), score.shape)
        if cost[a, b] >= broken - 0.5:
            return None
        inside[out_c[a]], inside[in_c[b]] = False, True
        panel = np.r_[panel[panel != out_c[a]], in_c[b]]
    return np.sort(panel) if _feasible(s, panel) else None


def _dealt(s: _Setup, x: np.ndarray, count: int, seed: int = 0) -> list[np.ndarray]:
    """`count` feasible panels whose mixture has marginals close to `x` (the marginal LP's solution).

    Everyone i is written round(count * x_i) times (systematic rounding, so the copies add up to
    count * seats) in a list sorted by quota type (people who count toward the same constraint rows
    are adjacent), and the list is dealt round-robin into `count` panels: a run of at most `count`
    copies lands in distinct panels, and every type (every run of adjacent types) gets the floor or the
    ceiling of its expected seats in each panel. A dealt panel that still breaks a quota (a quota
    spanning types far apart in the order) is replaced by the feasible panel sharing the most people
    with it (the oracle, people with a larger x_i breaking ties). The master LP then reweights them."""
    rng = np.random.default_rng(seed)
    e = x.size
    x = np.clip(x, 0.0, 1.0)
    order = np.lexsort((rng.random(e), s.oracle.kind))
    cum = np.round(np.cumsum(count * x[order]), 6)
    copies = np.diff(np.r_[0.0, np.floor(cum + rng.random())]).astype(np.int64)
    copies = np.minimum(copies, count)
    seq = np.repeat(order, copies)
    dense = np.asarray(s.oracle.M.T.todense(), dtype=np.float64)  # people x constraint rows
    panels = []
    seated = np.zeros(e)
    for j in range(count):
        p = np.unique(seq[j::count])
        if not _feasible(s, p):
            behind = np.maximum(x * (j + 1) - seated, 0.0)  # copies owed so far
            bonus = behind / (behind.max() + 1e-12)
            fixed = _repair(s, p, dense, bonus) if p.size == s.seats else None
            if fixed is None:
                w = bonus / (s.seats + 1.0)
                w[p] += 1.0
                fixed = s.oracle.best(w)
            if fixed is None:
                continue
            p = fixed
        seated[p] += 1
        panels.append(p)
    for _ in range(20):  # whoever the repairs left out: panels seating as many of them as possible
        missing = (seated == 0) & (x > 0)
        if not missing.any():
            break
        extra = s.oracle.best(missing + x / (s.seats + 1.0))
        if extra is None or not missing[extra].any():
            break
        seated[extra] += 1
        panels.append(extra)
    return panels


def _column_generation(
    setups: Sequence[_Setup],
    floors: Sequence[float],
    gap: float,
    max_iterations: int,
    bound: float,
    max_seconds: float | None = None,
    start: Sequence[Sequence[np.ndarray]] | None = None,
    rel_gap: float = 0.0,
    leximin: bool = True,
) -> tuple[list[tuple[list[np.ndarray], np.ndarray]], float, int, np.ndarray]:
    """Maximin lotteries for the roundtables `setups` (jointly): per roundtable (panels, weights), the
    upper bound reached, and the number of rounds. `start`: panels per roundtable to begin with (the
    covering panels when None). Stops when the lottery is within `gap` of the bound, or within
    `rel_gap` of it as a share, or after `max_seconds` (the lottery found so far is valid; the bound
    says how far from the optimum it may be). With `leximin`, a second stage then raises the smallest
    probability among those not held at the minimum, for at most as long again as the first took
    (returned: the rows, into the eligible people of all roundtables, held at the minimum)."""
    deadline = None if max_seconds is None else time.perf_counter() + max_seconds
    master = _Master(setups, floors)
    for k, st in enumerate(setups):
        best = st.oracle.best(st.rel)
        if best is None:
            raise InfeasibleError("the lottery's panel search lost its feasible panels")
        master.add(k, best)
        for p in start[k] if start is not None else _cover(st, best):
            master.add(k, p)
    it = 0

    def rounds(upper: float, stop_at: float | None) -> tuple[float, float, np.ndarray, np.ndarray]:
        nonlocal it
        while True:
            it += 1
            z, lam, y, rho, mu = master.solve()
            found, excess = [], 0.0
            for k, st in enumerate(setups):
                w = y[master.where[k]] + rho[k] * st.rel
                tol = 1e-9 + 1e-7 * abs(mu[k])
                new = st.oracle.best(w)
                if new is None:  # the constraints do not depend on the weights, and a panel was found before
                    raise InfeasibleError("the lottery's panel search lost its feasible panels")
                price = float(w[new].sum())
                excess += max(price - mu[k], 0.0)
                if price > mu[k] + tol:
                    found.append((k, new, w, mu[k] + tol))
            upper = min(upper, z + excess)
            late = stop_at is not None and time.perf_counter() > stop_at
            close = upper - z <= gap or z >= (1.0 - rel_gap) * upper
            if not found or close or it >= max_iterations or late:
                return z, upper, lam, y
            added = False
            for k, new, w, threshold in found:
                added |= master.add(k, new)
                for p in _swaps(setups[k], new, w, threshold, SWAP_COLUMNS):
                    added |= master.add(k, p)
            if not added:
                return z, upper, lam, y

    stage1 = time.perf_counter()
    z, upper, lam, y = rounds(bound, deadline)
    fixed = np.zeros(master.m, bool)
    if leximin and z > 1e-9 and it < max_iterations and (deadline is None or time.perf_counter() < deadline):
        # Second stage (leximin): everyone whose coverage row has a positive dual cannot rise above z in
        # any optimal lottery (complementary slackness); hold them at z and maximise the minimum of the rest.
        fixed = y > 1e-9
        if fixed.any() and not fixed.all():
            master.hold(np.flatnonzero(fixed), z)
            spent = time.perf_counter() - stage1
            second = time.perf_counter() + (spent if deadline is None else min(spent, deadline - time.perf_counter()))
            try:
                _, _, lam, _ = rounds(np.inf, second)
            except InfeasibleError:  # the solver gave up on the second stage: keep the maximin lottery
                fixed[:] = False
        else:
            fixed[:] = False
    out: list[tuple[list[np.ndarray], np.ndarray]] = [([], np.zeros(0)) for _ in setups]
    for k in range(len(setups)):
        # (after a failed second stage, panels it added have no weight: lam covers the first stage's panels)
        panels = master.panels[: len(lam)]
        chosen = [(p, w) for (kk, p), w in zip(panels, lam, strict=True) if kk == k and w > 1e-9]
        weights = np.array([w for _, w in chosen])
        out[k] = ([p for p, _ in chosen], weights / weights.sum())
    return out, upper, it, master.everyone[fixed]


def _rearrange(s: _Setup, panels: list[np.ndarray], lam: np.ndarray, before: np.ndarray) -> list[np.ndarray]:
    """Within classes of interchangeable people, give the larger probabilities to the smaller `before`
    (past invitations, plus a series' other roundtables)."""
    if not before.any():
        return panels
    prob = np.zeros(s.rows.size)
    for p, w in zip(panels, lam, strict=True):
        prob[p] += w
    key = np.column_stack([s.oracle.kind, s.pin, s.rel])
    _, cls = np.unique(key, axis=0, return_inverse=True)
    cls = cls.reshape(-1)
    mapping = np.arange(s.rows.size)
    for c in np.unique(cls):
        members = np.flatnonzero(cls == c)
        if members.size < 2:
            continue
        by_prob = members[np.lexsort((members, -prob[members]))]  # largest probability first
        by_past = members[np.lexsort((members, before[members]))]  # smallest past first
        mapping[by_prob] = by_past
    return [np.sort(mapping[p]) for p in panels]


def fair_lottery(
    people: Sequence[Person],
    relevance: np.ndarray,
    seats: int,
    *,
    quotas: Sequence[Quota | str] = (),
    max_per: Sequence[MaxPer | str] = (),
    pins: Sequence[str] = (),
    exclude: Sequence[str] = (),
    min_relevance: float | None = None,
    relevance_share: float = DEFAULT_RELEVANCE_SHARE,
    history: Mapping[str, float] | None = None,
    seed: int | None = None,
    gap: float = 1e-6,
    max_iterations: int = 2000,
    max_seconds: float | None = None,
    time_limit: float = 20.0,
    rel_gap: float = DEFAULT_REL_GAP,
    leximin: bool = True,
    load: Mapping[str, float] | None = None,
    max_load: int | None = None,
) -> FairLottery:
    """Maximin lottery over feasible panels of exactly `seats`, and one panel drawn from it with `seed`.

    Parameters:
        people: the candidates (ids and group attributes).
        relevance: (n,) each person's relevance to the topic; NaN for no text (eligible only when pinned).
        seats: the panel size.
        quotas: quota specs or Quota objects, held by every panel of the distribution.
        max_per: caps per group value (MaxPer or specs), held by every panel.
        pins: ids in every panel.
        exclude: ids in no panel.
        min_relevance: the eligibility floor (people below it are never selected unless pinned).
        relevance_share: the lottery's expected relevance is at least this share of the best feasible panel's.
        history: past invitations per id; the minimum of past + probability is maximised instead.
        seed: the draw's seed (a fresh one is chosen and recorded when None).
        gap: stop the column generation when the bound and the lottery are this close.
        max_iterations: the most column-generation rounds.
        max_seconds: stop early with the best lottery so far (the report then shows the bound beside it).
        time_limit: seconds allowed to each MILP.
        rel_gap: stop once the smallest probability is within this share of the upper bound (0: exact).
        leximin: then raise the smallest probability among those not held at the minimum (a second stage).
        load: id -> current load across programmes (the load ledger); a seat adds 1.
        max_load: the per-person cap: people already at it are not eligible (pins excepted).

    Returns:
        A FairLottery: the support, weights, every eligible person's probability, the drawn panel and the report.

    Raises:
        QuotaInfeasibleError: when no feasible panel exists among the eligible.
        InputError: for a bad share, seed or input.
    """
    t0 = time.perf_counter()
    if not 0 <= relevance_share <= 1:
        raise InputError(f"the relevance share must be between 0 and 1, not {relevance_share}")
    if seed is None:
        seed = secrets.randbits(63)
    elif not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"the seed must be a whole number at least 0, not {seed!r}")
    s = prepare(
        people,
        relevance,
        seats,
        quotas=quotas,
        max_per=max_per,
        pins=pins,
        exclude=exclude,
        min_relevance=min_relevance,
        history=history,
        time_limit=time_limit,
        load=load,
        max_load=max_load,
    )
    floor = _floor(s, relevance_share)
    lottery = solve_lotteries(
        [s], [floor], [int(seed)], gap, max_iterations, max_seconds, WARM_PANELS, rel_gap, leximin
    )[0]
    lottery.report["requested_relevance_share"] = relevance_share
    lottery.report["seconds"] = round(time.perf_counter() - t0, 3)
    if not history:
        del lottery.report["min_cumulative"], lottery.report["cumulative"]
    if load is not None or max_load is not None:
        loads = load_vector([p.id for p in people], load)
        expected = loads.copy()
        drawn = loads.copy()
        index = {p.id: i for i, p in enumerate(people)}
        for pid, prob in lottery.probabilities.items():
            expected[index[pid]] += prob
        for pid in lottery.panel:
            drawn[index[pid]] += 1
        lottery.report.update(
            load_gini_before=round(gini(loads), 6),
            load_gini_after=round(gini(drawn), 6),
            expected_load_gini_after=round(gini(expected), 6),
            max_load_after=float(drawn.max()),
        )
    return lottery


def _floor(s: _Setup, relevance_share: float) -> float:
    _, best_rel = _best_relevance(s)
    if relevance_share > 0 and best_rel <= 0:
        raise InputError("a relevance share needs a positive best relevance; give relevance_share=0")
    return relevance_share * best_rel


def _warm_count(bound: float, most: int) -> int:
    """Starting panels to deal: about 8 copies of the least likely person, 50 to `most`."""
    if bound <= 0:
        return min(50, most)
    return int(np.clip(np.ceil(8.0 / bound), min(50, most), most))


def solve_lotteries(
    setups: Sequence[_Setup],
    floors: Sequence[float],
    seeds: Sequence[int],
    gap: float,
    max_iterations: int,
    max_seconds: float | None = None,
    warm: int = 0,
    rel_gap: float = 0.0,
    leximin: bool = True,
) -> list[FairLottery]:
    """Maximin lotteries for one roundtable or, jointly, a series: the minimum over everyone eligible
    for one of them of past + expected invitations over all of them. One draw per roundtable.

    `warm`: at most this many starting panels dealt from the marginal LP's solution (0: the covering
    panels instead); `rel_gap`: stop once the minimum is within this share of the upper bound;
    `leximin`: a second stage raising the smallest probability among the others."""
    t0 = time.perf_counter()
    bound, marginals = _marginal_lp(setups, floors)
    start = None
    if warm:
        start = [
            _dealt(st, x, _warm_count(bound, warm), seed) for st, x, seed in zip(setups, marginals, seeds, strict=True)
        ]
    left = None if max_seconds is None else max(max_seconds - (time.perf_counter() - t0), 0.0)
    solved, upper, iterations, held = _column_generation(
        setups, floors, gap, max_iterations, bound, left, start, rel_gap, leximin
    )
    everyone = np.unique(np.concatenate([st.rows for st in setups]))
    expected = np.zeros(everyone.size)
    probs = []
    for st, (panels, weights) in zip(setups, solved, strict=True):
        prob = np.zeros(st.rows.size)
        for p, w in zip(panels, weights, strict=True):
            prob[p] += w
        probs.append(prob)
        expected[np.searchsorted(everyone, st.rows)] += prob
    out = []
    for st, seed, (panels, weights), prob in zip(setups, seeds, solved, probs, strict=True):
        where = np.searchsorted(everyone, st.rows)
        panels = _rearrange(st, panels, weights, st.past + expected[where] - prob)
        prob = np.zeros(st.rows.size)
        for p, w in zip(panels, weights, strict=True):
            prob[p] += w
        ids = [st.people[i].id for i in st.rows]
        order = [np.array(sorted(p, key=lambda i: (-st.rel[i], st.rows[i]))) for p in panels]
        id_panels = tuple(tuple(ids[i] for i in p) for p in order)
        weights_t = tuple(float(w) for w in weights)
        drawn = _pick(weights_t, seed)
        best_rel = float(st.rel[st.oracle.best(st.rel)].sum())
        expected_rel = float(sum(w * st.rel[p].sum() for p, w in zip(panels, weights, strict=True)))
        probabilities = {ids[i]: float(prob[i]) for i in range(len(ids))}
        cumulative = st.past + prob
        at_min = np.isin(st.rows, held)
        rest = cumulative[~at_min]
        report = {
            "seed": seed,
            "seats": st.seats,
            "eligible": len(ids),
            "probabilities": probabilities,
            "min_probability": float(prob.min()),
            "mean_probability": float(prob.mean()),
            "relevance_share": expected_rel / best_rel if best_rel > 0 else 1.0,
            "best_relevance": best_rel,
            "expected_relevance": expected_rel,
            "maximin_upper_bound": float(upper),
            "marginal_lp_bound": float(bound),
            "held_at_minimum": int(at_min.sum()),
            "second_stage_min": float(rest.min()) if rest.size and at_min.any() else None,
            "panels": len(id_panels),
            "iterations": iterations,
            "violations": len(st.cons.broken(st.rows[panels[drawn]])),
            "min_cumulative": float(cumulative.min()),
            "cumulative": {ids[i]: float(cumulative[i]) for i in range(len(ids))},
        }
        out.append(FairLottery(id_panels[drawn], seed, probabilities, id_panels, weights_t, report))
    return out


def marginal_bound(
    people: Sequence[Person],
    relevance: np.ndarray,
    seats: int,
    *,
    relevance_share: float = DEFAULT_RELEVANCE_SHARE,
    **options,
) -> float:
    """Upper bound on the maximin: the LP over marginal probabilities (no lottery can beat it).

    Every lottery's marginals x satisfy 0 <= x <= 1, sum x = seats, every quota and cap in
    expectation, pins at 1 and expected relevance at least the share; the LP maximises min(past + x)
    over those. It is not always reachable, since a fractional point of these constraints need not be
    a mixture of integral panels when quotas cross several columns. The lottery uses it as a second
    upper bound: reaching it proves optimality early."""
    s = prepare(people, relevance, seats, **options)
    return _marginal_lp([s], [_floor(s, relevance_share)])[0]


def _marginal_lp(setups: Sequence[_Setup], floors: Sequence[float]) -> tuple[float, list[np.ndarray]]:
    """The marginal LP for one roundtable or a series: (bound, marginals per roundtable)."""
    from scipy import sparse
    from scipy.optimize import linprog

    everyone = np.unique(np.concatenate([st.rows for st in setups]))
    offsets = np.cumsum([0] + [st.rows.size for st in setups])
    nvar = int(offsets[-1]) + 1
    past = np.zeros(everyone.size)
    eq_blocks: list = []
    ub_blocks: list = []
    b_eq: list[float] = []
    b_ub: list[float] = []
    cover_r: list[int] = []
    cover_c: list[int] = []
    for k, (st, floor) in enumerate(zip(setups, floors, strict=True)):
        e, M, left = st.rows.size, st.oracle.M, int(offsets[k])
        right = nvar - left - e
        eq_blocks.append(sparse.hstack([sparse.csr_matrix((1, left)), np.ones((1, e)), sparse.csr_matrix((1, right))]))
        b_eq.append(st.seats)
        rows = sparse.vstack([M, -M, sparse.csr_matrix(-st.rel.reshape(1, -1))])
        n_rows = rows.shape[0]
        ub_blocks.append(sparse.hstack([sparse.csr_matrix((n_rows, left)), rows, sparse.csr_matrix((n_rows, right))]))
        b_ub.extend([*st.oracle.high, *(-st.oracle.low), -floor])
        where = np.searchsorted(everyone, st.rows)
        past[where] = st.past
        cover_r.extend(where)
        cover_c.extend(range(left, left + e))
    m = everyone.size
    cover_r.extend(range(m))
    cover_c.extend([nvar - 1] * m)
    values = np.r_[-np.ones(len(cover_r) - m), np.ones(m)]
    ub_blocks.append(sparse.csr_matrix((values, (cover_r, cover_c)), shape=(m, nvar)))  # z - sum_k x_ki <= past_i
    b_ub.extend(past)
    bounds = [(1.0 if pin else 0.0, 1.0) for st in setups for pin in st.pin] + [(None, None)]
    c = np.zeros(nvar)
    c[-1] = -1.0
    out = linprog(
        c,
        A_ub=sparse.vstack(ub_blocks).tocsr(),
        b_ub=b_ub,
        A_eq=sparse.vstack(eq_blocks).tocsr(),
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
    )
    if out.status != 0:
        raise InfeasibleError(f"the marginal LP failed: {out.message}")
    return float(out.x[-1]), [out.x[offsets[k] : offsets[k + 1]] for k in range(len(setups))]

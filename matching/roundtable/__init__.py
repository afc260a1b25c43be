"""Roundtables: exactly S invitees, most relevant to a topic, under hard quotas, with a quota-keeping waiting list.

- `panel.py`: `select_panel` (one MILP), `relevance_scores`, `Invitee`, `PanelResult`, the waiting list.
- `quotas.py`: quota and cap specs (`parse_quota`, `parse_max_per`, `Quota`, `MaxPer`), `Constraints` (membership
  counts) and `next_substitute`.
- `infeasible.py`: `QuotaInfeasibleError`, naming an irreducible conflicting set and the smallest relaxation.
- `fair.py`: `fair_lottery`, a maximin lottery over quota-feasible panels (column generation), with a seeded draw.
- `series.py`: `fair_series`, the same across a series of roundtables with past invitations.
- `alternates.py`: `choose_alternates`, a waiting list ordered to keep the quotas after expected no-shows,
  and `no_show_rates` (a rate per group).
"""

from matching.roundtable.alternates import Alternates, choose_alternates, no_show_rates
from matching.roundtable.fair import FairLottery, fair_lottery
from matching.roundtable.infeasible import QuotaInfeasibleError
from matching.roundtable.panel import Invitee, PanelResult, relevance_scores, select_panel
from matching.roundtable.quotas import Constraints, MaxPer, Quota, next_substitute, parse_max_per, parse_quota
from matching.roundtable.series import FairSeries, fair_series

__all__ = [
    "Alternates",
    "Constraints",
    "FairLottery",
    "FairSeries",
    "Invitee",
    "MaxPer",
    "PanelResult",
    "Quota",
    "QuotaInfeasibleError",
    "choose_alternates",
    "fair_lottery",
    "fair_series",
    "next_substitute",
    "no_show_rates",
    "parse_max_per",
    "parse_quota",
    "relevance_scores",
    "select_panel",
]

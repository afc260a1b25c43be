"""Peer-exchange pairs: the maximum total score under every constraint, explained.

- `pairs.py`: `pair_people` (the entry point), `Pair`, `PairingResult`, `count_violations`, request checks.
- `graph.py`: the sparse candidate graph (each person's best eligible partners, hub-corrected, united over both ends).
- `solver.py`: the LP relaxation (its value is the upper bound), the repair of odd cycles and the exact MILP (HiGHS).
"""

from matching.pairing.pairs import Pair, PairingResult, check_requests, count_violations, pair_people

__all__ = ["Pair", "PairingResult", "check_requests", "count_violations", "pair_people"]

"""Mentors: rank them for one request, or assign a whole cohort of requests under capacities.

- `rank.py`: `Mentor`, `MentorRequest`, `MentorSuggestion`, `MentorPool` (prepared once, ranked many times) and
  `rank_mentors`; eligibility filters first, then fit (best-mean of the need against the experience).
- `assign.py`: `assign_mentors` and `AssignmentResult`; as many requests served as possible, then the maximum fit.
"""

from matching.mentors.assign import AssignmentResult, assign_mentors
from matching.mentors.rank import Mentor, MentorPool, MentorRequest, MentorSuggestion, rank_mentors

__all__ = [
    "AssignmentResult",
    "Mentor",
    "MentorPool",
    "MentorRequest",
    "MentorSuggestion",
    "assign_mentors",
    "rank_mentors",
]

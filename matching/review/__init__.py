"""Review panels: which reviewers read which items (`assign`), and what their scores add up to (`aggregate`)."""

from matching.review.aggregate import CriterionSpread, ItemResult, aggregate_scores
from matching.review.assign import ReviewAssignment, assign_reviewers

__all__ = ["CriterionSpread", "ItemResult", "ReviewAssignment", "aggregate_scores", "assign_reviewers"]

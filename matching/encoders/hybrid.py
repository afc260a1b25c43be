"""The hybrid encoder: MiniLM, multilingual USE and hashed words in one vector space, language-aware.

Each part is a unit vector scaled by the square root of its weight and the parts are
concatenated, so the dot product of two hybrid vectors is exactly the weighted blend of the
three cosines (weights summing to 1 keep the rows unit length). The whole engine (neighbours,
pairing) therefore keeps working on plain vectors.

Language awareness: MiniLM and the word hashes only make sense for English text (MiniLM is
English-only). For a text detected as written in another language, the MiniLM slot holds
instead the bridge's estimate from its multilingual vector (matching/bridge.py: a linear map
fitted on English sentences from USE space into MiniLM space) and the lexical slot is empty.
A Spanish challenge and an English reform are then compared by the same blend, on the same
scale, as two English texts, and no foreign text is ever read by MiniLM itself. With
`bridge=False` (or a dense model other than the one the bridge was fitted for) a foreign text
keeps only its multilingual part, at full weight: cross-language pairs are then scored by the
multilingual cosine alone, scaled by sqrt(multilingual weight).
"""

from __future__ import annotations

import numpy as np

from matching.encoders.base import Encoder, l2_normalise
from matching.encoders.lexical import HashingEncoder
from matching.encoders.multilingual import MultilingualEncoder
from matching.encoders.transformer import SentenceTransformerEncoder
from matching.text import detect_language

# Tuned on the labelled sets (see matching/README.md, "Hybrid weights").
DEFAULT_WEIGHTS = {"dense": 0.6, "multilingual": 0.4, "lexical": 0.0}


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
        bridge: bool = True,
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
        self.weights = {
            "dense": dense / total,
            "multilingual": multilingual / total,
            "lexical": lexical / total,
        }
        self.languages = tuple(languages)
        self.dense_encoder = dense_encoder or SentenceTransformerEncoder(model=model, pooling=pooling)
        self.multilingual_encoder = multilingual_encoder or MultilingualEncoder()
        self.lexical_encoder = lexical_encoder or HashingEncoder()
        self.cache = cache
        # The shipped bridge maps into the default MiniLM space only.
        self.bridge = (
            bool(bridge)
            and getattr(self.dense_encoder, "model", None) is None
            and getattr(self.dense_encoder, "name", "") == "minilm"
        )

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
        bridge = f"bridge={self._bridge()[1]}" if self.bridge else "bridge=off"
        return f"hybrid:[{inner}]:weights={weights}:languages={'+'.join(self.languages)}:{bridge}"

    def _bridge(self):
        from matching.bridge import load_bridge

        return load_bridge()

    @property
    def dim(self) -> int:
        return sum(encoder.dim for _, encoder in self.parts)

    def same_language_rows(self, texts: list[str]) -> np.ndarray:
        """True for texts the language-specific parts may represent (listed language or unsure)."""
        return np.array([detect_language(t) in self.languages + ("und",) for t in texts], dtype=bool)

    def encode(self, texts: list[str], progress: bool | None = False) -> np.ndarray:
        from matching.cache import embed

        texts = [t or "" for t in texts]
        local = self.same_language_rows(texts)
        foreign = np.flatnonzero(~local)
        bridged = self.bridge and self.weights["dense"] > 0
        blocks, multilingual = [], None
        for key, encoder in self.parts:
            weight = np.float32(np.sqrt(self.weights[key]))
            if key == "multilingual":
                multilingual = embed(texts, encoder, self.cache, progress=progress)
                # without the bridge a foreign text keeps only this part, at full weight
                scale = np.full(len(texts), weight, dtype=np.float32)
                if not bridged:
                    scale[foreign] = 1.0
                blocks.append(multilingual * scale[:, None])
                continue
            vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
            rows = np.flatnonzero(local)
            if len(rows):
                vectors[rows] = (
                    embed([texts[i] for i in rows], encoder, self.cache, progress=progress) * weight
                )
            blocks.append(vectors)
        if bridged and len(foreign):
            foreign_texts = [texts[i] for i in foreign]
            source = (
                multilingual[foreign]
                if multilingual is not None
                else embed(foreign_texts, self.multilingual_encoder, self.cache)
            )
            estimate = l2_normalise(source @ self._bridge()[0])
            dense_index = [key for key, _ in self.parts].index("dense")
            blocks[dense_index][foreign] = estimate * np.float32(np.sqrt(self.weights["dense"]))
        # Rows are unit length unless a part had nothing to read (a text of stop words, or the
        # lexical part of a foreign text): normalising then only rescales those rows.
        return l2_normalise(np.hstack(blocks))

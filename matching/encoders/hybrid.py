"""The hybrid encoder: MiniLM, multilingual USE and hashed words in one vector space, language-aware.

Each part is a unit vector scaled by the square root of its weight and the parts are
concatenated, so the dot product of two hybrid vectors is exactly the weighted blend of the
three cosines (weights summing to 1 keep the rows unit length). The whole engine (neighbours,
pairing) therefore keeps working on plain vectors.

Language awareness: MiniLM and the word hashes only make sense for English text (MiniLM is
English-only). For a text detected as written in another language, the MiniLM slot holds
instead the bridge's estimate from its multilingual vector (matching/encoders/bridge.py: a linear map
fitted on English sentences from USE space into MiniLM space) and the lexical slot is empty.
A Spanish challenge and an English reform are then compared by the same blend, on the same
scale, as two English texts, and no foreign text is ever read by MiniLM itself. With
`bridge=False` (or a dense model other than the one the bridge was fitted for) a foreign text
keeps only its multilingual part, at full weight: cross-language pairs are then scored by the
multilingual cosine alone, scaled by sqrt(multilingual weight).

Glossary (on by default): a Spanish, French or Indonesian text is also glossed in English
domain words (matching/encoders/glossary.py: "Las empresas ocultan a sus verdaderos dueños" ->
"company hide beneficial owner") and the dense model reads the gloss: the foreign MiniLM slot
is then the normalised sum of the bridge estimate and `gloss_weight` times the gloss vector
(weight 2 measured best on the first probe set, see matching/README.md), and the lexical slot
holds the gloss's word hashes. The gloss is short (one extra chunk per foreign text), so the
cost is small; a text with nothing in the glossary keeps the bridge estimate alone, and a
foreign text with neither keeps its multilingual part at full weight as above.
"""

from __future__ import annotations

import numpy as np

from matching.encoders.base import Encoder, l2_normalise
from matching.encoders.bridge import load_bridge
from matching.encoders.lexical import HashingEncoder
from matching.encoders.multilingual import MultilingualEncoder
from matching.encoders.transformer import SentenceTransformerEncoder
from matching.text import detect_language

# Tuned on the labelled sets (see matching/README.md, "Hybrid weights").
DEFAULT_WEIGHTS = {"dense": 0.6, "multilingual": 0.4, "lexical": 0.0}
# Weight of the gloss vector against the bridge estimate in a foreign text's dense slot
# (chosen on the first probe set and the labelled sets; see matching/README.md).
DEFAULT_GLOSS_WEIGHT = 2.0
# Share of the dense model (MiniLM) in the blend of two texts in the same listed language (English): None keeps
# the cross-language weights. Off by default: 0.9 (with weights 0.7/0.3) gains under 0.01 P@5 on English-English
# sets but lets a nonsense query through the held-out search floor (see matching/README.md, "Same language").
DEFAULT_SAME_LANGUAGE_DENSE: float | None = None


class HybridEncoder(Encoder):
    """Weighted concatenation of a dense English model, USE multilingual and hashed words.

    A part with weight 0 is left out of the vector. `cache` (not part of the identity) lets the
    parts reuse vectors already computed for the stand-alone encoders.
    """

    name = "hybrid"
    # python -m matching.tools.search_floor with the default settings: the logistic model of matching/relevance.py
    # (intercept, cosine, cosine minus the query's best background cosine), fitted on
    # evaluation/search_floor_calibration.csv (keeps 46 of its 48 real questions, rejects 39 of its 40 junk queries).
    relevance_weights = (-0.535, 2.597, 3.535)
    # python -m matching.tools.fit_match_chance ../shared/data: the chance that a coordinator keeps a match, as a
    # logistic model of the cosine (matching.MatchChance), fitted on each labelled text's ten best candidates from
    # other countries of the OGP (specific labels) and World Bank sets; see matching/README.md, "Calibrated fit".
    match_chance_weights = (-1.411, 3.447)

    def __init__(
        self,
        dense: float = DEFAULT_WEIGHTS["dense"],
        multilingual: float = DEFAULT_WEIGHTS["multilingual"],
        lexical: float = DEFAULT_WEIGHTS["lexical"],
        pooling: str = "weighted",
        bridge: bool = True,
        glossary: bool = True,
        gloss_weight: float = DEFAULT_GLOSS_WEIGHT,
        languages: tuple[str, ...] = ("en",),
        same_language_dense: float | None = DEFAULT_SAME_LANGUAGE_DENSE,
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
        if gloss_weight < 0:
            raise ValueError("gloss_weight must be non-negative")
        if same_language_dense is not None and not 0 < same_language_dense < 1:
            raise ValueError("same_language_dense must be strictly between 0 and 1")
        self.same_language_dense = None if same_language_dense is None else float(same_language_dense)
        self.languages = tuple(languages)
        self.glossary = bool(glossary) and gloss_weight > 0
        self.gloss_weight = float(gloss_weight)
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
        gloss = "gloss=off"
        if self.glossary:
            from matching.encoders.glossary import glossary_fingerprint

            gloss = f"gloss={glossary_fingerprint()}x{self.gloss_weight:g}"
        local = "" if self.same_language_dense is None else f":same_language_dense={self.same_language_dense:.4f}"
        return f"hybrid:[{inner}]:weights={weights}{local}:languages={'+'.join(self.languages)}:{bridge}:{gloss}"

    def slot_scales(self) -> tuple[dict[str, float], dict[str, float]]:
        """The factor each part's unit vector is multiplied by: (for texts in a listed language, for foreign texts).

        Without `same_language_dense` both are sqrt(weight). With it, a listed-language text's dense and
        multilingual parts are split `same_language_dense` : 1 - `same_language_dense` (of their shared weight), so
        two English texts are scored mostly by the dense model; a foreign text's two parts are scaled so that its
        product with an English text still blends the two cosines in the ratio dense : multilingual, at a lower
        overall scale (the foreign row stays unit length; see matching/README.md).
        """
        lexical = self.weights["lexical"]
        d, m = self.weights["dense"], self.weights["multilingual"]
        plain = {key: float(np.sqrt(value)) for key, value in self.weights.items()}
        if self.same_language_dense is None or d == 0 or m == 0:
            return plain, dict(plain)
        ld = self.same_language_dense * (d + m)
        lm = (d + m) - ld
        local = {"dense": float(np.sqrt(ld)), "multilingual": float(np.sqrt(lm)), "lexical": float(np.sqrt(lexical))}
        t = float(np.sqrt((d + m) / (d * d / ld + m * m / lm)))
        foreign = {
            "dense": t * d / local["dense"],
            "multilingual": t * m / local["multilingual"],
            "lexical": plain["lexical"],
        }
        return local, foreign

    def _bridge(self) -> tuple[np.ndarray, str]:
        return load_bridge()

    @property
    def dim(self) -> int:
        return sum(encoder.dim for _, encoder in self.parts)

    def same_language_rows(self, texts: list[str]) -> np.ndarray:
        """True for texts the language-specific parts may represent (listed language or unsure)."""
        return np.array([detect_language(t) in (*self.languages, "und") for t in texts], dtype=bool)

    def glosses(self, texts: list[str], languages: list[str]) -> list[str]:
        """English glosses of the texts (empty for texts the glossary does not cover)."""
        if not self.glossary:
            return [""] * len(texts)
        from matching.encoders.glossary import load_glossary

        glossary = load_glossary()
        return [glossary.gloss(text, language) for text, language in zip(texts, languages, strict=False)]

    def encode(self, texts: list[str], progress: bool | None = False) -> np.ndarray:
        from matching.cache import embed

        texts = [t or "" for t in texts]
        languages = [detect_language(t) for t in texts]
        local = np.array([lang in (*self.languages, "und") for lang in languages], dtype=bool)
        foreign = np.flatnonzero(~local)
        keys = [key for key, _ in self.parts]
        glosses = self.glosses([texts[i] for i in foreign], [languages[i] for i in foreign])
        glossed = np.array([bool(g) for g in glosses], dtype=bool)
        dense_on = self.weights["dense"] > 0
        bridged = self.bridge and dense_on
        # foreign rows that get a dense (and lexical) estimate; the others keep USE at full weight
        estimated = np.full(len(foreign), bridged) | (glossed & dense_on)
        blocks, multilingual = [], None
        local_scales, foreign_scales = self.slot_scales()
        for key, encoder in self.parts:
            weight = np.float32(local_scales[key])
            if key == "multilingual":
                multilingual = embed(texts, encoder, self.cache, progress=progress)
                scale = np.full(len(texts), weight, dtype=np.float32)
                scale[foreign[estimated]] = foreign_scales[key]
                scale[foreign[~estimated]] = 1.0
                blocks.append(multilingual * scale[:, None])
                continue
            vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
            rows = np.flatnonzero(local)
            if len(rows):
                vectors[rows] = embed([texts[i] for i in rows], encoder, self.cache, progress=progress) * weight
            blocks.append(vectors)
        if len(foreign) and estimated.any():
            self._estimate_foreign(texts, foreign, glosses, glossed, bridged, multilingual, blocks, keys)
        # Rows are unit length unless a part had nothing to read (a text of stop words, or the
        # lexical part of a foreign text without a gloss): normalising then only rescales those rows.
        return l2_normalise(np.hstack(blocks))

    def _estimate_foreign(self, texts, foreign, glosses, glossed, bridged, multilingual, blocks, keys):
        """Fill the dense (and lexical) slots of foreign rows from the bridge and the gloss."""
        from matching.cache import embed

        dense = np.zeros((len(foreign), self.dense_encoder.dim), dtype=np.float32)
        if bridged:
            source = (
                multilingual[foreign]
                if multilingual is not None
                else embed([texts[i] for i in foreign], self.multilingual_encoder, self.cache)
            )
            dense += l2_normalise(source @ self._bridge()[0])
        with_gloss = np.flatnonzero(glossed)
        if len(with_gloss) and self.weights["dense"] > 0:
            read = embed([glosses[i] for i in with_gloss], self.dense_encoder, self.cache)
            dense[with_gloss] += np.float32(self.gloss_weight) * read
            if "lexical" in keys:
                lexical = embed([glosses[i] for i in with_gloss], self.lexical_encoder, self.cache)
                weight = np.float32(np.sqrt(self.weights["lexical"]))
                blocks[keys.index("lexical")][foreign[with_gloss]] = lexical * weight
        if "dense" in keys:
            weight = np.float32(self.slot_scales()[1]["dense"])
            blocks[keys.index("dense")][foreign] = l2_normalise(dense) * weight

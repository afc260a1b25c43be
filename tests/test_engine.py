"""The bridge to the matching library: the database-backed embedding cache."""

import numpy as np

from learning_hub import engine
from learning_hub.models import EmbeddingCacheEntry
from tests.helpers import snapshot

TEXTS = [
    "Our beneficial ownership register has no verification.",
    "We publish every public contract in the open contracting data standard.",
    "Our beneficial ownership register has no verification.",
]


class CountingEncoder:
    """Wraps the configured encoder and counts the texts it is asked to embed."""

    def __init__(self, inner):
        self.inner, self.calls = inner, []
        self.name, self.identity, self.dim, self.cacheable = inner.name, inner.identity, inner.dim, True

    def encode(self, texts, progress=False):
        self.calls.extend(texts)
        return self.inner.encode(texts)


def test_unchanged_text_is_never_embedded_twice(app, db):
    counting = CountingEncoder(engine.encoder())
    app.extensions["matching"]["encoder"] = counting
    try:
        first = engine.embed_texts(TEXTS)
        assert len(counting.calls) == 2  # the repeated text is embedded once
        assert db.session.scalar(db.select(db.func.count()).select_from(EmbeddingCacheEntry)) == 2
        second = engine.embed_texts([*TEXTS, "A new text about asset declarations."])
        assert len(counting.calls) == 3
        np.testing.assert_allclose(first, second[:3], rtol=1e-6)
    finally:
        app.extensions["matching"]["encoder"] = counting.inner


def test_cached_vectors_reads_without_writing(app):
    engine.embed_texts(TEXTS[:1])
    before = snapshot()
    vectors, present = engine.cached_vectors([TEXTS[0], "never embedded"])
    assert present.tolist() == [True, False]
    assert np.linalg.norm(vectors[0]) > 0.99
    assert not vectors[1].any()
    assert snapshot() == before


def test_query_vectors_are_not_stored(app):
    before = snapshot()
    vector = engine.embed_query("who has set up a beneficial ownership register?")
    assert vector.shape == (engine.encoder().dim,)
    assert engine.embed_query("who has set up a beneficial ownership register?") is vector
    assert snapshot() == before

"""The embedding cache: unchanged text is never embedded twice."""

import numpy as np
import pytest

from matching.cache import EmbeddingCache, MemoryEmbeddingCache, SQLiteEmbeddingCache, cache_key, embed
from matching.encoders.lexical import TfidfEncoder
from tests.matching.helpers import CountingEncoder

TEXTS = ["Open contracting portal", "Beneficial ownership register", "Open contracting portal"]


@pytest.fixture(params=["memory", "sqlite"])
def cache(request, tmp_path):
    if request.param == "memory":
        yield MemoryEmbeddingCache()
        return
    store = SQLiteEmbeddingCache(tmp_path / "cache.sqlite")
    yield store
    store.close()


def test_both_caches_follow_the_protocol(cache):
    assert isinstance(cache, EmbeddingCache)


def test_second_run_embeds_nothing(cache, counting_encoder):
    """Duplicates are embedded once; a rerun is served entirely from the cache."""
    first = embed(TEXTS, counting_encoder, cache)
    assert counting_encoder.texts_encoded == TEXTS[:2]
    second = embed(TEXTS, counting_encoder, cache)
    assert counting_encoder.calls == 1
    assert np.array_equal(first, second)
    assert np.array_equal(first[0], first[2])


def test_only_misses_are_embedded_in_batches(cache, counting_encoder):
    embed(TEXTS[:1], counting_encoder, cache)
    new = [f"text number {i}" for i in range(5)]
    embed(TEXTS + new, counting_encoder, cache, batch_size=2)
    assert counting_encoder.texts_encoded == [TEXTS[0], TEXTS[1], new[0], new[1], new[2], new[3], new[4]]
    assert counting_encoder.calls == 1 + 3  # 6 misses in batches of 2


def test_whitespace_only_changes_reuse_the_vector(cache, counting_encoder):
    embed(["Open contracting portal"], counting_encoder, cache)
    embed(["  Open   contracting\nportal "], counting_encoder, cache)
    assert counting_encoder.calls == 1


def test_key_depends_on_encoder_identity_and_text(counting_encoder):
    other_version = CountingEncoder(version="2")
    key = cache_key(counting_encoder, "a text")
    assert key == cache_key(counting_encoder, " a  text ")
    assert key != cache_key(other_version, "a text")
    assert key != cache_key(counting_encoder, "another text")
    assert len(key) == 81


def test_sqlite_cache_persists_across_instances(tmp_path, counting_encoder):
    path = tmp_path / "cache.sqlite"
    with SQLiteEmbeddingCache(path) as store:
        embed(TEXTS, counting_encoder, store)
    fresh = CountingEncoder()
    with SQLiteEmbeddingCache(path) as store:
        assert len(store) == 2
        embed(TEXTS, fresh, store)
    assert fresh.calls == 0


def test_fitted_encoders_bypass_the_cache(cache):
    """TF-IDF vectors depend on the corpus, so they are never stored."""
    encoder = TfidfEncoder().fit(TEXTS)
    assert encoder.cacheable is False
    embed(TEXTS, encoder, cache)
    assert cache.get_many([cache_key(encoder, t) for t in TEXTS]) == {}


def test_titles_are_added_to_the_text_vector(counting_encoder):
    texts, titles = ["long description", "other description"], ["Title", ""]
    combined = embed(texts, counting_encoder, titles=titles)
    body, head = counting_encoder.encode(texts), counting_encoder.encode(titles)
    expected = body[0] + head[0]
    assert np.allclose(combined[0], expected / np.linalg.norm(expected), atol=1e-6)
    assert np.allclose(combined[1], body[1], atol=1e-6)  # an empty title changes nothing

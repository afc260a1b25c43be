"""Encoders without real models: registry, lexical encoders, pooling, the hybrid's blend and language rule."""

import numpy as np
import pytest

from matching.encoders import available_encoders, get_encoder, parse_encoder_spec
from matching.encoders.base import l2_normalise, pool_chunks
from matching.encoders.hybrid import HybridEncoder
from matching.errors import InputError, NotFittedError
from tests.matching.helpers import CountingEncoder


def test_registry_names_and_specs():
    assert set(available_encoders()) == {"tfidf", "hashing", "minilm", "multilingual", "hybrid", "default"}
    assert get_encoder("default").name == get_encoder("hybrid").name
    assert parse_encoder_spec("hybrid:dense=0.5,multilingual=0.5,lexical=0") == (
        "hybrid",
        {"dense": 0.5, "multilingual": 0.5, "lexical": 0},
    )
    assert get_encoder("minilm:pooling=first").pooling == "first"
    assert get_encoder("hashing", n_features=64).dim == 64


@pytest.mark.parametrize("spec", ["nope", "minilm:pooling", "hashing:colour=blue", "multilingual:pooling=max"])
def test_bad_names_and_settings_raise_input_error(spec):
    with pytest.raises(InputError):
        get_encoder(spec)


def test_hashing_is_deterministic_normalised_and_lexical():
    encoder = get_encoder("hashing")
    texts = ["open contracting data", "Open contracting DATA", "beneficial ownership", ""]
    vectors = encoder.encode(texts)
    assert vectors.dtype == np.float32
    assert vectors.shape == (4, encoder.dim)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1, atol=1e-6)
    assert not vectors[3].any()
    assert vectors[0] @ vectors[1] == pytest.approx(1.0, abs=1e-6)
    assert abs(vectors[0] @ vectors[2]) < 0.2
    assert np.array_equal(vectors, get_encoder("hashing").encode(texts))
    assert encoder.cacheable
    assert "hashing" in encoder.identity


def test_tfidf_needs_fitting_and_is_not_cacheable():
    encoder = get_encoder("tfidf")
    assert encoder.cacheable is False
    with pytest.raises(NotFittedError):
        encoder.encode(["text"])
    vectors = encoder.fit_encode(["open contracting", "open budget", "beneficial ownership"])
    assert vectors.shape[0] == 3
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_pool_chunks_mean_weighted_first():
    chunks = l2_normalise(np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32))
    owners = np.array([0, 0, 2])
    weights = np.array([3, 1, 1], dtype=np.float32)
    mean = pool_chunks(chunks, owners, 3, "mean")
    assert np.allclose(mean[0], [2**-0.5, 2**-0.5])
    assert not mean[1].any()
    assert np.allclose(pool_chunks(chunks, owners, 3, "first")[0], [1, 0])
    weighted = pool_chunks(chunks, owners, 3, "weighted", weights)[0]
    assert np.allclose(weighted, np.array([3, 1]) / np.sqrt(10))
    with pytest.raises(ValueError, match="unknown pooling"):
        pool_chunks(chunks, owners, 3, "max")


def _hybrid(**weights):
    weights.setdefault("same_language_dense", None)  # one blend for every pair unless a test sets it
    return HybridEncoder(
        dense_encoder=CountingEncoder(dim=6, version="dense"),
        multilingual_encoder=CountingEncoder(dim=5, version="multi"),
        lexical_encoder=get_encoder("hashing", n_features=32),
        **weights,
    )


ENGLISH = [
    "Publish every public procurement contract as open data",
    "Create a public register of the beneficial owners of companies",
]
SPANISH = ["Publicar todos los contratos de compras públicas como datos abiertos"]


def test_hybrid_cosine_is_the_weighted_blend_of_its_parts():
    encoder = _hybrid(dense=0.5, multilingual=0.3, lexical=0.2)
    vectors = encoder.encode(ENGLISH)
    parts = [part.encode(ENGLISH) for _, part in encoder.parts]
    blend = 0.5 * parts[0][0] @ parts[0][1] + 0.3 * parts[1][0] @ parts[1][1] + 0.2 * parts[2][0] @ parts[2][1]
    assert vectors[0] @ vectors[1] == pytest.approx(blend, abs=1e-6)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-6)
    assert encoder.dim == 6 + 5 + 32


def test_hybrid_compares_languages_through_the_multilingual_part_only():
    """Without the bridge and the glossary, a foreign text is its multilingual vector alone."""
    encoder = _hybrid(dense=0.5, multilingual=0.3, lexical=0.2, glossary=False)
    english, spanish = encoder.encode(ENGLISH[:1]), encoder.encode(SPANISH)
    multi = encoder.multilingual_encoder.encode(ENGLISH[:1] + SPANISH)
    assert not spanish[0, :6].any()
    assert not spanish[0, 11:].any()
    assert np.linalg.norm(spanish) == pytest.approx(1.0, abs=1e-6)
    assert english[0] @ spanish[0] == pytest.approx(np.sqrt(0.3) * multi[0] @ multi[1], abs=1e-6)


def test_hybrid_bridge_puts_an_estimate_in_the_dense_slot_of_foreign_texts():
    """With the bridge, a cross-language pair is scored by the same blend as an English pair."""
    from matching.encoders.bridge import load_bridge

    dense = CountingEncoder(dim=384, version="dense")
    dense.name = "minilm"
    dense.model = None
    encoder = HybridEncoder(
        dense=0.6,
        multilingual=0.4,
        lexical=0,
        glossary=False,
        same_language_dense=None,
        dense_encoder=dense,
        multilingual_encoder=CountingEncoder(dim=512, version="multi"),
    )
    assert encoder.bridge
    assert "bridge=" in encoder.identity
    assert "bridge=off" not in encoder.identity
    english, spanish = encoder.encode(ENGLISH[:1])[0], encoder.encode(SPANISH)[0]
    multi = encoder.multilingual_encoder.encode(ENGLISH[:1] + SPANISH)
    estimate = multi[1] @ load_bridge()[0]
    estimate /= np.linalg.norm(estimate)
    expected = 0.6 * dense.encode(ENGLISH[:1])[0] @ estimate + 0.4 * multi[0] @ multi[1]
    assert english @ spanish == pytest.approx(expected, abs=1e-5)
    assert np.linalg.norm(spanish) == pytest.approx(1.0, abs=1e-6)
    assert dense.texts_encoded.count(SPANISH[0]) == 0  # MiniLM never reads the foreign text


def test_hybrid_glossary_lets_the_english_parts_read_a_gloss_of_foreign_texts():
    """Dense slot: bridge estimate + 2 x the gloss's dense vector; lexical slot: the gloss's words."""
    from matching.encoders.bridge import load_bridge
    from matching.encoders.glossary import load_glossary

    dense = CountingEncoder(dim=384, version="dense")
    dense.name = "minilm"
    dense.model = None
    lexical = get_encoder("hashing", n_features=32)
    encoder = HybridEncoder(
        dense=0.5,
        multilingual=0.3,
        lexical=0.2,
        same_language_dense=None,
        dense_encoder=dense,
        multilingual_encoder=CountingEncoder(dim=512, version="multi"),
        lexical_encoder=lexical,
    )
    assert encoder.glossary
    assert "gloss=" in encoder.identity
    assert "x2:" not in encoder.identity
    gloss = load_glossary().gloss(SPANISH[0], "es")
    assert "open data" in gloss
    assert "procurement" in gloss
    vector = encoder.encode(SPANISH)[0]
    multi = encoder.multilingual_encoder.encode(SPANISH)[0]
    estimate = multi @ load_bridge()[0]
    estimate = estimate / np.linalg.norm(estimate) + 2 * dense.encode([gloss])[0]
    estimate /= np.linalg.norm(estimate)
    assert np.allclose(vector[:384], np.sqrt(0.5) * estimate, atol=1e-5)
    assert np.allclose(vector[384:896], np.sqrt(0.3) * multi, atol=1e-5)
    assert np.allclose(vector[896:], np.sqrt(0.2) * lexical.encode([gloss])[0], atol=1e-5)
    assert dense.texts_encoded.count(SPANISH[0]) == 0
    assert gloss in dense.texts_encoded
    assert encoder.identity != HybridEncoder(dense_encoder=dense, gloss_weight=1).identity
    with pytest.raises(ValueError, match="gloss_weight must be non-negative"):
        HybridEncoder(dense_encoder=dense, gloss_weight=-1)


def test_hybrid_gloss_without_bridge_and_text_outside_the_glossary():
    """No bridge (another dense model): the gloss alone fills the dense slot; a text with no
    glossary term keeps its multilingual vector at full weight."""
    encoder = _hybrid(dense=0.6, multilingual=0.4, lexical=0)
    assert not encoder.bridge
    german = "Die Regierung veröffentlicht alle Verträge und Haushaltsdaten im Internet"
    spanish, other = encoder.encode([*SPANISH, german])
    gloss = encoder.glosses(SPANISH, ["es"])[0]
    assert np.allclose(spanish[:6], np.sqrt(0.6) * encoder.dense_encoder.encode([gloss])[0], atol=1e-6)
    assert not other[:6].any()
    assert np.allclose(other[6:], encoder.multilingual_encoder.encode([german])[0], atol=1e-6)


def test_hybrid_leaves_out_zero_weight_parts_and_rejects_bad_weights():
    assert [key for key, _ in _hybrid(dense=0.7, multilingual=0.3, lexical=0).parts] == [
        "dense",
        "multilingual",
    ]
    with pytest.raises(ValueError, match="weights must be non-negative"):
        _hybrid(dense=-1)


def test_hybrid_identity_names_parts_and_weights():
    identity = _hybrid(dense=1, multilingual=1, lexical=2).identity
    assert "counting:vdense" in identity
    assert "dense=0.2500" in identity
    assert "lexical=0.5000" in identity


def test_hybrid_weighs_same_language_pairs_apart_from_cross_language_pairs():
    """same_language_dense=0.9: two English texts are scored 0.9 dense + 0.1 multilingual; an English and a foreign
    text by the cross-language blend (0.7 : 0.3) at the lower scale t; two foreign texts by what is left. Worked out
    by hand: local scales sqrt(0.9), sqrt(0.1); t = sqrt(1 / (0.49 / 0.9 + 0.09 / 0.1)) = 0.83205; foreign scales
    t * 0.7 / sqrt(0.9) = 0.61394 and t * 0.3 / sqrt(0.1) = 0.78935 (squares 0.37692 + 0.62308 = 1)."""
    encoder = _hybrid(dense=0.7, multilingual=0.3, lexical=0, glossary=False, same_language_dense=0.9)
    local, foreign = encoder.slot_scales()
    assert local["dense"] == pytest.approx(0.9**0.5)
    assert local["multilingual"] == pytest.approx(0.1**0.5)
    assert foreign["dense"] == pytest.approx(0.61394, abs=1e-5)
    assert foreign["multilingual"] == pytest.approx(0.78935, abs=1e-5)
    english = encoder.encode(ENGLISH)
    dense, multi = encoder.dense_encoder.encode(ENGLISH), encoder.multilingual_encoder.encode(ENGLISH)
    assert english[0] @ english[1] == pytest.approx(0.9 * dense[0] @ dense[1] + 0.1 * multi[0] @ multi[1], abs=1e-6)
    assert np.allclose(np.linalg.norm(english, axis=1), 1, atol=1e-6)
    # without the bridge or a gloss a foreign text keeps its multilingual vector alone, at full weight
    spanish = encoder.encode(SPANISH)[0]
    assert np.linalg.norm(spanish) == pytest.approx(1.0, abs=1e-6)
    assert "same_language_dense=0.9000" in encoder.identity
    assert encoder.identity != _hybrid(dense=0.7, multilingual=0.3, lexical=0, glossary=False).identity
    with pytest.raises(ValueError, match="same_language_dense"):
        _hybrid(same_language_dense=1.0)


def test_hybrid_cross_language_pairs_keep_the_cross_blend_at_a_lower_scale():
    """With the bridge (a foreign text gets a dense estimate): English x foreign = t (0.7 dense + 0.3 multilingual)."""
    from matching.encoders.bridge import load_bridge

    dense = CountingEncoder(dim=384, version="dense")
    dense.name = "minilm"
    dense.model = None
    encoder = HybridEncoder(
        dense=0.7,
        multilingual=0.3,
        glossary=False,
        same_language_dense=0.9,
        dense_encoder=dense,
        multilingual_encoder=CountingEncoder(dim=512, version="multi"),
    )
    english, spanish = encoder.encode(ENGLISH[:1])[0], encoder.encode(SPANISH)[0]
    multi = encoder.multilingual_encoder.encode(ENGLISH[:1] + SPANISH)
    estimate = multi[1] @ load_bridge()[0]
    estimate /= np.linalg.norm(estimate)
    t = (1 / (0.49 / 0.9 + 0.09 / 0.1)) ** 0.5
    expected = t * (0.7 * dense.encode(ENGLISH[:1])[0] @ estimate + 0.3 * multi[0] @ multi[1])
    assert english @ spanish == pytest.approx(expected, abs=1e-5)
    assert np.linalg.norm(spanish) == pytest.approx(1.0, abs=1e-6)


def test_default_hybrid_identity_is_the_one_deployments_already_cached():
    """The same-language weighting is off by default, so the default's identity is exactly the string the previous
    default produced (spelled out here as that code wrote it), and cached vectors are not re-embedded."""
    from matching.encoders.bridge import load_bridge
    from matching.encoders.glossary import glossary_fingerprint

    encoder = get_encoder("default")
    assert encoder.same_language_dense is None
    dense, multilingual = encoder.dense_encoder.identity, encoder.multilingual_encoder.identity
    expected = (
        f"hybrid:[{dense}|{multilingual}]:weights=dense=0.6000,multilingual=0.4000,lexical=0.0000"
        f":languages=en:bridge={load_bridge()[1]}:gloss={glossary_fingerprint()}x2"
    )
    assert encoder.identity == expected
    local, foreign = encoder.slot_scales()
    assert local == foreign == pytest.approx({"dense": 0.6**0.5, "multilingual": 0.4**0.5, "lexical": 0.0})

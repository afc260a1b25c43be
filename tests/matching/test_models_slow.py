"""The real models (loaded once per session): chunking, normalisation, cross-lingual sanity."""

import numpy as np
import pytest

from matching.encoders.bridge import load_bridge
from matching.tools.probe import HELDOUT_PATH, PROBE_PATH

pytestmark = pytest.mark.slow

LONG = " ".join(
    f"Sentence {i} explains how the ministry publishes procurement contract {i} on the open data portal."
    for i in range(60)
)


def test_minilm_vectors_are_unit_float32(minilm):
    vectors = minilm.encode(["open contracting", "beneficial ownership", ""])
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1, atol=1e-5)
    assert not vectors[2].any()
    assert minilm.identity.startswith("minilm:sentence-transformers/all-MiniLM-L6-v2@")


def test_minilm_chunks_long_texts_within_the_window_without_losing_tokens(minilm):
    prepared = minilm.prepare([LONG, "short text"])
    owners = prepared.owners.tolist()
    assert owners.count(0) >= 3
    assert owners.count(1) == 1
    assert max(len(chunk) for chunk in prepared.chunks) <= minilm.window
    total = len(minilm.model_.tokenizer(LONG, add_special_tokens=False, verbose=False)["input_ids"])
    assert sum(len(c) for c, o in zip(prepared.chunks, owners, strict=False) if o == 0) == total


def test_minilm_pooling_reads_the_whole_text(minilm):
    """The end of a long text changes its vector (a truncating encoder would ignore it)."""
    changed = LONG + " Finally, the parliament votes on a whistleblower protection law."
    a, b = minilm.encode([LONG, changed])
    assert a @ b < 0.9999


def test_multilingual_matches_across_languages(multilingual):
    reforms = [
        "A public register of the beneficial owners of companies is published as open data.",
        "Participatory budgeting lets residents vote on local investment projects.",
        "Court judgments are published in a searchable online database.",
    ]
    challenges = [
        "Las empresas ocultan quiénes son sus verdaderos dueños detrás de sociedades pantalla.",
        "Les habitants veulent décider eux-mêmes des investissements de leur quartier.",
        "Putusan pengadilan tidak dipublikasikan sehingga masyarakat tidak dapat memeriksanya.",
    ]
    scores = multilingual.encode(challenges) @ multilingual.encode(reforms).T
    assert scores.argmax(axis=1).tolist() == [0, 1, 2]


def test_hybrid_blend_and_cross_language_rule(hybrid):
    english = "A public register of the beneficial owners of companies is published as open data."
    spanish = "Un registro público de los beneficiarios finales de las empresas se publica como datos abiertos."
    vectors = hybrid.encode([english, spanish])
    assert vectors.shape == (2, hybrid.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert hybrid.bridge
    assert hybrid.glossary
    multi = hybrid.multilingual_encoder.encode([english, spanish])
    gloss = hybrid.glosses([spanish], ["es"])[0]
    assert "beneficial owner" in gloss
    assert "open data" in gloss
    estimate = multi[1] @ load_bridge()[0]
    estimate = estimate / np.linalg.norm(estimate) + hybrid.gloss_weight * hybrid.dense_encoder.encode([gloss])[0]
    estimate /= np.linalg.norm(estimate)
    dense = hybrid.dense_encoder.encode([english])[0]
    # an English-foreign pair: the cross-language blend at the scale t the same-language weighting leaves it
    local, foreign = hybrid.slot_scales()
    t = local["dense"] * foreign["dense"] / hybrid.weights["dense"]
    expected = t * (hybrid.weights["dense"] * dense @ estimate + hybrid.weights["multilingual"] * multi[0] @ multi[1])
    assert vectors[0] @ vectors[1] == pytest.approx(expected, abs=1e-5)
    assert vectors[0] @ vectors[1] > 0.6 * t  # a translation pair scores like a near-duplicate


@pytest.mark.parametrize(
    ("path", "pairs", "floor"),
    [
        (PROBE_PATH, 24, 0.9),
        (HELDOUT_PATH, 32, 0.85),
    ],
    ids=["probe", "heldout"],
)
def test_probes_with_the_default_encoder(hybrid, path, pairs, floor):
    """Both cross-lingual probe sets; measured figures (0.958 and 0.938) are in matching/README.md."""
    from matching.tools.probe import run_probe

    result = run_probe(hybrid, path)
    assert result.pairs == pairs
    assert result.distractors == pairs
    assert result.top1 >= floor

"""Text helpers: normalisation, sentences, chunk packing, language detection."""

import pytest

from matching.text import detect_language, normalise_text, pack_sentences, split_sentences


def test_normalise_collapses_whitespace_and_composes_unicode():
    assert normalise_text("  Acceso  a la\n\tinformacio\u0301n  ") == "Acceso a la información"
    assert normalise_text(None) == ""


def test_split_sentences_keeps_abbreviations_and_lists():
    text = "The Ministry will publish e.g. the budget. Mr. Smith agreed! ¿Qué pasa? Fin.\n\n- first item\n- second item"
    assert split_sentences(text) == [
        "The Ministry will publish e.g. the budget.",
        "Mr. Smith agreed!",
        "¿Qué pasa?",
        "Fin.",
        "- first item",
        "- second item",
    ]
    assert split_sentences("") == []


def test_pack_sentences_fills_the_window_and_isolates_long_sentences():
    assert pack_sentences([3, 2, 1, 10, 4, 4], limit=6) == [[0, 1, 1 + 1], [3], [4], [5]]
    with pytest.raises(ValueError, match="limit must be at least 1"):
        pack_sentences([1], limit=0)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Crear un registro público de los beneficiarios finales de las empresas", "es"),
        ("Publier les déclarations de patrimoine des élus et des hauts fonctionnaires", "fr"),
        ("Establish a public register of the beneficial owners of companies", "en"),
        ("Pemerintah daerah wajib mempublikasikan anggaran dan laporan belanja desa", "id"),
    ],
)
def test_detect_language(text, code):
    assert detect_language(text) == code


def test_detect_language_abstains_on_short_text():
    assert detect_language("ok") == "und"
    assert detect_language("") == "und"

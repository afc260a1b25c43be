"""The open-government glossary (es/fr/id -> en): parsing, folding, longest match, languages."""

import pytest

from matching.encoders.glossary import GLOSSARY_PATH, Glossary, load_glossary, words


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def test_the_shipped_glossary_parses_and_covers_each_language(glossary):
    assert {lang: len(table) > 500 for lang, table in glossary.entries.items()} == {
        "es": True,
        "fr": True,
        "id": True,
    }
    lines = [
        line
        for line in GLOSSARY_PATH.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert all(len(line.split("\t")) == 4 for line in lines)
    english = [line.split("\t")[0] for line in lines]
    assert len(english) == len(set(english))  # one line per English concept


def test_spanish_gloss_folds_case_accents_plural_and_gender(glossary):
    assert glossary.gloss("Las EMPRESAS públicas y los Presupuestos", "es") == "state-owned enterprise budget"
    assert glossary.terms("las denuncias fueron investigadas", "es") == ["complaint", "investigate"]


def test_longest_phrase_wins(glossary):
    assert glossary.gloss("Los datos abiertos del gobierno", "es") == "open data government"
    assert glossary.gloss("les données ouvertes", "fr") == "open data"


def test_french_elisions_and_irregular_plurals(glossary):
    assert glossary.gloss("l'accès à l'information dans les tribunaux", "fr") == "access to information court"
    assert words("L'élection", "fr") == ["election"]


def test_indonesian_suffix_reduplication_and_malay_alias(glossary):
    assert glossary.gloss("Anggarannya tidak dipublikasikan", "id") == "budget publish"
    assert glossary.gloss("dokumen-dokumen anggaran", "id") == "document budget"
    assert glossary.gloss("Anggarannya tidak dipublikasikan", "ms") == "budget publish"


def test_languages_without_a_glossary_and_empty_text_give_nothing(glossary):
    assert glossary.gloss("Die Regierung veröffentlicht den Haushalt", "de") == ""
    assert glossary.gloss("", "es") == ""
    assert glossary.terms("   ", "fr") == []


def test_a_form_listed_under_two_concepts_glosses_as_the_first(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text(
        "# comment\nproject\tproyecto\tprojet\tproyek\ndraft\tproyecto;borrador\tprojet\trancangan\n",
        encoding="utf-8",
    )
    small = Glossary.from_tsv(path)
    assert small.gloss("el proyecto y el borrador", "es") == "project draft"


def test_a_malformed_line_is_rejected(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("budget\tpresupuesto\n", encoding="utf-8")
    with pytest.raises(ValueError, match="columns"):
        Glossary.from_tsv(path)

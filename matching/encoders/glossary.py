"""A small open-government glossary (es/fr/id -> en) that glosses foreign texts in English words.

MiniLM and the word hashes only read English. For a Spanish, French or Indonesian text, the
gloss is the English rendering of every glossary term found in it, in reading order ("Las
empresas ocultan a sus verdaderos dueños" -> "company hide beneficial owner"): a bag of English
domain words that the English-only parts can read and that shares words with English texts.

The glossary (matching/data/glossary.tsv, written for this project) holds general
open-government vocabulary, one English concept a line with its usual Spanish, French and
Indonesian forms. Lookup folds case and accents, drops French elisions (l', d', qu') and strips
light inflection (Spanish and French plural and gender endings, Indonesian -nya and
reduplication), and always prefers the longest phrase ("datos abiertos" -> "open data" rather
than "data open"). A lookup is a dictionary walk over the words: microseconds per text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

GLOSSARY_PATH = Path(__file__).resolve().parent.parent / "data" / "glossary.tsv"
LANGUAGES = ("es", "fr", "id")
# Malay shares most of Indonesian's vocabulary, and the language detector often says "ms" for it.
ALIASES = {"ms": "id"}
_WORD = re.compile(r"[a-z0-9]+")
_FRENCH_ELISIONS = frozenset({"l", "d", "j", "n", "s", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu"})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _stem(word: str, language: str) -> str:
    """Strip the inflection a glossary need not list (the same on both sides of a lookup).

    Spanish: plural, gender, past participle and infinitive endings (publicadas, publicar ->
    public). French: plural, feminine, -aux, past participle and infinitive (publiées, publier
    -> publi; tribunaux -> tribunal). Indonesian: the -nya suffix. Stems may merge a noun with
    its verb (público, publicar): both are the same topic to a bag of words.
    """
    if len(word) <= 3:
        return word
    if language == "es":
        word = word[:-1] if word[-1] == "s" else word
        word = word[:-1] if len(word) > 3 and word[-1] in "aoe" else word
        word = word[:-2] if len(word) > 4 and word[-2:] in ("ad", "id") else word
        return word[:-2] if len(word) > 4 and word[-2:] in ("ar", "er", "ir") else word
    if language == "fr":
        word = word[:-3] + "al" if word.endswith("aux") and len(word) > 4 else word
        word = word[:-1] if word[-1] in "sx" else word
        for _ in range(2):  # publiée -> publi
            word = word[:-1] if len(word) > 3 and word[-1] == "e" else word
        return word[:-2] if len(word) > 4 and word.endswith("er") else word
    if language == "id" and len(word) > 5 and word.endswith("nya"):
        return word[:-3]
    return word


def words(text: str, language: str) -> list[str]:
    """The folded, stemmed words of `text` as glossary lookup sees them."""
    folded = _fold(text)
    if language == "id":  # reduplicated plurals: "kata-kata" reads as "kata"
        folded = re.sub(r"\b(\w+)-\1\b", r"\1", folded)
    tokens = _WORD.findall(folded)
    if language == "fr":
        tokens = [t for t in tokens if t not in _FRENCH_ELISIONS]
    return [_stem(t, language) for t in tokens]


class Glossary:
    """Phrase table per language: folded word tuples -> an English term."""

    def __init__(self, entries: dict[str, dict[tuple[str, ...], str]]):
        self.entries = entries
        self.longest = {lang: max((len(k) for k in table), default=0) for lang, table in entries.items()}

    @classmethod
    def from_tsv(cls, path: str | Path = GLOSSARY_PATH) -> Glossary:
        entries: dict[str, dict[tuple[str, ...], str]] = {lang: {} for lang in LANGUAGES}
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != 1 + len(LANGUAGES):
                raise ValueError(f"{path}:{number}: expected {1 + len(LANGUAGES)} tab-separated columns")
            english = cells[0].strip()
            for lang, cell in zip(LANGUAGES, cells[1:], strict=False):
                for variant in filter(None, (v.strip() for v in cell.split(";"))):
                    key = tuple(words(variant, lang))
                    # a form listed under several concepts glosses as the first (measured better
                    # than all of them on the first probe set: "proyecto" is a project, not a draft too)
                    if key and key not in entries[lang]:
                        entries[lang][key] = english
        return cls(entries)

    def terms(self, text: str, language: str) -> list[str]:
        """English terms for the glossary phrases of `text`, in reading order (longest match first)."""
        table = self.entries.get(ALIASES.get(language, language))
        if not table:
            return []
        language = ALIASES.get(language, language)
        tokens = words(text, language)
        found: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self.longest[language], len(tokens) - i), 0, -1):
                english = table.get(tuple(tokens[i : i + size]))
                if english:
                    found.append(english)
                    i += size
                    break
            else:
                i += 1
        return found

    def gloss(self, text: str, language: str) -> str:
        """The English gloss of `text` (empty when the language has no glossary or nothing matched)."""
        return " ".join(self.terms(text, language))


@lru_cache(maxsize=1)
def load_glossary(path: str = str(GLOSSARY_PATH)) -> Glossary:
    return Glossary.from_tsv(path)


@lru_cache(maxsize=4)
def glossary_fingerprint(path: str = str(GLOSSARY_PATH)) -> str:
    """A short hash of the glossary file, for encoder identities (a new glossary, new vectors).

    Memoised: an identity is built for every cache key, so for every text."""
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]

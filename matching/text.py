"""Text helpers: normalisation (for cache keys), sentence splitting, chunking, language detection.

Language detection uses py3langid (BSD-3, a maintained fork of langid.py: a naive
Bayes model over byte n-grams, shipped in the wheel, offline and deterministic).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
# A sentence ends at . ! ? ; or an ellipsis, followed by spaces and something that can start a
# sentence (capital letter, digit, quote, bracket, bullet). Lower-case continuations ("e.g. the")
# are not split, which covers most abbreviations without a language-specific list.
_SENTENCE_END = re.compile(r"(?<=[.!?;…])[\"'”’)\]]*\s+(?=[\"'“‘(\[¿¡•\-–*]*[0-9A-ZÀ-ÖØ-Þ\u0100-\u017f])")
# Hard breaks: blank lines, and line breaks before list items.
_HARD_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-•*–]|\d+[.)]|[a-z][.)])\s)")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "no",
        "nos",
        "art",
        "arts",
        "vol",
        "sr",
        "sra",
        "srs",
        "dra",
        "st",
        "jr",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "vs",
        "fig",
        "approx",
        "inc",
        "ltd",
        "co",
    ]
)
# Confidence under which detect_language abstains ("und"): short or mixed texts.
MIN_LANGUAGE_CONFIDENCE = 0.5


def normalise_text(text: str | None) -> str:
    """The form of a text that cache keys hash.

    Parameters:
        text: any text (None counts as empty).

    Returns:
        the text in Unicode NFC, runs of whitespace collapsed to one space, stripped.
    """
    if text is None:
        return ""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def split_sentences(text: str | None) -> list[str]:
    """Split a text into sentences and list items.

    A sentence ends at . ! ? ; or an ellipsis before something that can start a sentence (a capital, a digit, a
    quote, a bullet); common abbreviations and single letters do not end one; blank lines and list items always do.

    Parameters:
        text: any text (None counts as empty).

    Returns:
        the sentences in reading order, whitespace collapsed; an empty list for an empty text.
    """
    sentences: list[str] = []
    for block in _HARD_BREAK.split(unicodedata.normalize("NFC", text or "")):
        block = _SPACE.sub(" ", block).strip()
        if not block:
            continue
        parts = _SENTENCE_END.split(block)
        merged: list[str] = []
        for part in parts:
            if merged and _ends_with_abbreviation(merged[-1]):
                merged[-1] = f"{merged[-1]} {part}"
            else:
                merged.append(part)
        sentences.extend(p for p in merged if p)
    return sentences


def _ends_with_abbreviation(sentence: str) -> bool:
    last = sentence.rsplit(" ", 1)[-1].rstrip(".").lower()
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def pack_sentences(lengths: list[int], limit: int) -> list[list[int]]:
    """Group consecutive sentences into chunks of at most `limit` tokens.

    `lengths[i]` is the token count of sentence i; the result lists sentence indices per chunk.
    A sentence longer than the limit gets a chunk of its own, which the caller cuts (an encoder
    slices its token ids), so no text is ever silently truncated.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    chunks: list[list[int]] = []
    current: list[int] = []
    used = 0
    for index, length in enumerate(lengths):
        if current and (used + length > limit or length > limit):
            chunks.append(current)
            current, used = [], 0
        current.append(index)
        used += length
        if length > limit:
            chunks.append(current)
            current, used = [], 0
    if current:
        chunks.append(current)
    return chunks


# Languages so close that the detector splits its confidence between them (Indonesian and
# Malay share most of their vocabulary): the pair's total confidence counts, the likelier wins.
_CLOSE_LANGUAGES = ({"id", "ms"},)


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str | None) -> str:
    """The language a text is written in (py3langid: offline, deterministic).

    Indonesian and Malay, which the detector often splits, pool their confidence.

    Parameters:
        text: any text (only its first 2,000 characters are read).

    Returns:
        an ISO 639-1 code, or "und" for a text of fewer than 12 letters or a confidence under 0.5.
    """
    text = normalise_text(text)
    if sum(ch.isalpha() for ch in text) < 12:
        return "und"
    # The first ~2,000 characters decide as well as the whole text, at a fraction of the cost.
    (language, confidence), (second, runner_up) = _language_identifier().rank(text[:2000])[:2]
    if any({language, second} <= close for close in _CLOSE_LANGUAGES):
        confidence += runner_up
    return language if confidence >= MIN_LANGUAGE_CONFIDENCE else "und"

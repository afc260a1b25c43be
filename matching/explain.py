"""Explanations a coordinator can read: the two sentences that matched best and the key terms shared.

Deterministic: the same texts (and the same term weights and sentence vectors) always give the same
explanation; every choice breaks ties by position, then alphabetically.

The sentence pair is chosen by IDF-weighted word overlap, which is free and picks sentences whose
shared words a reader can see; when the texts share no content word (typically two languages), by
cosine similarity if the caller can embed sentences (`embed=`, any function from a list of texts to
L2-normalised rows, for example an encoder behind the embedding cache).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from matching.text import split_sentences

MAX_TERMS = 5
EXCERPT_CHARS = 240
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'][^\W\d_]+)*")

# Function words per language come from libraries: scikit-learn's English list, and the `stop-words` package's
# Spanish, French, Indonesian and Portuguese lists (its English list is not used: it holds words such as
# "information" and "open" that carry meaning here). Those lists miss the filler words of this field: words every
# open-government text uses, which tell a reader nothing about why two texts match.
_STOP_LANGUAGES = ("spanish", "french", "indonesian", "portuguese")
_FIELD_FILLER = frozenset(
    [
        "use",
        "used",
        "uses",
        "using",
        "usage",
        "work",
        "works",
        "worked",
        "working",
        "public",
        "publics",
        "publicly",
        "government",
        "governments",
        "people",
        "person",
        "make",
        "makes",
        "made",
        "making",
        "need",
        "needs",
        "help",
        "helps",
        "way",
        "ways",
        "thing",
        "things",
        "new",
        "lot",
        "lots",
        "uso",
        "usar",
        "usa",
        "usan",
        "usamos",
        "trabajo",
        "trabajar",
        "trabaja",
        "trabajando",
        "público",
        "pública",
        "públicos",
        "públicas",
        "gobierno",
        "gente",
        "personas",
        "hacer",
        "hace",
        "utiliser",
        "utilise",
        "utilisé",
        "travail",
        "travailler",
        "travaille",
        "public",
        "publique",
        "publics",
        "publiques",
        "gouvernement",
        "gens",
        "faire",
        "fait",
        "guna",
        "gunakan",
        "menggunakan",
        "digunakan",
        "kerja",
        "bekerja",
        "publik",
        "umum",
        "pemerintah",
        "orang",
        "membuat",
    ]
)

# Cues that a sentence states a problem rather than what was done: negation, lack, "used to". A reform's quoted
# sentence should say what the reform does; its opening sentence often restates the problem it answered.
_PROBLEM_CUES = frozenset(
    [
        "no",
        "not",
        "never",
        "nobody",
        "none",
        "nothing",
        "without",
        "lack",
        "lacked",
        "lacking",
        "cannot",
        "can't",
        "couldn't",
        "didn't",
        "don't",
        "doesn't",
        "wasn't",
        "weren't",
        "isn't",
        "aren't",
        "hidden",
        "problem",
        "problems",
        "unable",
        "failed",
        "fail",
        "fails",
        "nunca",
        "nadie",
        "ningún",
        "ninguna",
        "sin",
        "falta",
        "faltaba",
        "faltan",
        "problema",
        "problemas",
        "ne",
        "pas",
        "jamais",
        "aucun",
        "aucune",
        "sans",
        "manque",
        "manquait",
        "problème",
        "problèmes",
        "tidak",
        "tak",
        "belum",
        "bukan",
        "tanpa",
        "kurang",
        "masalah",
    ]
)
_PROBLEM_PHRASES = ("used to ", "there was no ", "there were no ")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from stop_words import get_stop_words

    words: set[str] = set(ENGLISH_STOP_WORDS)
    for language in _STOP_LANGUAGES:
        words.update(w.casefold() for w in get_stop_words(language))
    return frozenset(words - _FIELD_FILLER)


@lru_cache(maxsize=1)
def _filler_stems() -> frozenset[str]:
    """Folded filler words: never a shared term on their own, nor evidence that two sentences match; they may
    still be part of a telling phrase ("public procurement")."""
    return frozenset(stem(w) for w in _FIELD_FILLER)


def content_words(text: str) -> list[str]:
    """The words of a text that carry meaning: not function words of the supported languages (the libraries'
    stop-word lists), not filler of this field, at least three letters; folded, in order, each once.

    Parameters:
        text: any text, such as a search query.

    Returns:
        the folded content words ("the", "de la", "yang" and "asd" give none of their function words).
    """
    filler = _filler_stems()
    seen: dict[str, None] = {}
    for _stem, word, _position in _tokens(text or ""):
        if stem(word) not in filler:
            seen.setdefault(word, None)
    return list(seen)


def states_problem(sentence: str) -> bool:
    """Whether a sentence reads as a problem (a negation, a lack, "used to"), not as something done.

    Parameters:
        sentence: one sentence, in any of the programme's languages.

    Returns:
        True when it holds a problem cue word or phrase.
    """
    folded = " " + " ".join(sentence.casefold().split()) + " "
    if any(" " + phrase in folded for phrase in _PROBLEM_PHRASES):
        return True
    return any(word in _PROBLEM_CUES for word in re.findall(r"[\w']+", folded))


def stem(word: str) -> str:
    """A light, language-blind plural folding so that "reforms" meets "reform", "policies" "policy"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(stem, surface, word position) for each content word of `text`."""
    stop = _stop_words()
    out = []
    for position, match in enumerate(_WORD.finditer(text.casefold())):
        word = match.group(0)
        if len(word) < 3 or word in stop:
            continue
        out.append((stem(word), word, position))
    return out


@dataclass(frozen=True)
class _Analysed:
    sentences: tuple[str, ...]
    sentence_stems: tuple[frozenset[str], ...]
    counts: Counter[str]
    surface: dict[str, str]  # stem -> its first surface form
    bigrams: Counter[tuple[str, str]]  # (stem, stem) of adjacent content words in one sentence


@lru_cache(maxsize=20000)
def _analyse(text: str) -> _Analysed:
    sentences = tuple(split_sentences(text or "")) or ((text.strip(),) if text and text.strip() else ())
    stems: list[frozenset[str]] = []
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    bigrams: Counter[tuple[str, str]] = Counter()
    for sentence in sentences:
        toks = _tokens(sentence)
        stems.append(frozenset(s for s, _, _ in toks) - _filler_stems())
        for s, w, _ in toks:
            counts[s] += 1
            surface.setdefault(s, w)
        # phrases: two content words with nothing between them ("open data", not "cabinet of ministers")
        bigrams.update((x[0], y[0]) for x, y in itertools.pairwise(toks) if y[2] == x[2] + 1 and x[0] != y[0])
    return _Analysed(sentences, tuple(stems), counts, surface, bigrams)


class TermWeights:
    """Inverse document frequencies over a corpus, so shared terms are ranked by how telling they are.

    It takes no parameters: `fit` it on the run's texts; unfitted, every term weighs 1.
    """

    def __init__(self):
        self.idf_: dict[str, float] | None = None
        self.default_: float = 1.0

    def fit(self, texts: Iterable[str]) -> TermWeights:
        """Count in how many texts each term (folded content word) occurs.

        Parameters:
            texts: the corpus (the run's challenges, reforms, experiences...).

        Returns:
            self, fitted: a term's weight is log((1 + n) / (1 + its count)) + 1.
        """
        df: Counter = Counter()
        n = 0
        for text in texts:
            n += 1
            df.update(_analyse(text or "").counts.keys())
        self.idf_ = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
        self.default_ = math.log(1 + n) + 1.0
        return self

    def weight(self, term: str) -> float:
        """A term's weight.

        Parameters:
            term: a folded content word (as `key_terms` folds them).

        Returns:
            its inverse document frequency; 1.0 when unfitted; the largest weight for a term the corpus lacks.
        """
        if self.idf_ is None:
            return 1.0
        return self.idf_.get(term, self.default_)


@dataclass(frozen=True)
class Explanation:
    """Why two texts match: the best sentence of each, their similarity, and shared key terms (what `explain` gives).

    Parameters:
        a_sentence: the sentence of the first text that matched best.
        b_sentence: the sentence of the second text that matched best.
        terms: up to five key terms (words or two-word phrases) found in both texts, most telling first.
        similarity: the two sentences' similarity (cosine, or IDF-weighted word overlap).
        method: "vectors" or "words", which similarity chose the sentences.
    """

    a_sentence: str
    b_sentence: str
    terms: tuple[str, ...]
    similarity: float
    method: str  # "vectors" or "words"

    def text(self) -> str:
        """The explanation as one line, for a CSV `reason` column or a page.

        Returns:
            '"sentence a" ~ "sentence b"; shared terms: x, y' (or "no shared key terms").
        """
        parts = []
        if self.a_sentence and self.b_sentence:
            parts.append(f'"{excerpt(self.a_sentence, 120)}" ~ "{excerpt(self.b_sentence, 120)}"')
        parts.append(f"shared terms: {', '.join(self.terms)}" if self.terms else "no shared key terms")
        return "; ".join(parts)


def excerpt(sentence: str, limit: int = EXCERPT_CHARS) -> str:
    """A sentence shortened for display.

    Parameters:
        sentence: the text to shorten (runs of whitespace become one space).
        limit: the most characters kept.

    Returns:
        the sentence, or its start cut at a word boundary and ended with "…", at most `limit` characters.
    """
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def key_terms(a_text: str, b_text: str, weights: TermWeights | None = None, limit: int = MAX_TERMS) -> tuple:
    """The content words and two-word phrases two texts share, most telling first.

    Terms are folded (case, light plural) and ranked by weight and by how often both texts use them; a phrase
    replaces its words. Deterministic: ties go alphabetically.

    Parameters:
        a_text: the first text.
        b_text: the second text.
        weights: term weights fitted on the run's texts (default: every term weighs 1).
        limit: the most terms returned.

    Returns:
        a tuple of up to `limit` terms, each as it first appears in `a_text`.
    """
    a, b = _analyse(a_text or ""), _analyse(b_text or "")
    w = weights or TermWeights()
    filler = _filler_stems()
    shared = (set(a.counts) & set(b.counts)) - filler
    phrases = {p for p in set(a.bigrams) & set(b.bigrams) if not set(p) <= filler}

    def rank(stems: tuple[str, ...]) -> tuple:
        # a phrase ranks like its words' mean weight plus a little: more telling than one word,
        # but a phrase of common words does not beat a rare word
        weight = sum(w.weight(s) for s in stems) / len(stems) + 0.5 * (len(stems) - 1)
        shared_count = min(min(a.counts[s] for s in stems), min(b.counts[s] for s in stems))
        return (-weight * shared_count**0.5, -len(stems), " ".join(stems))

    candidates = sorted([tuple(p) for p in phrases] + [(s,) for s in shared], key=rank)
    chosen: list[tuple[str, ...]] = []
    covered: set[str] = set()
    for stems in candidates:
        if len(chosen) == limit:
            break
        if len(stems) == 1 and stems[0] in covered:
            continue  # already shown inside a phrase
        if len(stems) > 1:  # a phrase replaces its words already listed
            chosen = [c for c in chosen if not (len(c) == 1 and c[0] in stems)]
        chosen.append(stems)
        covered.update(stems)
    return tuple(" ".join(a.surface[s] for s in stems) for stems in chosen)


def _word_similarity(a: _Analysed, b: _Analysed, weights: TermWeights) -> np.ndarray:
    sim = np.zeros((len(a.sentences), len(b.sentences)))
    norm_b = [math.sqrt(sum(weights.weight(t) ** 2 for t in s)) for s in b.sentence_stems]
    for p, sa in enumerate(a.sentence_stems):
        na = math.sqrt(sum(weights.weight(t) ** 2 for t in sa))
        for q, sb in enumerate(b.sentence_stems):
            common = sa & sb
            if common and na and norm_b[q]:
                sim[p, q] = sum(weights.weight(t) ** 2 for t in common) / (na * norm_b[q])
    return sim


def explain(
    a_text: str,
    b_text: str,
    *,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    weights: TermWeights | None = None,
    max_terms: int = MAX_TERMS,
    embed_only_without_shared_words: bool = True,
    b_states_remedy: bool = False,
) -> Explanation:
    """The sentence of `a_text` and the sentence of `b_text` that match best, and their shared key terms.

    Sentences are chosen by IDF-weighted word overlap, or by the cosine of their vectors when `embed` is given (and,
    by default, the texts share no content word: typically two languages); the first best pair wins a tie.

    Parameters:
        a_text: the first text (a challenge, a topic).
        b_text: the second text (a reform, an experience).
        embed: a function from a list of texts to L2-normalised rows (an encoder behind the cache), or None.
        weights: term weights fitted on the run's texts, or None.
        max_terms: the most key terms returned.
        embed_only_without_shared_words: call `embed` only when the texts share no content word, which spares
            embedding every sentence of every explained pair.
        b_states_remedy: `b_text` is a remedy (a reform): never quote one of its sentences that states a problem
            (see `states_problem`) while another sentence does not.

    Returns:
        Explanation (empty sentences and similarity 0 when a text has no sentence).
    """
    a, b = _analyse(a_text or ""), _analyse(b_text or "")
    terms = key_terms(a_text, b_text, weights, max_terms)
    if not a.sentences or not b.sentences:
        return Explanation(
            a.sentences[0] if a.sentences else "", b.sentences[0] if b.sentences else "", terms, 0.0, "words"
        )
    if embed is not None and embed_only_without_shared_words and set(a.counts) & set(b.counts):
        embed = None
    if embed is not None:
        vectors = np.asarray(embed(list(a.sentences) + list(b.sentences)), dtype=np.float32)
        sim = vectors[: len(a.sentences)] @ vectors[len(a.sentences) :].T
        method = "vectors"
    else:
        sim = _word_similarity(a, b, weights or TermWeights())
        method = "words"
    if b_states_remedy:
        problems = np.array([states_problem(sentence) for sentence in b.sentences])
        if problems.any() and not problems.all():
            sim = np.where(problems[None, :], -np.inf, sim)
    p, q = divmod(int(np.argmax(sim)), sim.shape[1])  # first maximum: ties go to earlier sentences
    return Explanation(a.sentences[p], b.sentences[q], terms, float(sim[p, q]), method)


def explain_best(
    a_texts: Sequence[str],
    b_texts: Sequence[str],
    a_vectors: np.ndarray | None = None,
    b_vectors: np.ndarray | None = None,
    **options,
) -> tuple[int, int, Explanation]:
    """Explain the best-matching pair among several texts per side (a person's challenges against another's reforms).

    Parameters:
        a_texts: the first side's texts.
        b_texts: the second side's texts.
        a_vectors: (len(a_texts), dim) their vectors, or None.
        b_vectors: (len(b_texts), dim) their vectors, or None.
        **options: passed to `explain` (embed, weights, max_terms...).

    The pair of texts is chosen by the dot product of their vectors when both are given with one row per text (the
    vectors the score was computed from), else by the similarity `explain` finds (the first best pair on a tie).

    Returns:
        (index in a_texts, index in b_texts, Explanation); (-1, -1, an empty Explanation) when a side has no text.
    """
    if not a_texts or not b_texts:
        return -1, -1, Explanation("", "", (), 0.0, "words")
    usable = (
        a_vectors is not None
        and b_vectors is not None
        and len(a_vectors) == len(a_texts)
        and len(b_vectors) == len(b_texts)
    )
    if usable:
        sim = np.asarray(a_vectors) @ np.asarray(b_vectors).T
        p, q = divmod(int(np.argmax(sim)), sim.shape[1])
    elif len(a_texts) == 1 and len(b_texts) == 1:
        p = q = 0
    else:
        scores = [
            (
                explain(
                    x, y, weights=options.get("weights"), b_states_remedy=options.get("b_states_remedy", False)
                ).similarity,
                -pi,
                -qi,
            )
            for pi, x in enumerate(a_texts)
            for qi, y in enumerate(b_texts)
        ]
        _, mp, mq = max(scores)
        p, q = -mp, -mq
    return p, q, explain(a_texts[p], b_texts[q], **options)

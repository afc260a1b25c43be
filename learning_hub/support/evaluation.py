"""How well brokering ranks offers for needs, on the labelled set in evaluation/ (support_needs.csv: 48 needs in
English, Spanish, French and Indonesian, each with the offers a coordinator would propose; support_offers.csv: 45
offers), against a keyword baseline in the same run.

- The engine: `brokering.rank_texts` as the pages call it (each text as its whole and its sentences, the engine's
  `Index`), with vectors from the configured encoder.
- The baseline: TF-IDF over the whole texts (scikit-learn, through the engine's "tfidf" encoder fitted on the run's
  offers and needs), ranked by the same `Index`.
Both see the same candidates: the offers that serve the need's country ("*" serves every country). Precision at k
counts the relevant offers among the first k, divided by k; most needs have a single relevant offer, so the
ceiling (a perfect ranking) is printed beside it. Nothing here is tuned on the labels.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import matching
from learning_hub import engine
from learning_hub.support.brokering import rank_texts

K = 3


@dataclass(frozen=True)
class Need:
    id: str
    language: str
    country: str
    text: str
    relevant: frozenset[str]


@dataclass(frozen=True)
class Offer:
    id: str
    countries: frozenset[str]
    text: str

    def serves(self, country: str) -> bool:
        return "*" in self.countries or country in self.countries


@dataclass(frozen=True)
class Scores:
    name: str
    precision: float  # mean precision at k over the needs
    hits: float  # share of needs with at least one relevant offer in the first k
    by_language: dict[str, float]


@dataclass(frozen=True)
class Report:
    k: int
    needs: int
    offers: int
    ceiling: float
    engine: Scores
    baseline: Scores
    encoder: str

    def lines(self) -> list[str]:
        out = [
            f"{self.needs} needs, {self.offers} offers; precision@{self.k} (ceiling {self.ceiling:.3f}), "
            f"hit rate@{self.k}",
        ]
        out.append(f"encoder: {self.encoder}")
        for scores in (self.engine, self.baseline):
            languages = ", ".join(f"{code} {value:.3f}" for code, value in sorted(scores.by_language.items()))
            out.append(
                f"{scores.name:<34} P@{self.k} {scores.precision:.3f}  hit@{self.k} {scores.hits:.3f}  ({languages})"
            )
        return out


def load(directory: Path) -> tuple[list[Need], list[Offer]]:
    with open(directory / "support_needs.csv", encoding="utf-8", newline="") as handle:
        needs = [
            Need(
                r["id"],
                r["language"],
                r["country"].upper(),
                r["text"],
                frozenset(filter(None, r["relevant"].split("|"))),
            )
            for r in csv.DictReader(handle)
        ]
    with open(directory / "support_offers.csv", encoding="utf-8", newline="") as handle:
        offers = [
            Offer(
                r["id"], frozenset(c.strip().upper() for c in r["countries"].split("|")), f"{r['title']}. {r['text']}"
            )
            for r in csv.DictReader(handle)
        ]
    return needs, offers


def precision_at(ranked: list[str], relevant: frozenset[str], k: int = K) -> float:
    return sum(1 for offer_id in ranked[:k] if offer_id in relevant) / k


def _scores(name: str, needs: list[Need], offers: list[Offer], vectors, split: bool, k: int) -> Scores:
    texts = [offer.text for offer in offers]
    precisions, hits, by_language = [], [], {}
    for need in needs:
        eligible = [offer.serves(need.country) for offer in offers]
        ranked = [offers[r.index].id for r in rank_texts(need.text, texts, eligible, k=k, vectors=vectors, split=split)]
        p = precision_at(ranked, need.relevant, k)
        precisions.append(p)
        hits.append(1.0 if any(o in need.relevant for o in ranked[:k]) else 0.0)
        by_language.setdefault(need.language, []).append(p)
    return Scores(
        name,
        float(np.mean(precisions)),
        float(np.mean(hits)),
        {code: float(np.mean(values)) for code, values in by_language.items()},
    )


def _all_present(rows) -> tuple[np.ndarray, np.ndarray]:
    rows = np.asarray(rows, dtype=np.float32)
    return rows, np.ones(len(rows), dtype=bool)


def evaluate(directory: Path, k: int = K) -> Report:
    """Embeds the set's texts through the app's encoder and cache (so call it from a CLI command or a test, never a
    request), then ranks every need with the engine and with the baseline."""
    from learning_hub.support.brokering import pieces

    needs, offers = load(directory)
    every = [p for text in [o.text for o in offers] + [n.text for n in needs] for p in pieces(text)]
    engine.embed_texts(list(dict.fromkeys(every)))  # stored once; the ranking below reads them back
    cached = lambda texts: engine.cached_vectors(texts)  # noqa: E731

    tfidf = matching.get_encoder("tfidf")
    tfidf.fit([o.text for o in offers] + [n.text for n in needs])
    keyword = lambda texts: _all_present(tfidf.encode(list(texts)))  # noqa: E731

    ceiling = float(np.mean([min(len(n.relevant), k) / k for n in needs]))
    return Report(
        k,
        len(needs),
        len(offers),
        ceiling,
        _scores(f"engine ({engine.encoder().name})", needs, offers, cached, True, k),
        _scores("keyword baseline (TF-IDF)", needs, offers, keyword, False, k),
        engine.identity(),
    )

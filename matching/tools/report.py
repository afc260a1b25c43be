"""The quality report (`python -m matching evaluate --report`): every quality figure of matching/README.md in one
table, each beside its reviewed reference value (matching/data/quality_reference.csv) and the drop that counts as a
regression.

Sections, each a function from (encoder factory, cache, data folder) to rows:
- `labelled`: P@5 and nDCG@10 on the labelled sets of `--data` (OGP labels and specific labels, World Bank labels;
  text only), for the default encoder and the best single encoder (MiniLM, USE), and the same-language subsets
  (OGP's Spanish commitments among themselves). Skipped, with a note, when the folder lacks the files: that data is
  never part of the repository.
- `probes`: top-1 on the two cross-lingual probes of matching/data, and top-1 and MRR on the blind
  evaluation/probe_everyday.csv by challenge language (es, fr, id, en) and overall.
- `search`: the search box's relevance floor on the frozen evaluation/search_floor.csv: junk queries with no close
  match, real questions with a right profile in the top 3 of the close matches.
- any section named in `EXTRA_SECTIONS` ("module:function") whose module can be imported, such as the simulation of
  learning from coordinators' decisions: each returns rows like the others. A missing module is skipped.

A row is (figure, value); figures are named `section/what/encoder`. With `check=True` the report returns the figures
that fell below reference - tolerance.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matching.cache import embed
from matching.encoders.base import Encoder

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent.parent / "data"
REFERENCE = DATA / "quality_reference.csv"
EVERYDAY = ROOT / "evaluation" / "probe_everyday.csv"
SEARCH_FLOOR = ROOT / "evaluation" / "search_floor.csv"
# Optional sections provided elsewhere ("module:function(encoder_for, cache, data) -> rows"); skipped when absent.
EXTRA_SECTIONS: tuple[str, ...] = ("matching.tools.decisions_report:report_rows",)

LABELLED = (
    ("ogp_labels", "ogp_parliament_commitments.csv", "labels"),
    ("ogp_specific", "ogp_parliament_commitments.csv", "specific_labels"),
    ("worldbank", "worldbank_project_themes.csv", "labels"),
)
SINGLE = ("minilm", "multilingual")

Rows = list[tuple[str, float]]
EncoderFor = Callable[[str], Encoder]


@dataclass(frozen=True)
class Reference:
    """A reviewed figure: its value when it was last reviewed and the drop tolerated (the measured noise)."""

    value: float
    tolerance: float


def read_reference(path: Path = REFERENCE) -> dict[str, Reference]:
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if not row["figure"].startswith("#")]
    return {row["figure"]: Reference(float(row["value"]), float(row["tolerance"])) for row in rows}


def labelled(encoder_for: EncoderFor, cache, data: Path | None) -> Rows:
    from matching.evaluate import evaluate_vectors, parse_labels
    from matching.io import read_csv
    from matching.text import detect_language

    rows: Rows = []
    if data is None or not all((data / file).exists() for _, file, _ in LABELLED):
        return rows
    for name, file, column in LABELLED:
        table = read_csv(str(data / file), ["text", "country", column])
        texts, groups = table.column("text"), table.column("country")
        labels = [parse_labels(value) for value in table.column(column)]
        languages = [detect_language(t) for t in texts]
        spanish = np.array([lang == "es" for lang in languages])
        english = np.array([lang == "en" for lang in languages])
        for spec in ("default", *SINGLE):
            vectors = embed(texts, encoder_for(spec), cache)
            metrics = evaluate_vectors(vectors, labels, groups, 5, spec)
            rows += [(f"labelled/{name}/p@5/{spec}", metrics.precision_at_k)]
            rows += [(f"labelled/{name}/ndcg@10/{spec}", metrics.ndcg_at_10)]
            # the same-language subsets: English texts among themselves, Spanish texts among themselves
            for language, rows_of in (("en", ~spanish & english), ("es", spanish)):
                if rows_of.sum() >= 20 and rows_of.sum() < len(texts):
                    sub = np.flatnonzero(rows_of)
                    metrics = evaluate_vectors(
                        vectors[sub], [labels[i] for i in sub], [groups[i] for i in sub], 5, spec
                    )
                    rows += [(f"labelled/{name}_{language}_{language}/p@5/{spec}", metrics.precision_at_k)]
    return rows


def probe_ranks(encoder: Encoder, path: Path, cache) -> tuple[list[str], np.ndarray]:
    """(language of each challenge, rank of its answering reform among every reform; ties count against it)."""
    from matching.tools.probe import load_probe

    pairs, _ids, reforms = load_probe(path)
    scores = embed([pair.challenge for pair in pairs], encoder, cache) @ embed(reforms, encoder, cache).T
    answer = np.array([reforms.index(pair.reform) for pair in pairs])
    right = scores[np.arange(len(pairs)), answer]
    return [pair.challenge_language for pair in pairs], (scores >= right[:, None]).sum(axis=1)


def probes(encoder_for: EncoderFor, cache, data: Path | None) -> Rows:
    from matching.tools.probe import HELDOUT_PATH, PROBE_PATH

    encoder = encoder_for("default")
    rows: Rows = []
    for name, path in (("development", PROBE_PATH), ("heldout", HELDOUT_PATH)):
        _languages, ranks = probe_ranks(encoder, path, cache)
        rows.append((f"probe/{name}/top1/default", float(np.mean(ranks == 1))))
    languages, ranks = probe_ranks(encoder, EVERYDAY, cache)
    langs = np.array(languages)
    for language in ("es", "fr", "id", "en", "all"):
        mine = ranks if language == "all" else ranks[langs == language]
        rows.append((f"everyday/{language}/top1/default", float(np.mean(mine == 1))))
        rows.append((f"everyday/{language}/mrr/default", float(np.mean(1.0 / mine))))
    return rows


def search(encoder_for: EncoderFor, cache, data: Path | None) -> Rows:
    """What the directory's search does (matching/relevance.py), on profiles that each hold one text."""
    from matching.explain import content_words
    from matching.relevance import Relevance, background_best, search_background

    with open(SEARCH_FLOOR, newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    encoder = encoder_for("default")
    relevance = Relevance.of(encoder)
    profiles = [row for row in table if row["kind"] == "profile"]
    queries = [row for row in table if row["kind"] in ("question", "nonsense")]
    vectors = embed([row["text"] for row in queries], encoder, cache)
    scores = vectors @ embed([row["text"] for row in profiles], encoder, cache).T
    background = (
        background_best(vectors, embed(search_background(), encoder, cache))
        if relevance.uses_background
        else np.zeros(len(queries))
    )
    junk_empty = answered = 0
    for row, score, back in zip(queries, scores, background, strict=True):
        # a query of function words only is not searched by meaning (as in the directory)
        close = np.flatnonzero((score > 0.05) & relevance.close(score, back) & bool(content_words(row["text"])))
        top = [profiles[i]["id"] for i in close[np.argsort(-score[close], kind="stable")][:3]]
        if row["kind"] == "nonsense":
            junk_empty += not top
        else:
            answered += bool(set(top) & set(row["expected"].split("|")))
    return [
        ("search/junk_with_no_result/default", float(junk_empty)),
        ("search/questions_answered_top3/default", float(answered)),
    ]


SECTIONS: tuple[Callable[[EncoderFor, object, Path | None], Rows], ...] = (labelled, probes, search)


def extra_sections() -> list[Callable[[EncoderFor, object, Path | None], Rows]]:
    found = []
    for spec in EXTRA_SECTIONS:
        module, _, function = spec.partition(":")
        try:
            found.append(getattr(importlib.import_module(module), function))
        except ImportError:
            continue
    return found


def collect(encoder_for: EncoderFor, cache=None, data: Path | None = None) -> Rows:
    """Every figure of the report, in table order."""
    rows: Rows = []
    for section in (*SECTIONS, *extra_sections()):
        rows += section(encoder_for, cache, data)
    return rows


def regressions(rows: Rows, reference: dict[str, Reference]) -> list[tuple[str, float, float]]:
    """(figure, value, reference) for every figure that fell below its reference by more than its tolerance."""
    return [
        (name, value, reference[name].value)
        for name, value in rows
        if name in reference and value < reference[name].value - reference[name].tolerance - 1e-9
    ]


def render(rows: Rows, reference: dict[str, Reference]) -> str:
    lines = [f"{'figure':52s} {'value':>7s} {'reference':>9s} {'noise':>6s}  status"]
    for name, value in rows:
        ref = reference.get(name)
        if ref is None:
            lines.append(f"{name:52s} {value:7.3f} {'-':>9s} {'-':>6s}  new (no reference)")
            continue
        status = "REGRESSION" if value < ref.value - ref.tolerance - 1e-9 else "ok"
        lines.append(f"{name:52s} {value:7.3f} {ref.value:9.3f} {ref.tolerance:6.3f}  {status}")
    return "\n".join(lines)

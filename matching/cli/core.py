"""Sub-commands `neighbours`, `evaluate`, `probe` and `bench` of `python -m matching`.

`probe` and `bench` run development tools (matching/tools), imported only when their command runs; the bench's flags
are the tool's own, so its sub-parser gets them only when `bench` is the command named.
"""

from __future__ import annotations

import argparse
import time

from matching.cli.common import add_encoder_options, corpus_vectors, doc, make_encoder, open_cache
from matching.errors import InputError
from matching.evaluate import evaluate_random, evaluate_vectors, parse_labels
from matching.io import Table, read_csv, unique_ids, write_csv
from matching.neighbours import top_k


def _read(args: argparse.Namespace, extra: tuple[str, ...] = ()) -> Table:
    required = [args.id_column, args.text_column] if hasattr(args, "id_column") else [args.text_column]
    required += [c for c in (args.group_column, args.title_column, *extra) if c]
    return read_csv(args.input, required)


def cmd_neighbours(args: argparse.Namespace) -> int:
    """Write the k most similar rows for every row of INPUT."""
    if args.k < 1:
        raise InputError("--k must be at least 1")
    table = _read(args)
    ids = unique_ids(table, args.id_column)
    texts = table.column(args.text_column)
    titles = table.column(args.title_column) if args.title_column else None
    groups = table.column(args.group_column) if args.group_column else None
    cache = open_cache(args.cache)
    encoder = make_encoder(args.encoder, cache)
    vectors = corpus_vectors(encoder, texts, titles, cache, args.progress)
    found = top_k(vectors, k=args.k, query_groups=groups, progress=args.progress)
    rows = (
        (ids[i], rank, ids[j], f"{score:.6f}")
        for i in range(len(ids))
        for rank, (j, score) in enumerate(found.row(i), start=1)
    )
    count = write_csv(args.out, ["query_id", "rank", "candidate_id", "score"], rows)
    print(f"wrote {count} rows for {len(ids)} queries to {args.out} (encoder {encoder.name})")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Print precision@k and nDCG@10 against labels for each encoder, TF-IDF and random ranking."""
    if args.report:
        return _report(args)
    if not args.input or not args.label_column:
        raise InputError("evaluate needs INPUT.csv and --label-column (or --report)")
    if args.k < 1:
        raise InputError("--k must be at least 1")
    table = _read(args, extra=(args.label_column,))
    texts = table.column(args.text_column)
    titles = table.column(args.title_column) if args.title_column else None
    groups = table.column(args.group_column) if args.group_column else None
    labels = [parse_labels(v, args.label_separator) for v in table.column(args.label_column)]
    if not any(labels):
        raise InputError(f"{args.input}: column {args.label_column!r} has no labels, so there is nothing to evaluate")
    cache = open_cache(args.cache)
    specs = list(dict.fromkeys([*args.encoder, "tfidf"]))
    encoders = [(spec, make_encoder(spec, cache)) for spec in specs]  # unknown names fail before any work
    results = []
    for spec, encoder in encoders:
        started = time.perf_counter()
        vectors = corpus_vectors(encoder, texts, titles, cache, args.progress)
        metrics = evaluate_vectors(vectors, labels, groups, args.k, spec)
        results.append((metrics, time.perf_counter() - started))
    results.append((evaluate_random(labels, groups, args.k), 0.0))
    where = f"candidates from other {args.group_column} values" if groups else "all other rows are candidates"
    print(
        f"{args.input}: {results[0][0].queries} labelled queries of {len(texts)} rows, {where}; "
        f"relevant = shares a label in column {args.label_column!r}"
    )
    print(f"{'method':40s} {'P@' + str(args.k):>7s} {'nDCG@10':>8s} {'seconds':>8s}")
    for metrics, seconds in results:
        note = " (expected value)" if metrics.method == "random" else ""
        print(f"{metrics.method:40s} {metrics.precision_at_k:7.3f} {metrics.ndcg_at_10:8.3f} {seconds:8.1f}{note}")
    return 0


def _report(args: argparse.Namespace) -> int:
    """The quality report: every figure of matching/README.md beside its reviewed reference (tools/report.py)."""
    from pathlib import Path

    from matching.tools import report

    data = Path(args.data) if args.data else None
    if data is not None and not data.is_dir():
        raise InputError(f"--data {args.data}: not a folder")
    cache = open_cache(args.cache)
    encoders: dict = {}

    def encoder_for(spec: str):
        if spec not in encoders:
            encoders[spec] = make_encoder(spec, cache)
        return encoders[spec]

    reference = report.read_reference(Path(args.reference) if args.reference else report.REFERENCE)
    rows = report.collect(encoder_for, cache, data)
    print(report.render(rows, reference))
    if data is None or not any(name.startswith("labelled/") for name, _ in rows):
        print(f"(labelled sets skipped: give --data with {', '.join(sorted({f for _, f, _ in report.LABELLED}))})")
    dropped = report.regressions(rows, reference)
    if dropped:
        print(f"{len(dropped)} figure(s) below reference by more than the noise")
        return 1
    return 0


def cmd_probe(args: argparse.Namespace) -> int:
    """Cross-lingual probe: top-1 of the English reform answering each es/fr/id challenge."""
    from matching.tools.probe import PROBE_PATH, run_probe

    path = args.input or PROBE_PATH
    cache = open_cache(args.cache)
    encoders = [(spec, make_encoder(spec, cache)) for spec in dict.fromkeys(args.encoder)]
    print(f"{'method':40s} {'top-1':>6s} {'mean rank':>9s}  misses")
    for spec, encoder in encoders:
        result = run_probe(encoder, path, cache, method=spec)
        print(f"{spec:40s} {result.top1:6.3f} {result.mean_rank:9.2f}  {' '.join(result.misses) or '-'}")
    print(
        f"({result.pairs} challenges, {result.pairs + result.distractors} English reform candidates "
        f"of which {result.distractors} distractors; file {path})"
    )
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Embedding throughput, neighbours time per size and peak memory; then the optimisers' figures."""
    from matching.tools import bench

    return bench.main(args)


def register(subparsers, command: str | None = None) -> None:
    """Add `neighbours`, `evaluate`, `probe` and `bench`; the bench's flags only when `command` is "bench"."""
    p = subparsers.add_parser(
        "neighbours", help="k most similar rows for each row of a CSV", description=doc(cmd_neighbours)
    )
    p.add_argument("input", metavar="INPUT.csv")
    p.add_argument("--k", type=int, required=True, help="neighbours per row")
    p.add_argument("--out", required=True, metavar="OUT.csv", help="columns query_id,rank,candidate_id,score")
    p.add_argument("--id-column", default="id")
    p.add_argument("--text-column", default="text")
    p.add_argument("--title-column", help="optional title column, embedded separately and added to the text's vector")
    p.add_argument("--group-column", help="never suggest a row whose value in this column equals the query's")
    add_encoder_options(p)
    p.set_defaults(func=cmd_neighbours)

    p = subparsers.add_parser(
        "evaluate",
        help="precision@k and nDCG@10 against labels",
        description=doc(cmd_evaluate) + " Labels are only used for scoring.",
    )
    p.add_argument("input", nargs="?", metavar="INPUT.csv")
    p.add_argument("--label-column", help="labels, separated by --label-separator (required with INPUT.csv)")
    p.add_argument("--label-separator", default="|")
    p.add_argument("--group-column", help="candidates only from rows with a different value (e.g. country)")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--text-column", default="text")
    p.add_argument("--title-column", help="optional title column, embedded separately and added to the text's vector")
    add_encoder_options(p, multiple=True)
    p.add_argument(
        "--report",
        action="store_true",
        help="instead: the quality report, every figure of matching/README.md beside its reviewed reference "
        "(matching/data/quality_reference.csv); exit 1 when one fell by more than its noise",
    )
    p.add_argument(
        "--data", metavar="DIR", help="with --report: folder holding the labelled sets (e.g. ../shared/data)"
    )
    p.add_argument("--reference", metavar="CSV", help="with --report: another reference file")
    p.set_defaults(func=cmd_evaluate)

    p = subparsers.add_parser(
        "probe",
        help="cross-lingual probe (es/fr/id challenge -> English reform), top-1 per encoder",
        description=doc(cmd_probe) + " FILE has columns id,kind,pair,language,topic,text: kind is "
        "'challenge' or 'reform'; a challenge and its answering reform share a 'pair' value; reforms with an "
        "empty pair are distractors. Every reform is a candidate for every challenge. Default: the bundled "
        "set matching/data/crosslingual_probe.csv (24 pairs, 24 distractors).",
    )
    p.add_argument("input", nargs="?", metavar="FILE.csv")
    add_encoder_options(p, multiple=True)
    p.set_defaults(func=cmd_probe)

    p = subparsers.add_parser("bench", help="speed and memory figures", description=doc(cmd_bench))
    if command == "bench":
        from matching.tools import bench

        bench.add_arguments(p)
    p.set_defaults(func=cmd_bench)

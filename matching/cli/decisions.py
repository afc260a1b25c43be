"""Sub-command `decisions` of `python -m matching`: the offline simulation of learning from decisions."""

from __future__ import annotations

import argparse

from matching.cli.common import add_encoder_options, corpus_vectors, doc, make_encoder, open_cache
from matching.errors import InputError
from matching.evaluate import parse_labels
from matching.io import read_csv


def cmd_decisions(args: argparse.Namespace) -> int:
    """Simulate coordinators' keep/drop judgements on some groups, fit the re-ranker, print P@k on the others."""
    if args.k < 1 or args.shown < 1 or args.depth < args.k:
        raise InputError("--k and --shown must be at least 1, and --depth at least --k")
    from matching.feedback import simulate_decisions

    required = [args.text_column, args.label_column, args.group_column] + (
        [args.title_column] if args.title_column else []
    )
    table = read_csv(args.input, required)
    texts = table.column(args.text_column)
    titles = table.column(args.title_column) if args.title_column else None
    labels = [parse_labels(v, args.label_separator) for v in table.column(args.label_column)]
    groups = table.column(args.group_column)
    cache = open_cache(args.cache)
    encoder = make_encoder(args.encoder, cache)
    vectors = corpus_vectors(encoder, texts, titles, cache, args.progress)
    shown_texts = [f"{t}. {x}" for t, x in zip(titles, texts, strict=True)] if titles else texts
    sizes = tuple(int(s) for s in args.sizes.split(","))
    print(
        f"{args.input}: encoder {args.encoder}; judgements from {args.shown} shown candidates per query of half the "
        f"{args.group_column} values, P@{args.k} on the other half ({args.depth} candidates re-ranked); "
        f"{args.draws} draws per size, {len(args.seeds)} splits"
    )
    print(
        f"{'split':>5s} {'judged':>6s} {'kept':>5s} {'queries':>7s} {'before':>7s} {'after':>7s} {'applied':>7s}  curve"
    )
    results = []
    for seed in args.seeds:
        sim = simulate_decisions(
            vectors, shown_texts, labels, groups, k=args.k, shown=args.shown, depth=args.depth,
            sizes=sizes, draws=args.draws, seed=seed,
        )  # fmt: skip
        results.append(sim)
        curve = " ".join(f"{p.judgements}:{p.precision - sim.before:+.3f}" for p in sim.curve)
        print(
            f"{seed:5d} {sim.judgements:6d} {sim.kept:5d} {sim.test_queries:7d} {sim.before:7.3f} {sim.after:7.3f} "
            f"{sim.applied:7.3f}  {curve}"
        )
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    before, after, applied = (mean([getattr(s, a) for s in results]) for a in ("before", "after", "applied"))
    print(f"{'mean':>5s} {'':6s} {'':5s} {'':7s} {before:7.3f} {after:7.3f} {applied:7.3f}")
    for gain in args.gains:
        needed = [s.needed(gain) for s in results]
        shown = ", ".join("-" if n is None else str(n) for n in needed)
        print(f"judgements needed for a P@{args.k} gain of {gain:+.3f}: {shown} (per split; '-': never reached)")
    return 0


def register(subparsers, command: str | None = None) -> None:
    """Add `decisions`."""
    p = subparsers.add_parser(
        "decisions",
        help="simulate learning from coordinators' decisions: P@k before and after the re-ranker, learning curve",
        description=doc(cmd_decisions) + " Labels decide only the simulated judgements and the scoring.",
    )
    p.add_argument("input", metavar="INPUT.csv")
    p.add_argument("--label-column", required=True, help="labels, separated by --label-separator")
    p.add_argument("--label-separator", default="|")
    p.add_argument("--group-column", default="country", help="groups split between judging and measuring")
    p.add_argument("--text-column", default="text")
    p.add_argument("--title-column", help="optional title column")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--shown", type=int, default=5, help="candidates judged per query")
    p.add_argument("--depth", type=int, default=20, help="candidates the re-ranker re-orders")
    p.add_argument("--sizes", default="10,20,50,100,200,400,800", help="learning curve sizes, comma-separated")
    p.add_argument("--draws", type=int, default=5)
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="random splits of the groups")
    p.add_argument("--gains", type=float, nargs="+", default=[0.01, 0.02])
    add_encoder_options(p)
    p.set_defaults(func=cmd_decisions)

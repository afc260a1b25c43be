"""`python -m matching bench`, optimisers' part: pairs, roundtable and mentors on synthetic
embeddings shaped like all-MiniLM-L6-v2's, beside the greedy baselines, in one run.

The embeddings are synthetic (bench_common.synthetic_vectors), so no model is loaded and the figures time the
optimisers alone.
"""

from __future__ import annotations

import time

import numpy as np

from matching.tools.bench_common import line, synthetic_vectors


def add_arguments(parser) -> None:
    parser.add_argument("--pairs-n", type=int, default=10000, help="people in the pairing benchmark")
    parser.add_argument("--pairs-k", type=int, default=2, help="pairs per person in the pairing benchmark")
    parser.add_argument("--roundtable-n", type=int, default=10000, help="people in the roundtable benchmark")
    parser.add_argument("--roundtable-trials", type=int, default=10, help="topics tried in the roundtable benchmark")
    parser.add_argument("--mentors-n", type=int, default=2000, help="mentors (requests: twice as many)")
    parser.add_argument(
        "--pooling-data",
        default="../shared/data/ogp_parliament_commitments.csv",
        help="labelled CSV for the pooling measurement (skipped if absent)",
    )
    parser.add_argument(
        "--pooling-encoder",
        default="tfidf",
        metavar="NAME",
        help="encoder for the pooling measurement (minilm takes a few minutes)",
    )
    parser.add_argument("--skip-optimisers", action="store_true", help="skip the optimisers' figures")


def bench_pairs(n: int, k: int) -> dict:
    from matching.pairing.pairs import DEFAULT_BONUS, DEFAULT_CANDIDATES, pair_people
    from matching.scoring import Person, TextVectors, group_codes

    rng = np.random.default_rng(1)
    country = rng.integers(0, 60, n)
    people = [Person(id=f"p{i}", country=f"C{c:02d}") for i, c in enumerate(country)]
    vecs = synthetic_vectors(2 * n, np.concatenate([country, country]), seed=2)
    challenges = TextVectors(vecs[:n], np.arange(n), n)
    reforms = TextVectors(vecs[n:], np.arange(n), n)
    print(
        f"\npairs: N = {n}, k = {k}, one challenge and one reform each, 60 countries, cross-country only "
        "(times exclude embedding and explanations)"
    )
    out = {}
    for tag, bonus in (("no bonus", 0.0), ("default bonus", DEFAULT_BONUS)):
        result = pair_people(people, challenges, reforms, k=k, explain=False, bonus=bonus)
        r, t = result.report, result.timings
        out[tag] = result
        print(
            f" {tag} (lambda = {result.bonus:.4f}): {r['seconds']:.2f} s "
            f"(candidate graph {t['graph']:.2f} s, LP {t['lp']:.2f} s, repair {t['repair']:.2f} s), "
            f"{result.candidate_edges} candidate edges"
        )
        bound = r["upper_bound"]
        line(
            "objective / upper bound",
            f"{r['objective']:.2f} / {bound:.2f} = "
            f"{100 * r['objective'] / bound:.3f}% (LP integral: {result.lp_integral}, "
            f"proven optimal: {result.optimal})",
        )
        line(
            "greedy objective / upper bound",
            f"{r['greedy_objective']:.2f} = {100 * r['greedy_objective'] / bound:.2f}%",
        )
        matchable = max(1, result.matchable_people)
        line(
            "people matched (of those with a candidate)",
            f"{r['matched_people']} / {result.matchable_people} = "
            f"{100 * r['matched_people'] / matchable:.2f}% (greedy "
            f"{100 * result.greedy_matched_people / matchable:.2f}%)",
        )
        line("people with a full k", f"{100 * r['full_people'] / n:.1f}%")
        line("lowest pair score, violations", f"{r['min_pair_score']:.3f}, {r['violations']}")
    plain, lifted = out["no bonus"].report, out["default bonus"].report
    more = lifted["matched_people"] - plain["matched_people"]
    line(
        "effect of the bonus",
        f"{more:+d} people matched for {100 * (lifted['objective'] / plain['objective'] - 1):+.3f}% total score",
    )
    wide = pair_people(people, challenges, reforms, k=k, explain=False, candidates=3 * DEFAULT_CANDIDATES)
    gain = 100 * (wide.report["objective"] / lifted["objective"] - 1)
    line(
        f"objective with {3 * DEFAULT_CANDIDATES} candidates per person",
        f"{wide.report['objective']:.2f} ({gain:+.2f}%, {wide.report['seconds']:.2f} s)",
    )
    _scarce(people, challenges, reforms, k, groups=group_codes([p.country for p in people]))
    return out


def _scarce(people, challenges, reforms, k, groups, floor=0.6) -> None:
    """The bonus where it matters: a quality floor leaves few candidates for many people."""
    from matching.pairing.graph import build_candidates
    from matching.pairing.pairs import DEFAULT_BONUS, pair_people
    from matching.pairing.solver import max_coverage

    n = len(people)
    graph = build_candidates(challenges, reforms, groups=groups, per_side=10, min_score=floor)
    best = max_coverage(n, graph.i, graph.j, np.full(n, k), np.zeros(0, np.int64))
    print(
        f" with a quality floor (min score {floor}): {graph.m} candidate edges; at most {best} people can "
        "have a pair at all"
    )
    runs = {
        tag: pair_people(people, challenges, reforms, k=k, min_score=floor, explain=False, bonus=bonus)
        for tag, bonus in (("no bonus", 0.0), ("default bonus", DEFAULT_BONUS))
    }
    for tag, result in runs.items():
        r = result.report
        line(
            f"{tag}: matched / coverable, objective",
            f"{r['matched_people']} / {best} = "
            f"{100 * r['matched_people'] / max(1, best):.1f}% (greedy {result.greedy_matched_people}), "
            f"{r['objective']:.2f} = {100 * r['objective'] / r['upper_bound']:.2f}% of the bound, "
            f"{r['seconds']:.2f} s",
        )


def run(args) -> int:
    if getattr(args, "skip_optimisers", False):
        return 0
    from matching.tools.bench_panel import bench_mentors, bench_pooling, bench_roundtable

    print("\n== optimisers (synthetic embeddings shaped like MiniLM's; times on this machine) ==")
    t0 = time.perf_counter()
    bench_pairs(getattr(args, "pairs_n", 10000), getattr(args, "pairs_k", 2))
    bench_roundtable(getattr(args, "roundtable_n", 10000), getattr(args, "roundtable_trials", 10))
    bench_mentors(getattr(args, "mentors_n", 2000))
    bench_pooling(getattr(args, "pooling_data", ""), getattr(args, "pooling_encoder", "tfidf"))
    print(f"\noptimisers' benchmark: {time.perf_counter() - t0:.1f} s")
    return 0

"""`python -m matching bench`: neighbours time per size, peak memory, embedding throughput.

Neighbours run first, on random unit vectors with 70 groups (as many countries as the OGP set),
smallest size first, so the peak RSS printed after each size is that of the search alone, before
any model is loaded. Embedding throughput compares the whole encode (sentence splitting,
tokenising, chunking, batching, pooling) with the model's bare forward passes over exactly the
same chunks and batches, so the percentage is the share of time spent in the model.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import numpy as np

from matching.errors import InputError
from matching.tools import bench_optimise

DEFAULT_TEXTS = Path("../shared/data/ogp_parliament_commitments.csv")
DEFAULT_FAIR_DATA = Path("../shared/data")
SLICE = 10  # texts per back-to-back timing slice in the embedding benchmark
SHORT_BASELINE = "hybrid:dense=0.7,multilingual=0.3,same_language_dense=0.9"


def add_arguments(parser) -> None:
    """The bench command's flags: this module's (neighbours, embedding), then the optimisers' (bench_optimise)."""
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="numbers of vectors for neighbours (comma-separated)"
    )
    parser.add_argument("--dim", type=int, default=384, help="vector length for neighbours (MiniLM: 384, hybrid: 896)")
    parser.add_argument("--neighbours-k", type=int, default=10, help="neighbours per query")
    parser.add_argument("--backends", default="faiss,numpy", help="neighbours backends to time")
    parser.add_argument(
        "--numpy-max",
        type=int,
        default=100000,
        help="largest size timed with the numpy backend (it is several times slower)",
    )
    parser.add_argument(
        "--bench-encoder", default="default", metavar="NAME", help="encoder whose throughput is measured"
    )
    parser.add_argument(
        "--texts",
        default=None,
        metavar="CSV",
        help=f"CSV with a 'text' column for the embedding benchmark (default: {DEFAULT_TEXTS}, "
        "else the bundled probe set)",
    )
    parser.add_argument("--limit", type=int, default=60, help="texts embedded in the throughput benchmark")
    parser.add_argument("--repeats", type=int, default=2, help="timed passes over the texts in the embedding benchmark")
    parser.add_argument("--skip-embedding", action="store_true", help="time neighbours only")
    parser.add_argument(
        "--short-words", type=int, default=120, help="words per text in the short-text speed comparison (0: skip it)"
    )
    parser.add_argument(
        "--compare-encoder",
        default=SHORT_BASELINE,
        metavar="NAME",
        help="encoder timed beside the benchmarked one on short texts, in the same run "
        f"(default {SHORT_BASELINE}: the same-language option, off by default)",
    )
    bench_optimise.add_arguments(parser)
    parser.add_argument("--fair-sizes", default="150,1000", help="pool sizes for the fair lottery (comma-separated)")
    parser.add_argument(
        "--fair-data",
        default=None,
        metavar="DIR",
        help=f"folder with the real texts for one lottery pool (default: {DEFAULT_FAIR_DATA} if present; "
        "named explicitly, a missing file is an error)",
    )
    fair = parser.add_mutually_exclusive_group()
    fair.add_argument("--skip-fair", action="store_true", help="skip the fair-chances figures")
    fair.add_argument("--fair-only", action="store_true", help="print the fair-chances figures only")


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise InputError(f"--sizes must be comma-separated integers, not {text!r}") from None
    if not sizes or min(sizes) < 2:
        raise InputError("--sizes needs at least one size of 2 or more")
    return sorted(sizes)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def bench_neighbours(sizes, dim, k, backends, numpy_max, seed=0) -> list[dict]:
    from matching.neighbours import faiss_available, top_k

    rows = []
    rng = np.random.default_rng(seed)
    for n in sizes:
        vectors = rng.standard_normal((n, dim), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        groups = rng.integers(0, 70, n).tolist()
        for backend in backends:
            if backend == "faiss" and not faiss_available():
                continue
            if backend == "numpy" and n > numpy_max:
                continue
            started = time.perf_counter()
            top_k(vectors, k=k, query_groups=groups, backend=backend)
            seconds = time.perf_counter() - started
            rows.append({"n": n, "backend": backend, "seconds": seconds, "peak_rss_mb": peak_rss_mb()})
            print(
                f"neighbours  n={n:>7,}  dim={dim}  k={k}  {backend:5s}  {seconds:8.2f} s   "
                f"peak RSS {peak_rss_mb():7.0f} MB",
                flush=True,
            )
        del vectors
    return rows


def _bench_texts(path) -> list[str]:
    from matching.io import read_csv
    from matching.tools.probe import PROBE_PATH

    if path is None:
        path = DEFAULT_TEXTS if DEFAULT_TEXTS.exists() else PROBE_PATH
    return read_csv(str(path), ["text"]).column("text")


def _clocks() -> np.ndarray:
    """(wall, CPU) seconds: CPU time of this process barely moves when other processes load the
    machine, so the share of time spent in the model is computed on it; throughput uses wall time."""
    return np.array([time.perf_counter(), time.process_time()])


def _raw_forward_seconds(encoder, texts) -> np.ndarray:
    """(wall, CPU) time of the bare model forward passes over the chunks `encoder.encode(texts)` feeds it."""
    parts = getattr(encoder, "parts", None)
    if parts is not None:  # hybrid: each part's model, on the texts that part reads
        from matching.text import detect_language

        local = encoder.same_language_rows(texts)
        foreign = [t for t, ok in zip(texts, local, strict=False) if not ok]
        # the dense model also reads the English gloss of each foreign text the glossary covers
        glosses = [g for g in encoder.glosses(foreign, [detect_language(t) for t in foreign]) if g]
        total = np.zeros(2)
        for key, part in parts:
            chosen = texts if key == "multilingual" else [t for t, ok in zip(texts, local, strict=False) if ok]
            total += _raw_forward_seconds(part, chosen)
            if key == "dense" and glosses:
                total += _raw_forward_seconds(part, glosses)
        return total
    if not hasattr(encoder, "forward"):
        return np.zeros(2)  # lexical encoders have no model: everything is overhead
    prepared = encoder.prepare(texts)
    if hasattr(prepared, "batches"):  # sentence-transformers: token-id chunks, same batches
        started = _clocks()
        for batch in prepared.batches:
            encoder.forward([prepared.chunks[c] for c in batch])
        return _clocks() - started
    pieces, _owners = prepared
    started = _clocks()
    for start in range(0, len(pieces), encoder.batch_size):
        encoder.forward(pieces[start : start + encoder.batch_size])
    return _clocks() - started


def bench_embedding(spec, texts, repeats: int = 2) -> dict:
    from matching.encoders import get_encoder

    encoder = get_encoder(spec)
    encoder.encode(texts[:4])  # load the models outside the timings
    # Small slices timed back to back (ours and the bare forward passes on the same chunks, in alternating order
    # so that neither always runs on warmer caches), and the median of the per-slice ratios: load from other
    # processes drifts between slices, not within one.
    ours, raw, ratios = np.zeros(2), np.zeros(2), []
    for repeat in range(repeats):
        for number, start in enumerate(range(0, len(texts), SLICE)):
            part = texts[start : start + SLICE]
            raw_first = (repeat + number) % 2 == 1
            if raw_first:
                bare = _raw_forward_seconds(encoder, part)
            started = _clocks()
            encoder.encode(part)
            spent = _clocks() - started
            if not raw_first:
                bare = _raw_forward_seconds(encoder, part)
            ours, raw = ours + spent, raw + bare
            ratios.append(bare[1] / spent[1])
    share = 100 * float(np.median(ratios)) if ratios else float("nan")
    chars = sum(map(len, texts)) / len(texts)
    print(
        f"embedding   encoder={encoder.name}  {len(texts)} texts ({chars:.0f} chars on average)  "
        f"{len(texts) / ours[0]:6.1f} texts/s  raw forward pass {len(texts) / raw[0] if raw[0] else 0:6.1f} "
        f"texts/s  ours = {100 * raw[0] / ours[0] if ours[0] else 0:5.1f}% of raw (wall), "
        f"{share:5.1f}% (median over slices, CPU time)   peak RSS {peak_rss_mb():7.0f} MB",
        flush=True,
    )
    return {
        "encoder": encoder.name,
        "texts": len(texts),
        "seconds": float(ours[0]),
        "raw_seconds": float(raw[0]),
        "percent_of_raw": share,
        "percent_of_raw_wall": float(100 * raw[0] / ours[0]) if ours[0] else float("nan"),
    }


def bench_short(spec: str, baseline: str, texts: list[str], words: int, repeats: int = 2) -> dict:
    """Texts/s of two encoders on texts cut to `words` words, timed in alternating slices of the same run."""
    from matching.encoders import get_encoder

    short = [" ".join(text.split()[:words]) for text in texts]
    encoders = [get_encoder(spec), get_encoder(baseline)]
    for encoder in encoders:
        encoder.encode(short[:4])  # load the models outside the timings
    spent = np.zeros(2)
    for repeat in range(repeats):
        for number, start in enumerate(range(0, len(short), SLICE)):
            order = (0, 1) if (repeat + number) % 2 == 0 else (1, 0)
            for which in order:
                started = time.perf_counter()
                encoders[which].encode(short[start : start + SLICE])
                spent[which] += time.perf_counter() - started
    rates = repeats * len(short) / spent
    print(
        f"embedding   {words}-word texts ({len(short)})  {spec}: {rates[0]:6.1f} texts/s   {baseline}: "
        f"{rates[1]:6.1f} texts/s   ratio {rates[0] / rates[1]:5.2f}",
        flush=True,
    )
    return {
        "encoder": spec,
        "baseline": baseline,
        "texts_per_second": float(rates[0]),
        "baseline_texts_per_second": float(rates[1]),
    }


def run(args) -> dict:
    sizes = _sizes(args.sizes)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - {"faiss", "numpy"}
    if unknown:
        raise InputError(f"unknown backend {min(unknown)!r} in --backends (choose from faiss, numpy)")
    print(f"python -m matching bench: {sys.platform}, numpy {np.__version__}", flush=True)
    results: dict[str, object] = {
        "neighbours": bench_neighbours(sizes, args.dim, args.neighbours_k, backends, args.numpy_max)
    }
    if not args.skip_embedding:
        texts = _bench_texts(args.texts)[: args.limit]
        if not texts:
            raise InputError("no texts to embed for the benchmark")
        results["embedding"] = bench_embedding(args.bench_encoder, texts, max(1, args.repeats))
        if args.short_words > 0:
            results["short"] = bench_short(
                args.bench_encoder, args.compare_encoder, texts, args.short_words, max(1, args.repeats)
            )
    return results


def run_fair(args) -> None:
    """The fair-chances figures (matching/tools/bench_fair.py): lotteries on synthetic pools and on the
    real texts, the series, no-show alternates and the load ledger over a simulated year."""
    from matching.tools.bench_fair import bench_fair, real_pool

    sizes = _sizes(args.fair_sizes)
    data = args.fair_data
    if data is not None:
        real_pool(data)  # fail now, before minutes of other figures, when the files are missing
    elif (DEFAULT_FAIR_DATA / "ogp_parliament_commitments.csv").exists():
        data = str(DEFAULT_FAIR_DATA)
    print("\n== fair chances (lotteries, series, no-show alternates, load ledger) ==", flush=True)
    if data is None:
        print(f"real-text pool: skipped, {DEFAULT_FAIR_DATA} not found (pass --fair-data DIR to require it)")
    t0 = time.perf_counter()
    bench_fair(sizes, data=data)
    print(f"\nfair chances' benchmark: {time.perf_counter() - t0:.1f} s")


def main(args) -> int:
    """`python -m matching bench`: the core's figures, then the optimisers' (unless --skip-optimisers),
    then fair chances' (unless --skip-fair; --fair-only prints those alone)."""
    if args.fair_only:
        run_fair(args)
        return 0
    run(args)
    sys.stdout.flush()
    code = int(bench_optimise.run(args) or 0)
    if not args.skip_fair:
        run_fair(args)
    return code

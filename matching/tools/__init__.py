"""Development tools beside the library: benchmarks, the cross-lingual probe runner and the bridge fitting.

Nothing in the library imports this package. `python -m matching bench` and `python -m matching probe` import the tool
they run when that command is chosen; the bridge is refitted with `python -m matching.tools.fit_bridge TEXTS.csv`.

- `bench.py`: neighbours time per size and backend, peak memory, embedding throughput; then `bench_optimise.py`
  (pairs), `bench_panel.py` (roundtables, mentors) and `bench_pooling.py` (how to pool several texts per person) on
  synthetic vectors from `bench_common.py`.
- `probe.py`: the cross-lingual probe sets in matching/data (top-1 of the English reform answering each challenge).
- `fit_bridge.py`: the ridge map USE -> MiniLM shipped as matching/data/use_to_minilm.npz.
"""

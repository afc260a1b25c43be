"""The shipped linear bridge from the multilingual USE space into MiniLM's space, for texts MiniLM cannot read.

MiniLM only reads English. USE places a sentence and its translation close together, so a linear map fitted on
English sentences (USE vector -> MiniLM vector, ridge regression) gives a Spanish, French or Indonesian text an
estimate of what MiniLM would say about its English translation. The hybrid encoder puts that estimate in the MiniLM
slot of a foreign text, so a cross-language pair is scored by the same blend, on the same scale, as an English pair.

The map is package data (matching/data/use_to_minilm.npz). It was fitted on the sentences and titles of the World
Bank project abstracts of the labelled evaluation data (CC BY 4.0, The World Bank), with the ridge penalty chosen by
5-fold cross-validation on those sentences; no evaluation label and no probe text was used. The fitting code is a
development tool outside the library: `python -m matching.tools.fit_bridge TEXTS.csv` (matching/tools/fit_bridge.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

BRIDGE_PATH = Path(__file__).resolve().parent.parent / "data" / "use_to_minilm.npz"


@lru_cache(maxsize=1)
def load_bridge(path: str = str(BRIDGE_PATH)) -> tuple[np.ndarray, str]:
    """The bridge's weights and fingerprint: multilingual vectors @ W estimate MiniLM vectors.

    Parameters:
        path: the .npz file with arrays `W` (512 x 384) and `fingerprint` (the shipped map by default).

    Returns:
        (W as float32, fingerprint string); memoised, so the file is read once per process.
    """
    with np.load(path, allow_pickle=False) as data:
        return data["W"].astype(np.float32), str(data["fingerprint"])

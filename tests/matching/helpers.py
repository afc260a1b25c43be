"""Helpers of these tests (plain functions and data; the fixtures stay in conftest.py)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from matching.encoders.base import Encoder, l2_normalise

ROOT = Path(__file__).resolve().parents[2]


class CountingEncoder(Encoder):
    """A deterministic fake: a text's vector comes from a hash of it; counts every text it encodes."""

    name = "counting"

    def __init__(self, dim: int = 8, version: str = "1"):
        self.version = version
        self._dim = dim
        self.calls = 0
        self.texts_encoded: list[str] = []

    @property
    def identity(self) -> str:
        return f"counting:v{self.version}:dim={self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def encode(self, texts, progress=False):
        self.calls += 1
        self.texts_encoded.extend(texts)
        rows = [
            np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).standard_normal(self._dim)
            for t in texts
        ]
        return l2_normalise(np.array(rows, dtype=np.float32).reshape(len(texts), self._dim))


def run_matching(*args, cwd=None, timeout=120):
    """`python -m matching ARGS` in a fresh interpreter; returns the CompletedProcess."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "matching", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=timeout,
        check=False,
    )


def write(path: Path, text: str, encoding="utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# Four countries, two topics: a row's best cross-country neighbours share its topic.
PEOPLE_CSV = """id,country,text
a1,KE,Open contracting portal publishes every public procurement contract and tender
a2,KE,Beneficial ownership register lists the real owners of companies
b1,CO,Public procurement contracts and tenders published on an open contracting portal
b2,CO,A register of beneficial owners shows who really owns companies
c1,ID,Every tender and procurement contract is published as open contracting data
c2,ID,Companies must declare beneficial owners in a public register
d1,FR,Owners of companies declared in a beneficial ownership register
"""

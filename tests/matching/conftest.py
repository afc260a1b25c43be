"""Fixtures for the engine's tests: tiny hand-made data, a counting encoder, the CLI in a subprocess,
and the real models (slow tests only), loaded once per session. Nothing here builds the web app."""

from __future__ import annotations

import pytest

from tests.matching.helpers import PEOPLE_CSV, ROOT, CountingEncoder, run_matching, write  # noqa: F401


@pytest.fixture
def counting_encoder():
    return CountingEncoder()


@pytest.fixture
def cli():
    return run_matching


@pytest.fixture
def people_csv(tmp_path):
    return write(tmp_path / "people.csv", PEOPLE_CSV)


@pytest.fixture(scope="session")
def minilm():
    from matching.encoders import get_encoder

    encoder = get_encoder("minilm")
    encoder.encode(["warm up"])
    return encoder


@pytest.fixture(scope="session")
def multilingual():
    from matching.encoders import get_encoder

    encoder = get_encoder("multilingual")
    encoder.encode(["warm up"])
    return encoder


@pytest.fixture(scope="session")
def hybrid(minilm, multilingual):
    from matching.encoders.hybrid import HybridEncoder

    return HybridEncoder(dense_encoder=minilm, multilingual_encoder=multilingual)

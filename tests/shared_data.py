"""Where the public labelled data for evaluation lives, and what a test does when it is missing.

The data sits beside the project (``../shared/data``, or ``LEARNING_HUB_SHARED_DATA``) and never in the repository.
In CI (``CI`` set) a test that needs it fails when it is missing, so a lost mount cannot pass as green; on a
developer's machine without the data it is skipped with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    return Path(os.environ.get("LEARNING_HUB_SHARED_DATA") or ROOT.parent / "shared" / "data")


def require(name: str) -> Path:
    """The path of a shared data file; fail in CI and skip elsewhere when it is missing."""
    path = data_dir() / name
    if not path.is_file():
        message = f"{path} is missing: the evaluation data (../shared/data) is needed by this test"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path

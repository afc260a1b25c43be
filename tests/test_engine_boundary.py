"""The app reaches the engine only through its public API: names in `matching.__all__`, imported from the package,
and asks the engine for every similarity (no vector product of its own).

Every module under learning_hub/ is read with `ast` (nothing is imported or run): `import matching.x`, `from matching.x
import ...`, `from matching import *`, a name missing from `matching.__all__` (imported, or read as an attribute of
the imported package) and `importlib.import_module("matching...")` are each reported with the file and line."""

from __future__ import annotations

import ast
from pathlib import Path

import matching

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = frozenset(matching.__all__)


def engine_imports_outside_api(source: str, filename: str = "<source>") -> list[str]:
    """Every use of `matching` in `source` that goes around `matching.__all__`, as 'file:line: what'."""
    tree = ast.parse(source, filename)
    problems = []
    aliases = set()  # names bound to the matching package itself in this module

    def report(node, text):
        problems.append(f"{filename}:{node.lineno}: {text}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "matching":
                    aliases.add(alias.asname or "matching")
                elif alias.name.startswith("matching."):
                    report(node, f"import {alias.name} (a submodule; import names from `matching`)")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("matching."):
                names = ", ".join(a.name for a in node.names)
                report(node, f"from {node.module} import {names} (a submodule; import names from `matching`)")
            elif node.module == "matching":
                for alias in node.names:
                    if alias.name == "*":
                        report(node, "from matching import * (name what you use)")
                    elif alias.name not in PUBLIC:
                        report(node, f"from matching import {alias.name} (not in matching.__all__)")
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            target = node.args[0].value
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in ("import_module", "__import__") and isinstance(target, str) and target.startswith("matching"):
                report(node, f"{called}({target!r}) (dynamic import of the engine)")
    for node in ast.walk(tree):
        is_engine = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
        if is_engine and node.attr not in PUBLIC:
            report(node, f"{node.value.id}.{node.attr} (not in matching.__all__)")
    return problems


def test_checker_reports_every_way_around_the_api():
    """The checker on code written here: each bad line is reported once, the good ones not at all."""
    source = "\n".join(
        [
            "import matching",  # 1 good
            "import matching.scoring",  # 2 bad: a submodule
            "from matching import TextVectors, split_sentences",  # 3 good
            "from matching.explain import excerpt",  # 4 bad: a submodule
            "from matching import pool_scores",  # 5 bad: not exported
            "from matching import *",  # 6 bad
            "import matching as engine_lib",  # 7 good
            "x = matching.get_encoder('hashing')",  # 8 good
            "y = engine_lib.group_codes([])",  # 9 bad: not exported
            "import importlib",  # 10
            "z = importlib.import_module('matching.pairing')",  # 11 bad: dynamic
            "from learning_hub import engine",  # 12 good: not the engine package
            "import matchingx",  # 13 good: another package
        ]
    )
    found = engine_imports_outside_api(source, "m.py")
    assert [line.split(":")[1] for line in found] == ["2", "4", "5", "6", "11", "9"]


def test_the_app_imports_only_public_engine_names():
    files = sorted((ROOT / "learning_hub").rglob("*.py"))
    assert len(files) > 50
    problems = [
        problem
        for path in files
        for problem in engine_imports_outside_api(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert problems == []


PRODUCTS = frozenset({"dot", "matmul", "inner", "einsum", "vdot", "tensordot"})


def hand_written_similarity(source: str, filename: str = "<source>") -> list[str]:
    """Every vector product in `source` (`a @ b`, `a @= b`, np.dot / matmul / inner / einsum / vdot / tensordot,
    `a.dot(b)`), as 'file:line: what': request-time similarity is the engine's `Index`, never the app's own."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.MatMult):
            found.append((node.lineno, "a matrix product (@)"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in PRODUCTS:
            found.append((node.lineno, f".{node.func.attr}(...)"))
    return [f"{filename}:{line}: {what}" for line, what in sorted(found)]


def test_similarity_checker_reports_each_product():
    source = "\n".join(
        [
            "import numpy as np",  # 1
            "s = a @ b.T",  # 2 bad
            "t = np.dot(a, b)",  # 3 bad
            "u = a.dot(b)",  # 4 bad
            "v = np.einsum('ij,ij->i', a, b)",  # 5 bad
            "w = index.best_per_owner(q)",  # 6 good
            "x = a * b",  # 7 good
            "a @= b",  # 8 bad
        ]
    )
    assert [line.split(":")[1] for line in hand_written_similarity(source, "m.py")] == ["2", "3", "4", "5", "8"]


def test_the_app_computes_no_similarity_of_its_own():
    files = sorted((ROOT / "learning_hub").rglob("*.py"))
    problems = [
        problem
        for path in files
        for problem in hand_written_similarity(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert problems == []

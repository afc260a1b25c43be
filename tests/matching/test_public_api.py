"""The public API documents itself: every name in matching.__all__ (and every public method or property of a public
class) has a docstring whose "Parameters:" section names each parameter and whose "Returns:" section says what comes
back. matching/README.md links to these docstrings instead of repeating signatures."""

from __future__ import annotations

import inspect
import re

import pytest

import matching

SECTION = re.compile(r"^(\w[\w ]*):\s*$")
ENTRY = re.compile(r"^\s+(\*{0,2}\w+)(?:,\s*\w+)*:")


def sections(doc: str) -> dict[str, list[str]]:
    """{section title: its lines} for a docstring written with "Parameters:", "Returns:" and "Raises:" sections."""
    found: dict[str, list[str]] = {}
    current = None
    for line in doc.splitlines():
        match = SECTION.match(line.strip()) if not line.startswith(" ") else None
        if match and match.group(1) in ("Parameters", "Returns", "Raises"):
            current = found.setdefault(match.group(1), [])
        elif current is not None:
            current.append(line)
    return found


def documented(doc: str) -> set[str]:
    return {m.group(1) for line in sections(doc).get("Parameters", []) if (m := ENTRY.match(line))}


def parameters(function) -> list[str]:
    """The names a caller passes: `**options` for a keyword catch-all, `self` and `cls` left out."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return []
    names = []
    for p in signature.parameters.values():
        if p.name in ("self", "cls"):
            continue
        if p.kind is p.VAR_KEYWORD:
            names.append(f"**{p.name}")
        elif p.kind is p.VAR_POSITIONAL:
            return []  # a pass-through signature (a Protocol's or an exception's): nothing to list
        else:
            names.append(p.name)
    return names


def returns_something(function) -> bool:
    annotation = inspect.signature(function).return_annotation
    return annotation not in (inspect.Signature.empty, None, "None")


def problems_of(label: str, function, doc: str | None, *, need_returns: bool) -> list[str]:
    if not doc or not doc.strip():
        return [f"{label}: no docstring"]
    found = []
    missing = [name for name in parameters(function) if name not in documented(doc)]
    if missing:
        found.append(f"{label}: parameters not documented: {', '.join(missing)}")
    if need_returns and returns_something(function) and "Returns" not in sections(doc):
        found.append(f"{label}: no Returns section")
    return found


def public_members(cls):
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(member, property):
            yield name, member, None
        elif isinstance(member, (classmethod, staticmethod)):
            yield name, member, member.__func__
        elif inspect.isfunction(member):
            yield name, member, member


PUBLIC = [name for name in matching.__all__ if name != "__version__"]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_name_documents_its_parameters_and_returns(name):
    obj = getattr(matching, name)
    doc = inspect.getdoc(obj)
    if inspect.isclass(obj):
        problems = problems_of(name, obj, doc, need_returns=False)
        for member_name, member, function in public_members(obj):
            label = f"{name}.{member_name}"
            if function is None:  # a property: a docstring saying what it is
                if not (member.__doc__ or "").strip():
                    problems.append(f"{label}: no docstring")
                continue
            problems += problems_of(label, function, inspect.getdoc(function), need_returns=True)
    else:
        problems = problems_of(name, obj, doc, need_returns=True)
    assert problems == []


def test_all_lists_every_public_name_once_and_nothing_private():
    assert len(matching.__all__) == len(set(matching.__all__))
    assert all(not name.startswith("_") or name == "__version__" for name in matching.__all__)
    exported = {
        name for name, value in vars(matching).items() if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert exported == set(matching.__all__) - {"__version__"}

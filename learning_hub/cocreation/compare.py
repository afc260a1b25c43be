"""Two versions of a draft side by side, each field's changes highlighted (word-level, Python's difflib)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class FieldDiff:
    name: str
    left: Markup
    right: Markup
    changed: bool


def _as_text(value) -> str:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "\n".join(
                " | ".join(str(m.get(key, "")) for key in ("deliverable", "lead", "start", "end")) for m in value
            )
        return ", ".join(str(v) for v in value)
    return str(value or "")


def diff_text(old: str, new: str) -> tuple[Markup, Markup]:
    """(old with deletions in <del>, new with insertions in <ins>), everything else escaped."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(Markup("<del>") + old_part + Markup("</del>"))
        if new_part:
            right.append(Markup("<ins>") + new_part + Markup("</ins>"))
    return Markup("").join(left), Markup("").join(right)


def compare(old: dict, new: dict, fields) -> list[FieldDiff]:
    out = []
    for name in fields:
        a, b = _as_text(old.get(name)), _as_text(new.get(name))
        left, right = diff_text(a, b)
        out.append(FieldDiff(name, left, right, a != b))
    return out

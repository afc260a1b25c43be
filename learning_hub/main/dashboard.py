"""Dashboard panels contributed by the features.

A feature registers `@panel("name", roles=..., order=...)` on a function `(user) -> dict | None`; the dashboard
renders `templates/<feature>/_panel_<name>.html` with that dict for every panel whose roles match the user and whose
function returns something. The dashboard itself knows no feature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    build: Callable
    roles: frozenset[str]
    order: int


PANELS: list[Panel] = []


def panel(name: str, template: str, roles=("reformer",), order: int = 50):
    def decorator(fn):
        PANELS.append(Panel(name, template, fn, frozenset(roles), order))
        PANELS.sort(key=lambda p: (p.order, p.name))
        return fn

    return decorator


def panels_for(user) -> list[tuple[Panel, dict]]:
    shown = []
    for item in PANELS:
        if not (user.is_admin or user.roles & item.roles):
            continue
        context = item.build(user)
        if context is not None:
            shown.append((item, context))
    return shown

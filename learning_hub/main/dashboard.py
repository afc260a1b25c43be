"""Dashboard panels contributed by the features.

A feature registers, from its `init_app`, `register_panel(app, "name", template, fn, roles=..., order=...)` with a
function `(user) -> dict | None`; the dashboard renders the template with that dict for every panel whose roles
match the user and whose function returns something. The dashboard itself knows no feature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

from learning_hub.features import contribute, contributed


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    build: Callable
    roles: frozenset[str]
    order: int


def register_panel(app: Flask, name: str, template: str, build: Callable, roles=("reformer",), order: int = 50) -> None:
    contribute(app, "panels", name, Panel(name, template, build, frozenset(roles), order))


def panels() -> list[Panel]:
    """The current app's panels in display order."""
    return sorted(contributed("panels").values(), key=lambda p: (p.order, p.name))


def panels_for(user) -> list[tuple[Panel, dict]]:
    shown = []
    for item in panels():
        if not (user.is_admin or user.roles & item.roles):
            continue
        context = item.build(user)
        if context is not None:
            shown.append((item, context))
    return shown

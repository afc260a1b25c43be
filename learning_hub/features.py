"""What each feature contributes to the app, declared on that app by the feature's `init_app(app)`.

`create_app` calls `init_app` of every package named in `FEATURES`, in that order. A feature's `init_app` registers
its blueprint and, through the owners' `register_*` functions, what it adds to the shared machinery: background tasks
(`jobs.register_task`), periodic tasks (`scheduler.periodic`), dashboard panels (`main.dashboard.register_panel`),
personal-data sections (`privacy.register_section`), demo steps (`seed.register_demo_step`) and outcome sources
(`notifications.followup.register_source`, `notifications.funnel.register_suggested`). Importing a module registers
nothing: each app built in a process (the tests build many) has its own lists, kept in `app.extensions`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

# The feature packages under learning_hub/, in the order their contributions are registered (the demo steps run in
# this order: people first, then what builds on them).
FEATURES = (
    "main",
    "auth",
    "admin",
    "directory",
    "roundtables",
    "peer_exchange",
    "cocreation",
    "notifications",
    "learning",
    "mentoring",
    "showcase",
    "introductions",
    "recognition",
    "calls",
    "decisions",
    "partners",
    "support",
)

_KEY = "learning_hub.features"


def contributed(kind: str, app: Flask | None = None) -> dict[str, Any]:
    """The contributions of one kind ("tasks", "panels", ...) registered on `app` (default: the current app), by
    name, in registration order."""
    app = app or current_app
    return app.extensions.setdefault(_KEY, {}).setdefault(kind, {})


def contribute(app: Flask, kind: str, name: str, value: Any) -> None:
    """Register one contribution; a name registered twice is a programming error."""
    entries = contributed(kind, app)
    if name in entries:
        raise ValueError(f"{kind}: {name!r} is registered twice")
    entries[name] = value


def init_features(app: Flask) -> None:
    import importlib

    for name in FEATURES:
        importlib.import_module(f"learning_hub.{name}").init_app(app)

"""Personal-data export and account erasure, contributed to by every feature.

Each feature registers, from its `init_app`, an exporter (user -> JSON-able data for "download my data") and an
eraser (user -> None, deleting what is personal and anonymising what others legitimately keep, such as a past pair
in a coordinator's history). `learning_hub/auth/services.py` calls them for the account page.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from learning_hub.features import contribute, contributed


def register_section(
    app: Flask, section: str, *, export: Callable | None = None, erase: Callable | None = None
) -> None:
    """A feature's section of the personal data: `export(user)` for "download my data", `erase(user)` for erasure."""
    if export is not None:
        contribute(app, "exporters", section, export)
    if erase is not None:
        contribute(app, "erasers", section, erase)


def export_user_data(user) -> dict:
    return {section: fn(user) for section, fn in sorted(contributed("exporters").items())}


def erase_user_data(user) -> None:
    """Run every feature's eraser; the caller deletes the user row and commits once, so erasure is atomic."""
    for _section, fn in sorted(contributed("erasers").items()):
        fn(user)

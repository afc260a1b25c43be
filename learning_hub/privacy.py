"""Personal-data export and account erasure, contributed to by every feature.

Each feature registers an exporter (user -> JSON-able data for "download my data") and an eraser (user -> None,
deleting what is personal and anonymising what others legitimately keep, such as a past pair in a coordinator's
history). `learning_hub/auth/services.py` calls them for the account page.
"""

from __future__ import annotations

from collections.abc import Callable

EXPORTERS: dict[str, Callable] = {}
ERASERS: dict[str, Callable] = {}


def exporter(section: str):
    def decorator(fn):
        EXPORTERS[section] = fn
        return fn

    return decorator


def eraser(section: str):
    def decorator(fn):
        ERASERS[section] = fn
        return fn

    return decorator


def export_user_data(user) -> dict:
    return {section: fn(user) for section, fn in sorted(EXPORTERS.items())}


def erase_user_data(user) -> None:
    """Run every feature's eraser; the caller deletes the user row and commits once, so erasure is atomic."""
    for _section, fn in sorted(ERASERS.items()):
        fn(user)

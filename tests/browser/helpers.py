"""Constants the browser tests share (the fixtures stay in conftest.py)."""

from __future__ import annotations

DEMO_PASSWORD = "demo-password"  # what `flask seed demo` gives every demo account in the tests' live server

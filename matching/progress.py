"""Progress bars on stderr for long runs (embedding, neighbours), via tqdm.

`progress` arguments across the library accept True (always show), False (never) or None
(show only when stderr is a terminal, so logs and captured output stay clean).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager


class _Silent:
    def update(self, n=1):
        pass


@contextmanager
def progress_bar(total: int, desc: str, enabled: bool | None = None, unit: str = "text"):
    """Yield an object with `.update(n)`; a tqdm bar on stderr when enabled."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled or total <= 0:
        yield _Silent()
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()

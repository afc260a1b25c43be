"""Cells that are safe to open in a spreadsheet (docs/SECURITY.md §6), shared by every CSV and XLSX export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A cell starting with one of these is run as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet shows as text: a leading =, +, -, @, tab or CR gets a quote in front (OWASP CSV
    injection). Numbers and empty cells pass unchanged; line breaks inside a cell stay (the csv writer quotes)."""
    if value is None or isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A whole CSV file: CRLF line ends, every cell neutralised, and a BOM so that spreadsheet programs read UTF-8
    names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    return "\ufeff" + buffer.getvalue()

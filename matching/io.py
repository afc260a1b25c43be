"""Strict CSV reading and writing for the command line (and for coordinators' spreadsheets).

Every problem a user can cause (unreadable path, empty file, bytes that are not UTF-8, a
missing column, a duplicate id) becomes an `InputError` whose message names the file and,
where it helps, the line.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass

from matching.errors import InputError


@dataclass(frozen=True)
class Table:
    """A CSV file read into memory: its header and its rows as dicts (values are stripped strings)."""

    path: str
    columns: tuple[str, ...]
    rows: tuple[dict, ...]

    def column(self, name: str) -> list[str]:
        return [row[name] for row in self.rows]


def read_csv(path: str, required: tuple[str, ...] | list[str] = (), *, allow_empty: bool = False) -> Table:
    """Read a UTF-8 CSV file with a header, checking that the `required` columns exist."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path} is not UTF-8 text (undecodable byte on line {line})") from None
    if not text.strip():
        raise InputError(f"{path} is empty (expected a CSV header line)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        records = list(reader)
    except csv.Error as exc:
        raise InputError(f"{path} is not valid CSV (line {reader.line_num}): {exc}") from None
    missing = [name for name in required if name not in header]
    if missing:
        raise InputError(f"{path} has no column {', '.join(repr(m) for m in missing)} (columns: {', '.join(header)})")
    rows = []
    for record in records:
        if not any(value.strip() for value in record):
            continue  # blank lines are not rows
        record = record + [""] * (len(header) - len(record))
        rows.append({name: value.strip() for name, value in zip(header, record, strict=False)})
    if not rows and not allow_empty:
        raise InputError(f"{path} has a header but no data rows")
    return Table(path=path, columns=tuple(header), rows=tuple(rows))


def unique_ids(table: Table, column: str) -> list[str]:
    """The id column's values, refusing empty and duplicate ids (results would be ambiguous)."""
    seen: dict[str, int] = {}
    for number, row in enumerate(table.rows, start=2):
        value = row[column]
        if not value:
            raise InputError(f"{table.path}: empty {column!r} on data row {number - 1}")
        if value in seen:
            raise InputError(f"{table.path}: duplicate {column} {value!r} (data rows {seen[value]} and {number - 1})")
        seen[value] = number - 1
    return list(seen)


def write_csv(path: str, columns: list[str], rows) -> int:
    """Write rows (sequences in `columns` order) to a UTF-8 CSV file; returns the row count."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InputError(f"cannot write {path}: directory {directory} does not exist")
    count = 0
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(row)
                count += 1
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return count

"""A strict CSV reader for imports: every problem is reported with its row, nothing is guessed silently.

Python's `csv` module accepts many broken files without a word (docs/SECURITY.md §6): NUL bytes, an unterminated quote
that swallows the rest of the file, `;` delimiters, duplicate headers, short and long rows, CR-only line ends. This
reader checks the bytes first (size, encoding, NUL, line ends, delimiter), then parses with `strict=True`, then
checks the header and every cell. Row numbers are those a spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _

from learning_hub.spreadsheets import FORMULA_STARTS

MAX_LISTED = 25  # problems of one kind listed before "and N more"


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("Row %(row)s", row=self.row))
        if self.column:
            where.append(_("column “%(column)s”", column=self.column))
        return (", ".join(where) + ": " if where else "") + self.message


@dataclass
class Table:
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _check_bytes(data: bytes, max_bytes: int, table: Table) -> str | None:
    """The decoded text, or None after recording why the file cannot be read at all."""
    if len(data) > max_bytes:
        table.problems.append(
            Problem(
                None,
                None,
                _(
                    "The file is %(size)s KB; the limit is %(limit)s KB. Split it into smaller files.",
                    size=len(data) // 1024,
                    limit=max_bytes // 1024,
                ),
            )
        )
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        table.problems.append(
            Problem(1, None, _("the file is encoded as UTF-16. Save it as “CSV UTF-8 (comma delimited)”."))
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):  # the UTF-8 byte-order mark spreadsheets write: harmless, dropped
        data = data[3:]
    if not data.strip():
        table.problems.append(Problem(None, None, _("The file is empty.")))
        return None
    if b"\x00" in data:
        lines = sorted({_line_of(data, i) for i in _find_all(data, b"\x00")})
        for line in lines[:MAX_LISTED]:
            table.problems.append(
                Problem(
                    line,
                    None,
                    _(
                        "contains a NUL byte (\\0). The file may be a spreadsheet or UTF-16 file saved with a .csv "
                        "name; save it as “CSV UTF-8”."
                    ),
                )
            )
        _more(table, len(lines))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        bad = []
        for number, line in enumerate(data.split(b"\n"), start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad.append((number, line[exc.start : exc.start + 1].hex().upper()))
        for number, byte in bad[:MAX_LISTED]:
            table.problems.append(
                Problem(
                    number,
                    None,
                    _(
                        "the byte 0x%(byte)s is not UTF-8 (the file looks like Windows-1252 or Latin-1). Save it as "
                        "“CSV UTF-8”.",
                        byte=byte,
                    ),
                )
            )
        _more(table, len(bad))
        return None
    if "\r" in text and "\n" not in text:
        table.problems.append(
            Problem(
                1,
                None,
                _(
                    "the lines end with a carriage return only (an old Mac format), so the file reads as one long row. "
                    "Save it as “CSV UTF-8” with Windows or Unix line ends."
                ),
            )
        )
        return None
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if "," not in first_line:
        for delimiter, name in ((";", _("semicolons")), ("\t", _("tabs")), ("|", _("vertical bars"))):
            if delimiter in first_line:
                table.problems.append(
                    Problem(
                        1,
                        None,
                        _(
                            "the columns are separated by %(name)s, not commas. Save the file as comma-separated CSV.",
                            name=name,
                        ),
                    )
                )
                return None
    return text


def _find_all(data: bytes, needle: bytes):
    start = data.find(needle)
    while start != -1:
        yield start
        start = data.find(needle, start + 1)


def _more(table: Table, count: int) -> None:
    if count > MAX_LISTED:
        table.problems.append(
            Problem(None, None, _("… and %(n)s more rows with the same problem.", n=count - MAX_LISTED))
        )


def _parse(text: str, table: Table) -> list[tuple[int, list[str]]]:
    """Records with their spreadsheet row numbers; stops at the first syntax error (what follows cannot be trusted)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, number = [], 0
    while True:
        start_line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return records
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message or "EOF" in message:
                detail = _(
                    "a quotation mark opened on line %(line)s is never closed, so the rest of the file "
                    "would be read as one cell. Close the quote or remove it.",
                    line=start_line,
                )
            elif "field larger than field limit" in message:
                detail = _("a cell is far too long (more than 128 KB); a quotation mark may be missing.")
            else:
                detail = _(
                    "a quotation mark in the middle of a cell (line %(line)s). Put quotes around the whole "
                    'cell and double the quotes inside it ("").',
                    line=reader.line_num,
                )
            table.problems.append(Problem(number + 1, None, detail))
            return records
        number += 1
        records.append((number, record))


def read_csv(
    data: bytes,
    *,
    required: list[str],
    optional: list[str] = (),
    allow_extra: bool = False,
    max_bytes: int = 2 * 1024 * 1024,
    max_rows: int = 5000,
    max_cell: int = 5000,
) -> Table:
    table = Table()
    text = _check_bytes(data, max_bytes, table)
    if text is None:
        return table
    records = _parse(text, table)
    if not records:
        if not table.problems:
            table.problems.append(Problem(1, None, _("the header row is missing.")))
        return table
    _number, raw_header = records[0]
    header = [name.strip().lower() for name in raw_header]
    table.header = header
    known = list(required) + list(optional)
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if not name:
            table.problems.append(Problem(1, None, _("column %(n)s has no name.", n=position)))
        elif name in seen:
            table.problems.append(
                Problem(1, name, _("appears twice (columns %(a)s and %(b)s).", a=seen[name], b=position))
            )
        else:
            seen[name] = position
            if name not in known:
                if allow_extra:
                    table.notices.append(Problem(1, name, _("is not used by this import and is ignored.")))
                else:
                    table.problems.append(
                        Problem(1, name, _("unknown column. The columns are: %(names)s.", names=", ".join(known)))
                    )
    for name in required:
        if name not in seen:
            table.problems.append(Problem(1, name, _("this required column is missing.")))
    if table.problems:
        return table
    used = {name for name in seen if name in known}
    data_rows = [(n, r) for n, r in records[1:] if any(cell.strip() for cell in r)]  # blank lines are skipped
    if not data_rows:
        table.problems.append(Problem(2, None, _("the file has a header but no data rows.")))
    if len(data_rows) > max_rows:
        table.problems.append(
            Problem(
                None,
                None,
                _(
                    "The file has %(n)s rows; the limit is %(limit)s. Split it into smaller files.",
                    n=len(data_rows),
                    limit=max_rows,
                ),
            )
        )
        return table
    for number, record in data_rows:
        if len(record) != len(header):
            if len(record) < len(header):
                detail = _(
                    "%(got)s cells, but the header has %(want)s columns: values are missing (or a line "
                    "break sits inside a cell without quotes).",
                    got=len(record),
                    want=len(header),
                )
            else:
                detail = _(
                    "%(got)s cells, but the header has %(want)s columns: there are extra values (put "
                    "quotes around cells that contain commas).",
                    got=len(record),
                    want=len(header),
                )
            table.problems.append(Problem(number, None, detail))
            continue
        values, ok = {}, True
        for name, cell in zip(header, record, strict=False):
            if name not in used:
                continue
            problem = _cell_problem(cell, max_cell)
            if problem:
                table.problems.append(Problem(number, name, problem))
                ok = False
            values[name] = cell.strip()
        if ok:
            table.rows.append((number, values))
    return table


def _cell_problem(cell: str, max_cell: int) -> str | None:
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in cell) or "\x7f" in cell:
        return _("contains invisible control characters; remove them.")
    if cell.startswith(FORMULA_STARTS):
        shown = {"\t": "tab", "\r": "carriage return"}.get(cell[0], cell[0])
        return _(
            "starts with “%(char)s”, which a spreadsheet would run as a formula. Remove that character.", char=shown
        )
    if len(cell) > max_cell:
        return _("is %(n)s characters long; the limit is %(limit)s.", n=len(cell), limit=max_cell)
    return None

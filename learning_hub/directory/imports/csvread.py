"""A strict CSV reader for imports: every problem is reported with its row, nothing is guessed silently.

Python's `csv` module accepts many broken files without a word (docs/SECURITY.md §6): NUL bytes, an unterminated quote
that swallows the rest of the file, `;` delimiters, duplicate headers, short and long rows, CR-only line ends. This
reader checks the bytes first (size, encoding, NUL, line ends, delimiter), then parses with `strict=True`, then
checks the header and every cell. Row numbers are those a spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field

from flask_babel import gettext as _

from learning_hub.spreadsheets import FORMULA_STARTS

MAX_LISTED = 25  # problems of one kind listed before "and N more"
MAX_HEADER_PROBLEMS = 20  # header problems listed before "and N more"
MAX_HEADER_CHARS = 8192  # a header row longer than this is refused before it is parsed
MAX_COLUMNS = 100

# Characters that reorder or hide text: bidirectional embeddings, overrides and isolates (a name written with U+202E
# reads backwards) are refused in every cell; every invisible format character (zero-width space and joiners,
# direction marks, soft hyphen, word joiner, byte-order mark) is refused in single-line values such as names.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# An unquoted cell: from a field start to the next comma or line end.
_UNQUOTED_OR_QUOTED = re.compile(r'"(?:[^"]+|"")*"|[^,\r\n]*')


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
    lone_cr = [i for i in _find_all(data, b"\r") if data[i + 1 : i + 2] != b"\n"]
    if lone_cr:
        lines = sorted({_line_of(data, i) for i in lone_cr})
        for line in lines[:MAX_LISTED]:
            table.problems.append(
                Problem(
                    line,
                    None,
                    _(
                        "contains a carriage return that does not end a line (a lone CR), which spreadsheets read as "
                        "a line break inside a row. Remove it or save the file as “CSV UTF-8”."
                    ),
                )
            )
        _more(table, len(lines))
        return None
    header_end = text.find("\n")
    if (header_end if header_end != -1 else len(text)) > MAX_HEADER_CHARS:
        table.problems.append(
            Problem(
                1,
                None,
                _(
                    "the header row is longer than %(limit)s characters: it is not a header of this import.",
                    limit=MAX_HEADER_CHARS,
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
    text_columns: Collection[str] = (),
    list_columns: Collection[str] = (),
) -> Table:
    """Check and parse a CSV file. `text_columns` hold free text (invisible format characters such as zero-width
    joiners are allowed there, as some scripts need them; every other column is a single-line value where they are
    refused); in `list_columns` each `|`-separated item is checked like a cell of its own."""
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
    if len(raw_header) > MAX_COLUMNS:
        table.problems.append(
            Problem(
                1,
                None,
                _(
                    "the header has %(n)s columns; this import reads at most %(limit)s.",
                    n=len(raw_header),
                    limit=MAX_COLUMNS,
                ),
            )
        )
        return table
    header = [name.strip().lower() for name in raw_header]
    table.header = header
    known = list(required) + list(optional)
    seen: dict[str, int] = {}
    header_problems, header_notices = [], []
    for position, name in enumerate(header, start=1):
        if not name:
            header_problems.append(Problem(1, None, _("column %(n)s has no name.", n=position)))
        elif name in seen:
            header_problems.append(
                Problem(1, name[:60], _("appears twice (columns %(a)s and %(b)s).", a=seen[name], b=position))
            )
        else:
            seen[name] = position
            if name not in known:
                if allow_extra:
                    header_notices.append(Problem(1, name[:60], _("is not used by this import and is ignored.")))
                else:
                    header_problems.append(
                        Problem(1, name[:60], _("unknown column. The columns are: %(names)s.", names=", ".join(known)))
                    )
    for name in required:
        if name not in seen:
            header_problems.append(Problem(1, name, _("this required column is missing.")))
    table.problems.extend(_capped(header_problems))
    table.notices.extend(_capped(header_notices))
    if table.problems:
        return table
    used = {name for name in seen if name in known}
    data_rows = [(n, r) for n, r in records[1:] if any(cell.strip() for cell in r)]  # blank lines are skipped
    if not data_rows:
        table.problems.append(Problem(2, None, _("the file has a header but no data rows.")))
    stray = _stray_quotes(text)
    for record_number, line in stray[:MAX_LISTED]:
        table.problems.append(
            Problem(
                record_number,
                None,
                _(
                    "a quotation mark in the middle of a cell (line %(line)s). Put quotes around the whole "
                    'cell and double the quotes inside it ("").',
                    line=line,
                ),
            )
        )
    _more(table, len(stray))
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
            problem = _cell_problem(cell, max_cell, single_line=name not in text_columns)
            if problem is None and name in list_columns:
                problem = next(
                    (found for item in cell.split("|") if (found := _cell_problem(item, max_cell, single_line=False))),
                    None,
                )
            if problem:
                table.problems.append(Problem(number, name, problem))
                ok = False
            values[name] = cell.strip()
        if ok:
            table.rows.append((number, values))
    return table


def _capped(problems: list[Problem]) -> list[Problem]:
    """The first MAX_HEADER_PROBLEMS problems, then one line counting the rest."""
    if len(problems) <= MAX_HEADER_PROBLEMS:
        return problems
    rest = len(problems) - MAX_HEADER_PROBLEMS
    return [
        *problems[:MAX_HEADER_PROBLEMS],
        Problem(1, None, _("… and %(n)s more problems in the header.", n=rest)),
    ]


def _stray_quotes(text: str) -> list[tuple[int, int]]:
    """(record, line) of each unquoted cell that holds a quotation mark, such as `Ama "Ace" Mensah`: the csv module
    keeps such a quote as text, though the cell was probably meant to be quoted. Runs on a file that parsed."""
    found: list[tuple[int, int]] = []
    position, line, record, end = 0, 1, 1, len(text)
    while position <= end:
        match = _UNQUOTED_OR_QUOTED.match(text, position)
        cell = match.group(0)
        if cell.startswith('"'):
            line += cell.count("\n")
        elif '"' in cell:
            found.append((record, line))
        position = match.end()
        if position >= end:
            break
        if text[position] == ",":
            position += 1
        elif text.startswith("\r\n", position) or text[position] == "\n":
            position += 2 if text[position] == "\r" else 1
            line, record = line + 1, record + 1
        else:  # cannot happen after a strict parse; stop rather than loop
            break
    return found


def _cell_problem(cell: str, max_cell: int, *, single_line: bool) -> str | None:
    if any((ord(ch) < 32 and ch not in "\t\n\r") or 0x7F <= ord(ch) <= 0x9F for ch in cell):
        return _("contains invisible control characters; remove them.")
    if not BIDI_CONTROLS.isdisjoint(cell):
        return _(
            "contains a right-to-left override or another invisible direction control, which makes text read in "
            "a different order than it is stored; remove it."
        )
    if single_line and any(ch in "\r\n\u2028\u2029" for ch in cell):
        return _("contains a line break, but this column holds a single line; remove it.")
    if single_line and any(unicodedata.category(ch) == "Cf" for ch in cell):
        return _("contains an invisible character (a zero-width space or joiner, or a direction mark); remove it.")
    # The value is stored trimmed, so a formula behind spaces is still a formula.
    stripped = cell.strip()
    if cell.startswith(("\t", "\r")) or stripped.startswith(FORMULA_STARTS):
        first = cell[0] if cell.startswith(("\t", "\r")) else stripped[0]
        shown = {"\t": "tab", "\r": "carriage return"}.get(first, first)
        return _(
            "starts with “%(char)s”, which a spreadsheet would run as a formula. Remove that character.", char=shown
        )
    if len(cell) > max_cell:
        return _("is %(n)s characters long; the limit is %(limit)s.", n=len(cell), limit=max_cell)
    return None

"""A course template as a download: the Markdown as written, or a Word document built with python-docx.

Templates use a small part of Markdown (courses/README.md, "Templates"): `##`/`###` headings, paragraphs, bullet and
numbered lists, tables of at most three columns, `**bold**` and fields to fill shown as `[ ... ]`. The Word version
keeps that structure: headings, list styles, a grid table, bold runs; link targets are dropped (their text stays).
"""

from __future__ import annotations

import io
import re

from docx import Document

from learning_hub.learning.lesson_rules import table_columns

_HEADING = re.compile(r"^\s{0,3}(#{2,4})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_EMPHASIS = re.compile(r"(?<![\w*])[*_]([^*_]+)[*_](?![\w*])")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN_TYPE = "text/markdown; charset=utf-8"


def markdown_file(title: str, body: str) -> bytes:
    """The template as a Markdown file: its title as a `#` heading, then the body as written."""
    return f"# {title}\n\n{body.strip()}\n".encode()


def _plain(text: str) -> str:
    """Inline Markdown without links' targets, emphasis marks or code ticks; bold is handled by `_add_runs`."""
    text = _LINK.sub(r"\1", text)
    return _EMPHASIS.sub(r"\1", text).replace("`", "")


def _add_runs(paragraph, text: str) -> None:
    text = _plain(text)
    position = 0
    for match in _BOLD.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        paragraph.add_run(match.group(1) or match.group(2)).bold = True
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def docx_file(title: str, body: str) -> bytes:
    """The template as a .docx document."""
    document = Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    lines = body.splitlines()
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            _add_runs(document.add_paragraph(), " ".join(paragraph))
            paragraph.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        heading, bullet, numbered = _HEADING.match(line), _BULLET.match(line), _NUMBERED.match(line)
        if line.lstrip().startswith("|") and index + 1 < len(lines) and table_columns(lines[index + 1]):
            flush()
            rows = [_cells(line)]
            index += 2
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                rows.append(_cells(lines[index]))
                index += 1
            width = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    _add_runs(table.cell(r, c).paragraphs[0], f"**{cell}**" if r == 0 and cell else cell)
            continue
        if not line.strip():
            flush()
        elif heading:
            flush()
            document.add_heading(_plain(heading.group(2)), level=len(heading.group(1)))
        elif bullet:
            flush()
            _add_runs(document.add_paragraph(style="List Bullet"), bullet.group(1))
        elif numbered:
            flush()
            _add_runs(document.add_paragraph(style="List Number"), numbered.group(1))
        else:
            paragraph.append(line.strip())
        index += 1
    flush()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

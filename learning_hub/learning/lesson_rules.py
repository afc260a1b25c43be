"""The rules a lesson's Markdown must meet (courses/README.md, "Lessons"), checked line by line."""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_WORDS, MAX_WORDS = 600, 1200
# Spanish, French and Indonesian take more words than English for the same content.
MAX_WORDS_BY_LANGUAGE = {"es": 1400, "fr": 1400, "id": 1300}
MAX_TABLE_COLUMNS = 3  # wider tables do not fit a phone screen
MAX_LESSON_BYTES = 100_000

# The closing section's heading in each language a course may be written in. Authors translate the heading with the
# rest of the lesson, so a Spanish lesson ends with "## Ejercicio práctico".
EXERCISE_HEADINGS = {
    "en": "Practical exercise",
    "es": "Ejercicio práctico",
    "fr": "Exercice pratique",
    "id": "Latihan praktis",
}
# The exercise section ends with a short version a reader can do on a phone in five minutes.
FIVE_MINUTE_HEADINGS = {
    "en": "Five-minute version",
    "es": "Versión de cinco minutos",
    "fr": "Version en cinq minutes",
    "id": "Versi lima menit",
}

_WORD = re.compile(r"[^\W_]+(?:[’'\-.,][^\W_]+)*")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ORDERED_MARKER = re.compile(r"^\s*\d+[.)]\s+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_CODE_SPAN = re.compile(r"`[^`]*`")
_HTML_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?|!--.*?--|![A-Za-z][^>]*)>")
_IMAGE = re.compile(r"!\[[^\]]*\]\(")
_H1 = re.compile(r"^\s{0,3}#(?!#)\s*\S")
_H2 = re.compile(r"^\s{0,3}##(?!#)\s*(.*?)\s*#*\s*$")
_H3 = re.compile(r"^\s{0,3}###(?!#)\s*(.*?)\s*#*\s*$")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
REF_LINK = re.compile(r"\]\(ref:([^)\s]*)\)")


@dataclass(frozen=True)
class LessonIssue:
    line: int
    message: str


def count_words(markdown_text: str) -> int:
    """Words as a reader sees them: link targets, list numbers and Markdown punctuation do not count; a hyphenated or
    apostrophised word ("open-government", "government’s") and a number like 1,200 count once."""
    total = 0
    for line in markdown_text.splitlines():
        line = _LINK_TARGET.sub("]", _ORDERED_MARKER.sub("", line))
        total += len(_WORD.findall(line))
    return total


def exercise_heading(language: str) -> str | None:
    return EXERCISE_HEADINGS.get(language)


def max_words(language: str) -> int:
    return MAX_WORDS_BY_LANGUAGE.get(language, MAX_WORDS)


def table_columns(line: str) -> int | None:
    """The number of columns if `line` is a table's delimiter row (`|---|---|`), else None."""
    if "-" not in line or not _TABLE_DELIMITER.match(line):
        return None
    cells = line.strip().strip("|").split("|")
    return len(cells) if len(cells) > 1 or line.strip().startswith("|") else None


def check_markdown_shape(text: str) -> list[LessonIssue]:
    """Rules shared by lessons and templates: tables no wider than a phone."""
    issues = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        columns = table_columns(line)
        if columns is not None and number > 1 and "|" in lines[number - 2] and columns > MAX_TABLE_COLUMNS:
            issues.append(
                LessonIssue(
                    number - 1,
                    f"this table has {columns} columns; the limit is {MAX_TABLE_COLUMNS} so that it fits a phone "
                    "(split it or turn it into a list)",
                )
            )
    return issues


def check_references(text: str, known: set[str]) -> list[LessonIssue]:
    """Every `[text](ref:RULE-ID)` link names a rule of courses/_reference/."""
    issues = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in REF_LINK.finditer(line):
            if match.group(1) not in known:
                issues.append(LessonIssue(number, f"'ref:{match.group(1)}' is not a rule id in courses/_reference/"))
    return issues


def check_lesson(text: str, language: str, references: set[str] | None = None) -> tuple[list[LessonIssue], int]:
    """Problems in one lesson's Markdown (already decoded) and its word count. `references`: the rule ids that
    `ref:` links may name."""
    issues: list[LessonIssue] = []
    in_fence = False
    last_h2: tuple[int, str] | None = None
    last_h3: tuple[int, str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        bad = next((ch for ch in line if ord(ch) < 32 and ch != "\t"), None)
        if bad is not None:
            issues.append(LessonIssue(number, f"remove the control character U+{ord(bad):04X}"))
        if _H1.match(line):
            issues.append(
                LessonIssue(
                    number, "remove the '#' title: the page shows the title from course.yaml; start sections with '##'"
                )
            )
        heading = _H2.match(line)
        if heading:
            last_h2, last_h3 = (number, heading.group(1)), None
        sub_heading = _H3.match(line)
        if sub_heading:
            last_h3 = (number, sub_heading.group(1))
        outside_code = _CODE_SPAN.sub("", line)
        if _IMAGE.search(outside_code):
            issues.append(LessonIssue(number, "images are not allowed in lessons"))
        elif _HTML_TAG.search(outside_code):
            issues.append(
                LessonIssue(number, "raw HTML is not allowed in lessons (the platform strips it); use Markdown")
            )
    expected = exercise_heading(language)
    if expected is None:
        issues.append(
            LessonIssue(
                1,
                f"no exercise heading is defined for language '{language}' (known: "
                f"{', '.join(sorted(EXERCISE_HEADINGS))})",
            )
        )
    elif last_h2 is None or last_h2[1].casefold() != expected.casefold():
        where = last_h2[0] if last_h2 else max(1, len(text.splitlines()))
        found = f"; the last section is '## {last_h2[1]}'" if last_h2 else "; the lesson has no '##' section"
        issues.append(LessonIssue(where, f"the lesson must end with a '## {expected}' section{found}"))
    else:
        five = FIVE_MINUTE_HEADINGS[language]
        if last_h3 is None or last_h3[1].casefold() != five.casefold():
            where = last_h3[0] if last_h3 else last_h2[0]
            found = f"; its last sub-section is '### {last_h3[1]}'" if last_h3 else ""
            issues.append(
                LessonIssue(where, f"the '## {expected}' section must end with a '### {five}' sub-section{found}")
            )
    issues.extend(check_markdown_shape(text))
    issues.extend(check_references(text, references or set()))
    words = count_words(text)
    limit = max_words(language)
    if not MIN_WORDS <= words <= limit:
        issues.append(LessonIssue(1, f"the lesson has {words:,} words; the rule is {MIN_WORDS} to {limit:,}"))
    return issues, words


# Acronyms every reader of these courses knows, or that are names rather than abbreviations: never spelled out.
UNIVERSAL_ACRONYMS = frozenset({"PDF", "URL", "SMS", "TV", "OK", "COVID"})
_ACRONYM = re.compile(r"(?<![\w\-/.])([A-Z][A-Z0-9]*[A-Z])(?:s|’s|'s)?(?![\w\-/])")


def _inside_parentheses(line: str, position: int) -> bool:
    """True if `position` is inside a "(...)" that opened after some text on the same line."""
    opened = line.rfind("(", 0, position)
    return opened > 0 and ")" not in line[opened:position] and bool(line[:opened].strip())


def check_acronyms(lessons: list[tuple[str, str]]) -> list[tuple[str, LessonIssue]]:
    """Each acronym (2 or more capital letters, digits allowed inside, an optional plural "s") is spelled out at its
    first use in the course, lessons taken in course order: that use is inside parentheses after its long form,
    "Open Government Partnership (OGP)" or "(... ; OGP, por sus siglas en inglés)", or directly followed by its long
    form in parentheses, "OGP (Open Government Partnership)". Later uses may be bare. Headings count as uses; link
    targets, code and UNIVERSAL_ACRONYMS do not. Returns (lesson slug, issue) pairs."""
    seen: set[str] = set()
    issues = []
    for slug, text in lessons:
        in_fence = False
        for number, raw in enumerate(text.splitlines(), start=1):
            if _FENCE.match(raw):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            line = _CODE_SPAN.sub("", _LINK_TARGET.sub("]", raw))
            for match in _ACRONYM.finditer(line):
                acronym = match.group(1)
                if acronym in seen or acronym in UNIVERSAL_ACRONYMS:
                    continue
                seen.add(acronym)
                spelled = _inside_parentheses(line, match.start()) or line[match.end() :].startswith(" (")
                if not spelled:
                    issues.append(
                        (
                            slug,
                            LessonIssue(
                                number,
                                f"spell out '{acronym}' at its first use in the course: 'Long form ({acronym})' "
                                f"or '{acronym} (long form)'",
                            ),
                        )
                    )
    return issues

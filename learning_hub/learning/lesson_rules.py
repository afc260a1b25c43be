"""The rules a lesson's Markdown must meet (courses/README.md, "Lessons"), checked line by line."""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_WORDS, MAX_WORDS = 600, 1200
MAX_LESSON_BYTES = 100_000

# The closing section's heading in each language a course may be written in. Authors translate the heading with the
# rest of the lesson, so a Spanish lesson ends with "## Ejercicio práctico".
EXERCISE_HEADINGS = {
    "en": "Practical exercise",
    "es": "Ejercicio práctico",
    "fr": "Exercice pratique",
    "id": "Latihan praktis",
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


def check_lesson(text: str, language: str) -> tuple[list[LessonIssue], int]:
    """Problems in one lesson's Markdown (already decoded) and its word count."""
    issues: list[LessonIssue] = []
    in_fence = False
    last_h2: tuple[int, str] | None = None
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
            last_h2 = (number, heading.group(1))
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
    words = count_words(text)
    if not MIN_WORDS <= words <= MAX_WORDS:
        issues.append(LessonIssue(1, f"the lesson has {words:,} words; the rule is {MIN_WORDS} to {MAX_WORDS:,}"))
    return issues, words

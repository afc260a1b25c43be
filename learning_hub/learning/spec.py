"""What the course validator produces: plain specs of valid courses, and problems reported as `path:line: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from learning_hub.learning.yaml_lines import LineDict, LineList

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
MAX_SLUG = 80


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class LessonSpec:
    slug: str
    title: str
    body: str
    words: int
    objectives: list[str] = field(default_factory=list)
    readability: object | None = None  # readability.Readability, when the language has a measure


@dataclass
class TemplateSpec:
    """A downloadable template of a course in one language: Markdown, offered as .md and .docx."""

    slug: str
    title: str
    body: str


@dataclass
class MilestoneText:
    """The applied milestone's words in one language; `rubric` maps criterion id to criterion."""

    title: str
    prompt: str
    rubric: dict[str, str]


@dataclass
class RuleSpec:
    """One dated rule of the "OGP rules at a glance" page; `texts` maps language to {"topic", "title", "rule"}."""

    id: str
    topic_file: str
    source_title: str
    source_url: str
    in_force_since: date
    checked: date
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    path: str = ""
    line: int = 0


@dataclass
class ReferenceSpec:
    """courses/_reference/: the page's title and intro per language, and its rules in file order."""

    page: dict[str, dict[str, str]] = field(default_factory=dict)  # {language: {"title", "intro"}}
    rules: list[RuleSpec] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # rules due for a fresh check; they do not block a sync

    @property
    def ids(self) -> set[str]:
        return {rule.id for rule in self.rules}


@dataclass
class TextSpec:
    """A course's words in one language."""

    language: str
    title: str
    summary: str
    lessons: list[LessonSpec]
    quiz: dict  # {question id: {"prompt": str, "options": {option id: {"text", "explanation"}}}}
    templates: list[TemplateSpec] = field(default_factory=list)
    milestone: MilestoneText | None = None


@dataclass
class CourseSpec:
    slug: str
    language: str
    level: str
    estimated_minutes: int
    policy_areas: list[str]
    prerequisites: list[str]
    pass_mark: int
    quiz: list  # [{"id", "type", "options": [{"id", "correct"}]}]
    texts: dict[str, TextSpec] = field(default_factory=dict)
    prerequisites_line: int = 0
    cases: list[dict] = field(default_factory=list)  # [{"country", "lesson", "title", "source_title", "source_url"}]
    template_slugs: list[str] = field(default_factory=list)
    milestone: dict = field(default_factory=dict)  # {"template": slug or None, "rubric": [criterion ids]}

    @property
    def lesson_slugs(self) -> list[str]:
        return [lesson.slug for lesson in self.texts[self.language].lessons]

    @property
    def original(self) -> TextSpec:
        return self.texts[self.language]


class FileReport:
    """Collects the problems of one file under the path shown to the author."""

    def __init__(self, problems: list[Problem], label: str):
        self.problems = problems
        self.label = label
        self.count = 0

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.label, max(0, int(line)), message))
        self.count += 1

    def check_keys(self, mapping: LineDict, allowed: set[str], where: str, hint: dict[str, str] | None = None):
        """Unknown (often misspelled) and duplicate keys."""
        for key, line in mapping.duplicates:
            self.add(line, f"duplicate key '{key}' in {where}")
        for key in mapping:
            if key not in allowed:
                reason = (hint or {}).get(key) or f"allowed keys: {', '.join(sorted(allowed))}"
                self.add(mapping.line_of(key), f"unknown key '{key}' in {where} ({reason})")

    def mapping(self, value, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.add(getattr(value, "line", line), f"{what} must be a mapping of keys to values")
        return None

    def sequence(self, mapping: LineDict, key: str, what: str) -> LineList | None:
        value = mapping.get(key)
        if key not in mapping:
            self.add(mapping.line, f"'{key}' is missing ({what})")
            return None
        if not isinstance(value, LineList):
            self.add(mapping.line_of(key), f"'{key}' must be a list ({what})")
            return None
        return value

    def text(self, mapping: LineDict, key: str, max_length: int, what: str | None = None) -> str | None:
        """A required, non-empty piece of text without control characters."""
        label = what or f"'{key}'"
        if key not in mapping:
            self.add(mapping.line, f"{label} is missing")
            return None
        value, line = mapping[key], mapping.line_of(key)
        if not isinstance(value, str) or not value.strip():
            self.add(line, f"{label} must be non-empty text")
            return None
        value = value.strip()
        if len(value) > max_length:
            self.add(line, f"{label} is {len(value):,} characters long; the limit is {max_length:,}")
            return None
        bad = next((ch for ch in value if ord(ch) < 32 and ch not in "\t\n"), None)
        if bad is not None:
            self.add(line, f"{label} contains the control character U+{ord(bad):04X}")
            return None
        return value

    def identifier(self, mapping: LineDict, key: str, what: str, pattern=ID_PATTERN) -> str | None:
        if key not in mapping:
            self.add(mapping.line, f"{what} is missing")
            return None
        value, line = mapping[key], mapping.line_of(key)
        if isinstance(value, bool):
            self.add(line, f"{what} must be text: quote it, YAML reads yes/no/on/off as true/false")
            return None
        if not isinstance(value, str) or not pattern.match(value) or len(value) > MAX_SLUG:
            shape = (
                "lowercase letters, digits and hyphens"
                if pattern is SLUG_PATTERN
                else "letters, digits, '-' and '_', up to 40 characters"
            )
            self.add(line, f"{what} {value!r} must be {shape}")
            return None
        return value

    def integer(self, mapping: LineDict, key: str, low: int, high: int) -> int | None:
        if key not in mapping:
            self.add(mapping.line, f"'{key}' is missing")
            return None
        value = mapping[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.add(mapping.line_of(key), f"'{key}' must be a whole number from {low} to {high:,}")
            return None
        return value

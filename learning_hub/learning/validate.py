"""Validate a courses folder (courses/README.md is the authors' version of these rules).

`validate_folder(path)` reads every course, translation, lesson and quiz, and returns the specs of the courses and
every problem found, each as `path:line: message` with paths shown relative to the folder's parent (for example
`courses/leading-co-creation/quiz.yaml:12: ...`). It writes nothing; `sync.apply` loads a problem-free result.
"""

from __future__ import annotations

from pathlib import Path

import pycountry

from learning_hub import vocab
from learning_hub.learning import lesson_rules, quiz_rules
from learning_hub.learning.spec import SLUG_PATTERN, CourseSpec, FileReport, LessonSpec, Problem, TextSpec
from learning_hub.learning.yaml_lines import LineDict, YamlProblem, load
from learning_hub.models import COURSE_LEVELS

MIN_LESSONS, MAX_LESSONS = 4, 6
MAX_FILE_BYTES = 200_000
COURSE_KEYS = {
    "title",
    "summary",
    "language",
    "level",
    "estimated_minutes",
    "policy_areas",
    "prerequisites",
    "lessons",
    "quiz",
}
TRANSLATION_KEYS = {"title", "summary", "language", "lessons", "quiz"}
FROM_ORIGINAL = {
    key: "it comes from the original course.yaml; remove it from the translation"
    for key in COURSE_KEYS - TRANSLATION_KEYS
}


def _is_language(code: str) -> bool:
    return len(code) == 2 and code.isascii() and code.islower() and pycountry.languages.get(alpha_2=code) is not None


class _Reader:
    """Reads files under the root, reporting unreadable ones with paths relative to the root's parent."""

    def __init__(self, root: Path, problems: list[Problem]):
        self.root, self.problems = root, problems

    def label(self, path: Path) -> str:
        try:
            return path.relative_to(self.root.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def report(self, path: Path) -> FileReport:
        return FileReport(self.problems, self.label(path))

    def text(self, path: Path, report: FileReport) -> str | None:
        if not path.is_file():
            report.add(0, "file is missing")
            return None
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            report.add(0, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            report.add(raw.count(b"\n", 0, exc.start) + 1, "file is not UTF-8 text")
            return None
        if "\x00" in text:
            report.add(text.count("\n", 0, text.index("\x00")) + 1, "file contains a NUL character")
            return None
        return text

    def yaml(self, path: Path) -> tuple[LineDict | None, FileReport]:
        report = self.report(path)
        text = self.text(path, report)
        if text is None:
            return None, report
        try:
            data = load(text)
        except YamlProblem as exc:
            report.add(exc.line, exc.message)
            return None, report
        return report.mapping(data, 1, "the file"), report


def validate_folder(root: Path | str) -> tuple[list[CourseSpec], list[Problem]]:
    root = Path(root)
    problems: list[Problem] = []
    reader = _Reader(root, problems)
    if not root.is_dir():
        problems.append(Problem(root.as_posix(), 0, "no such folder"))
        return [], problems
    specs: list[CourseSpec] = []
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if not folders:
        problems.append(Problem(reader.label(root), 0, "no course folders found"))
    for folder in folders:
        if not SLUG_PATTERN.match(folder.name) or len(folder.name) > 80:
            problems.append(
                Problem(
                    reader.label(folder), 0, "a course folder's name is its slug: lowercase letters, digits and hyphens"
                )
            )
            continue
        spec = _course(folder, reader)
        if spec is not None:
            specs.append(spec)
    _check_prerequisites(specs, reader, root)
    return (specs if not problems else []), sorted(set(problems))


def _course(folder: Path, reader: _Reader) -> CourseSpec | None:
    before = len(reader.problems)
    data, report = reader.yaml(folder / "course.yaml")
    if data is None:
        return None
    report.check_keys(data, COURSE_KEYS, "course.yaml")
    language = report.text(data, "language", 8)
    if language is not None and not _is_language(language):
        report.add(data.line_of("language"), f"language {language!r} must be an ISO 639-1 code such as en or es")
        language = None
    level = data.get("level")
    if level not in COURSE_LEVELS:
        report.add(data.line_of("level"), f"level must be one of {', '.join(COURSE_LEVELS)}, not {level!r}")
    minutes = report.integer(data, "estimated_minutes", 1, 6000)
    areas = report.sequence(data, "policy_areas", "OGP theme keys")
    if areas is not None:
        if not areas:
            report.add(data.line_of("policy_areas"), "name at least one policy area")
        for index, area in enumerate(areas):
            if area not in vocab.POLICY_AREAS:
                report.add(areas.line_of(index), f"unknown policy area {area!r} (see courses/README.md for the keys)")
            elif areas.index(area) != index:
                report.add(areas.line_of(index), f"policy area {area!r} is listed twice")
    prerequisites = report.sequence(data, "prerequisites", "course slugs, [] for none")
    if prerequisites is not None:
        for index, slug in enumerate(prerequisites):
            if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
                report.add(prerequisites.line_of(index), f"prerequisite {slug!r} must be a course slug")
            elif slug == folder.name:
                report.add(prerequisites.line_of(index), "a course cannot be its own prerequisite")
    text = _text(folder, data, report, reader, language, original=None) if language else None
    if len(reader.problems) > before or text is None:
        return None
    spec = CourseSpec(
        slug=folder.name,
        language=language,
        level=level,
        estimated_minutes=minutes,
        policy_areas=list(areas),
        prerequisites=list(dict.fromkeys(prerequisites)),
        pass_mark=text[1],
        quiz=text[2],
        prerequisites_line=data.line_of("prerequisites"),
    )
    spec.texts[language] = text[0]
    _translations(folder, spec, reader)
    return spec if len(reader.problems) == before else None


def _text(
    folder: Path, data: LineDict, report: FileReport, reader: _Reader, language: str, original: CourseSpec | None
):
    """Title, summary, lessons and quiz of one language folder: (TextSpec, pass_mark, quiz structure) or None."""
    before = len(reader.problems)
    title = report.text(data, "title", 200)
    summary = report.text(data, "summary", 2000)
    lessons = _lessons(folder, data, report, reader, language, original)
    quiz_name = data.get("quiz", "quiz.yaml")
    if (
        not isinstance(quiz_name, str)
        or not quiz_name.endswith((".yaml", ".yml"))
        or "/" in quiz_name
        or "\\" in quiz_name
        or quiz_name.startswith(".")
    ):
        report.add(data.line_of("quiz"), "quiz must name a .yaml file in the course folder, such as quiz.yaml")
        return None
    quiz_data, quiz_report = reader.yaml(folder / quiz_name)
    checked = None
    if quiz_data is not None:
        checked = quiz_rules.check_quiz(
            quiz_data, quiz_report, original.quiz if original else None, original.pass_mark if original else None
        )
    if len(reader.problems) > before or checked is None or lessons is None:
        return None
    pass_mark, structure, quiz_texts = checked
    text = TextSpec(language=language, title=title, summary=summary, lessons=lessons, quiz=quiz_texts)
    return text, pass_mark, quiz_rules.strip_lines(structure)


def _lessons(
    folder: Path, data: LineDict, report: FileReport, reader: _Reader, language: str, original: CourseSpec | None
) -> list[LessonSpec] | None:
    items = report.sequence(data, "lessons", f"{MIN_LESSONS} to {MAX_LESSONS} lessons in order")
    if items is None:
        return None
    before = len(reader.problems)
    if original is None and not MIN_LESSONS <= len(items) <= MAX_LESSONS:
        report.add(
            data.line_of("lessons"), f"the course has {len(items)} lessons; the rule is {MIN_LESSONS} to {MAX_LESSONS}"
        )
    lessons, seen = [], set()
    for index, raw in enumerate(items):
        item = report.mapping(raw, items.line_of(index), "each lesson")
        if item is None:
            continue
        report.check_keys(item, {"slug", "title"}, "a lesson")
        slug = report.identifier(item, "slug", "the lesson slug", SLUG_PATTERN)
        title = report.text(item, "title", 200, "the lesson title")
        if slug is None or title is None:
            continue
        if slug in seen:
            report.add(item.line_of("slug"), f"lesson '{slug}' is listed twice")
            continue
        seen.add(slug)
        path = folder / "lessons" / f"{slug}.md"
        lesson_report = reader.report(path)
        body = reader.text(path, lesson_report)
        if body is None:
            continue
        issues, words = lesson_rules.check_lesson(body, language)
        for issue in issues:
            lesson_report.add(issue.line, issue.message)
        lessons.append(LessonSpec(slug=slug, title=title, body=body, words=words))
    if original is not None:
        expected = original.lesson_slugs
        found = [lesson.slug for lesson in lessons]
        if len(reader.problems) == before and found != expected:
            report.add(
                data.line_of("lessons"),
                "a translation lists the same lesson slugs in the same order as the "
                f"original: expected {', '.join(expected)}; found {', '.join(found)}",
            )
    lesson_dir = folder / "lessons"
    if lesson_dir.is_dir():
        for path in sorted(lesson_dir.glob("*.md")):
            if path.stem not in seen:
                reader.report(path).add(0, "this lesson file is not listed in course.yaml (list it or remove it)")
    return lessons if len(reader.problems) == before else None


def _translations(folder: Path, spec: CourseSpec, reader: _Reader) -> None:
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and p.name != "lessons"):
        if sub.name.startswith((".", "_")):
            continue
        if not _is_language(sub.name):
            reader.report(sub).add(0, "a translation folder is named by an ISO 639-1 language code, such as es")
            continue
        data, report = reader.yaml(sub / "course.yaml")
        if data is None:
            continue
        report.check_keys(data, TRANSLATION_KEYS, "a translation's course.yaml", FROM_ORIGINAL)
        language = data.get("language")
        if language != sub.name:
            report.add(data.line_of("language"), f"language must be '{sub.name}', the name of this folder")
            continue
        if language == spec.language:
            report.add(
                data.line_of("language"), f"'{language}' is the original's language; a translation needs another"
            )
            continue
        text = _text(sub, data, report, reader, language, original=spec)
        if text is not None:
            spec.texts[language] = text[0]


def _check_prerequisites(specs: list[CourseSpec], reader: _Reader, root: Path) -> None:
    """Each prerequisite exists in the folder, and following prerequisites never leads back to the same course."""
    by_slug = {spec.slug: spec for spec in specs}
    known = {p.name for p in root.iterdir() if p.is_dir()}
    for spec in specs:
        report = reader.report(root / spec.slug / "course.yaml")
        for slug in spec.prerequisites:
            if slug not in known:
                report.add(spec.prerequisites_line, f"prerequisite '{slug}' is not a course in this folder")
    reported: set[frozenset] = set()
    for spec in specs:
        cycle = _cycle_from(spec.slug, by_slug)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            reader.report(root / spec.slug / "course.yaml").add(
                spec.prerequisites_line, "prerequisites form a cycle: " + " -> ".join([*cycle, cycle[0]])
            )


def _cycle_from(start: str, by_slug: dict[str, CourseSpec]) -> list[str] | None:
    """The cycle through `start`, if following prerequisites from it comes back to it."""
    stack = [(start, [start])]
    seen = set()
    while stack:
        slug, path = stack.pop()
        for nxt in by_slug[slug].prerequisites if slug in by_slug else ():
            if nxt == start:
                return path
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None

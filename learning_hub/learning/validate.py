"""Validate a courses folder (courses/README.md is the authors' version of these rules).

`validate_folder(path)` reads every course, translation, lesson and quiz, and returns the specs of the courses and
every problem found, each as `path:line: message` with paths shown relative to the folder's parent (for example
`courses/leading-co-creation/quiz.yaml:12: ...`). It writes nothing; `sync.apply` loads a problem-free result.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pycountry

from learning_hub import vocab
from learning_hub.learning import lesson_rules, quiz_rules, readability
from learning_hub.learning.reference_rules import validate_reference
from learning_hub.learning.spec import (
    SLUG_PATTERN,
    CourseSpec,
    FileReport,
    LessonSpec,
    MilestoneText,
    Problem,
    ReferenceSpec,
    TemplateSpec,
    TextSpec,
)
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
    "cases",
    "templates",
    "milestone",
}
TRANSLATION_KEYS = {"title", "summary", "language", "lessons", "quiz", "templates", "milestone"}
FROM_ORIGINAL = {
    key: "it comes from the original course.yaml; remove it from the translation"
    for key in COURSE_KEYS - TRANSLATION_KEYS
}
LESSON_KEYS = {"slug", "title", "objectives"}
MIN_OBJECTIVES, MAX_OBJECTIVES, MAX_OBJECTIVE_WORDS = 2, 4, 20
# The programme's countries: every course tells at least one case from one of them (ISO 3166-1 alpha-2).
PROGRAMME_COUNTRIES = ("CO", "GH", "HN", "ID", "KE", "NG", "PH")
CASE_KEYS = {"country", "lesson", "title", "source_title", "source_url"}
MILESTONE_KEYS = {"title", "prompt", "template", "rubric"}
MIN_CRITERIA, MAX_CRITERIA = 3, 5
MIN_TEMPLATE_WORDS, MAX_TEMPLATE_WORDS = 150, 900
RESERVED_SLUGS = {"reference"}  # /courses/reference is the reference page


def _is_language(code: str) -> bool:
    return len(code) == 2 and code.isascii() and code.islower() and pycountry.languages.get(alpha_2=code) is not None


class _Reader:
    """Reads files under the root, reporting unreadable ones with paths relative to the root's parent."""

    def __init__(self, root: Path, problems: list[Problem]):
        self.root, self.problems = root, problems
        self.references: set[str] = set()  # the rule ids `ref:` links may name

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


def validate_folder(root: Path | str, today: date | None = None) -> tuple[list[CourseSpec], list[Problem]]:
    specs, _reference, problems = validate_content(root, today)
    return specs, problems


def validate_content(
    root: Path | str, today: date | None = None
) -> tuple[list[CourseSpec], ReferenceSpec, list[Problem]]:
    """The courses and the reference page of the folder, and every problem (no specs at all if there is one). The
    reference's warnings (rules due for a check on `today`) come back in the ReferenceSpec even then."""
    root = Path(root)
    problems: list[Problem] = []
    reader = _Reader(root, problems)
    if not root.is_dir():
        problems.append(Problem(root.as_posix(), 0, "no such folder"))
        return [], ReferenceSpec(), problems
    specs: list[CourseSpec] = []
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    languages = {"en"} | {sub.name for folder in folders for sub in folder.iterdir() if sub.is_dir()}
    reference = validate_reference(root, reader, {code for code in languages if _is_language(code)}, today)
    reader.references = reference.ids
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
        if folder.name in RESERVED_SLUGS:
            problems.append(
                Problem(reader.label(folder), 0, f"'{folder.name}' is reserved for a page; rename the folder")
            )
            continue
        spec = _course(folder, reader)
        if spec is not None:
            specs.append(spec)
    _check_prerequisites(specs, reader, root)
    if problems:
        return [], ReferenceSpec(warnings=reference.warnings), sorted(set(problems))
    return specs, reference, []


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
    cases = _cases(data, report, [lesson.slug for lesson in text[0].lessons])
    if len(reader.problems) > before:
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
        cases=cases,
        template_slugs=[template.slug for template in text[0].templates],
        milestone=text[3],
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
            quiz_data,
            quiz_report,
            original.quiz if original else None,
            original.pass_mark if original else None,
            language,
        )
    templates = _templates(folder, data, report, reader, language, original)
    milestone = _milestone(data, report, templates, original)
    if len(reader.problems) > before or checked is None or lessons is None or templates is None or milestone is None:
        return None
    pass_mark, structure, quiz_texts = checked
    text = TextSpec(
        language=language,
        title=title,
        summary=summary,
        lessons=lessons,
        quiz=quiz_texts,
        templates=templates,
        milestone=milestone[0],
    )
    return text, pass_mark, quiz_rules.strip_lines(structure), milestone[1]


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
        report.check_keys(item, LESSON_KEYS, "a lesson")
        slug = report.identifier(item, "slug", "the lesson slug", SLUG_PATTERN)
        title = report.text(item, "title", 200, "the lesson title")
        objectives = _objectives(item, report, original, slug)  # None after a problem, reported
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
        issues, words = lesson_rules.check_lesson(body, language, reader.references)
        for issue in issues:
            lesson_report.add(issue.line, issue.message)
        measured = readability.measure(body, language)
        if measured is not None and not measured.ok:
            lesson_report.add(
                1,
                f"readability: {measured.describe()}; use shorter sentences and plainer words "
                "(courses/README.md, 'Readability')",
            )
        lessons.append(
            LessonSpec(
                slug=slug,
                title=title,
                body=body,
                words=words,
                objectives=objectives or [],
                readability=measured,
            )
        )
    for lesson_slug, issue in lesson_rules.check_acronyms([(lesson.slug, lesson.body) for lesson in lessons]):
        reader.report(folder / "lessons" / f"{lesson_slug}.md").add(issue.line, issue.message)
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
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in ("lessons", "templates")):
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


def _objectives(item: LineDict, report: FileReport, original: CourseSpec | None, slug: str | None) -> list | None:
    """A lesson's 2 to 4 learning objectives: one sentence each, at most 20 words; a translation has as many as the
    original."""
    what = f"{MIN_OBJECTIVES} to {MAX_OBJECTIVES} learning objectives, one sentence each"
    items = report.sequence(item, "objectives", what)
    if items is None:
        return None
    before = report.count
    objectives = []
    for index, raw in enumerate(items):
        line = items.line_of(index)
        if not isinstance(raw, str) or not raw.strip():
            report.add(line, "each learning objective must be non-empty text")
            continue
        text = " ".join(raw.split())
        words = lesson_rules.count_words(text)
        if words > MAX_OBJECTIVE_WORDS:
            report.add(line, f"this learning objective has {words} words; the limit is {MAX_OBJECTIVE_WORDS}")
        if any(mark in text.rstrip(".!?") for mark in (". ", "? ", "! ")):
            report.add(line, "a learning objective is one sentence")
        objectives.append(text)
    if original is None:
        if not MIN_OBJECTIVES <= len(items) <= MAX_OBJECTIVES:
            report.add(items.line, f"the lesson has {len(items)} learning objectives; the rule is {what}")
    else:
        source = next((lesson for lesson in original.original.lessons if lesson.slug == slug), None)
        if source is not None and len(source.objectives) != len(items):
            report.add(
                items.line,
                f"the lesson has {len(items)} learning objectives; the original has {len(source.objectives)}",
            )
    return objectives if report.count == before else None


def _cases(data: LineDict, report: FileReport, lesson_slugs: list[str]) -> list[dict]:
    """Sourced country cases, at least one from a programme country; each names the lesson that tells it."""
    items = report.sequence(data, "cases", "at least one sourced case from a programme country")
    if items is None:
        return []
    cases = []
    for index, raw in enumerate(items):
        item = report.mapping(raw, items.line_of(index), "each case")
        if item is None:
            continue
        before = report.count
        report.check_keys(item, CASE_KEYS, "a case")
        country = item.get("country")
        if not isinstance(country, str) or pycountry.countries.get(alpha_2=country) is None or not country.isupper():
            report.add(item.line_of("country"), f"country {country!r} must be an ISO 3166-1 alpha-2 code such as KE")
        lesson = item.get("lesson")
        if lesson not in lesson_slugs:
            report.add(item.line_of("lesson"), f"lesson {lesson!r} is not a lesson of this course")
        title = report.text(item, "title", 200, "the case's title")
        source_title = report.text(item, "source_title", 200)
        source_url = report.text(item, "source_url", 500)
        if source_url is not None and not source_url.startswith("https://"):
            report.add(item.line_of("source_url"), "source_url must be a public https:// address")
        if report.count == before:
            cases.append(
                {
                    "country": country,
                    "lesson": lesson,
                    "title": title,
                    "source_title": source_title,
                    "source_url": source_url,
                }
            )
    if not any(case["country"] in PROGRAMME_COUNTRIES for case in cases) and report.count == 0:
        report.add(items.line, f"the course needs a case from a programme country ({', '.join(PROGRAMME_COUNTRIES)})")
    return cases


def _templates(
    folder: Path, data: LineDict, report: FileReport, reader: _Reader, language: str, original: CourseSpec | None
) -> list[TemplateSpec] | None:
    """The course's downloadable templates: listed in course.yaml, one `templates/<slug>.md` each."""
    items = report.sequence(data, "templates", "the course's templates: slug and title")
    if items is None:
        return None
    before = len(reader.problems)
    if original is None and not items:
        report.add(data.line_of("templates"), "list at least one template")
    templates, seen = [], set()
    for index, raw in enumerate(items):
        item = report.mapping(raw, items.line_of(index), "each template")
        if item is None:
            continue
        report.check_keys(item, {"slug", "title"}, "a template")
        slug = report.identifier(item, "slug", "the template slug", SLUG_PATTERN)
        title = report.text(item, "title", 200, "the template's title")
        if slug is None or title is None:
            continue
        if slug in seen:
            report.add(item.line_of("slug"), f"template '{slug}' is listed twice")
            continue
        seen.add(slug)
        path = folder / "templates" / f"{slug}.md"
        file_report = reader.report(path)
        body = reader.text(path, file_report)
        if body is None:
            continue
        for issue in _template_issues(body, reader.references):
            file_report.add(issue.line, issue.message)
        templates.append(TemplateSpec(slug=slug, title=title, body=body))
    if original is not None and len(reader.problems) == before:
        expected, found = original.template_slugs, [template.slug for template in templates]
        if found != expected:
            report.add(
                data.line_of("templates"),
                "a translation lists the same template slugs in the same order as the original: "
                f"expected {', '.join(expected) or 'none'}; found {', '.join(found) or 'none'}",
            )
    template_dir = folder / "templates"
    if template_dir.is_dir():
        for path in sorted(template_dir.iterdir()):
            if path.stem not in seen or path.suffix != ".md":
                reader.report(path).add(0, "this template file is not listed in course.yaml (list it or remove it)")
    return templates if len(reader.problems) == before else None


def _template_issues(body: str, references: set[str]) -> list[lesson_rules.LessonIssue]:
    issues = lesson_rules.check_markdown_shape(body) + lesson_rules.check_references(body, references)
    words = lesson_rules.count_words(body)
    if not MIN_TEMPLATE_WORDS <= words <= MAX_TEMPLATE_WORDS:
        issues.append(
            lesson_rules.LessonIssue(
                1, f"the template has {words:,} words; the rule is {MIN_TEMPLATE_WORDS} to {MAX_TEMPLATE_WORDS}"
            )
        )
    return issues


def _milestone(
    data: LineDict, report: FileReport, templates: list[TemplateSpec] | None, original: CourseSpec | None
) -> tuple[MilestoneText, dict] | None:
    """The applied milestone: (its words, its structure {"template", "rubric": [ids]}), or None."""
    if "milestone" not in data:
        report.add(data.line, "'milestone' is missing (the applied milestone on the learner's own reform)")
        return None
    item = report.mapping(data["milestone"], data.line_of("milestone"), "the milestone")
    if item is None:
        return None
    before = report.count
    report.check_keys(item, MILESTONE_KEYS, "the milestone")
    title = report.text(item, "title", 200, "the milestone's title")
    prompt = report.text(item, "prompt", 2000, "the milestone's prompt")
    template = item.get("template")
    if template is not None and templates is not None and template not in {t.slug for t in templates}:
        report.add(item.line_of("template"), f"template {template!r} is not a template of this course")
    rubric = report.sequence(item, "rubric", f"{MIN_CRITERIA} to {MAX_CRITERIA} criteria a peer reviewer scores")
    criteria: dict[str, str] = {}
    if rubric is not None:
        if original is None and not MIN_CRITERIA <= len(rubric) <= MAX_CRITERIA:
            report.add(
                item.line_of("rubric"),
                f"the rubric has {len(rubric)} criteria; the rule is {MIN_CRITERIA} to {MAX_CRITERIA}",
            )
        for index, raw in enumerate(rubric):
            criterion = report.mapping(raw, rubric.line_of(index), "each rubric criterion")
            if criterion is None:
                continue
            report.check_keys(criterion, {"id", "criterion"}, "a rubric criterion")
            cid = report.identifier(criterion, "id", "the criterion id")
            text = report.text(criterion, "criterion", 500, "the criterion")
            if cid is not None and cid in criteria:
                report.add(criterion.line_of("id"), f"criterion id '{cid}' is used twice")
            elif cid is not None and text is not None:
                criteria[cid] = text
    structure = {"template": template, "rubric": list(criteria)}
    if original is not None and report.count == before:
        if template != original.milestone.get("template"):
            report.add(
                item.line_of("template") if "template" in item else item.line,
                f"the milestone's template must be the original's ({original.milestone.get('template')!r})",
            )
        if list(criteria) != original.milestone.get("rubric"):
            report.add(
                item.line_of("rubric"),
                "a translation keeps the original's rubric ids in the same order: expected "
                f"{', '.join(original.milestone.get('rubric', []))}; found {', '.join(criteria)}",
            )
    if report.count > before:
        return None
    return MilestoneText(title=title, prompt=prompt, rubric=criteria), structure

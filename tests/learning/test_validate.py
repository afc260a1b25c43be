"""`flask courses sync` error reporting on a corpus of broken course folders: every problem as `path:line: message`,
and nothing written (all or nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from learning_hub.learning.validate import validate_folder
from tests.helpers import changed_tables, snapshot
from tests.learning.corpus import edit_yaml, lesson_body, quiz_data, write_course


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle`."""
    hits = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


# Each case breaks the valid `basics`/`advanced` corpus and returns (file relative to courses/, line, message part).
def yaml_syntax_course(root):
    _replace(root / "basics/course.yaml", "policy_areas:\n- anti_corruption", "policy_areas: [anti_corruption")
    return "basics/course.yaml", line_of(root / "basics/course.yaml", "prerequisites"), "YAML syntax error"


def yaml_syntax_quiz(root):
    _replace(root / "basics/quiz.yaml", "  type: single", "   type: single")
    return "basics/quiz.yaml", line_of(root / "basics/quiz.yaml", "   type: single"), "YAML syntax error"


def misspelled_key(root):
    _replace(root / "basics/course.yaml", "prerequisites:", "prerequisite:")
    return "basics/course.yaml", line_of(root / "basics/course.yaml", "prerequisite:"), "unknown key 'prerequisite'"


def duplicate_key(root):
    _replace(root / "basics/course.yaml", "level: introductory", "level: introductory\nlevel: advanced")
    return "basics/course.yaml", line_of(root / "basics/course.yaml", "level: advanced"), "duplicate key 'level'"


def unknown_level(root):
    _replace(root / "basics/course.yaml", "level: introductory", "level: expert")
    return "basics/course.yaml", line_of(root / "basics/course.yaml", "level:"), "level must be one of"


def unknown_policy_area(root):
    _replace(root / "basics/course.yaml", "- anti_corruption", "- anticorruption")
    return "basics/course.yaml", line_of(root / "basics/course.yaml", "- anticorruption"), "unknown policy area"


def minutes_not_a_number(root):
    _replace(root / "basics/course.yaml", "estimated_minutes: 120", "estimated_minutes: two hours")
    return "basics/course.yaml", line_of(root / "basics/course.yaml", "estimated_minutes"), "whole number"


def three_lessons(root):
    edit_yaml(root / "basics/course.yaml", lambda d: d["lessons"].pop())
    (root / "basics/lessons/four.md").unlink()
    edit_yaml(root / "basics/es/course.yaml", lambda d: d["lessons"].pop())
    (root / "basics/es/lessons/four.md").unlink()
    return "basics/course.yaml", line_of(root / "basics/course.yaml", "lessons:"), "3 lessons; the rule is 4 to 6"


def seven_lessons(root):
    write_course(root, "long", lessons=tuple(f"l{n}" for n in range(7)))
    return "long/course.yaml", line_of(root / "long/course.yaml", "lessons:"), "7 lessons; the rule is 4 to 6"


def lesson_too_short(root):
    (root / "basics/lessons/two.md").write_text(lesson_body(550), "utf-8")
    return "basics/lessons/two.md", 1, "550 words; the rule is 600 to 1,200"


def lesson_too_long(root):
    (root / "advanced/lessons/three.md").write_text(lesson_body(1250), "utf-8")
    return "advanced/lessons/three.md", 1, "1,250 words"


def no_exercise(root):
    _replace(root / "basics/lessons/three.md", "## Practical exercise", "## Things to try")
    return (
        "basics/lessons/three.md",
        line_of(root / "basics/lessons/three.md", "## Things to try"),
        "must end with a '## Practical exercise' section",
    )


def h1_title(root):
    path = root / "basics/lessons/two.md"
    path.write_text("# Lesson two\n\n" + path.read_text("utf-8"), "utf-8")
    return "basics/lessons/two.md", 1, "remove the '#' title"


def raw_html(root):
    _replace(root / "advanced/lessons/one.md", "## Why it\n", "## Why it\n\n<script>alert(1)</script>\n")
    return "advanced/lessons/one.md", 3, "raw HTML is not allowed"


def image(root):
    _replace(root / "advanced/lessons/one.md", "## Why it\n", "## Why it\n\n![map](map.png)\n")
    return "advanced/lessons/one.md", 3, "images are not allowed"


def missing_lesson_file(root):
    (root / "basics/lessons/four.md").unlink()
    return "basics/lessons/four.md", 0, "file is missing"


def unlisted_lesson_file(root):
    (root / "advanced/lessons/extra.md").write_text(lesson_body(700), "utf-8")
    return "advanced/lessons/extra.md", 0, "not listed in course.yaml"


def five_questions(root):
    (root / "advanced/quiz.yaml").write_text(__import__("yaml").safe_dump(quiz_data(5)), "utf-8")
    return "advanced/quiz.yaml", line_of(root / "advanced/quiz.yaml", "questions:"), "5 questions; the rule is 6"


def eleven_questions(root):
    (root / "advanced/quiz.yaml").write_text(__import__("yaml").safe_dump(quiz_data(11)), "utf-8")
    return "advanced/quiz.yaml", line_of(root / "advanced/quiz.yaml", "questions:"), "11 questions"


def missing_explanation(root):
    edit_yaml(root / "advanced/quiz.yaml", lambda d: d["questions"][1]["options"][2].pop("explanation"))
    return (
        "advanced/quiz.yaml",
        line_of(root / "advanced/quiz.yaml", "- id: c", 2),
        "explanation of option c is missing",
    )


def single_with_two_correct(root):
    edit_yaml(root / "advanced/quiz.yaml", lambda d: d["questions"][0]["options"][0].update(correct=True))
    return "advanced/quiz.yaml", line_of(root / "advanced/quiz.yaml", "options:"), "exactly one correct option"


def multiple_with_one_correct(root):
    edit_yaml(root / "advanced/quiz.yaml", lambda d: d["questions"][2]["options"][0].update(correct=False))
    return "advanced/quiz.yaml", line_of(root / "advanced/quiz.yaml", "options:", 3), "at least two correct"


def duplicate_question_id(root):
    edit_yaml(root / "advanced/quiz.yaml", lambda d: d["questions"][4].update(id="q2"))
    return "advanced/quiz.yaml", line_of(root / "advanced/quiz.yaml", "id: q2", 2), "question id 'q2' is used twice"


def correct_not_boolean(root):
    edit_yaml(root / "advanced/quiz.yaml", lambda d: d["questions"][0]["options"][1].update(correct="maybe"))
    return "advanced/quiz.yaml", line_of(root / "advanced/quiz.yaml", "correct: maybe"), "true or false"


def option_id_read_as_boolean(root):
    _replace(root / "advanced/quiz.yaml", "id: d", "id: off")
    return "advanced/quiz.yaml", line_of(root / "advanced/quiz.yaml", "id: off"), "quote it"


def pass_mark_zero(root):
    _replace(root / "advanced/quiz.yaml", "pass_mark: 70", "pass_mark: 0")
    return "advanced/quiz.yaml", line_of(root / "advanced/quiz.yaml", "pass_mark"), "from 1 to 100"


def unknown_prerequisite(root):
    _replace(root / "advanced/course.yaml", "- basics", "- basic")
    return (
        "advanced/course.yaml",
        line_of(root / "advanced/course.yaml", "prerequisites:"),
        "prerequisite 'basic' is not a course",
    )


def prerequisite_cycle(root):
    _replace(root / "basics/course.yaml", "prerequisites: []", "prerequisites: [advanced]")
    return (
        "advanced/course.yaml",
        line_of(root / "advanced/course.yaml", "prerequisites:"),
        "prerequisites form a cycle: advanced -> basics -> advanced",
    )


def bad_folder_name(root):
    write_course(root, "tmp").rename(root / "Bad_Name")
    return "Bad_Name", 0, "lowercase letters, digits and hyphens"


def not_utf8(root):
    (root / "basics/lessons/one.md").write_bytes(b"## Why\n\ncaf\xe9\n")
    return "basics/lessons/one.md", 3, "not UTF-8"


def translation_reordered(root):
    edit_yaml(root / "basics/es/course.yaml", lambda d: d["lessons"].reverse())
    return (
        "basics/es/course.yaml",
        line_of(root / "basics/es/course.yaml", "lessons:"),
        "same lesson slugs in the same order",
    )


def translation_option_ids(root):
    _replace(root / "basics/es/quiz.yaml", "id: d", "id: e")
    return (
        "basics/es/quiz.yaml",
        line_of(root / "basics/es/quiz.yaml", "- id: q1"),
        "the original has ['a', 'b', 'c', 'd']",
    )


def translation_correct_differs(root):
    edit_yaml(
        root / "basics/es/quiz.yaml",
        lambda d: (
            d["questions"][0]["options"][0].update(correct=True)
            or d["questions"][0]["options"][1].update(correct=False)
        ),
    )
    return "basics/es/quiz.yaml", line_of(root / "basics/es/quiz.yaml", "- id: q1"), "differs from the original"


def translation_with_level(root):
    _replace(root / "basics/es/course.yaml", "language: es", "language: es\nlevel: advanced")
    return "basics/es/course.yaml", line_of(root / "basics/es/course.yaml", "level:"), "comes from the original"


def translation_english_heading(root):
    _replace(root / "basics/es/lessons/two.md", "## Ejercicio práctico", "## Practical exercise")
    return (
        "basics/es/lessons/two.md",
        line_of(root / "basics/es/lessons/two.md", "## Practical exercise"),
        "'## Ejercicio práctico'",
    )


def translation_missing_question(root):
    edit_yaml(root / "basics/es/quiz.yaml", lambda d: d["questions"].pop())
    return "basics/es/quiz.yaml", line_of(root / "basics/es/quiz.yaml", "questions:"), "question 'q6' of the original"


CASES = [
    yaml_syntax_course,
    yaml_syntax_quiz,
    misspelled_key,
    duplicate_key,
    unknown_level,
    unknown_policy_area,
    minutes_not_a_number,
    three_lessons,
    seven_lessons,
    lesson_too_short,
    lesson_too_long,
    no_exercise,
    h1_title,
    raw_html,
    image,
    missing_lesson_file,
    unlisted_lesson_file,
    five_questions,
    eleven_questions,
    missing_explanation,
    single_with_two_correct,
    multiple_with_one_correct,
    duplicate_question_id,
    correct_not_boolean,
    option_id_read_as_boolean,
    pass_mark_zero,
    unknown_prerequisite,
    prerequisite_cycle,
    bad_folder_name,
    not_utf8,
    translation_reordered,
    translation_option_ids,
    translation_correct_differs,
    translation_with_level,
    translation_english_heading,
    translation_missing_question,
]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__ for case in CASES])
def test_broken_folder_is_reported_with_file_and_line(case, course_root, sync, db):
    """Each broken folder: exit status 1, the problem as `courses/<file>:<line>: <message>`, nothing written."""
    path, line, message = case(course_root)
    before = snapshot()
    result = sync(course_root)
    assert result.exit_code == 1
    expected = f"courses/{path}:{line}: "
    hits = [row for row in result.output.splitlines() if row.startswith(expected) and message in row]
    assert hits, f"expected {expected}...{message!r} in:\n{result.output}"
    assert "nothing was written" in result.output
    assert changed_tables(before, snapshot()) == []


def test_the_corpus_of_broken_folders_is_large_enough():
    """At least 20 malformed inputs (docs/SECURITY.md §6): each case above is one."""
    assert len(CASES) >= 20


def test_valid_corpus_has_no_problems(course_root):
    specs, problems = validate_folder(course_root)
    assert problems == []
    assert sorted(spec.slug for spec in specs) == ["advanced", "basics"]
    assert sorted(specs[1].texts) == ["en", "es"] or sorted(specs[0].texts) == ["en", "es"]


def test_every_problem_is_reported_not_only_the_first(course_root):
    unknown_level(course_root)
    lesson_too_short(course_root)
    missing_explanation(course_root)
    _specs, problems = validate_folder(course_root)
    files = {problem.path for problem in problems}
    assert {"courses/basics/course.yaml", "courses/basics/lessons/two.md", "courses/advanced/quiz.yaml"} <= files


def test_one_broken_course_blocks_the_valid_ones_too(course_root, sync, db):
    """All or nothing: a valid course is not loaded while another course in the folder is broken."""
    lesson_too_long(course_root)
    result = sync(course_root)
    assert result.exit_code == 1
    assert "1 problem(s) in 1 file(s)" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(__import__("learning_hub").models.Course)) == 0


def test_broken_update_leaves_synced_courses_unchanged(courses, course_root, sync, db):
    """A later sync that finds a problem changes nothing that an earlier sync loaded."""
    before = snapshot()
    _replace(course_root / "basics/course.yaml", "title: Open contracting basics", "title: Renamed course")
    no_exercise(course_root)
    result = sync(course_root)
    assert result.exit_code == 1
    assert changed_tables(before, snapshot()) == []


def test_missing_folder(sync, tmp_path):
    result = sync(tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "no such folder" in result.output


def test_check_flag_writes_nothing(course_root, sync, db):
    before = snapshot()
    result = sync(course_root, "--check")
    assert result.exit_code == 0
    assert "2 course(s) checked" in result.output
    assert "Nothing was written" in result.output
    assert changed_tables(before, snapshot()) == []


def test_check_flag_reports_problems(course_root, sync):
    unknown_level(course_root)
    result = sync(course_root, "--check")
    assert result.exit_code == 1
    assert "level must be one of" in result.output

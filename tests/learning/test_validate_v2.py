"""Course format v2 (courses/README.md): objectives, cases, templates, the milestone, the five-minute exercise,
phone-width tables, translation word limits and the reference page with its `ref:` links. Each case breaks one rule
of the valid corpus; the expected `path:line: message` is written out here."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from learning_hub.learning.validate import validate_content
from tests.learning.corpus import edit_yaml, lesson_body, template_body


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def write_reference(root: Path, languages=("es",)) -> Path:
    """A reference page with two rules, in English and the given translations."""
    folder = root / "_reference"
    folder.mkdir(parents=True, exist_ok=True)
    page = {"title": {"en": "OGP rules at a glance"}, "intro": {"en": "Short, dated rules."}}
    (folder / "_page.yaml").write_text(yaml.safe_dump(page, sort_keys=False), "utf-8")
    rules = [
        {
            "id": rule_id,
            "topic": {"en": "Co-creation"},
            "title": {"en": f"Rule {rule_id}"},
            "rule": {"en": "Forums meet twice a year."},
            "source_title": "OGP Participation and Co-Creation Standards",
            "source_url": "https://www.opengovpartnership.org/",
            "in_force_since": "2022-01-01",
            "checked": "2026-12-01",
        }
        for rule_id in ("ogp-forum", "ogp-repository")
    ]
    text = yaml.safe_dump({"rules": rules}, sort_keys=False).replace("'2022-01-01'", "2022-01-01")
    (folder / "co-creation.yaml").write_text(text.replace("'2026-12-01'", "2026-12-01"), "utf-8")
    for language in languages:
        sub = folder / language
        sub.mkdir(exist_ok=True)
        (sub / "_page.yaml").write_text("title: Reglas de OGP\nintro: Reglas breves y fechadas.\n", "utf-8")
        translated = [
            {"id": rule["id"], "topic": "Cocreación", "title": "Regla", "rule": "Los foros se reúnen."}
            for rule in rules
        ]
        (sub / "co-creation.yaml").write_text(yaml.safe_dump({"rules": translated}, allow_unicode=True), "utf-8")
    return folder


@pytest.fixture
def root(course_root):
    write_reference(course_root)
    return course_root


def problems_of(root: Path) -> list[str]:
    _specs, _reference, problems = validate_content(root)
    return [str(problem) for problem in problems]


def test_valid_v2_corpus_has_no_problems_and_keeps_what_the_pages_need(root):
    specs, reference, problems = validate_content(root)
    assert problems == []
    basics = next(spec for spec in specs if spec.slug == "basics")
    assert basics.texts["es"].lessons[0].objectives == ["Explicar one", "Aplicar one"]
    assert basics.milestone == {"template": "forum-terms", "rubric": ["r1", "r2", "r3"]}
    assert basics.texts["es"].milestone.rubric["r2"] == "Traducido: Meetings are frequent enough."
    assert [t.slug for t in basics.texts["es"].templates] == ["forum-terms"]
    assert basics.cases[0]["country"] == "KE"
    assert [rule.id for rule in reference.rules] == ["ogp-forum", "ogp-repository"]
    assert reference.rules[0].texts["es"]["topic"] == "Cocreación"
    assert str(reference.rules[0].checked) == "2026-12-01"
    assert reference.page["es"] == {"title": "Reglas de OGP", "intro": "Reglas breves y fechadas."}


def _objectives(root, change, folder="basics"):
    edit_yaml(root / folder / "course.yaml", lambda d: change(d["lessons"][0]))
    return root / folder / "course.yaml"


def test_missing_objectives(root):
    path = _objectives(root, lambda lesson: lesson.pop("objectives"))
    line = line_of(path, "- slug: one")
    assert problems_of(root) == [
        f"courses/basics/course.yaml:{line}: 'objectives' is missing (2 to 4 learning objectives, one sentence each)"
    ]


def test_one_objective_is_too_few(root):
    path = _objectives(root, lambda lesson: lesson.update(objectives=["Explain one"]))
    line = line_of(path, "- Explain one")
    assert problems_of(root) == [
        f"courses/basics/course.yaml:{line}: the lesson has 1 learning objectives; the rule is 2 to 4 learning "
        "objectives, one sentence each"
    ]


def test_objective_of_21_words(root):
    long = "Explain " + " ".join(["budgets"] * 20)
    path = _objectives(root, lambda lesson: lesson["objectives"].append(long))
    line = line_of(path, "- Explain budgets")
    assert problems_of(root) == [
        f"courses/basics/course.yaml:{line}: this learning objective has 21 words; the limit is 20"
    ]


def test_translation_with_fewer_objectives(root):
    path = _objectives(root, lambda lesson: lesson["objectives"].pop(), folder="basics/es")
    line = line_of(path, "- Explicar one")
    assert problems_of(root) == [
        f"courses/basics/es/course.yaml:{line}: the lesson has 1 learning objectives; the original has 2"
    ]


def test_cases_need_a_programme_country(root):
    path = root / "basics/course.yaml"
    edit_yaml(path, lambda d: d["cases"][0].update(country="MX"))
    line = line_of(path, "- country: MX")
    assert problems_of(root) == [
        f"courses/basics/course.yaml:{line}: the course needs a case from a programme country "
        "(CO, GH, HN, ID, KE, NG, PH)"
    ]


def test_case_names_an_unknown_lesson(root):
    path = root / "basics/course.yaml"
    edit_yaml(path, lambda d: d["cases"][0].update(lesson="nine"))
    line = line_of(path, "lesson: nine")
    assert problems_of(root) == [f"courses/basics/course.yaml:{line}: lesson 'nine' is not a lesson of this course"]


def test_template_file_missing_in_a_translation(root):
    (root / "basics/es/templates/forum-terms.md").unlink()
    assert problems_of(root) == ["courses/basics/es/templates/forum-terms.md:0: file is missing"]


def test_template_too_short(root):
    (root / "advanced/templates/forum-terms.md").write_text(template_body(149), "utf-8")
    assert problems_of(root) == [
        "courses/advanced/templates/forum-terms.md:1: the template has 149 words; the rule is 150 to 900"
    ]


def test_translation_lists_other_templates(root):
    path = root / "basics/es/course.yaml"
    edit_yaml(path, lambda d: d["templates"].append({"slug": "extra", "title": "Extra"}))
    (root / "basics/es/templates/extra.md").write_text(template_body(), "utf-8")
    assert problems_of(root) == [
        f"courses/basics/es/course.yaml:{line_of(path, 'templates:')}: a translation lists the same template slugs "
        "in the same order as the original: expected forum-terms; found forum-terms, extra"
    ]


def test_milestone_rubric_of_two_criteria(root):
    path = root / "basics/course.yaml"
    edit_yaml(path, lambda d: d["milestone"]["rubric"].pop())
    assert problems_of(root) == [
        f"courses/basics/course.yaml:{line_of(path, 'rubric:')}: the rubric has 2 criteria; the rule is 3 to 5"
    ]


def test_milestone_names_an_unknown_template(root):
    path = root / "advanced/course.yaml"
    edit_yaml(path, lambda d: d["milestone"].update(template="budget"))
    assert problems_of(root) == [
        f"courses/advanced/course.yaml:{line_of(path, 'template: budget')}: template 'budget' is not a template of "
        "this course"
    ]


def test_translation_renames_a_rubric_id(root):
    path = root / "basics/es/course.yaml"
    edit_yaml(path, lambda d: d["milestone"]["rubric"][2].update(id="r9"))
    assert problems_of(root) == [
        f"courses/basics/es/course.yaml:{line_of(path, 'rubric:')}: a translation keeps the original's rubric ids "
        "in the same order: expected r1, r2, r3; found r1, r2, r9"
    ]


def test_missing_milestone(root):
    edit_yaml(root / "advanced/course.yaml", lambda d: d.pop("milestone"))
    assert problems_of(root) == [
        "courses/advanced/course.yaml:1: 'milestone' is missing (the applied milestone on the learner's own reform)"
    ]


def test_exercise_without_five_minute_version(root):
    path = root / "basics/lessons/two.md"
    path.write_text(path.read_text("utf-8").replace("### Five-minute version", "### Short version"), "utf-8")
    line = line_of(path, "### Short version")
    assert problems_of(root) == [
        f"courses/basics/lessons/two.md:{line}: the '## Practical exercise' section must end with a "
        "'### Five-minute version' sub-section; its last sub-section is '### Short version'"
    ]


def test_spanish_lesson_needs_its_own_five_minute_heading(root):
    path = root / "basics/es/lessons/two.md"
    path.write_text(path.read_text("utf-8").replace("### Versión de cinco minutos", "### Five-minute version"))
    line = line_of(path, "### Five-minute version")
    assert problems_of(root) == [
        f"courses/basics/es/lessons/two.md:{line}: the '## Ejercicio práctico' section must end with a "
        "'### Versión de cinco minutos' sub-section; its last sub-section is '### Five-minute version'"
    ]


def test_table_of_four_columns(root):
    path = root / "basics/lessons/one.md"
    table = "| A | B | C | D |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n\n"
    path.write_text(table + path.read_text("utf-8"), "utf-8")
    assert problems_of(root) == [
        "courses/basics/lessons/one.md:1: this table has 4 columns; the limit is 3 so that it fits a phone "
        "(split it or turn it into a list)"
    ]


def test_table_of_three_columns_is_fine(root):
    path = root / "basics/lessons/one.md"
    path.write_text("| A | B | C |\n|:--|---|--:|\n| 1 | 2 | 3 |\n\n" + path.read_text("utf-8"), "utf-8")
    assert problems_of(root) == []


@pytest.mark.parametrize(
    ("language", "words", "expected"),
    [
        ("es", 1400, None),
        ("es", 1401, "the lesson has 1,401 words; the rule is 600 to 1,400"),
        ("fr", 1401, "the lesson has 1,401 words; the rule is 600 to 1,400"),
        ("id", 1300, None),
        ("id", 1301, "the lesson has 1,301 words; the rule is 600 to 1,300"),
        ("en", 1201, "the lesson has 1,201 words; the rule is 600 to 1,200"),
    ],
)
def test_translation_word_limits(root, language, words, expected):
    folder = root / "basics" if language == "en" else root / "basics" / language
    if language not in ("en", "es"):
        from tests.learning.corpus import write_translation

        write_translation(root / "basics", language, ("one", "two", "three", "four"))
        write_reference(root, ("es", language))
    (folder / "lessons/two.md").write_text(lesson_body(words, language), "utf-8")
    label = "courses/basics/" + ("" if language == "en" else f"{language}/") + "lessons/two.md"
    assert problems_of(root) == ([f"{label}:1: {expected}"] if expected else [])


def test_ref_link_to_an_unknown_rule(root):
    path = root / "basics/lessons/three.md"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("## Why it\n", "## Why it\n\nSee [the forum rule](ref:ogp-forum) and [this](ref:ogp-nope).\n")
    )
    line = line_of(path, "ref:ogp-nope")
    assert problems_of(root) == [
        f"courses/basics/lessons/three.md:{line}: 'ref:ogp-nope' is not a rule id in courses/_reference/"
    ]


def test_reference_rule_not_translated(root):
    path = root / "_reference/es/co-creation.yaml"
    edit_yaml(path, lambda d: d["rules"].pop())
    assert problems_of(root) == [
        f"courses/_reference/es/co-creation.yaml:{line_of(path, '- id: ogp-forum')}: rule 'ogp-repository' of the "
        "English file is not translated here"
    ]


def test_reference_missing_for_a_course_language(root):
    import shutil

    shutil.rmtree(root / "_reference/es")
    assert problems_of(root) == [
        "courses/_reference:0: courses are offered in 'es' but the reference page has no es/ translation"
    ]


def test_reference_rule_id_used_twice(root):
    path = root / "_reference/co-creation.yaml"
    edit_yaml(path, lambda d: d["rules"][1].update(id="ogp-forum"))
    edit_yaml(root / "_reference/es/co-creation.yaml", lambda d: d["rules"].pop())
    first = line_of(path, "- id: ogp-forum")
    assert problems_of(root) == [
        f"courses/_reference/co-creation.yaml:{line_of(path, '- id: ogp-forum', 2)}: rule id 'ogp-forum' is also "
        f"used in courses/_reference/co-creation.yaml:{first}"
    ]


def test_reference_checked_is_not_a_date(root):
    path = root / "_reference/co-creation.yaml"
    path.write_text(path.read_text("utf-8").replace("checked: 2026-12-01", "checked: last year", 1), "utf-8")
    assert (
        f"courses/_reference/co-creation.yaml:{line_of(path, 'checked: last year')}: 'checked' must be a date "
        "written YYYY-MM-DD, not 'last year'" in problems_of(root)
    )

"""The sync's content-quality checks: the reference's 18-month freshness warning, the mechanical quiz faults,
acronyms spelled out at first use, and the readability measure. Expected figures are computed by hand here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from learning_hub.learning import readability
from learning_hub.learning.reference_rules import months_later
from learning_hub.learning.sync import sync_folder
from learning_hub.learning.validate import validate_content
from tests.learning.corpus import edit_yaml, lesson_body
from tests.learning.test_validate_v2 import line_of, write_reference


@pytest.fixture
def root(course_root):
    write_reference(course_root)
    return course_root


def problems_of(root: Path) -> list[str]:
    _specs, _reference, problems = validate_content(root)
    return [str(problem) for problem in problems]


# --- Item 1: a reference rule checked more than 18 months ago ------------------------------------------------------


def test_months_later_clamps_to_the_last_day_of_a_short_month():
    assert months_later(date(2026, 12, 1), 18) == date(2028, 6, 1)
    assert months_later(date(2025, 8, 31), 18) == date(2027, 2, 28)


def test_reference_checked_exactly_18_months_ago_is_not_stale(root):
    _specs, reference, problems = validate_content(root, today=date(2028, 6, 1))  # checked 2026-12-01
    assert problems == []
    assert reference.warnings == []


def test_reference_checked_over_18_months_ago_warns_without_blocking(root):
    path = root / "_reference/co-creation.yaml"
    specs, reference, problems = validate_content(root, today=date(2028, 6, 2))
    assert problems == []
    assert len(specs) == 2
    assert [str(w) for w in reference.warnings] == [
        f"courses/_reference/co-creation.yaml:{line_of(path, f'- id: {rule}')}: rule '{rule}' was last checked on "
        "2026-12-01, more than 18 months ago: compare it with its source (https://www.opengovpartnership.org/) and "
        "update 'checked'"
        for rule in ("ogp-forum", "ogp-repository")
    ]


def test_sync_check_reports_the_stale_rule_as_a_warning(app, root):
    report = sync_folder(root, check_only=True, today=date(2030, 1, 1))
    assert report.ok
    assert len(report.warnings) == 2
    assert sync_folder(root, check_only=True, today=date(2027, 1, 1)).warnings == []


def test_cli_prints_warning_and_figures(app, root, sync):
    result = sync(root, "--check")
    assert result.exit_code == 0, result.output
    # The fixture's rules were checked on 2026-12-01: a warning appears only once the clock passes 2028-06-01.
    stale = date.today() > date(2028, 6, 1)
    assert ("warning: courses/_reference/co-creation.yaml" in result.output) is stale
    assert "Per language:" in result.output
    assert "  es: 1 course(s), 4 lessons, 2,800 words; Fernández-Huerta" in result.output
    assert "  en  basics/one  700 words  Flesch-Kincaid grade" in result.output


# --- Item 2: quiz faults --------------------------------------------------------------------------------------------
# The corpus quiz has 6 questions: q1, q2, q4, q5 single (b is right), q3 and q6 multiple (a and c are right), with
# options "Option x of question n" all of the same length.


def _lengthen(root: Path, questions: list[str], folder: str = "basics") -> None:
    def change(data):
        for question in data["questions"]:
            if question["id"] in questions:
                question["options"][1]["text"] += " and somewhat longer"

    edit_yaml(root / folder / "quiz.yaml", change)


def test_keyed_option_longest_in_half_the_single_questions_is_fine(root):
    _lengthen(root, ["q1", "q2"])
    assert problems_of(root) == []


def test_keyed_option_longest_in_more_than_half_is_rejected(root):
    _lengthen(root, ["q1", "q2", "q4"])
    path = root / "basics/quiz.yaml"
    assert problems_of(root) == [
        f"courses/basics/quiz.yaml:{line_of(path, '- id: q1')}: the right option is the longest in 3 of 4 "
        "single-choice questions (q1, q2, q4); a reader can guess it: make it the longest in at most half (rewrite "
        "the right option shorter or a wrong one longer)"
    ]


def test_keyed_option_longest_in_the_only_single_question_is_rejected(root):
    def only_one_single(data):
        for question in data["questions"]:
            if question["id"] in ("q2", "q4", "q5"):
                question["type"] = "multiple"
                question["options"][0]["correct"] = True
        data["questions"][0]["options"][1]["text"] += " and longer"

    edit_yaml(root / "advanced/quiz.yaml", only_one_single)
    assert problems_of(root) == [
        f"courses/advanced/quiz.yaml:{line_of(root / 'advanced/quiz.yaml', '- id: q1')}: the right option is the "
        "longest in 1 of 1 single-choice questions (q1); a reader can guess it: make it the longest in at most half "
        "(rewrite the right option shorter or a wrong one longer)"
    ]


def test_lone_distractor_in_a_four_option_multiple_question(root):
    edit_yaml(root / "advanced/quiz.yaml", lambda d: d["questions"][2]["options"][1].update(correct=True))
    path = root / "advanced/quiz.yaml"
    assert problems_of(root) == [
        f"courses/advanced/quiz.yaml:{line_of(path, '- id: q3')}: question q3: 3 right options and 1 wrong one; the "
        "lone wrong option gives the answer away (use 2 right and 2 wrong, or 5 options)"
    ]


def test_three_right_of_five_options_is_fine(root):
    def five(data):
        options = data["questions"][2]["options"]
        options[1]["correct"] = True
        options.append({"id": "e", "text": "Option e of question 3", "correct": False, "explanation": "Why not."})

    edit_yaml(root / "advanced/quiz.yaml", five)
    assert problems_of(root) == []


@pytest.mark.parametrize(
    ("option", "explanation", "message"),
    [
        (1, "No. This is the one to pick.", "question q1, option b is right but its explanation opens with 'no'"),
        (1, "Not quite: it depends.", "question q1, option b is right but its explanation opens with 'not quite'"),
        (0, "Correct, a forum needs it.", "question q1, option a is wrong but its explanation opens with 'correct'"),
        (
            0,
            "The forum needs more. The right answer is (c).",
            "question q1, option a: the explanation says option c is right, but the key marks b",
        ),
        (
            3,
            "Option a is the correct one here.",
            "question q1, option d: the explanation says option a is right, but the key marks b",
        ),
    ],
)
def test_explanation_contradicting_the_key(root, option, explanation, message):
    edit_yaml(
        root / "advanced/quiz.yaml", lambda d: d["questions"][0]["options"][option].update(explanation=explanation)
    )
    path = root / "advanced/quiz.yaml"
    line = line_of(path, "- id: " + "abcd"[option])  # the first question's options come first
    assert problems_of(root) == [f"courses/advanced/quiz.yaml:{line}: {message}"]


@pytest.mark.parametrize(
    "explanation",
    ["Nothing in the rules requires it.", "The right answer is (b), as the lesson shows.", "Rightly or not, no."],
)
def test_explanations_that_agree_with_the_key(root, explanation):
    edit_yaml(root / "advanced/quiz.yaml", lambda d: d["questions"][0]["options"][0].update(explanation=explanation))
    assert problems_of(root) == []


def test_spanish_explanation_uses_spanish_openings(root):
    path = root / "basics/es/quiz.yaml"
    edit_yaml(path, lambda d: d["questions"][0]["options"][0].update(explanation="Correcto: el foro lo exige."))
    assert problems_of(root) == [
        f"courses/basics/es/quiz.yaml:{line_of(path, '- id: a')}: question q1, option a is wrong but its explanation "
        "opens with 'correcto'"
    ]


# --- Item 4: acronyms and readability --------------------------------------------------------------------------------


def _write_lesson(root: Path, slug: str, first_paragraph: str, folder: str = "advanced") -> Path:
    path = root / folder / "lessons" / f"{slug}.md"
    body = lesson_body(690)
    path.write_text(body.replace("## Why it\n\n", f"## Why it\n\n{first_paragraph}\n\n", 1), "utf-8")
    return path


def test_bare_acronym_at_first_use_is_rejected(root):
    path = _write_lesson(root, "one", "The IRM reviews each plan.")
    assert problems_of(root) == [
        f"courses/advanced/lessons/one.md:{line_of(path, 'The IRM')}: spell out 'IRM' at its first use in the "
        "course: 'Long form (IRM)' or 'IRM (long form)'"
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Independent Reporting Mechanism (IRM) reviews each plan.",
        "The IRM (Independent Reporting Mechanism) reviews each plan.",
        "El Mecanismo de Revisión Independiente (IRM, por sus siglas en inglés) revisa cada plan.",
        "Use a PDF file (IRM, Independent Reporting Mechanism).",
    ],
)
def test_spelled_out_or_universal_acronyms_pass(root, sentence):
    _write_lesson(root, "one", sentence)
    _write_lesson(root, "two", "Later lessons may say IRM bare.")
    assert problems_of(root) == []


def test_acronym_first_used_bare_in_an_earlier_lesson_is_reported_there(root):
    _write_lesson(root, "two", "The Independent Reporting Mechanism (IRM) reviews each plan.")
    first = _write_lesson(root, "one", "Ask the IRM first.")
    assert problems_of(root) == [
        f"courses/advanced/lessons/one.md:{line_of(first, 'Ask the IRM')}: spell out 'IRM' at its first use in the "
        "course: 'Long form (IRM)' or 'IRM (long form)'"
    ]


def test_readability_by_hand():
    # 6 words, 2 sentences, 6 syllables (CMU dictionary): ASL 3, ASW 1.
    result = readability.measure("The cat sat. The dog ran.", "en")
    assert (result.words, result.sentences, result.syllables) == (6, 2, 6)
    assert result.score == round(0.39 * 3 + 11.8 * 1 - 15.59, 1)  # -2.6
    # A heading and a list item are sentences of their own; link targets are not words.
    assert readability.plain_text("## Why it\n\n- See [the rule](ref:x)\n") == "Why it.\nSee the rule."


def test_readability_spanish_and_french_use_their_flesch_variants():
    # "El gato come. El perro corre.": 6 words, 2 sentences, 10 syllables (el, ga-to, co-me, el, pe-rro, co-rre).
    spanish = readability.measure("El gato come. El perro corre.", "es")
    assert (spanish.words, spanish.sentences, spanish.syllables) == (6, 2, 10)
    assert spanish.score == round(206.84 - 60 * 10 / 6 - 1.02 * 3, 1)  # Fernández-Huerta: 103.8
    # "Le chat dort. Le chien court.": 6 words, 2 sentences, 6 syllables.
    french = readability.measure("Le chat dort. Le chien court.", "fr")
    assert (french.words, french.sentences, french.syllables) == (6, 2, 6)
    assert french.score == round(207 - 1.015 * 3 - 73.6 * 1, 1)  # Kandel-Moles: 130.4
    indonesian = readability.measure("Saya makan nasi. Dia minum teh hangat.", "id")
    assert indonesian.score == 3.5
    assert indonesian.ok


def test_lesson_over_the_readability_target_is_rejected(root):
    long_sentence = " ".join(["Institutionalisation of interdepartmental accountability mechanisms"] * 40) + "."
    path = root / "advanced/lessons/one.md"
    body = lesson_body(690).replace("## Why it\n\n", f"## Why it\n\n{long_sentence}\n\n", 1)
    path.write_text(body, "utf-8")
    measured = readability.measure(body, "en")
    assert not measured.ok
    assert measured.score > 8
    assert (
        f"courses/advanced/lessons/one.md:1: readability: {measured.describe()}; use shorter sentences and plainer "
        "words (courses/README.md, 'Readability')" in problems_of(root)
    )

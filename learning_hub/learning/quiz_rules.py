"""The rules a quiz file must meet (courses/README.md, "quiz.yaml"), and a translation's agreement with its original."""

from __future__ import annotations

from learning_hub.learning.spec import FileReport
from learning_hub.learning.yaml_lines import LineDict

MIN_QUESTIONS, MAX_QUESTIONS = 6, 10
MIN_OPTIONS, MAX_OPTIONS = 3, 5
QUESTION_TYPES = ("single", "multiple")
QUIZ_KEYS = {"pass_mark", "questions"}
QUESTION_KEYS = {"id", "type", "prompt", "options"}
OPTION_KEYS = {"id", "text", "correct", "explanation"}


def check_quiz(data, report: FileReport, original: list | None = None, original_pass_mark: int | None = None):
    """(pass_mark, structure, texts) of a valid quiz, or None. With `original` (a translation), the ids, types and
    correct answers must be the original's; only the words may differ."""
    quiz = report.mapping(data, 1, "the quiz file")
    if quiz is None:
        return None
    before = report.count
    report.check_keys(quiz, QUIZ_KEYS, "the quiz")
    if original is None:
        pass_mark = report.integer(quiz, "pass_mark", 1, 100)
    else:
        pass_mark = original_pass_mark
        if "pass_mark" in quiz and quiz["pass_mark"] != original_pass_mark:
            report.add(
                quiz.line_of("pass_mark"),
                f"pass_mark comes from the original quiz ({original_pass_mark}); remove it or make it equal",
            )
    questions = report.sequence(quiz, "questions", f"{MIN_QUESTIONS} to {MAX_QUESTIONS} questions")
    structure, texts = [], {}
    if questions is not None:
        if original is None and not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
            report.add(
                quiz.line_of("questions"),
                f"the quiz has {len(questions)} questions; the rule is {MIN_QUESTIONS} to {MAX_QUESTIONS}",
            )
        for index, item in enumerate(questions):
            checked = _check_question(item, questions.line_of(index), report, texts)
            if checked is not None:
                structure.append(checked)
    if original is not None and questions is not None:
        _compare_with_original(structure, original, quiz, questions, report)
    if report.count > before:
        return None
    return pass_mark, structure, texts


def _check_question(item, line: int, report: FileReport, texts: dict):
    question = report.mapping(item, line, "each question")
    if question is None:
        return None
    before = report.count
    report.check_keys(question, QUESTION_KEYS, "a question")
    qid = report.identifier(question, "id", "the question id")
    if qid is not None and qid in texts:
        report.add(question.line_of("id"), f"question id '{qid}' is used twice in this quiz")
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        report.add(question.line_of("type"), f"question type must be 'single' or 'multiple', not {kind!r}")
    prompt = report.text(question, "prompt", 1000, "the question's prompt")
    options = report.sequence(question, "options", f"{MIN_OPTIONS} to {MAX_OPTIONS} options")
    option_structure, option_texts = [], {}
    if options is not None:
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            report.add(
                question.line_of("options"),
                f"question {qid or '?'} has {len(options)} options; the rule is {MIN_OPTIONS} to {MAX_OPTIONS}",
            )
        for index, raw in enumerate(options):
            option = _check_option(raw, options.line_of(index), report, qid, option_texts)
            if option is not None:
                option_structure.append(option)
        correct = sum(1 for option in option_structure if option["correct"])
        if report.count == before and kind == "single" and correct != 1:
            report.add(
                question.line_of("options"),
                f"question {qid}: a 'single' question needs exactly one correct option, it has {correct}",
            )
        if report.count == before and kind == "multiple" and correct < 2:
            report.add(
                question.line_of("options"),
                f"question {qid}: a 'multiple' question needs at least two correct options, it has {correct}",
            )
    if report.count > before:
        return None
    texts[qid] = {"prompt": prompt, "options": option_texts}
    return {"id": qid, "type": kind, "options": option_structure, "line": question.line}


def _check_option(raw, line: int, report: FileReport, qid: str | None, texts: dict):
    option = report.mapping(raw, line, "each option")
    if option is None:
        return None
    before = report.count
    report.check_keys(option, OPTION_KEYS, "an option")
    oid = report.identifier(option, "id", "the option id")
    if oid is not None and oid in texts:
        report.add(option.line_of("id"), f"option id '{oid}' is used twice in question {qid or '?'}")
    text = report.text(option, "text", 500, "the option's text")
    correct = option.get("correct")
    if not isinstance(correct, bool):
        report.add(option.line_of("correct"), f"option {oid or '?'}: 'correct' must be true or false")
    explanation = report.text(option, "explanation", 2000, f"the explanation of option {oid or '?'}")
    if report.count > before:
        return None
    texts[oid] = {"text": text, "explanation": explanation}
    return {"id": oid, "correct": correct}


def _compare_with_original(structure: list, original: list, quiz: LineDict, questions, report: FileReport) -> None:
    mine = {q["id"]: q for q in structure}
    theirs = {q["id"]: q for q in original}
    for qid in theirs.keys() - mine.keys():
        if len(structure) == len(questions):  # not merely a question that failed its own checks
            report.add(quiz.line_of("questions"), f"question '{qid}' of the original is missing from the translation")
    for question in structure:
        other = theirs.get(question["id"])
        if other is None:
            report.add(
                question["line"],
                f"question '{question['id']}' is not in the original quiz; translations "
                "keep the original's question ids",
            )
            continue
        if question["type"] != other["type"]:
            report.add(
                question["line"],
                f"question '{question['id']}' is '{question['type']}' here but '{other['type']}' in the original",
            )
        ours = {o["id"]: o["correct"] for o in question["options"]}
        original_options = {o["id"]: o["correct"] for o in other["options"]}
        if set(ours) != set(original_options):
            report.add(
                question["line"],
                f"question '{question['id']}' has options {sorted(ours)}; the original has {sorted(original_options)}",
            )
        elif ours != original_options:
            differing = sorted(oid for oid in ours if ours[oid] != original_options[oid])
            report.add(
                question["line"],
                f"question '{question['id']}': 'correct' of option(s) {', '.join(differing)} differs from the original",
            )


def strip_lines(structure: list) -> list:
    """The structure as stored: without the line numbers kept for error messages."""
    return [{"id": q["id"], "type": q["type"], "options": q["options"]} for q in structure]

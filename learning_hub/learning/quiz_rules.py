"""The rules a quiz file must meet (courses/README.md, "quiz.yaml"), and a translation's agreement with its original."""

from __future__ import annotations

import re

from learning_hub.learning.spec import FileReport
from learning_hub.learning.yaml_lines import LineDict

MIN_QUESTIONS, MAX_QUESTIONS = 6, 10
MIN_OPTIONS, MAX_OPTIONS = 3, 5
QUESTION_TYPES = ("single", "multiple")
QUIZ_KEYS = {"pass_mark", "questions"}
QUESTION_KEYS = {"id", "type", "prompt", "options"}
OPTION_KEYS = {"id", "text", "correct", "explanation"}


def check_quiz(
    data,
    report: FileReport,
    original: list | None = None,
    original_pass_mark: int | None = None,
    language: str = "en",
):
    """(pass_mark, structure, texts) of a valid quiz, or None. With `original` (a translation), the ids, types and
    correct answers must be the original's; only the words may differ. The mechanical faults (`check_faults`) are
    checked in every language."""
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
    if report.count == before:
        for line, message in check_faults(structure, texts, language):
            report.add(line, message)
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
    return {"id": oid, "correct": correct, "line": option.line}


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
    return [
        {"id": q["id"], "type": q["type"], "options": [{"id": o["id"], "correct": o["correct"]} for o in q["options"]]}
        for q in structure
    ]


# An explanation agrees with the key: a right option's explanation never opens with a word that says "wrong", a wrong
# option's never with one that says "right" (compared case-insensitively, as the first word or two of the text).
NEGATIVE_OPENINGS = {
    "en": ("no", "not quite", "wrong", "incorrect"),
    "es": ("no", "incorrecto", "incorrecta"),
    "fr": ("non", "pas tout à fait", "incorrect", "incorrecte", "faux"),
    "id": ("tidak", "kurang tepat", "salah"),
}
POSITIVE_OPENINGS = {
    "en": ("right", "correct", "yes"),
    "es": ("correcto", "correcta", "sí", "exacto", "exacta"),
    "fr": ("exact", "exacte", "correct", "correcte", "oui"),
    "id": ("benar", "tepat", "ya"),
}
# An explanation that names the keyed answer by option id must name a keyed one: "the right answer is (b)",
# "option b is correct", "la respuesta correcta es la b", "la bonne réponse est b", "jawaban yang benar adalah b".
_KEY_CLAIMS = {
    "en": (
        r"(?:right|correct|best) (?:answer|option|choice) is (?:option |answer )?\(?([a-z0-9]+)\)?\b",
        r"\b(?:option|answer) \(?([a-z0-9]+)\)? is (?:the )?(?:right|correct|best)\b",
    ),
    "es": (
        r"(?:respuesta|opción) correcta es (?:la )?(?:opción |respuesta )?\(?([a-z0-9]+)\)?\b",
        r"\b(?:opción|respuesta) \(?([a-z0-9]+)\)? es (?:la )?correcta\b",
    ),
    "fr": (
        r"(?:bonne|meilleure) (?:réponse|option) est (?:l[’']option |la réponse )?\(?([a-z0-9]+)\)?\b",
        r"\b(?:option|réponse) \(?([a-z0-9]+)\)? est (?:la )?(?:bonne|correcte|juste)\b",
    ),
    "id": (
        r"(?:jawaban|pilihan|opsi) yang (?:benar|tepat) (?:adalah|ialah) "
        r"(?:pilihan |opsi |jawaban )?\(?([a-z0-9]+)\)?\b",
        r"\b(?:jawaban|pilihan|opsi) \(?([a-z0-9]+)\)? (?:benar|tepat|yang benar)\b",
    ),
}


def _opens_with(text: str, words: tuple[str, ...]) -> str | None:
    start = " ".join(text.split()[:3]).casefold()
    for word in words:
        if start == word or re.match(re.escape(word) + r"(?![^\W\d_])", start):
            return word
    return None


def check_faults(structure: list, texts: dict, language: str) -> list[tuple[int, str]]:
    """The mechanical quiz faults an author can be told about (courses/README.md, "Quiz faults the sync rejects"):

    1. The keyed option is systematically the longest: among the single-choice questions, the right option's text is
       strictly longer (in characters) than every other option's in more than half of them, or in every one.
    2. A lone distractor: a multiple-choice question with 4 options of which 3 are right and 1 is wrong.
    3. An explanation contradicts the key: a right option's explanation opens with a "wrong" word, a wrong option's
       with a "right" word (per language, NEGATIVE_OPENINGS / POSITIVE_OPENINGS); or an explanation says which option
       is right by its id ("the right answer is b") and names one that is not keyed.
    Returns (line, message) pairs."""
    faults: list[tuple[int, str]] = []
    singles = [q for q in structure if q["type"] == "single"]
    longest = []
    for question in singles:
        lengths = {o["id"]: len(texts[question["id"]]["options"][o["id"]]["text"]) for o in question["options"]}
        keyed = next(o["id"] for o in question["options"] if o["correct"])
        if all(lengths[keyed] > length for oid, length in lengths.items() if oid != keyed):
            longest.append(question["id"])
    if singles and (len(longest) * 2 > len(singles) or len(longest) == len(singles)):
        faults.append(
            (
                singles[0]["line"],
                f"the right option is the longest in {len(longest)} of {len(singles)} single-choice questions "
                f"({', '.join(longest)}); a reader can guess it: make it the longest in at most half (rewrite the "
                "right option shorter or a wrong one longer)",
            )
        )
    for question in structure:
        right = [o for o in question["options"] if o["correct"]]
        if question["type"] == "multiple" and len(question["options"]) == 4 and len(right) == 3:
            faults.append(
                (
                    question["line"],
                    f"question {question['id']}: 3 right options and 1 wrong one; the lone wrong option gives the "
                    "answer away (use 2 right and 2 wrong, or 5 options)",
                )
            )
        keyed = {o["id"] for o in right}
        ids = {o["id"] for o in question["options"]}
        for option in question["options"]:
            explanation = texts[question["id"]]["options"][option["id"]]["explanation"]
            where = f"question {question['id']}, option {option['id']}"
            if option["correct"]:
                word = _opens_with(explanation, NEGATIVE_OPENINGS.get(language, ()))
                if word:
                    faults.append((option["line"], f"{where} is right but its explanation opens with '{word}'"))
            else:
                word = _opens_with(explanation, POSITIVE_OPENINGS.get(language, ()))
                if word:
                    faults.append((option["line"], f"{where} is wrong but its explanation opens with '{word}'"))
            for pattern in _KEY_CLAIMS.get(language, ()):
                for match in re.finditer(pattern, explanation, re.IGNORECASE):
                    named = match.group(1).lower()
                    if named in ids and named not in keyed:
                        faults.append(
                            (
                                option["line"],
                                f"{where}: the explanation says option {named} is right, but the key marks "
                                f"{', '.join(sorted(keyed))}",
                            )
                        )
    return faults

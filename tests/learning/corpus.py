"""Write small, valid course folders for tests; each test then breaks or changes one thing."""

from __future__ import annotations

from pathlib import Path

import yaml

from learning_hub.learning.lesson_rules import EXERCISE_HEADINGS, FIVE_MINUTE_HEADINGS

FILLER = [
    "Reformers",
    "build",
    "coalitions",
    "with",
    "officials.",
    "They",
    "meet",
    "each",
    "week.",
    "They",
    "read",
    "the",
    "plan",
    "and",
    "set",
    "one",
    "goal.",
    "Then",
    "they",
    "check",
    "the",
    "work.",
]


def lesson_body(words: int = 700, language: str = "en", marker: str = "") -> str:
    """A lesson of exactly `words` words (as lesson_rules counts them) ending with the exercise section."""
    heading, five = EXERCISE_HEADINGS[language], FIVE_MINUTE_HEADINGS[language]
    closing = ["Map", "your", "own", "context", "today."]
    short = ["Name", "one", "ally."]
    # "Why" "it" + both headings + the two exercises
    fixed = 2 + len(heading.split()) + len(five.split()) + len(closing) + len(short) + (2 if marker else 0)
    body = [FILLER[i % len(FILLER)] for i in range(words - fixed)]
    lines = [
        "## Why it",
        "",
        (f"Marker ({marker}) " if marker else "") + " ".join(body),
        "",
        f"## {heading}",
        "",
        "1. " + " ".join(closing),
        "",
        f"### {five}",
        "",
        "1. " + " ".join(short),
        "",
    ]
    return "\n".join(lines)


def template_body(words: int = 200) -> str:
    """A template of exactly `words` words: an instruction line, a heading and fields to fill."""
    fixed = 4 + 1  # "Fill in each field." + "Terms"
    body = " ".join(FILLER[i % len(FILLER)] for i in range(words - fixed))
    return f"Fill in each field.\n\n## Terms\n\n{body}\n"


MILESTONE = {
    "title": "Terms of reference for your forum",
    "prompt": "Write the terms of reference of the forum you work with, in 60 to 200 words.",
    "template": "forum-terms",
    "rubric": [
        {"id": "r1", "criterion": "Membership is balanced."},
        {"id": "r2", "criterion": "Meetings are frequent enough."},
        {"id": "r3", "criterion": "Records are published."},
    ],
}


def quiz_data(questions: int = 6, pass_mark: int = 70) -> dict:
    items = []
    for n in range(1, questions + 1):
        multiple = n % 3 == 0
        right = ("a", "c") if multiple else ("b",)
        options = [
            {
                "id": oid,
                "text": f"Option {oid} of question {n}",
                "correct": oid in right,
                "explanation": f"Why option {oid} is {'right' if oid in right else 'wrong'}.",
            }
            for oid in ("a", "b", "c", "d")
        ]
        items.append(
            {
                "id": f"q{n}",
                "type": "multiple" if multiple else "single",
                "prompt": f"Question {n}: what should the reformer do?",
                "options": options,
            }
        )
    return {"pass_mark": pass_mark, "questions": items}


def right_answers(quiz: dict) -> dict[str, list[str]]:
    return {q["id"]: [o["id"] for o in q["options"] if o["correct"]] for q in quiz["questions"]}


def write_course(
    root: Path,
    slug: str,
    *,
    lessons=("one", "two", "three", "four"),
    words: int = 700,
    prerequisites=(),
    policy_areas=("anti_corruption",),
    level: str = "introductory",
    questions: int = 6,
    title: str | None = None,
    translations=(),
    markers: dict | None = None,
) -> Path:
    folder = root / slug
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    course = {
        "title": title or f"Course {slug}",
        "summary": f"A short course about {slug.replace('-', ' ')}.",
        "language": "en",
        "level": level,
        "estimated_minutes": 120,
        "policy_areas": list(policy_areas),
        "prerequisites": list(prerequisites),
        "lessons": [
            {"slug": s, "title": f"Lesson {s}", "objectives": [f"Explain {s}", f"Apply {s} at work"]} for s in lessons
        ],
        "quiz": "quiz.yaml",
        "cases": [
            {
                "country": "KE",
                "lesson": lessons[0],
                "title": "A case from Kenya",
                "source_title": "OGP Kenya member page",
                "source_url": "https://www.opengovpartnership.org/members/kenya/",
            }
        ],
        "templates": [{"slug": "forum-terms", "title": "Forum terms"}],
        "milestone": MILESTONE,
    }
    (folder / "templates").mkdir(exist_ok=True)
    (folder / "templates" / "forum-terms.md").write_text(template_body(), "utf-8")
    (folder / "course.yaml").write_text(yaml.safe_dump(course, sort_keys=False, allow_unicode=True), "utf-8")
    for s in lessons:
        (folder / "lessons" / f"{s}.md").write_text(lesson_body(words, marker=(markers or {}).get(s, "")), "utf-8")
    (folder / "quiz.yaml").write_text(yaml.safe_dump(quiz_data(questions), sort_keys=False), "utf-8")
    for language in translations:
        write_translation(folder, language, lessons)
    return folder


def write_translation(folder: Path, language: str, lessons) -> Path:
    sub = folder / language
    (sub / "lessons").mkdir(parents=True, exist_ok=True)
    course = {
        "title": f"Curso {folder.name}",
        "summary": f"Un curso breve ({language}).",
        "language": language,
        "lessons": [
            {"slug": s, "title": f"Lección {s}", "objectives": [f"Explicar {s}", f"Aplicar {s}"]} for s in lessons
        ],
        "templates": [{"slug": "forum-terms", "title": "Términos del foro"}],
        "milestone": {
            **MILESTONE,
            "title": "Términos de referencia de su foro",
            "rubric": [{"id": c["id"], "criterion": "Traducido: " + c["criterion"]} for c in MILESTONE["rubric"]],
        },
    }
    (sub / "templates").mkdir(exist_ok=True)
    (sub / "templates" / "forum-terms.md").write_text(template_body(220), "utf-8")
    (sub / "course.yaml").write_text(yaml.safe_dump(course, sort_keys=False, allow_unicode=True), "utf-8")
    for s in lessons:
        (sub / "lessons" / f"{s}.md").write_text(lesson_body(700, language, marker="TRADUCIDO"), "utf-8")
    quiz = quiz_data()
    for question in quiz["questions"]:
        question["prompt"] = "Pregunta: " + question["prompt"]
        for option in question["options"]:
            option["explanation"] = "Explicación: " + option["explanation"]
    (sub / "quiz.yaml").write_text(yaml.safe_dump(quiz, sort_keys=False, allow_unicode=True), "utf-8")
    return sub


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")

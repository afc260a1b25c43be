"""Courses, lessons, progress and quiz attempts, in the reader's language where a translation exists."""

from __future__ import annotations

import marshmallow as ma

from learning_hub import vocab
from learning_hub.api.common import Strict
from learning_hub.api.core import PageQuerySchema, page_schema
from learning_hub.api.schemas import UtcDateTime, choice_field, line_field
from learning_hub.models import COURSE_LEVELS

LANGUAGE_CODE = ma.validate.Regexp(r"^[a-z]{2}$", error="Use a two-letter language code, e.g. es.")


class ReadingQuerySchema(ma.Schema):
    lang = ma.fields.String(
        validate=LANGUAGE_CODE,
        metadata={
            "description": "read the course in this language when it is translated (default: the account's language)"
        },
    )


class CatalogueQuerySchema(PageQuerySchema, ReadingQuerySchema):
    q = line_field(max_length=100, metadata={"description": "words in a course's or lesson's title or summary"})
    area = choice_field(vocab.POLICY_AREAS)
    level = ma.fields.String(validate=ma.validate.OneOf(COURSE_LEVELS))
    language = ma.fields.String(validate=LANGUAGE_CODE, metadata={"description": "courses available in it"})


class ProgressSchema(ma.Schema):
    enrolled_at = UtcDateTime(required=True)
    lessons_total = ma.fields.Integer(required=True)
    lessons_done = ma.fields.Integer(required=True)
    quiz_passed = ma.fields.Boolean(required=True)
    best_score = ma.fields.Integer(allow_none=True, metadata={"description": "best quiz score, percent"})
    percent = ma.fields.Integer(required=True, metadata={"description": "lessons and the quiz, each one step"})
    completed_at = UtcDateTime(allow_none=True)
    next_lesson = ma.fields.String(allow_none=True, metadata={"description": "slug of the lesson to continue with"})
    certificate = ma.fields.String(allow_none=True, metadata={"description": "the certificate's verification code"})


class CourseSummarySchema(ma.Schema):
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    summary = ma.fields.String(required=True)
    language = ma.fields.String(required=True, metadata={"description": "the language of this text"})
    languages = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "every translation"})
    level = ma.fields.String(required=True)
    estimated_minutes = ma.fields.Integer(required=True)
    policy_areas = ma.fields.List(ma.fields.String(), required=True)
    lesson_count = ma.fields.Integer(required=True)
    progress = ma.fields.Nested(
        ProgressSchema, allow_none=True, required=True, metadata={"description": "the caller's progress, when enrolled"}
    )


CoursePageSchema = page_schema(CourseSummarySchema, "CoursePage")


class LessonSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    done = ma.fields.Boolean(required=True)


class CourseRefSchema(ma.Schema):
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)


class CourseSchema(CourseSummarySchema):
    pass_mark = ma.fields.Integer(required=True, metadata={"description": "percent of questions fully right"})
    questions = ma.fields.Integer(required=True, metadata={"description": "number of quiz questions"})
    lessons = ma.fields.List(ma.fields.Nested(LessonSchema), required=True)
    missing_prerequisites = ma.fields.List(
        ma.fields.Nested(CourseRefSchema),
        required=True,
        metadata={"description": "courses to complete before enrolling"},
    )


class EnrolmentSchema(ma.Schema):
    course = ma.fields.Nested(CourseRefSchema, required=True)
    progress = ma.fields.Nested(ProgressSchema, required=True)


EnrolmentPageSchema = page_schema(EnrolmentSchema, "EnrolmentPage")


class OptionSchema(ma.Schema):
    id = ma.fields.String(required=True)
    text = ma.fields.String(required=True)


class QuestionSchema(ma.Schema):
    id = ma.fields.String(required=True)
    type = ma.fields.String(required=True, metadata={"description": "`single` (one option) or `multiple`"})
    prompt = ma.fields.String(required=True)
    options = ma.fields.List(ma.fields.Nested(OptionSchema), required=True)


class QuizSchema(ma.Schema):
    language = ma.fields.String(required=True)
    pass_mark = ma.fields.Integer(required=True)
    questions = ma.fields.List(ma.fields.Nested(QuestionSchema), required=True)


class AnswersSchema(Strict):
    answers = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.Length(min=1, max=40)),
        values=ma.fields.List(
            ma.fields.String(validate=ma.validate.Length(min=1, max=40)), validate=ma.validate.Length(max=10)
        ),
        required=True,
        validate=ma.validate.Length(max=100),
        metadata={"description": "question id -> the option ids chosen (one for a `single` question)"},
    )


class AttemptSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    submitted_at = UtcDateTime(required=True)
    score = ma.fields.Integer(required=True, metadata={"description": "percent of questions fully right"})
    passed = ma.fields.Boolean(required=True)
    correct_count = ma.fields.Integer(required=True)
    question_count = ma.fields.Integer(required=True)
    results = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Boolean(),
        required=True,
        metadata={"description": "question id -> answered fully right"},
    )
    progress = ma.fields.Nested(ProgressSchema, required=True)

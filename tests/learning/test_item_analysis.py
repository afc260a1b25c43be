"""Per-quiz item analysis on the cohort dashboard: first attempts only, hidden under 5 learners. Expected shares are
counted by hand from the answers submitted here."""

from __future__ import annotations

import re

from learning_hub.learning.cohort import Filters
from learning_hub.learning.item_analysis import quiz_figures
from tests.factories import make_user
from tests.learning.corpus import quiz_data, right_answers
from tests.learning.test_routes import answers_form, wrong_answers


def _take(client_as, right: int, wrong: int, country: str = "KE"):
    users = []
    for n in range(right + wrong):
        user = make_user(country=country if n < right else "NG")
        client = client_as(user)
        client.post("/courses/basics/enrol")
        answers = right_answers(quiz_data()) if n < right else wrong_answers()
        assert client.post("/courses/basics/quiz", data=answers_form(answers)).status_code in (200, 302)
        users.append((user, client))
    return users


def test_figures_from_first_attempts(app, client_as, courses):
    takers = _take(client_as, right=4, wrong=2)
    # The first learner retakes the quiz with every answer wrong: only the first attempt counts.
    takers[0][1].post("/courses/basics/quiz", data=answers_form(wrong_answers()))
    [figures] = quiz_figures(Filters(), "en")
    assert (figures.course_slug, figures.learners, figures.hidden) == ("basics", 6, False)
    q1 = figures.questions[0]
    # q1 (single, b right): 4 of 6 chose b, 2 of 6 chose d, nobody a or c.
    assert (q1.answered, q1.difficulty) == (6, 67)
    assert [(o.id, o.chosen, o.percent, o.correct) for o in q1.options] == [
        ("a", 0, 0, False),
        ("b", 4, 67, True),
        ("c", 0, 0, False),
        ("d", 2, 33, False),
    ]
    q3 = figures.questions[2]  # multiple, a and c right
    assert q3.difficulty == 67
    assert [(o.id, o.percent) for o in q3.options] == [("a", 67), ("b", 0), ("c", 67), ("d", 33)]


def test_fewer_than_five_learners_show_no_figures(app, client_as, courses):
    _take(client_as, right=3, wrong=1)
    [figures] = quiz_figures(Filters(), "en")
    assert (figures.learners, figures.hidden, figures.questions) == (4, True, [])


def test_filters_apply_and_can_hide_a_quiz(app, client_as, courses):
    _take(client_as, right=4, wrong=2)  # 4 Kenyans, 2 Nigerians
    [nigeria] = quiz_figures(Filters(country="NG"), "en")
    assert (nigeria.learners, nigeria.hidden) == (2, True)


def test_dashboard_shows_the_item_analysis(client_as, courses):
    _take(client_as, right=4, wrong=2)
    page = client_as(make_user(roles=("coordinator",))).get("/learning/cohort").get_data(as_text=True)
    assert "Quiz item analysis" in page
    assert "6 learners, first attempts." in page
    assert re.search(r"67%<br><span class=\"hint\">of 6</span>", page)
    assert "never chosen" in page
    small = client_as(make_user(roles=("coordinator",))).get("/learning/cohort?country=NG").get_data(as_text=True)
    assert "2 learners have taken this quiz: too few to show figures." in small

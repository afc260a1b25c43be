"""The applied milestone and its peer review: who may submit, who is assigned (another country, own work that fits,
the per-person cap), the review, reminders that run twice without sending twice, and the certificate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from learning_hub.learning.milestones import sweep
from learning_hub.models import MilestoneReview, MilestoneSubmission
from tests.factories import make_user
from tests.learning.corpus import quiz_data, right_answers
from tests.learning.test_routes import answers_form, finish_lessons

WORK = (
    "We will publish every public procurement contract of the health ministry as open data in the open contracting "
    "data standard, within thirty days of signature. A multi-stakeholder forum with civil society members chosen by "
    "their own networks meets every quarter to review the contract data, and publishes its minutes and decisions. "
    "Journalists and monitors can flag red flags in the contracts, and the ministry answers each flag in writing."
)
FITTING = {
    "title": "Open procurement contracts",
    "description": "Published procurement contracts as open data with civil society monitors and a forum that "
    "reviews contract data every quarter.",
}
OTHER = {
    "title": "Gender budgeting in parliament",
    "description": "Trained women members of parliament to read the budget and hold hearings on childcare.",
}


def completed(client_as, **user_fields):
    user = make_user(**user_fields)
    client = client_as(user)
    client.post("/courses/basics/enrol")
    finish_lessons(client)
    client.post("/courses/basics/quiz", data=answers_form(right_answers(quiz_data())))
    return user, client


def submit(client, text=WORK, show=False, link=""):
    data = {"text": text, "link": link}
    if show:
        data["show_on_certificate"] = "y"
    return client.post("/courses/basics/milestone", data=data)


@pytest.fixture
def people(client_as, courses):
    author, author_client = completed(client_as, country="KE", display_name="Amina Author")
    fits, fits_client = completed(client_as, country="NG", display_name="Ngozi Fits", reforms=[dict(FITTING)])
    other, other_client = completed(client_as, country="GH", display_name="Kwame Other", reforms=[dict(OTHER)])
    # Not eligible: same country as the author, and a Nigerian who has not completed the course.
    completed(client_as, country="KE", reforms=[dict(FITTING)])
    make_user(country="NG", reforms=[dict(FITTING)])
    return {
        "author": (author, author_client),
        "fits": (fits, fits_client),
        "other": (other, other_client),
    }


def the_review(db) -> MilestoneReview:
    return db.session.scalars(db.select(MilestoneReview).order_by(MilestoneReview.id.desc())).first()


def test_the_course_page_shows_the_milestone_but_no_form_before_completion(client_as, courses):
    client = client_as(make_user())
    client.post("/courses/basics/enrol")
    page = client.get("/courses/basics").get_data(as_text=True)
    assert "Terms of reference for your forum" in page
    assert "Membership is balanced." in page
    assert 'action="/courses/basics/milestone"' not in page
    response = submit(client)
    assert response.status_code == 302


def test_submitting_before_completion_is_refused(client_as, courses, db):
    client = client_as(make_user())
    client.post("/courses/basics/enrol")
    submit(client)
    assert db.session.scalar(db.select(MilestoneSubmission)) is None


def test_reviewer_from_another_country_whose_work_fits(people, db, outbox):
    _author, client = people["author"]
    assert 'action="/courses/basics/milestone"' in client.get("/courses/basics").get_data(as_text=True)
    response = submit(client)
    assert response.status_code == 302
    review = the_review(db)
    assert review.reviewer_id == people["fits"][0].id
    assert review.reviewer_country == "NG"
    assert review.due_at - review.assigned_at == timedelta(days=14)
    assert review.fit is not None
    assert [m.to for m in outbox] == [people["fits"][0].email]
    assert f"/learning/reviews/{review.id}" in outbox[0].text
    page = client.get("/courses/basics").get_data(as_text=True)
    assert "A peer from Nigeria is reviewing it" in page


def test_per_person_cap_sends_it_to_the_next_fit(app, people, db):
    app.config["MILESTONE_REVIEW_CAP"] = 1
    try:
        fits = people["fits"][0]
        # Ngozi already has one open review (of the other reviewer's milestone).
        other, other_client = people["other"]
        submit(other_client)
        assert the_review(db).reviewer_id == fits.id
        submit(people["author"][1])
        assert the_review(db).reviewer_id == other.id  # Ghana: Ngozi is at her cap, Kenya is excluded
    finally:
        app.config.pop("MILESTONE_REVIEW_CAP")


def test_someone_at_the_shared_load_cap_is_not_chosen(app, people, db):
    """The load ledger every optimiser reads: Ngozi already has an active mentorship, and the cap is 1."""
    from learning_hub.models import MentoringRequest, utcnow

    fits, other = people["fits"][0], people["other"][0]
    mentee = make_user(country="CO", display_name="Camila Mentee")
    db.session.add(
        MentoringRequest(
            requester_id=mentee.profile.id,
            mentor_id=fits.profile.id,
            state="active",
            need="How to publish who owns companies bidding for public contracts.",
            accepted_at=utcnow(),
        )
    )
    db.session.commit()
    app.config["LOAD_CAP"] = 1
    try:
        submit(people["author"][1])
        assert the_review(db).reviewer_id == other.id  # Ghana: Ngozi fits best but is at the shared cap
    finally:
        app.config.pop("LOAD_CAP")


def test_only_the_assigned_reviewer_sees_the_work(people, db, client_as):
    submit(people["author"][1])
    review = the_review(db)
    assert people["other"][1].get(f"/learning/reviews/{review.id}").status_code == 404
    assert client_as(make_user(country="NG")).get(f"/learning/reviews/{review.id}").status_code == 404
    page = people["fits"][1].get(f"/learning/reviews/{review.id}").get_data(as_text=True)
    assert "health ministry" in page
    assert "Open contracting basics" in people["fits"][1].get("/learning/reviews").get_data(as_text=True)


def _review(client, review_id, scores=("met", "partly", "met"), comment="Clear mandate; add how members rotate."):
    data = {f"r-r{n}": level for n, level in enumerate(scores, start=1) if level}
    data["comment"] = comment
    return client.post(f"/learning/reviews/{review_id}", data=data)


def test_review_needs_every_criterion(people, db):
    submit(people["author"][1])
    review = the_review(db)
    page = _review(people["fits"][1], review.id, scores=("met", "", "met")).get_data(as_text=True)
    assert "Score every criterion of the rubric." in page
    db.session.expire_all()
    assert the_review(db).completed_at is None


def test_reviewed_milestone_on_the_certificate_private_unless_shown(people, db, outbox, client):
    author, author_client = people["author"]
    submit(author_client)
    review = the_review(db)
    assert _review(people["fits"][1], review.id).status_code == 302
    db.session.expire_all()
    review = the_review(db)
    assert review.scores == {"r1": "met", "r2": "partly", "r3": "met"}
    assert outbox[-1].to == author.email
    course_page = author_client.get("/courses/basics").get_data(as_text=True)
    assert "Reviewed on" in course_page
    assert "add how members rotate" in course_page
    from learning_hub.models import Certificate

    code = db.session.scalar(db.select(Certificate.code).where(Certificate.user_id == author.id))
    public = client.get(f"/certificates/{code}").get_data(as_text=True)
    assert "Terms of reference for your forum" in public
    assert "reviewed by a peer from Nigeria" in public
    assert "Meetings are frequent enough.</span>: <strong>Partly met</strong>" in public
    assert "health ministry" not in public
    assert "Ngozi" not in public
    assert "its author chose not to show it here" in public
    author_client.post("/courses/basics/milestone/visibility", data={"show_on_certificate": "y"})
    assert "health ministry" in client.get(f"/certificates/{code}").get_data(as_text=True)
    assert client.get(f"/certificates/{code}/pdf").status_code == 200


def test_sweep_reminds_once_then_reassigns_an_overdue_review(people, db, outbox):
    submit(people["author"][1])
    review = the_review(db)
    first = review.reviewer_id
    outbox.clear()
    ten_days = review.assigned_at + timedelta(days=10, minutes=1)
    report = sweep(ten_days)
    assert report.reminded == [review.id]
    assert [m.to for m in outbox] == [people["fits"][0].email]
    assert sweep(ten_days).reminded == []  # idempotent
    assert sweep(ten_days + timedelta(days=1)).reminded == []  # and never twice
    assert len(outbox) == 1
    overdue = review.assigned_at + timedelta(days=14, minutes=1)
    report = sweep(overdue)
    assert report.released == [review.id]
    assert report.assigned == [review.submission_id]
    db.session.expire_all()
    new = the_review(db)
    assert new.id != review.id
    assert new.reviewer_id not in (first, people["author"][0].id)
    assert new.reviewer_country == "GH"
    assert people["fits"][1].get(f"/learning/reviews/{review.id}").status_code == 404
    again = sweep(overdue)
    assert (again.released, again.assigned, again.reminded) == ([], [], [])


def test_waiting_submission_is_assigned_by_the_sweep(client_as, courses, db, runner):
    _author, client = completed(client_as, country="KE")
    submit(client)
    assert the_review(db) is None
    completed(client_as, country="PH", reforms=[dict(FITTING)])
    _db_commit(db)
    result = runner.invoke(args=["courses", "review-reminders"])
    assert result.exit_code == 0, result.output
    assert "Assigned: 1; reminded: 0" in result.output
    db.session.expire_all()
    assert the_review(db).reviewer_country == "PH"


def _db_commit(db):
    db.session.commit()


def _erase(user, db):
    from learning_hub.learning.privacy import erase_learning

    erase_learning(user)
    db.session.delete(user)
    db.session.commit()


def test_export_and_erasure_of_milestones_and_reviews(people, db):
    from learning_hub.learning.privacy import export_learning

    author, author_client = people["author"]
    fits, fits_client = people["fits"]
    gender = (
        "Commitment: parliament's budget committee holds a public hearing on childcare spending each year, and "
        "women members receive training to read the budget. Milestones: training in March, the first hearing in "
        "June with civil society witnesses, and a published report in September. Risks and costs are listed in "
        "the plan, and civil society reviews progress at the hearing."
    )
    submit(people["other"][1], text=gender)  # Ghana's milestone goes to Ngozi (left open)
    open_review = the_review(db)
    assert open_review.reviewer_id == fits.id
    submit(author_client)
    review = the_review(db)
    assert review.reviewer_id == fits.id
    _review(fits_client, review.id)
    data = export_learning(author)
    assert data["milestones"][0]["text"].startswith("We will publish every public procurement contract")
    assert data["milestones"][0]["review"]["reviewer_country"] == "NG"
    assert "Ngozi" not in str(data)
    written = export_learning(fits)["milestone_reviews_written"]
    assert [item["scores"].get("r2") for item in written] == [None, "partly"]
    # The reviewer leaves: her finished review stays with the author, without her; her open one is released.
    _erase(fits, db)
    db.session.expire_all()
    kept = db.session.get(MilestoneReview, review.id)
    assert kept.reviewer_id is None
    assert kept.completed_at is not None
    released = db.session.get(MilestoneReview, open_review.id)
    assert released.released_at is not None
    # The author leaves: their milestone and its reviews go.
    _erase(db.session.get(type(author), author.id), db)
    remaining = db.session.scalars(db.select(MilestoneSubmission.user_id)).all()
    assert remaining == [people["other"][0].id]
    assert db.session.get(MilestoneReview, review.id) is None

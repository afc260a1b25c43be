"""Reformers propose; coordinators edit, ask for changes and publish; the history says who did what, in order."""

from __future__ import annotations

from learning_hub.models import ShowcaseStory, StoryEvent
from tests.factories import make_user
from tests.helpers import login
from tests.showcase.helpers import coordinator

FORM = {
    "title": "Citizen budget hearings in Kaduna",
    "summary": "Every local government holds public hearings on its draft budget.",
    "problem": "Budgets were drafted behind closed doors.",
    "actions": "We set a hearing calendar and published a citizens' budget in two languages.",
    "results": "More than 6,000 people attended hearings in the second year.",
    "country": "NG",
    "level": "subnational",
    "areas": ["participation"],
    "policy_areas": ["fiscal_openness"],
    "language": "en",
    "started_on": "2020-08-01",
    "evidence-0-kind": "independent_assessment",
    "evidence-0-label": "Independent Reporting Mechanism",
    "evidence-0-url": "https://www.opengovpartnership.org/irm/",
    "my_role": "Director, budget monitoring",
    "name_me": "y",
}


def test_propose_request_changes_resubmit_publish_with_history(app, db):
    hauwa = make_user(email="hauwa@edit.example.org", display_name="Hauwa Abdullahi", country="NG")
    colleague = make_user(email="musa@edit.example.org", display_name="Musa Bello", country="NG")
    coord = coordinator()
    reformer = login(app.test_client(), hauwa)
    form = dict(FORM, people=[str(colleague.profile.id)])
    response = reformer.post("/showcase/propose", data=form)
    assert response.status_code == 302
    story = db.session.scalar(db.select(ShowcaseStory))
    assert story.state == "submitted"
    assert [(p.profile_id, p.consent) for p in story.people] == [
        (hauwa.profile.id, "confirmed"),
        (colleague.profile.id, "pending"),
    ]
    assert [(e.kind, e.label) for e in story.evidence] == [
        ("independent_assessment", "Independent Reporting Mechanism")
    ]
    anonymous = app.test_client()
    assert anonymous.get(f"/showcase/{story.slug}").status_code == 404  # not published yet

    # a reformer cannot publish (the gate), nor see someone else's story in the editorial pages (the service)
    assert reformer.post(f"/showcase/stories/{story.id}/publish").status_code == 403
    stranger = login(app.test_client(), make_user(email="s@edit.example.org", display_name="Sam Stranger"))
    assert stranger.get(f"/showcase/stories/{story.id}").status_code == 404
    assert stranger.get(f"/showcase/stories/{story.id}/edit").status_code == 404

    editor = login(app.test_client(), coord)
    assert "Citizen budget hearings in Kaduna" in editor.get("/showcase/editorial").get_data(as_text=True)
    editor.post(f"/showcase/stories/{story.id}/request-changes", data={"note": "Add the number of hearings."})
    db.session.expire_all()
    assert db.session.get(ShowcaseStory, story.id).state == "changes_requested"

    edited = dict(form, results="6,000 people attended 46 hearings in the second year.")
    assert reformer.post(f"/showcase/stories/{story.id}/edit", data=edited).status_code == 302
    assert reformer.post(f"/showcase/stories/{story.id}/resubmit").status_code == 302
    editor.post(f"/showcase/stories/{story.id}/publish")
    db.session.expire_all()
    story = db.session.get(ShowcaseStory, story.id)
    assert story.state == "published"
    assert story.results == "6,000 people attended 46 hearings in the second year."
    # once published, the proposer no longer edits; coordinators still do
    assert reformer.get(f"/showcase/stories/{story.id}/edit").status_code == 404
    assert editor.get(f"/showcase/stories/{story.id}/edit").status_code == 200

    history = [
        (e.action, e.actor_id)
        for e in db.session.scalars(
            db.select(StoryEvent).where(StoryEvent.story_id == story.id).order_by(StoryEvent.id)
        )
    ]
    assert history == [
        ("proposed", hauwa.id),
        ("consent_confirmed", hauwa.id),
        ("changes_requested", coord.id),
        ("edited", hauwa.id),
        ("resubmitted", hauwa.id),
        ("published", coord.id),
    ]
    page = editor.get(f"/showcase/stories/{story.id}").get_data(as_text=True)
    assert "Add the number of hearings." in page
    public = anonymous.get(f"/showcase/{story.slug}").get_data(as_text=True)
    assert "Hauwa Abdullahi" in public
    assert "Musa Bello" not in public  # named, but has not confirmed


def test_publishing_needs_a_confirmed_name(app, db):
    hana = make_user(email="hana@edit.example.org", display_name="Hana Reyes", country="PH")
    coord = coordinator()
    reformer = login(app.test_client(), hana)
    reformer.post("/showcase/propose", data=dict(FORM, name_me=""))
    story = db.session.scalar(db.select(ShowcaseStory))
    assert story.people[0].consent == "pending"
    editor = login(app.test_client(), coord)
    editor.post(f"/showcase/stories/{story.id}/publish")
    db.session.expire_all()
    assert db.session.get(ShowcaseStory, story.id).state == "submitted"


def test_an_invalid_story_is_refused_with_its_reasons(app, db):
    reformer = login(app.test_client(), make_user(email="x@edit.example.org"))
    bad = dict(FORM, title="Two\nlines", areas=[], **{"evidence-0-url": "not a link"})
    response = reformer.post("/showcase/propose", data=bad)
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(ShowcaseStory.id))) == 0


def test_propose_from_an_outcome_checkin(app, db):
    from datetime import timedelta

    from learning_hub.models import CheckIn
    from learning_hub.notifications import tasks
    from tests.notifications.helpers import T0, make_introduced_pair

    ana, ben = make_user(country="KE"), make_user(country="NG")
    make_introduced_pair(ana, ben)
    tasks.checkins_due(T0 + timedelta(days=30))
    checkins = db.session.scalars(db.select(CheckIn).order_by(CheckIn.id)).all()
    mine = next(c for c in checkins if c.profile_id == ana.profile.id)
    theirs = next(c for c in checkins if c.profile_id == ben.profile.id)
    client = login(app.test_client(), ana)
    client.post(
        f"/checkins/{mine.id}",
        data={
            "met": "yes",
            "outcome": "reform",
            "artefact_url": "https://www.opengovpartnership.org/commitments/KE0026/",
            "story": "Our county adopted open contracting.",
        },
    )
    checkin_page = client.get(f"/checkins/{mine.id}").get_data(as_text=True)
    assert f'href="/showcase/propose?checkin={mine.id}"' in checkin_page
    form = client.get(f"/showcase/propose?checkin={mine.id}").get_data(as_text=True)
    assert "Our county adopted open contracting.</textarea>" in form
    assert 'value="https://www.opengovpartnership.org/commitments/KE0026/"' in form
    assert client.get(f"/showcase/propose?checkin={theirs.id}").status_code == 404


def test_a_coordinator_named_on_a_story_stays_named_after_editing_it(app, db):
    ama = make_user(email="ama@edit.example.org", display_name="Ama Owusu", country="GH")
    coord = coordinator()
    reformer = login(app.test_client(), ama)
    reformer.post("/showcase/propose", data=dict(FORM, people=[str(coord.profile.id)]))
    story = db.session.scalar(db.select(ShowcaseStory))
    editor = login(app.test_client(), coord)
    assert f'<option selected value="{coord.profile.id}">' in editor.get(f"/showcase/stories/{story.id}/edit").get_data(
        as_text=True
    )
    edited = dict(FORM, people=[str(coord.profile.id)], title="Citizen budget hearings in Kaduna State")
    assert editor.post(f"/showcase/stories/{story.id}/edit", data=edited).status_code == 302
    db.session.expire_all()
    assert sorted(p.profile_id for p in db.session.get(ShowcaseStory, story.id).people) == sorted(
        [ama.profile.id, coord.profile.id]
    )

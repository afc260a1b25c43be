"""Recognition rounds over HTTP, as coordinators, nominators and reviewers use them: blind review, no conflict of
interest, balanced loads, results with their spread, and the winners on the showcase."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from learning_hub.extensions import db
from learning_hub.models import Nomination, RecognitionRound, ReviewAssignmentRow, RoundState, utcnow
from learning_hub.recognition import services
from learning_hub.showcase import services as showcase
from tests.factories import make_user
from tests.helpers import login
from tests.showcase.helpers import coordinator, published_story

CRITERIA = [("Results", 2), ("Innovation", 1)]


def _round(coord, reviewers, *, per_item=2, areas=("accountability",)):
    today = utcnow().date()
    return services.open_round(
        coord,
        services.RoundInput(
            name="Reform awards",
            areas=list(areas),
            opens_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=10),
            criteria=CRITERIA,
            reviewer_ids=[u.id for u in reviewers],
            per_item=per_item,
        ),
    )


@pytest.fixture
def world(app):
    """Six stories from Kenya, Ghana and Nigeria (each with a confirmed proposer and a colleague), a round with
    six reviewers: two from Kenya (one of them in the same organisation as a Ghanaian reformer), two from
    Colombia, two from Indonesia, and a nominator per story."""
    coord = coordinator()
    people = {}
    stories = []
    for n, (country, organisation) in enumerate(
        [
            ("KE", "Mizani"),
            ("KE", "Open Ledger"),
            ("GH", "Audit Watch"),
            ("GH", "Civic Lab"),
            ("NG", "BudgIT"),
            ("NG", "Kano Watch"),
        ]
    ):
        lead = make_user(display_name=f"Lead{n} Achieng", country=country, organisation=organisation)
        colleague = make_user(display_name=f"Mate{n} Mensah", country=country, organisation=f"{organisation} Trust")
        story = published_story(
            lead,
            coord,
            f"Story number {n} of open budgets",
            colleagues=[colleague],
            country=country,
            summary=f"Lead{n} Achieng and her team opened the books.",
        )
        showcase.confirm_consent(colleague, story.id)
        people[story.id] = [lead, colleague]
        stories.append(story)
    reviewers = [
        make_user(display_name="Rev Kenya One", country="KE", organisation="Somewhere"),
        make_user(display_name="Rev Kenya Two", country="KE", organisation="Civic Lab"),
        make_user(display_name="Rev Colombia One", country="CO", organisation="Veeduría"),
        make_user(display_name="Rev Colombia Two", country="CO", organisation="Audit Watch"),
        make_user(display_name="Rev Indonesia One", country="ID", organisation="ICW"),
        make_user(display_name="Rev Indonesia Two", country="ID", organisation="Perludem"),
    ]
    found = _round(coord, reviewers)
    nominators = []
    for n, story in enumerate(stories):
        nominator = make_user(display_name=f"Nomi{n} Okafor", country="SN")
        services.nominate(nominator, found.id, story.id, f"Nomi{n} Okafor thinks this reform by Lead{n} is great.")
        nominators.append(nominator)
    return {
        "coord": coord,
        "stories": stories,
        "people": people,
        "reviewers": reviewers,
        "round": found,
        "nominators": nominators,
    }


def _close(client, coord, round_id):
    login(client, coord)
    return client.post(f"/showcase/recognition/{round_id}/assign", follow_redirects=True)


def test_assignment_respects_conflicts_and_balances_loads(app, world):
    client = app.test_client()
    page = _close(client, world["coord"], world["round"].id)
    assert page.status_code == 200
    assert db.session.get(RecognitionRound, world["round"].id).state == RoundState.REVIEWING
    rows = list(db.session.scalars(db.select(ReviewAssignmentRow)))
    assert len(rows) == 12  # six nominations, two reviewers each
    nominations = {n.item_id: n for n in db.session.scalars(db.select(Nomination))}
    reviewers = {u.id: u for u in world["reviewers"]}
    for row in rows:
        story = nominations[row.item_id].story
        behind = world["people"][story.id]
        reviewer = reviewers[row.reviewer_id].profile
        assert reviewer.country != story.country
        assert reviewer.country not in {p.profile.country for p in behind}
        assert reviewer.organisation not in {p.profile.organisation for p in behind}
    # By hand: Kenyans may review only the 4 Ghana/Nigeria stories, and "Civic Lab" bars Kenya Two from story 3 too;
    # 12 reviews over 6 reviewers can still be 2 each, so the loads are within one (here all equal).
    loads = {}
    for row in rows:
        loads[row.reviewer_id] = loads.get(row.reviewer_id, 0) + 1
    assert set(loads) == set(reviewers)
    assert max(loads.values()) - min(loads.values()) <= 1


def _names(world) -> list[str]:
    names = []
    for story in world["stories"]:
        names.append(story.title)
        names.extend(p.profile.display_name for p in world["people"][story.id])
    names.extend(n.profile.display_name for n in world["nominators"])
    # and each part of a name ("Achieng" alone identifies someone too)
    return names + [part for name in list(names) for part in name.split() if part.startswith(("Lead", "Mate", "Nomi"))]


def test_no_reviewer_sees_a_nominee_name(app, world):
    client = app.test_client()
    _close(client, world["coord"], world["round"].id)
    names = _names(world)
    seen_reviews = 0
    for reviewer in world["reviewers"]:
        client = app.test_client()
        login(client, reviewer)
        pages = [
            "/showcase/recognition",
            f"/showcase/recognition/{world['round'].id}",
            f"/showcase/recognition/{world['round'].id}/reviews",
            f"/showcase/recognition/{world['round'].id}/nominate",
        ]
        mine = client.get(f"/showcase/recognition/{world['round'].id}/reviews").get_data(as_text=True)
        pages += sorted(set(re.findall(r"/showcase/recognition/reviews/\d+", mine)))
        assert len(pages) == 6  # each reviewer has two nominations to score
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            body = response.get_data(as_text=True)
            if path.startswith("/showcase/recognition/reviews/"):
                seen_reviews += 1
                assert "opened the books" in body  # the substance is there
            for name in names:
                assert name not in body, (reviewer.profile.display_name, path, name)
        # the results and the coordinators' views are closed to reviewers
        assert client.get(f"/showcase/recognition/{world['round'].id}/results").status_code in (403, 404)
    assert seen_reviews == 12


def test_a_coordinator_on_the_panel_is_blind_too(app):
    coord = coordinator()
    other = make_user(roles=("coordinator",), country="CO", display_name="Carla Panel")
    lead = make_user(display_name="Wanjiru Kamau", country="KE")
    story = published_story(lead, coord, "Open budgets in Kitui")
    found = _round(coord, [other, make_user(country="CO"), make_user(country="ID")])
    services.nominate(make_user(country="SN"), found.id, story.id, "Wanjiru Kamau led a remarkable reform here.")
    client = app.test_client()
    _close(client, coord, found.id)
    login(client, other)
    body = client.get(f"/showcase/recognition/{found.id}").get_data(as_text=True)
    assert "Open budgets in Kitui" not in body
    assert client.get(f"/showcase/recognition/{found.id}/results").status_code == 404


def test_infeasible_assignment_is_refused_with_the_reason(app):
    coord = coordinator()
    lead = make_user(display_name="Kenyan Lead", country="KE")
    story = published_story(lead, coord, "Open budgets in Kitui")
    found = _round(coord, [make_user(country="KE"), make_user(country="KE"), make_user(country="CO")])
    services.nominate(make_user(country="SN"), found.id, story.id, "A reform that deserves to be known widely.")
    client = app.test_client()
    body = _close(client, coord, found.id).get_data(as_text=True)
    assert "No assignment is possible: N-1 would have fewer than 2 reviewers free of conflicts of interest" in body
    assert db.session.get(RecognitionRound, found.id).state == RoundState.NOMINATING
    assert db.session.scalar(db.select(db.func.count(ReviewAssignmentRow.id))) == 0


def test_open_round_nominate_score_and_feature_the_winner(app):
    coord = coordinator()
    lead = make_user(display_name="Wanjiru Kamau", country="KE")
    colleague = make_user(display_name="Otieno Pending", country="KE")
    story = published_story(lead, coord, "Open budgets in Kitui", colleagues=[colleague])
    r1 = make_user(display_name="Rev One", country="CO")
    r2 = make_user(display_name="Rev Two", country="ID")
    client = app.test_client()
    login(client, coord)
    today = utcnow().date()
    form = {
        "name": "Awards 2026",
        "areas": ["accountability"],
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=5)).isoformat(),
        "criteria-0-label": "Results",
        "criteria-0-weight": "2",
        "criteria-1-label": "Innovation",
        "criteria-1-weight": "1",
        "reviewers": [str(r1.id), str(r2.id)],
        "per_item": "2",
    }
    response = client.post("/showcase/recognition/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    found = db.session.scalars(db.select(RecognitionRound)).one()
    nominator = make_user(country="SN")
    client = app.test_client()
    login(client, nominator)
    response = client.post(
        f"/showcase/recognition/{found.id}/nominate",
        data={"story": str(story.id), "statement": "Open budget hearings in every ward, with results measured."},
    )
    assert response.status_code == 302
    _close(app.test_client(), coord, found.id)
    # Rev One: results 8, innovation 5 -> (16 + 5) / 3 = 7.0; Rev Two: 5 and 8 -> (10 + 8) / 3 = 6.0
    for reviewer, (results, innovation) in ((r1, (8, 5)), (r2, (5, 8))):
        client = app.test_client()
        login(client, reviewer)
        row = db.session.scalar(db.select(ReviewAssignmentRow).where(ReviewAssignmentRow.reviewer_id == reviewer.id))
        ids = [c.id for c in found.panel.criteria]
        response = client.post(
            f"/showcase/recognition/reviews/{row.id}",
            data={f"c{ids[0]}": str(results), f"c{ids[1]}": str(innovation), "comment": ""},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    client = app.test_client()
    login(client, coord)
    body = client.get(f"/showcase/recognition/{found.id}/results").get_data(as_text=True)
    # mean 6.5, from 6.0 to 7.0, population standard deviation 0.5; per criterion: results 6.5 (5-8, sd 1.5)
    assert '<strong>6.5</strong> <span class="muted">(6.0–7.0, sd 0.5)</span>' in body
    assert "(5.0–8.0, sd 1.5)" in body
    nomination = db.session.scalars(db.select(Nomination)).one()
    response = client.post(f"/showcase/recognition/{found.id}/results", data={"winners": [str(nomination.id)]})
    assert response.status_code == 302
    anonymous = app.test_client()
    home = anonymous.get("/showcase").get_data(as_text=True)
    assert "Recognised reforms" in home
    assert "Open budgets in Kitui" in home
    page = anonymous.get(f"/showcase/{story.slug}").get_data(as_text=True)
    assert "Recognised: Awards 2026" in page
    # the badge reaches the profile of the person who confirmed being named, not of the one who has not
    member = app.test_client()
    login(member, make_user())
    assert "Recognised: Awards 2026" in member.get(f"/directory/{lead.profile.id}").get_data(as_text=True)
    assert "Recognised: Awards 2026" not in member.get(f"/directory/{colleague.profile.id}").get_data(as_text=True)


def test_only_coordinators_open_rounds_and_stories_must_be_public(app, world):
    client = app.test_client()
    login(client, make_user())
    assert client.get("/showcase/recognition/new").status_code == 403
    coord = world["coord"]
    hidden = showcase.propose(
        make_user(country="KE"), __import__("tests.showcase.helpers", fromlist=["x"]).story_input("Not yet published")
    )
    with pytest.raises(Exception, match="published story"):
        services.nominate(make_user(), world["round"].id, hidden.id, "Long enough statement for the form.")
    assert coord is not None

"""Commitment workshops over HTTP and through their services: a roundtable started from an action plan with the
plan's drafts attached, its list balanced between government and civil society under the other quotas, who may start
and see one, and the summary afterwards (attendance by sector, the drafts' changes since the start)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from learning_hub import engine
from learning_hub.cocreation import demo, services, workshops
from learning_hub.errors import NotFound
from learning_hub.models import ActionPlan, CommitmentWorkshop, Profile, Roundtable, utcnow
from learning_hub.privacy import erase_user_data, export_user_data
from learning_hub.roundtables import quotas as q
from learning_hub.roundtables.generate import ListRules
from learning_hub.roundtables.services import Details
from tests.cocreation.helpers import workshop_form
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot
from tests.roundtables.helpers import RELEVANT, UNRELATED, form_data, links_by_email, rows


@pytest.fixture
def people(app):
    """Nine listed people. Six government men write about the topic; the three in civil society (an organisation's
    woman and man, an academic woman) write about something else. So the most relevant list of five is all
    government men, and the only two women are both in civil society."""
    listed = {}
    for n in range(6):
        listed[f"gov{n}"] = make_user(
            display_name=f"Gov {n}", sector="national_government", gender="man", challenges=[RELEVANT]
        )
    listed["cs_woman"] = make_user(
        display_name="Cs Woman", sector="civil_society", gender="woman", challenges=[UNRELATED[0]]
    )
    listed["academic_woman"] = make_user(
        display_name="Academic Woman", sector="academia", gender="woman", challenges=[UNRELATED[1]]
    )
    listed["cs_man"] = make_user(display_name="Cs Man", sector="civil_society", gender="man", challenges=[UNRELATED[0]])
    engine.embed_texts([RELEVANT, *UNRELATED])
    return listed


@pytest.fixture
def plan(app):
    """A forum-only plan: a facilitator, a member and an observer (none of them listed in the directory), two
    drafts; and an organiser and a reformer outside the forum."""
    users = {
        "facilitator": make_user(display_name="Fatuma Facilitator", listed=False),
        "member": make_user(display_name="Gideon Member", listed=False),
        "observer": make_user(display_name="Olga Observer", listed=False),
        "organiser": make_user(display_name="Olive Organiser", roles=("organiser",), listed=False),
        "outsider": make_user(display_name="Oscar Outsider", listed=False),
    }
    item = services.create_plan(
        users["facilitator"],
        services.PlanDetails("Kenya plan", "KE", "national", None, date(2026, 9, 1), date(2028, 8, 31), False),
    )
    services.add_member(users["facilitator"], item.id, users["member"].email, "government", "member")
    services.add_member(users["facilitator"], item.id, users["observer"].email, "oversight", "observer")
    drafts = [
        services.create_draft(
            users["member"],
            item.id,
            services.DraftContent(
                title="Open contracting for county projects",
                problem="Residents cannot find out who built an abandoned road.",
                commitment="The county will publish all contracts.",
            ),
        ),
        services.create_draft(
            users["member"],
            item.id,
            services.DraftContent(title="A beneficial ownership register", commitment="Publish the owners."),
        ),
    ]
    return item, drafts, users


def _invited(roundtable_id: int, db) -> list[Profile]:
    return [db.session.get(Profile, r.profile_id) for r in rows(roundtable_id, "invitee")]


def _sides(roundtable_id: int, db) -> Counter:
    return Counter(q.side_of(p.sector) or "other" for p in _invited(roundtable_id, db))


def _start(client, plan_id, draft_ids, **overrides):
    response = client.post(f"/cocreation/plans/{plan_id}/workshops/new", data=workshop_form(draft_ids, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_side_quota_restated_and_counted_by_the_sectors_it_groups(app):
    assert q.side_of("subnational_government") == "government"
    assert q.side_of("judiciary") == "government"
    assert q.side_of("media") == "civil_society"
    assert q.side_of("technical_financial_partner") == ""
    assert (
        q.restate(q.QuotaRow("side", "government", "40%"), 5) == "At least 2 (40%) of 5 seats for people in government"
    )


def test_facilitator_starts_a_workshop_whose_list_keeps_every_quota(client_as, people, plan, db):
    """Hand-checked: 5 seats, at least 40% (2) each for government and civil society and for women. The two women
    are the only ones there are, both in civil society, so they take two seats and meet both of those quotas; the
    other three seats go to the most relevant, the government men. Without the quotas (an ordinary roundtable on the
    same topic) all five seats go to government men."""
    item, drafts, users = plan
    client = client_as(users["facilitator"])
    page = client.get(f"/cocreation/plans/{item.id}/workshops/new").get_data(as_text=True)
    assert "Open contracting for county projects" in page
    assert 'name="government_min"' in page
    assert 'value="40%"' in page
    workshop_id = _start(client, item.id, [drafts[0].id])
    workshop = db.session.get(CommitmentWorkshop, workshop_id)
    assert [d.id for d in workshop.drafts] == [drafts[0].id]
    assert workshop.plan_id == item.id
    rt = workshop.roundtable
    assert rt.quotas[:2] == [
        {"kind": "side", "value": "government", "min": "40%", "max": ""},
        {"kind": "side", "value": "civil_society", "min": "40%", "max": ""},
    ]
    assert _sides(rt.id, db) == Counter({"government": 3, "civil_society": 2})
    assert {p.display_name for p in _invited(rt.id, db) if p.gender == "woman"} == {"Cs Woman", "Academic Woman"}
    # The control: no quotas, five government men.
    organiser = client_as(users["organiser"])
    response = organiser.post("/roundtables/new", data=form_data(seats="5"))
    assert response.status_code == 302
    control = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert _sides(control, db) == Counter({"government": 5})
    # The workshop page lists the draft with its link; the plan page links the workshop.
    page = client.get(f"/cocreation/workshops/{workshop_id}").get_data(as_text=True)
    assert f'href="/cocreation/commitments/{drafts[0].id}"' in page
    assert "A beneficial ownership register" not in page
    assert "The summary appears here once the workshop has started" in page
    plan_page = client.get(f"/cocreation/plans/{item.id}").get_data(as_text=True)
    assert f'href="/cocreation/workshops/{workshop_id}"' in plan_page
    # The roundtable's own page restates the side quota.
    detail = organiser.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "At least 2 (40%) of 5 seats for people in government" in detail
    assert "Kenya plan" not in detail  # the organiser cannot see this forum-only plan


def test_infeasible_balance_is_explained_on_the_form_and_saves_nothing(client_as, people, plan):
    item, drafts, users = plan
    client = client_as(users["facilitator"])
    before = snapshot()
    response = client.post(
        f"/cocreation/plans/{item.id}/workshops/new",
        data=workshop_form([drafts[0].id], government_min="80%"),  # 4 + 2 > 5 seats
    )
    assert response.status_code == 422
    assert "These rules cannot all hold for 5 seats" in response.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []


def test_who_may_start_and_see_a_workshop(client_as, people, plan, db):
    item, drafts, users = plan
    new = f"/cocreation/plans/{item.id}/workshops/new"
    # A forum member who is not a facilitator, and an organiser who cannot see the forum-only plan: 404.
    assert client_as(users["member"]).get(new).status_code == 404
    assert client_as(users["organiser"]).get(new).status_code == 404
    assert client_as(users["organiser"]).post(new, data=workshop_form([drafts[0].id])).status_code == 404
    assert client_as(None).get(new).status_code == 302  # to the sign-in page
    workshop_id = _start(client_as(users["facilitator"]), item.id, [drafts[0].id])
    page = f"/cocreation/workshops/{workshop_id}"
    assert client_as(users["observer"]).get(page).status_code == 200
    assert client_as(users["outsider"]).get(page).status_code == 404
    assert client_as(users["organiser"]).get(page).status_code == 404
    # The forum sees the workshop from the plan page; only a facilitator (or organiser) is offered to start one.
    member_page = client_as(users["member"]).get(f"/cocreation/plans/{item.id}").get_data(as_text=True)
    assert f'href="/cocreation/workshops/{workshop_id}"' in member_page
    assert "Start a commitment workshop" not in member_page
    assert "Start a commitment workshop" in client_as(users["facilitator"]).get(
        f"/cocreation/plans/{item.id}"
    ).get_data(as_text=True)
    # Once the plan is public, an organiser may start one too (and sees the workshops); an outsider still may not.
    services.set_plan_status(users["facilitator"], item.id, "cocreation", True)
    assert client_as(users["organiser"]).get(new).status_code == 200
    assert client_as(users["organiser"]).get(page).status_code == 200
    rt_id = db.session.get(CommitmentWorkshop, workshop_id).roundtable_id
    detail = client_as(users["organiser"]).get(f"/roundtables/{rt_id}").get_data(as_text=True)
    assert f'href="/cocreation/workshops/{workshop_id}">Kenya plan</a>' in detail
    assert client_as(users["outsider"]).get(new).status_code == 404
    assert client_as(users["outsider"]).get(page).status_code == 404
    plan_page = client_as(users["outsider"]).get(f"/cocreation/plans/{item.id}").get_data(as_text=True)
    assert f"/cocreation/workshops/{workshop_id}" not in plan_page


def test_drafts_of_a_plan_one_cannot_see_cannot_be_attached(client_as, people, plan, db):
    """A facilitator of one plan may not attach a draft of another, forum-only plan: the form refuses the choice and
    the service answers 404, and nothing is saved either way."""
    item, drafts, users = plan
    stranger = make_user(display_name="Other Facilitator", listed=False)
    other = services.create_plan(
        stranger,
        services.PlanDetails("Other plan", "NG", "national", None, date(2026, 1, 1), date(2027, 12, 31), False),
    )
    hidden = services.create_draft(stranger, other.id, services.DraftContent(title="A hidden draft"))
    client = client_as(users["facilitator"])
    before = snapshot()
    response = client.post(f"/cocreation/plans/{item.id}/workshops/new", data=workshop_form([hidden.id]))
    assert response.status_code == 422
    assert "A hidden draft" not in response.get_data(as_text=True)
    start = utcnow() + timedelta(days=30)
    details = Details("Workshop", "A topic long enough to rank people.", start, "UTC", 90, "virtual", None, start)
    rules = ListRules("Workshop", "A topic long enough to rank people.", 5, [], None, [], [])
    with pytest.raises(NotFound):
        workshops.start(users["facilitator"], item.id, details, rules, [drafts[0].id, hidden.id])
    with pytest.raises(NotFound):  # nor through the other plan, which they cannot see
        workshops.start(users["facilitator"], other.id, details, rules, [hidden.id])
    assert changed_tables(before, snapshot()) == []
    assert db.session.scalar(db.select(db.func.count(Roundtable.id))) == 0


def test_summary_lists_attendance_by_sector_and_the_drafts_changes(client, client_as, people, plan, db, outbox):
    """Three invitees accept (the civil-society woman and two government men); the workshop starts; the first draft is
    then saved twice, the second was saved once before the start and not since. Expected by hand: 3 attended, 2 in
    government and 1 in civil society; the first draft went from version 1 to 3 (2 new versions), the second stays
    at version 2."""
    item, drafts, users = plan
    member = users["member"]
    services.save_draft(
        member,
        drafts[1].id,
        services.DraftContent(title="A beneficial ownership register", commitment="Publish the owners online."),
    )
    workshop_id = _start(client_as(users["facilitator"]), item.id, [d.id for d in drafts])
    rt = db.session.get(CommitmentWorkshop, workshop_id).roundtable
    assert client_as(users["organiser"]).post(f"/roundtables/{rt.id}/invite").status_code == 302
    links = links_by_email(outbox)
    invited = {db.session.get(Profile, r.profile_id).user.email: r for r in rows(rt.id, "invitee")}
    government = sorted(e for e in invited if invited[e].sector == "national_government")[:2]
    accepting = [people["cs_woman"].email, *government]
    for email in accepting:
        assert client.post(links[email]["accept"], data={"answer": "accept"}).status_code == 302
    # The workshop starts now (as if the date had come).
    rt = db.session.get(Roundtable, rt.id)
    rt.starts_at = utcnow()
    rt.invitation_deadline = rt.starts_at - timedelta(minutes=1)
    db.session.commit()
    first = drafts[0]
    services.save_draft(
        member,
        first.id,
        services.DraftContent(
            title=first.title,
            problem="Residents cannot find out who built an abandoned road.",
            commitment="The county will publish all contracts and payments.",
        ),
    )
    services.save_draft(
        member,
        first.id,
        services.DraftContent(
            title=first.title,
            problem="Residents of three counties cannot find out who built an abandoned road.",
            commitment="The county will publish all contracts and payments.",
        ),
    )
    summary = workshops.summary(users["facilitator"], db.session.get(CommitmentWorkshop, workshop_id))
    assert summary.started
    assert summary.attended == 3
    assert summary.by_side == [("government", 2), ("civil_society", 1), ("other", 0)]
    assert summary.by_sector == [("national_government", 2), ("civil_society", 1)]
    changes = {c.draft.id: c for c in summary.drafts}
    assert (changes[first.id].at_start, changes[first.id].latest, changes[first.id].versions_since) == (1, 3, 2)
    assert [d.name for d in changes[first.id].diffs] == ["problem", "commitment"]
    assert (changes[drafts[1].id].at_start, changes[drafts[1].id].versions_since) == (2, 0)

    page = client_as(users["facilitator"]).get(f"/cocreation/workshops/{workshop_id}").get_data(as_text=True)
    assert "3 people attended" in page
    assert "Cs Woman" in page  # attendees are named to the facilitator
    assert "2 new versions since the workshop started" in page
    assert "version 1 then, version 3 now." in page
    # Word-level changes: the last word of the commitment replaced, three words inserted into the problem.
    assert "all <del>contracts.</del>" in page
    assert "all <ins>contracts and payments.</ins>" in page
    assert "Residents<ins> of three counties</ins> cannot" in page
    assert f"/cocreation/commitments/{first.id}/compare?a=1&amp;b=3" in page
    assert "No new version since the workshop started (version 2)." in page
    observer_page = client_as(users["observer"]).get(f"/cocreation/workshops/{workshop_id}").get_data(as_text=True)
    assert "3 people attended" in observer_page
    assert "Cs Woman" not in observer_page  # the forum sees the counts only


def test_demo_seed_adds_one_workshop_on_the_demo_plan(app, people, db):
    """The demo step makes one workshop on the demo plan's first two drafts, once. Four more listed people (two
    government women, a civil-society woman, a journalist) make ten seats possible: 8 in government, 5 in civil
    society, 5 women among 13."""
    for name, sector, gender in (
        ("Gov Woman 1", "subnational_government", "woman"),
        ("Gov Woman 2", "legislature", "woman"),
        ("Cs Woman 2", "civil_society", "woman"),
        ("Journalist", "media", "man"),
    ):
        make_user(display_name=name, sector=sector, gender=gender, challenges=[RELEVANT])
    make_user(email=demo.FACILITATOR, listed=False)
    for email, _group, _role in demo.FORUM:
        make_user(email=email, listed=False)
    first = demo.seed_cocreation(print)
    second = demo.seed_cocreation(print)
    assert "workshop #" in first
    assert "on 2 drafts (10 seats)" in first
    assert "already there" in second.split(";")[-1]
    workshop = db.session.scalar(db.select(CommitmentWorkshop))
    plan = db.session.get(ActionPlan, workshop.plan_id)
    assert plan.title == demo.PLAN_TITLE
    assert [d.id for d in workshop.drafts] == [d.id for d in plan.drafts[:2]]
    sides = _sides(workshop.roundtable_id, db)
    assert sides["government"] >= 4
    assert sides["civil_society"] >= 4
    assert sum(p.gender == "woman" for p in _invited(workshop.roundtable_id, db)) >= 4
    assert db.session.scalar(db.select(db.func.count(CommitmentWorkshop.id))) == 1


def test_the_workshops_someone_started_are_exported_and_stay_after_deletion(client_as, people, plan, db):
    item, drafts, users = plan
    workshop_id = _start(client_as(users["facilitator"]), item.id, [drafts[0].id])
    facilitator = users["facilitator"]
    started = export_user_data(facilitator)["cocreation"]["workshops_started"]
    assert [(w["plan_id"], w["draft_ids"]) for w in started] == [(item.id, [drafts[0].id])]
    services.add_member(facilitator, item.id, users["member"].email, "government", "facilitator")
    erase_user_data(facilitator)
    db.session.delete(facilitator)
    db.session.commit()
    workshop = db.session.get(CommitmentWorkshop, workshop_id)
    assert workshop.created_by_id is None
    assert [d.id for d in workshop.drafts] == [drafts[0].id]

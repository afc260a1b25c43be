"""The co-creation workspace over HTTP: plans and forum permissions, draft versions and their comparison, comments
with reasoned responses gating finalisation, public consultation with moderation, precedents, hints and exports."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from docx import Document

from learning_hub.cocreation import demo
from learning_hub.extensions import db
from learning_hub.models import ActionPlan, CommitmentDraft, DraftComment, LibraryReform
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot

PLAN = {
    "title": "Kenya action plan 2026-2028",
    "country": "KE",
    "level": "national",
    "institution": "",
    "period_start": "2026-09-01",
    "period_end": "2028-08-31",
    "stakeholder_group": "civil_society",
}
DRAFT = {
    "title": "Open contracting for county projects",
    "problem": "Residents cannot find out who the contractor of an abandoned road is or how much was paid.",
    "status_quo": "Tender notices only.",
    "commitment": "The county will publish all contracts and payments using the Open Contracting Data Standard.",
    "values": ["transparency"],
    "values_text": "Contract data becomes public.",
    "stakeholders": "County treasury, residents' associations.",
    "areas": ["open_contracting"],
    "milestones-0-deliverable": "Publish contracts on the county portal",
    "milestones-0-lead": "County treasury",
    "milestones-0-start": "2026-10-01",
    "milestones-0-end": "2027-06-30",
}


@pytest.fixture
def forum(app, client_as):
    """A plan created by a facilitator (civil society), with a government member, an oversight observer, and an
    outsider with an account."""
    people = {
        "facilitator": make_user(display_name="Fatuma Facilitator"),
        "government": make_user(display_name="Gideon Government", sector="national_government"),
        "observer": make_user(display_name="Olga Observer"),
        "outsider": make_user(display_name="Oscar Outsider"),
    }
    client = client_as(people["facilitator"])
    response = client.post("/cocreation/plans/new", data=PLAN)
    assert response.status_code == 302
    plan = db.session.scalar(db.select(ActionPlan))
    for who, group, role in (("government", "government", "member"), ("observer", "oversight", "observer")):
        response = client.post(
            f"/cocreation/plans/{plan.id}/members",
            data={"email": people[who].email, "stakeholder_group": group, "role": role},
        )
        assert response.status_code == 302
    return plan, people


def _draft(client_as, user, plan_id, **changes):
    response = client_as(user).post(f"/cocreation/plans/{plan_id}/commitments/new", data={**DRAFT, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return db.session.scalars(db.select(CommitmentDraft).order_by(CommitmentDraft.id.desc())).first()


def test_forum_membership_decides_who_edits_and_who_reads(forum, client_as):
    plan, people = forum
    draft = _draft(client_as, people["government"], plan.id)
    assert [m.role for m in plan.members] == ["facilitator", "member", "observer"]
    # The observer reads but may not edit; the outsider does not even see a forum-only plan.
    assert client_as(people["observer"]).get(f"/cocreation/commitments/{draft.id}").status_code == 200
    assert client_as(people["observer"]).get(f"/cocreation/commitments/{draft.id}/edit").status_code == 404
    assert (
        client_as(people["observer"]).post(f"/cocreation/plans/{plan.id}/commitments/new", data=DRAFT).status_code
        == 404
    )
    for path in (
        f"/cocreation/plans/{plan.id}",
        f"/cocreation/commitments/{draft.id}",
        f"/cocreation/plans/{plan.id}/export.docx",
    ):
        assert client_as(people["outsider"]).get(path).status_code == 404
        assert client_as(None).get(path).status_code == 404
    assert "Kenya action plan" not in client_as(people["outsider"]).get("/cocreation").get_data(as_text=True)
    assert "Kenya action plan" in client_as(people["observer"]).get("/cocreation").get_data(as_text=True)
    # Only a facilitator manages the forum.
    response = client_as(people["government"]).post(
        f"/cocreation/plans/{plan.id}/members",
        data={"email": people["outsider"].email, "stakeholder_group": "government", "role": "member"},
    )
    assert response.status_code == 404
    # A public plan is readable by anyone, still editable only by its forum.
    client_as(people["facilitator"]).post(
        f"/cocreation/plans/{plan.id}/status", data={"status": "cocreation", "is_public": "y"}
    )
    assert client_as(None).get(f"/cocreation/plans/{plan.id}").status_code == 200
    assert client_as(people["outsider"]).get(f"/cocreation/commitments/{draft.id}/edit").status_code == 404


def test_every_save_keeps_a_version_and_versions_compare_side_by_side(forum, client_as):
    plan, people = forum
    draft = _draft(client_as, people["government"], plan.id)
    # The civil-society facilitator edits the government member's draft: two authors, one draft.
    edited = {**DRAFT, "commitment": DRAFT["commitment"].replace("all contracts", "all contracts above KES 1 million")}
    assert (
        client_as(people["facilitator"]).post(f"/cocreation/commitments/{draft.id}/edit", data=edited).status_code
        == 302
    )
    # Saving unchanged content keeps no new version.
    client_as(people["facilitator"]).post(f"/cocreation/commitments/{draft.id}/edit", data=edited)
    db.session.refresh(draft)
    assert draft.version == 2
    assert [v.number for v in draft.versions] == [1, 2]
    assert {v.author_id for v in draft.versions} == {people["government"].id, people["facilitator"].id}
    response = client_as(people["observer"]).get(f"/cocreation/commitments/{draft.id}/compare?a=1&b=2")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[-2000:]
    assert "all contracts<ins> above KES 1 million</ins> and payments" in page
    assert "<del>" not in page  # nothing was removed
    assert client_as(people["observer"]).get(f"/cocreation/commitments/{draft.id}/compare?a=1&b=9").status_code == 404


def test_the_comparison_escapes_the_texts(forum, client_as):
    plan, people = forum
    draft = _draft(client_as, people["government"], plan.id)
    client_as(people["government"]).post(
        f"/cocreation/commitments/{draft.id}/edit", data={**DRAFT, "status_quo": "<script>alert(1)</script>"}
    )
    page = client_as(people["government"]).get(f"/cocreation/commitments/{draft.id}/compare").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_a_draft_cannot_be_final_until_every_comment_has_a_reasoned_response(forum, client_as):
    plan, people = forum
    draft = _draft(client_as, people["government"], plan.id)
    client_as(people["observer"]).post(f"/cocreation/commitments/{draft.id}/comments", data={"body": "Add a deadline."})
    comment = db.session.scalar(db.select(DraftComment))
    assert (comment.author_group, comment.moderation) == ("oversight", "approved")

    client_as(people["government"]).post(f"/cocreation/commitments/{draft.id}/finalise")
    db.session.refresh(draft)
    assert draft.status == "draft"
    # A response without a reason is refused; the observer may not respond.
    client_as(people["government"]).post(
        f"/cocreation/comments/{comment.id}/respond", data={"response": "accepted", "reason": ""}
    )
    assert (
        client_as(people["observer"])
        .post(f"/cocreation/comments/{comment.id}/respond", data={"response": "accepted", "reason": "x"})
        .status_code
        == 404
    )
    db.session.refresh(comment)
    assert comment.response is None
    client_as(people["government"]).post(
        f"/cocreation/comments/{comment.id}/respond",
        data={"response": "partly", "reason": "Deadline added for phase one."},
    )
    client_as(people["government"]).post(f"/cocreation/commitments/{draft.id}/finalise")
    db.session.refresh(draft)
    assert draft.status == "final"
    page = client_as(people["facilitator"]).get(f"/cocreation/plans/{plan.id}").get_data(as_text=True)
    assert 'Oversight body</td><td class="num">1</td><td class="num">1</td>' in page


def test_public_comments_only_during_consultation_and_through_moderation(forum, client_as):
    plan, people = forum
    draft = _draft(client_as, people["government"], plan.id)
    outsider = client_as(people["outsider"])
    client_as(people["facilitator"]).post(
        f"/cocreation/plans/{plan.id}/status", data={"status": "cocreation", "is_public": "y"}
    )
    assert outsider.post(f"/cocreation/commitments/{draft.id}/comments", data={"body": "Too early"}).status_code == 404
    assert db.session.scalar(db.select(db.func.count(DraftComment.id))) == 0

    client_as(people["facilitator"]).post(
        f"/cocreation/plans/{plan.id}/status", data={"status": "consultation", "is_public": "y"}
    )
    outsider.post(f"/cocreation/commitments/{draft.id}/comments", data={"body": "Publish it on notice boards too."})
    comment = db.session.scalar(db.select(DraftComment))
    assert (comment.author_group, comment.moderation, comment.is_public) == ("public", "pending", True)
    assert "notice boards" not in client_as(None).get(f"/cocreation/commitments/{draft.id}").get_data(as_text=True)
    # A pending comment blocks finalisation too; a member cannot moderate, the facilitator can.
    client_as(people["government"]).post(f"/cocreation/commitments/{draft.id}/finalise")
    db.session.refresh(draft)
    assert draft.status == "draft"
    assert (
        client_as(people["government"])
        .post(f"/cocreation/comments/{comment.id}/moderate", data={"decision": "approved"})
        .status_code
        == 404
    )
    assert "notice boards" in client_as(people["facilitator"]).get(f"/cocreation/plans/{plan.id}").get_data(
        as_text=True
    )
    client_as(people["facilitator"]).post(f"/cocreation/comments/{comment.id}/moderate", data={"decision": "approved"})
    assert "notice boards" in client_as(None).get(f"/cocreation/commitments/{draft.id}").get_data(as_text=True)
    anonymous = client_as(None).post(f"/cocreation/commitments/{draft.id}/comments", data={"body": "x"})
    assert anonymous.status_code == 302
    assert "/login" in anonymous.headers["Location"]


def test_get_pages_change_nothing(forum, client_as):
    plan, people = forum
    draft = _draft(client_as, people["government"], plan.id)
    client = client_as(people["facilitator"])
    before = snapshot()
    for path in (
        "/cocreation",
        f"/cocreation/plans/{plan.id}",
        f"/cocreation/commitments/{draft.id}",
        f"/cocreation/commitments/{draft.id}/compare",
        f"/cocreation/commitments/{draft.id}/edit",
        f"/cocreation/plans/{plan.id}/export.docx",
        f"/cocreation/plans/{plan.id}/commitments.csv",
    ):
        assert client.get(path).status_code == 200, path
    assert changed_tables(before, snapshot()) == []


def test_quality_hints_are_hints_not_a_gate(forum, client_as):
    plan, people = forum
    draft = _draft(
        client_as,
        people["government"],
        plan.id,
        problem="Roads are abandoned.",
        commitment="Contracts on a portal.",
        values=[],
        **{"milestones-0-lead": "", "milestones-0-end": "2030-01-31", "milestones-0-deliverable": "Better roads"},
    )
    page = client_as(people["government"]).get(f"/cocreation/commitments/{draft.id}").get_data(as_text=True)
    for words in (
        "Milestone 1: say what will exist at the end",
        "Milestone 1: name the lead institution.",
        "Milestone 1 ends outside the action plan",
        "State the change the commitment seeks",
        "Argue at least one open-government value",
        "Say in the problem who is affected",
    ):
        assert words in page, words
    client_as(people["government"]).post(f"/cocreation/commitments/{draft.id}/finalise")
    db.session.refresh(draft)
    assert draft.status == "final"
    # The default draft is well formed: no hint.
    good = _draft(client_as, people["government"], plan.id)
    assert "Quality hints" not in client_as(people["government"]).get(f"/cocreation/commitments/{good.id}").get_data(
        as_text=True
    )


def test_precedents_come_from_other_countries_with_the_sentence_country_and_year(forum, client_as):
    plan, people = forum
    demo.load_library()
    from learning_hub.directory.tasks import embed_library

    embed_library()
    draft = _draft(client_as, people["government"], plan.id)  # the sync job backend embeds the draft at once
    page = client_as(people["observer"]).get(f"/cocreation/commitments/{draft.id}").get_data(as_text=True)
    panel = page.split('id="precedents-title"', 1)[1]
    assert panel.count("<li>") >= 2
    kenyan = [r.title for r in db.session.scalars(db.select(LibraryReform).where(LibraryReform.country == "KE"))]
    assert not any(title in panel for title in kenyan)
    assert "<blockquote" in panel
    years = {str(r.year) for r in db.session.scalars(db.select(LibraryReform))}
    assert any(year in panel for year in years)


def test_reformers_whose_reforms_answer_the_problem_are_linked(forum, client_as):
    plan, people = forum
    from learning_hub.directory.tasks import embed_all

    reformer = make_user(
        display_name="Rita Reformer",
        country="NG",
        reforms=[
            {
                "title": "Open contracting portal",
                "description": DRAFT["problem"] + " We published contractors and payments.",
            }
        ],
    )
    make_user(
        display_name="Unlisted Ursula", listed=False, reforms=[{"title": "Same", "description": DRAFT["problem"]}]
    )
    embed_all()
    draft = _draft(client_as, people["government"], plan.id)
    page = client_as(people["observer"]).get(f"/cocreation/commitments/{draft.id}").get_data(as_text=True)
    assert f"/directory/{reformer.profile.id}" in page
    assert "Unlisted Ursula" not in page


def test_exports_docx_reads_back_and_csv_cells_are_neutralised(forum, client_as):
    plan, people = forum
    _draft(client_as, people["government"], plan.id, title='=HYPERLINK("http://x")')
    client = client_as(people["observer"])
    response = client.get(f"/cocreation/plans/{plan.id}/export.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    texts = [p.text for p in document.paragraphs]
    assert "Kenya action plan 2026-2028" in texts
    assert any("HYPERLINK" in t for t in texts)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"Fatuma Facilitator", "Publish contracts on the county portal", "County treasury"} <= cells
    response = client.get(f"/cocreation/plans/{plan.id}/commitments.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0]["title"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["milestones"] == "Publish contracts on the county portal | County treasury | 2026-10-01 | 2027-06-30"


def test_plan_period_must_be_in_order(app, client_as):
    user = make_user()
    response = client_as(user).post("/cocreation/plans/new", data={**PLAN, "period_end": "2025-01-01"})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(ActionPlan.id))) == 0


def test_erasure_anonymises_comments_and_removes_forum_seats(forum, client_as):
    from learning_hub.privacy import erase_user_data, export_user_data

    plan, people = forum
    draft = _draft(client_as, people["government"], plan.id)
    client_as(people["observer"]).post(f"/cocreation/commitments/{draft.id}/comments", data={"body": "Hello"})
    observer = people["observer"]
    assert export_user_data(observer)["cocreation"]["comments"][0]["body"] == "Hello"
    erase_user_data(observer)
    db.session.delete(observer)
    db.session.commit()
    comment = db.session.scalar(db.select(DraftComment))
    assert (comment.author_id, comment.author_name, comment.author_group) == (None, None, "oversight")
    assert len(db.session.get(ActionPlan, plan.id).members) == 2


def test_demo_seed_creates_the_plan_once(app):
    make_user(email=demo.FACILITATOR)
    for email, _group, _role in demo.FORUM:
        make_user(email=email)
    first = demo.seed_cocreation(print)
    second = demo.seed_cocreation(print)
    assert "49 commitments added" in first
    assert "0 commitments added" in second
    plan = db.session.scalar(db.select(ActionPlan))
    assert plan.status == "cocreation"
    assert len(plan.drafts) == 3
    assert [d.language for d in plan.drafts].count("es") == 1
    comments = [c for d in plan.drafts for c in d.comments]
    assert {c.response is None for c in comments} == {True, False}
    assert date(2026, 9, 1) == plan.period_start


def test_the_plan_downloads_as_a_pdf_that_opens(forum, client_as):
    plan, people = forum
    _draft(client_as, people["government"], plan.id)
    response = client_as(people["observer"]).get(f"/cocreation/plans/{plan.id}/export.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert response.data.rstrip().endswith(b"%%EOF")
    assert b"/Type /Page" in response.data


@pytest.mark.parametrize(
    "commitment",
    [
        "Veinte municipalidades publicarán en línea los proyectos votados y su ejecución.",
        "Les communes publieront en ligne les contrats et les paiements.",
        "Pemerintah kabupaten akan menerbitkan semua kontrak.",
    ],
)
def test_the_change_sought_is_recognised_in_spanish_french_and_indonesian(forum, client_as, commitment):
    plan, people = forum
    draft = _draft(client_as, people["government"], plan.id, commitment=commitment)
    page = client_as(people["government"]).get(f"/cocreation/commitments/{draft.id}").get_data(as_text=True)
    assert "State the change the commitment seeks" not in page

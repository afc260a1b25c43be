"""One real object per resource for the authorization matrix, each owned by someone who is none of the role users.

Object pages then run their real code (an id that exists, a state the views know) instead of answering 404 for a
missing row, and the committed table of expected outcomes says what each role gets on someone else's object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from learning_hub.api.tokens import create_token
from learning_hub.extensions import db
from learning_hub.learning.certificates import new_code
from learning_hub.models import (
    TOKEN_SCOPES,
    ActionPlan,
    Certificate,
    CheckIn,
    CommitmentWorkshop,
    Connection,
    ConnectionMember,
    Conversation,
    ConversationMessage,
    Course,
    CourseTemplate,
    Enrolment,
    ImportBatch,
    Introduction,
    Job,
    MatchPair,
    MatchRun,
    MentorAssignment,
    MentoringRequest,
    MentorOffer,
    MentorshipNote,
    Notification,
    PersonalAccessToken,
    QuizAttempt,
    ReferencePage,
    Roundtable,
    RoundtableInvitee,
    utcnow,
)
from learning_hub.models.mentoring import MentorAssignmentRow
from learning_hub.models.user import hash_token
from tests.factories import make_user
from tests.helpers import ROLES
from tests.learning.corpus import write_course

MISSING = 2**31 - 1


@dataclass
class World:
    users: dict  # role -> User (None for anonymous)
    tokens: dict = field(default_factory=dict)  # role -> a raw personal access token with every scope (API calls)
    args: dict = field(default_factory=dict)  # URL parameter name -> value


def _role_users() -> dict:
    users = {"anonymous": None}
    for role in ROLES[1:]:
        roles = () if role == "reformer" else (role,)
        users[role] = make_user(
            email=f"{role}@matrix.example.org",
            roles=roles,
            mentor_capacity=2 if role == "mentor" else 0,
            reforms=[{"title": f"The {role}'s reform", "description": "Open budget hearings in every district."}],
        )
    return users


def build(runner, course_dir: Path) -> World:
    """Role users plus one object per URL parameter, all owned by others (Olga, Pedro, Mina and the staff account)."""
    users = _role_users()
    owner = make_user(
        email="olga@owners.example.org",
        display_name="Olga Owner",
        country="KE",
        challenges=["Procurement records are scattered across ministries and nobody can follow a tender."],
        reforms=[{"title": "Open contracting portal", "description": "Every tender published as open data."}],
    )
    peer = make_user(
        email="pedro@owners.example.org",
        display_name="Pedro Peer",
        country="CO",
        challenges=["Citizens cannot see how the budget is spent in their municipality."],
        reforms=[{"title": "Participatory budgeting", "description": "Neighbourhood assemblies vote on spending."}],
    )
    mentor = make_user(
        email="mina@owners.example.org",
        display_name="Mina Mentor",
        country="PH",
        mentor_capacity=3,
        reforms=[{"title": "Beneficial ownership register", "description": "A public register of company owners."}],
    )
    staff = make_user(email="staff@owners.example.org", roles=("coordinator", "organiser"), display_name="Sam Staff")
    now = utcnow()

    if not (course_dir / "basics").exists():
        write_course(course_dir, "basics", title="Open contracting basics")
    db.session.commit()
    result = runner.invoke(args=["courses", "sync", "--dir", str(course_dir)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    course = db.session.scalar(db.select(Course).where(Course.slug == "basics"))
    template = db.session.scalar(db.select(CourseTemplate).where(CourseTemplate.course_id == course.id))
    enrolment = Enrolment(user_id=owner.id, course_id=course.id)
    db.session.add(enrolment)
    db.session.flush()
    attempt = QuizAttempt(
        enrolment_id=enrolment.id,
        language="en",
        answers={},
        results={},
        correct_count=0,
        question_count=1,
        score=0,
        passed=False,
    )
    certificate = Certificate(
        code=new_code(),
        user_id=owner.id,
        course_id=course.id,
        holder_name="Olga Owner",
        course_title="Open contracting basics",
        language="en",
    )
    token = PersonalAccessToken(
        user_id=owner.id, name="Olga's script", token_hash=hash_token("olga-token"), hint="olga-token", scopes=["read"]
    )
    job = Job(kind="directory.embed_profile", subject=f"profile:{owner.profile.id}", created_by_id=staff.id)
    batch = ImportBatch(kind="profiles", created_by_id=staff.id, sha256="0" * 64, filename="people.csv")
    request = MentoringRequest(
        requester_id=owner.profile.id,
        mentor_id=mentor.profile.id,
        state="active",
        need="I need help to publish beneficial ownership data that journalists can use.",
        languages=["en"],
        requester_country="KE",
        submitted_at=now,
        accepted_at=now,
    )
    reference = ReferencePage(language="en", title="OGP rules at a glance", intro="The rules, with their sources.")
    db.session.add_all([attempt, certificate, token, job, batch, request, reference])
    db.session.flush()
    offer = MentorOffer(
        request_id=request.id,
        mentor_id=mentor.profile.id,
        position=1,
        state="accepted",
        offered_at=now,
        answered_at=now,
    )
    note = MentorshipNote(request_id=request.id, author_id=owner.profile.id, kind="note", text="We met on Monday.")
    assignment = MentorAssignment(status="ready", created_by_id=staff.id, finished_at=now)
    db.session.add_all([offer, note, assignment])
    db.session.flush()
    row = MentorAssignmentRow(
        assignment_id=assignment.id, request_id=request.id, mentor_id=mentor.profile.id, score=0.5
    )
    run = MatchRun(status="published", created_by_id=staff.id, published_by_id=staff.id, published_at=now)
    roundtable = Roundtable(
        title="Open contracting roundtable",
        topic="Publishing procurement data",
        starts_at=now + timedelta(days=30),
        time_zone="Africa/Nairobi",
        seats=4,
        invitation_deadline=now + timedelta(days=20),
        created_by_id=staff.id,
    )
    db.session.add_all([row, run, roundtable])
    db.session.flush()
    pair = MatchPair(
        run_id=run.id,
        pair_key=f"{owner.profile.id}-{peer.profile.id}",
        a_profile_id=owner.profile.id,
        b_profile_id=peer.profile.id,
        a_country="KE",
        b_country="CO",
        score=0.5,
    )
    invitee = RoundtableInvitee(roundtable_id=roundtable.id, profile_id=owner.profile.id, list_role="invitee", rank=1)
    db.session.add_all([pair, invitee])
    db.session.flush()
    lo, hi = sorted((owner.profile.id, peer.profile.id))
    intro = Introduction(
        sender_id=owner.profile.id,
        recipient_id=peer.profile.id,
        low_profile_id=lo,
        high_profile_id=hi,
        purpose="peer_exchange",
        message="I would like to learn how your participatory budgeting assemblies vote on spending.",
        state="accepted",
        answered_at=now,
    )
    connection = Connection(kind="peer_pair", source_id=pair.id, cohort="World", started_at=now - timedelta(days=31))
    db.session.add_all([intro, connection])
    db.session.flush()
    conversation = Conversation(
        kind="introduction", source_id=intro.id, a_profile_id=owner.profile.id, b_profile_id=peer.profile.id
    )
    notification = Notification(user_id=owner.id, kind="checkin", params={"days": 30, "with": "Pedro"}, link="/")
    checkin = CheckIn(connection_id=connection.id, profile_id=owner.profile.id, day=30, due_at=now)
    db.session.add_all(
        [
            conversation,
            notification,
            checkin,
            ConnectionMember(connection_id=connection.id, profile_id=owner.profile.id, country="KE"),
        ]
    )
    db.session.flush()
    message = ConversationMessage(conversation_id=conversation.id, sender_id=peer.profile.id, body="Happy to talk.")
    # A forum-only plan with no forum: a commitment workshop (the roundtable above) that only admins can see.
    plan = ActionPlan(
        title="Forum-only action plan",
        country="KE",
        period_start=now.date(),
        period_end=(now + timedelta(days=700)).date(),
        created_by_id=staff.id,
    )
    db.session.add_all([message, plan])
    db.session.flush()
    workshop = CommitmentWorkshop(roundtable_id=roundtable.id, plan_id=plan.id, created_by_id=staff.id)
    db.session.add(workshop)
    db.session.commit()
    story = _showcase_story(owner, peer, staff)
    review_round, review_call, review = _review_panels(owner, story, staff)
    organisation, partner_offer, need, support_connection = _support(owner, staff, now)
    lesson_slug = "one"
    tokens = {role: create_token(user, f"{role}'s script", TOKEN_SCOPES, 30)[1] for role, user in users.items() if user}
    return World(
        users=users,
        tokens=tokens,
        args={
            "profile_id": owner.profile.id,
            "challenge_id": owner.profile.challenges[0].id,
            "reform_id": owner.profile.reforms[0].id,
            "user_id": owner.id,
            "token_id": token.id,
            "job_id": job.id,
            "batch_id": batch.id,
            "slug": course.slug,
            "lesson_slug": lesson_slug,
            "template_slug": template.slug if template else "forum-terms",
            "fmt": "md",
            "attempt_id": attempt.id,
            "code": certificate.code,
            "request_id": request.id,
            "offer_id": offer.id,
            "note_id": note.id,
            "assignment_id": assignment.id,
            "row_id": row.id,
            "run_id": run.id,
            "pair_id": pair.id,
            "roundtable_id": roundtable.id,
            "workshop_id": workshop.id,
            "invitee_id": invitee.id,
            "token": "not-a-real-token",
            "intro_id": intro.id,
            "kind": "introduction",
            "source_id": intro.id,
            "message_id": message.id,
            "notification_id": notification.id,
            "checkin_id": checkin.id,
            "filename": "css/app.css",
            "story_id": story.id,
            "story_slug": story.slug,
            "area": "accountability",
            "country_code": "KE",
            "round_id": review_round.id,
            "call_id": review_call.id,
            "application_id": review_call.applications[0].id,
            "review_id": review.id,
            "organisation_id": organisation.id,
            "partner_offer_id": partner_offer.id,
            "need_id": need.id,
            "connection_id": support_connection.id,
        },
    )


def _support(owner, staff, now):
    """A partner organisation (its staff: a partner who is none of the role users) with one offer, Olga's support
    request, and a connection between them proposed by the staff account."""
    from learning_hub.models import PartnerOffer, PartnerOrganisation, PartnerStaff, SupportConnection, SupportRequest

    colleague = make_user(email="paula@partners.example.org", roles=("partner",), display_name="Paula Partner")
    organisation = PartnerOrganisation(name="Ledgerline Advisers", org_type="consultancy", countries=["*"])
    organisation.staff.append(PartnerStaff(user_id=colleague.id))
    db.session.add(organisation)
    db.session.flush()
    offer = PartnerOffer(
        organisation_id=organisation.id,
        title="Open contracting data",
        description="We help agencies publish tenders as open data.",
        kind="technical_assistance",
        areas=["open_contracting"],
        countries=["*"],
    )
    need = SupportRequest(
        requester_id=owner.profile.id,
        title="Publish our tenders",
        need="Our agency wants to publish every tender as open data.",
        kind="technical_assistance",
        country="KE",
        areas=["open_contracting"],
    )
    db.session.add_all([offer, need])
    db.session.flush()
    connection = SupportConnection(
        need_id=need.id, offer_id=offer.id, partner_user_id=colleague.id, proposed_by_id=staff.id
    )
    db.session.add(connection)
    db.session.commit()
    return organisation, offer, need, connection


def _showcase_story(owner, peer, staff):
    """A published story by Olga, naming Pedro (who has not confirmed): public, and nobody's of the role users."""
    from learning_hub.showcase import services

    story = services.propose(
        owner,
        services.StoryInput(
            title="Open contracting portal in Nairobi",
            summary="Every tender published as open data.",
            problem="Nobody could follow a tender.",
            actions="We published tenders as open data.",
            results="Single-bidder tenders fell.",
            country="KE",
            level="national",
            language="en",
            areas=["accountability"],
            people=[(peer.profile.id, "Colleague")],
        ),
    )
    return services.publish(staff, story.id)


def _review_panels(owner, story, staff):
    """A recognition round nominating the story and a call for experts with Olga's application, both under review
    by two reviewers from Ghana (none of the role users); the id of one of the reviewers' assignments."""
    from learning_hub.calls import services as calls
    from learning_hub.models import ReviewAssignmentRow
    from learning_hub.recognition import services as recognition

    reviewers = [
        make_user(email=f"reviewer{n}@owners.example.org", display_name=f"Rita Reviewer {n}", country="GH")
        for n in (1, 2)
    ]
    today = utcnow().date()
    found = recognition.open_round(
        staff,
        recognition.RoundInput(
            name="Matrix awards",
            areas=["accountability"],
            opens_on=today,
            closes_on=today + timedelta(days=10),
            criteria=[("Results", 2), ("Innovation", 1)],
            reviewer_ids=[u.id for u in reviewers],
            per_item=2,
        ),
    )
    recognition.nominate(owner, found.id, story.id, "A reform that changed how tenders are followed.")
    recognition.start_review(staff, found.id)
    call = calls.publish_call(
        staff,
        calls.CallInput(
            title="Matrix call",
            terms="Review a data model.",
            deliverables="A report.",
            languages=["en"],
            budget_ceiling=10000,
            currency="USD",
            deadline=today + timedelta(days=10),
            criteria=[("Experience", 1)],
            reviewer_ids=[u.id for u in reviewers],
        ),
    )
    calls.apply(
        owner, call.id, proposal="A proposal long enough to be read by two reviewers, with a workplan.", fee=900
    )
    calls.start_review(staff, call.id)
    review = db.session.scalar(db.select(ReviewAssignmentRow).order_by(ReviewAssignmentRow.id))
    return found, call, review


def served_rules() -> list:
    """Every URL rule of a freshly built test app, for parametrising walks at collection time."""
    import config
    from learning_hub import create_app

    return sorted(create_app(config.TestingConfig).url_map.iter_rules(), key=lambda rule: rule.endpoint)


def path_for(app, rule, args: dict) -> str:
    """The URL of `rule` with the world's objects (the first choice of an `any(...)` converter)."""
    from flask import url_for

    values = {}
    for name, converter in rule._converters.items():
        if type(converter).__name__ == "AnyConverter":
            values[name] = sorted(converter.items)[0]
        elif name in args:
            values[name] = args[name]
        else:  # no object of this kind in the world: an id nobody has (the table then says what a miss gives)
            values[name] = MISSING if type(converter).__name__ in ("IdConverter", "IntegerConverter") else "sample"
    with app.test_request_context():
        return url_for(rule.endpoint, **values)

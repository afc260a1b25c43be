"""Objects for the fuzzer to find. Generated ids rarely hit real rows, so the fuzz test also draws path parameters
from the ids made here: requests then reach the services' deeper paths (ownership, state rules), not only 404."""

from __future__ import annotations

from datetime import date, time, timedelta

from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.learning import services as learning
from learning_hub.mentoring import requests as mentoring
from learning_hub.models import (
    ActionPlan,
    Challenge,
    CommitmentDraft,
    CommitmentWorkshop,
    DraftComment,
    Introduction,
    MatchPair,
    MatchRun,
    MentoringRequest,
    MentorOffer,
    Notification,
    PartnerOffer,
    PartnerOrganisation,
    Profile,
    Reform,
    Roundtable,
    RoundtableInvitee,
    ShowcaseStory,
    SupportConnection,
    SupportRequest,
)
from learning_hub.peer_exchange import services as peers
from learning_hub.roundtables import invitations
from learning_hub.roundtables import services as roundtables
from learning_hub.roundtables.generate import ListRules
from learning_hub.roundtables.services import Details
from learning_hub.roundtables.times import to_utc
from tests.api.helpers import sync_courses
from tests.learning.corpus import write_course
from tests.mentoring.helpers import MENTORS, TOPICS, make_mentor
from tests.peer_exchange.helpers import COHORT, person
from tests.roundtables.helpers import TOPIC


def seed(runner, tmp_path):
    """The cohort and mentors, two courses, match runs, mentoring requests, roundtables; returns the fuzzing
    token's owner (a coordinator and organiser who also mentors)."""
    people = {name: person(name, *spec) for name, spec in COHORT.items()}
    mentors = {name: make_mentor(name, *spec) for name, spec in MENTORS.items()}
    owner = make_mentor(
        "Fuzz", "GH", ("en",), "budget", 2, roles=("coordinator", "organiser"), challenges=(TOPICS["ownership"][0],)
    )
    engine.embed_texts([c.text for u in [*people.values(), owner] for c in u.profile.challenges])
    _courses(runner, tmp_path, owner, people["Amina"])
    _runs(owner)
    _mentoring(owner, people["Amina"], mentors["Olga"])
    _roundtables(owner)
    _introductions(owner, list(people.values()))
    _support(owner, people["Amina"])
    db.session.commit()
    return owner


def _support(owner, requester) -> None:
    """A partner organisation with an offer, a support request and a proposed connection between them."""
    from learning_hub.support import connections
    from tests.partners.helpers import need, offer, organisation, partner

    staff = partner("fuzz.partner@example.org", "Fuzz Partner")
    found = offer(staff, organisation(staff))
    row = need(requester)
    connections.propose(owner, row.id, found.id, "Publishes tenders as open data.")


def _introductions(owner, people) -> None:
    """A request waiting for the owner's answer and an accepted one with a message (real rows to answer and read)."""
    from learning_hub.introductions import conversations, services

    words = "I would like to compare notes on our registers and procurement data."
    services.ask(people[0], owner.profile.id, "peer_exchange", words)
    accepted = services.ask(owner, people[1].profile.id, "mentoring", words)
    services.accept(people[1], accepted.id)
    conversations.post(owner, "introduction", accepted.id, "Hello, see https://example.org/notes")


def _courses(runner, tmp_path, *learners) -> None:
    root = tmp_path / "fuzz-courses"
    write_course(root, "basics", title="Open contracting basics", translations=("es",))
    write_course(root, "advanced", title="Advanced coalitions", prerequisites=("basics",), level="advanced")
    sync_courses(runner, root)
    for learner in learners:
        learning.enrol(learner, "basics")


def _runs(owner) -> None:
    params = {
        "countries": [],
        "sectors": [],
        "policy_areas": [],
        "joined_since": None,
        "per_person": 2,
        "cross_country": True,
        "min_score": None,
        "exclude_held": True,
    }
    published = peers.start_run(owner, params, name="published")
    peers.publish(owner, published.id)
    peers.start_run(owner, dict(params, per_person=1), name="ready")


def _mentoring(owner, requester, mentor) -> None:
    asking_owner = mentoring.create_draft(
        requester, need=TOPICS["budget"][0], languages=["en"], preferred_countries=[], excluded_countries=[]
    )
    mentoring.submit(requester, asking_owner.id, [owner.profile.id])
    queued = mentoring.create_draft(
        owner, need=TOPICS["contracts"][0], languages=["en"], preferred_countries=[], excluded_countries=[]
    )
    mentoring.submit(owner, queued.id, [])
    sent = mentoring.create_draft(
        owner, need=TOPICS["contracts"][0], languages=["en"], preferred_countries=[], excluded_countries=[]
    )
    mentoring.submit(owner, sent.id, [mentor.profile.id])
    mentoring.create_draft(
        owner, need=TOPICS["ownership"][0], languages=["en"], preferred_countries=[], excluded_countries=[]
    )


def _roundtables(owner) -> None:
    start = date.today() + timedelta(days=30)
    zone = "Africa/Nairobi"
    details = Details(
        title="Ownership roundtable",
        topic=TOPIC,
        starts_at=to_utc(start, time(14, 0), zone),
        time_zone=zone,
        duration_minutes=90,
        format="virtual",
        location=None,
        invitation_deadline=to_utc(start - timedelta(days=10), time(17, 0), zone),
    )
    rules = ListRules(
        title=details.title, topic=TOPIC, seats=3, quotas=[], max_per_country=None, pins=[owner.profile.id], excludes=[]
    )
    inviting = roundtables.create(owner, details, rules)
    invitations.send_invitations(owner, inviting.id)
    roundtables.create(owner, details, rules)


def known_path_values() -> dict[str, list]:
    """Real ids and slugs by path parameter name, plus one that matches nothing."""

    def ids(model) -> list[int]:
        return [*list(db.session.scalars(db.select(model.id).order_by(model.id))), 2**31 - 1]

    return {
        "profile_id": ids(Profile),
        "challenge_id": ids(Challenge),
        "reform_id": ids(Reform),
        "run_id": ids(MatchRun),
        "pair_id": ids(MatchPair),
        "request_id": ids(MentoringRequest),
        "offer_id": ids(MentorOffer),
        "roundtable_id": ids(Roundtable),
        "invitee_id": ids(RoundtableInvitee),
        "intro_id": ids(Introduction),
        "notification_id": ids(Notification),
        "plan_id": ids(ActionPlan),
        "draft_id": ids(CommitmentDraft),
        "comment_id": ids(DraftComment),
        "workshop_id": ids(CommitmentWorkshop),
        "kind": ["introduction", "mentorship", "peer_pair", "nothing"],
        "source_id": sorted({*ids(Introduction), *ids(MentoringRequest), *ids(MatchPair)}),
        "slug": ["basics", "advanced", "retired-or-missing"],
        "lesson_slug": ["one", "two", "four", "nope"],
        "story_id": ids(ShowcaseStory),
        "story_slug": ["open-contracting-portal-in-nairobi", "no-such-story"],
        "organisation_id": ids(PartnerOrganisation),
        "partner_offer_id": ids(PartnerOffer),
        "need_id": ids(SupportRequest),
        "connection_id": ids(SupportConnection),
    }

"""Demo data: a few peer pairs of the published demo run that both accepted three months ago, their 90-day
check-ins (sent as notifications), and answers to most of them, so that /notifications and /outcomes are filled."""

from __future__ import annotations

from datetime import timedelta

from learning_hub.computations import Status
from learning_hub.extensions import db
from learning_hub.models import CheckIn, Connection, HeldPair, MatchPair, MatchRun, User, utcnow
from learning_hub.models.peer_exchange import PairState
from learning_hub.notifications import followup

DEMO_REFORMER = "reformer@example.org"
PAIRS = 7
# (met, outcome, artefact, story, consent), given in turn to the people whose check-in arrived.
ANSWERS = [
    (
        True,
        "reform",
        "https://www.opengovpartnership.org/members/kenya/commitments/KE0026/",
        "Our county copied their open contracting portal rules and published every tender since July.",
        True,
    ),
    (True, "commitment", None, "We rewrote our draft commitment on beneficial ownership after two calls.", True),
    (
        True,
        "reform",
        "https://www.boletinoficial.gob.ar/",
        "The decree on open procurement data passed with a clause we borrowed.",
        True,
    ),
    (True, "ideas", None, "Useful ideas on how to verify company owners with tax data.", False),
    (True, "reform", "https://data.gov.ph/", "We published the first dataset of public works contracts.", True),
    (True, "support", None, "Their ministry agreed to train our data team.", False),
    (True, "reform", "https://jdih.kemenkeu.go.id/", "A regulation on publishing budget data was adopted.", True),
    (False, "nothing", None, None, False),
    (True, "reform", "https://www.gob.mx/", "The procurement law now requires open data from day one.", False),
    (True, "other", None, "We are co-writing a short guide for other cities.", True),
    (
        True,
        "reform",
        "https://www.opengovpartnership.org/members/philippines/",
        "Our city council adopted a beneficial ownership disclosure rule.",
        True,
    ),
    (False, "nothing", None, None, False),
]


def seed_outcomes(echo) -> str:
    if db.session.scalar(db.select(Connection.id).where(Connection.kind == "peer_pair").limit(1)):
        return "already there"
    run = db.session.scalar(
        db.select(MatchRun).where(MatchRun.status == Status.PUBLISHED).order_by(MatchRun.id.desc()).limit(1)
    )
    if run is None:  # steps run in import order: make sure the peer-exchange demo (idempotent) has run first
        from learning_hub.peer_exchange.demo import seed_peer_exchange

        seed_peer_exchange(echo)
        run = db.session.scalar(
            db.select(MatchRun).where(MatchRun.status == Status.PUBLISHED).order_by(MatchRun.id.desc()).limit(1)
        )
    if run is None:
        return "skipped: no published match run"
    reformer = db.session.scalar(db.select(User).where(User.email == DEMO_REFORMER))
    mine = reformer.profile.id if reformer is not None and reformer.profile is not None else None
    pairs = db.session.scalars(
        db.select(MatchPair).where(
            MatchPair.run_id == run.id,
            MatchPair.state.in_((PairState.SUGGESTED, PairState.LOCKED)),
            MatchPair.a_profile_id.is_not(None),
            MatchPair.b_profile_id.is_not(None),
        )
    ).all()
    pairs = sorted(pairs, key=lambda p: (mine not in (p.a_profile_id, p.b_profile_id), -p.score))[:PAIRS]
    if not pairs:
        return "skipped: the published run has no pairs"
    now = utcnow()
    accepted_at = now - timedelta(days=95)
    for pair in pairs:
        pair.a_response = pair.b_response = "accepted"
        pair.a_responded_at = pair.b_responded_at = pair.introduced_at = accepted_at
        low, high = sorted((pair.a_profile_id, pair.b_profile_id))
        if (
            db.session.scalar(
                db.select(HeldPair.id).where(HeldPair.low_profile_id == low, HeldPair.high_profile_id == high)
            )
            is None
        ):
            db.session.add(HeldPair(low_profile_id=low, high_profile_id=high, pair_id=pair.id, held_at=accepted_at))
    db.session.commit()
    sent = followup.send_due_checkins(now)
    checkins = db.session.scalars(db.select(CheckIn).order_by(CheckIn.id)).all()
    answered = 0
    for checkin, (met, outcome, artefact, story, consent) in zip(
        [c for c in checkins if c.profile_id != mine], ANSWERS, strict=False
    ):
        checkin.met, checkin.outcome, checkin.artefact_url = met, outcome, artefact
        checkin.story, checkin.showcase_consent = story, consent
        checkin.answered_at = now - timedelta(days=2)
        answered += 1
    db.session.commit()
    return f"{len(pairs)} peer pairs followed up: {sent} check-ins sent, {answered} answered"

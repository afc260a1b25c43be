"""Demo content for `flask seed demo`: one open call for experts with three applications (one for a partner
organisation), a panel of three reviewers and one declared conflict of interest, made through the same services as
the pages. Idempotent: nothing is added once any call exists."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning_hub.calls import services
from learning_hub.extensions import db
from learning_hub.models import ExpertCall, User, utcnow

COORDINATOR = "coordinator@example.org"
REVIEWERS = ("rafael.almeida@example.org", "ousmane.ndiaye@example.org", "salma.benjelloun@example.org")

CALL = {
    "title": "Beneficial ownership register: data model and verification workflow for Honduras",
    "terms": "The procurement regulator is preparing a register of the beneficial owners of companies that bid for "
    "public contracts. We seek an expert or a small team to review the draft data model against the Beneficial "
    "Ownership Data Standard, design a verification workflow that the regulator's eight analysts can run, and train "
    "them. Remote work with one week in Tegucigalpa; Spanish is essential.",
    "deliverables": "1. A review of the draft data model with proposed changes (week 3). 2. A verification workflow "
    "with risk flags and sample checks (week 6). 3. Two days of training for the analysts and a short manual in "
    "Spanish (week 8).",
    "languages": ["es", "en"],
    "budget_ceiling": 18000,
    "currency": "USD",
    "criteria": [
        ("Understanding of the terms of reference", 2),
        ("Relevant experience with ownership data", 3),
        ("Quality of the workplan", 2),
        ("Value for money", 1),
    ],
}

APPLICATIONS = [
    (
        "javier.morales@example.org",
        "",
        "I led the data model review for two beneficial ownership registers in Latin America and would start from "
        "the regulator's draft, mapping each field to the standard and flagging the ones that cannot be verified. "
        "The verification workflow would rely on cross-checks with the company registry and procurement records, "
        "with a sample of 5 per cent checked by hand each month. Training in Spanish, with exercises on real bids.",
        16500,
    ),
    (
        "genevieve.tremblay@example.org",
        "Centre international pour l'ouverture",
        "Our centre has supported registers in West Africa and the Caribbean. A two-person team would review the "
        "data model remotely in the first three weeks, then spend the week in Tegucigalpa co-designing the "
        "verification workflow with the analysts, so that it fits their caseload. We propose a manual written with "
        "them rather than for them, and a follow-up call three months later.",
        17800,
    ),
    (
        "oliver.pritchard@example.org",
        "",
        "I maintain open-source tools for ownership data and can adapt our validation scripts to the regulator's "
        "model; the workflow would flag circular ownership, nominee patterns and mismatches with tax records. I "
        "would deliver the training in English with an interpreter, and the manual in English with a Spanish "
        "translation reviewed by the analysts.",
        12000,
    ),
]


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def seed_call(echo) -> str | None:
    if db.session.scalar(select(ExpertCall.id).limit(1)):
        return None
    coordinator = _user(COORDINATOR)
    reviewers = [u for u in (_user(e) for e in REVIEWERS) if u is not None]
    if coordinator is None or len(reviewers) < services.MIN_REVIEWERS:
        return None
    call = services.publish_call(
        coordinator,
        services.CallInput(
            deadline=utcnow().date() + timedelta(days=20),
            reviewer_ids=[u.id for u in reviewers],
            per_item=2,
            **CALL,
        ),
    )
    made = 0
    for email, organisation, proposal, fee in APPLICATIONS:
        applicant = _user(email)
        if applicant is not None:
            services.apply(applicant, call.id, proposal=proposal, fee=fee, organisation=organisation)
            made += 1
    if made:
        # The first reviewer once worked with the first applicant's firm: declared, so never assigned it.
        first = call.applications[0]
        services.set_conflict(reviewers[0], call.id, first.id, conflicted=True, reason="Former colleague")
    return f"1 open call for experts with {made} applications"

"""Demo content for `flask seed demo`: the demo commitment library (demo/commitment_library.csv, written for this
project: 49 commitments from 16 countries in four languages), then one Honduran action plan in co-creation with its
forum, three drafts (one in Spanish, one saved twice so versions can be compared) and comments, answered and not,
and a commitment workshop on two of the drafts (a roundtable whose list balances government and civil society).

Idempotent: library rows are found by id, the plan by its title. Texts are embedded here (a CLI step may write the
embedding cache; a page never does), so the precedents panel is filled on a fresh `make run`.
"""

from __future__ import annotations

import csv
from datetime import date, time, timedelta
from pathlib import Path

from learning_hub import engine
from learning_hub.cocreation import services
from learning_hub.cocreation.precedents import draft_texts
from learning_hub.extensions import db
from learning_hub.models import ActionPlan, CommitmentWorkshop, LibraryReform, User, utcnow

LIBRARY_FILE = Path(__file__).resolve().parents[2] / "demo" / "commitment_library.csv"
LIBRARY_SOURCE = "demo"
PLAN_TITLE = "Honduras Open Government Action Plan 2026–2028 (demo)"
FACILITATOR = "dania.castellanos@example.org"
WORKSHOP_TITLE = "Commitment workshop: open contracting and beneficial ownership (demo)"
WORKSHOP_TOPIC = (
    "Government and civil society work together on two draft commitments: publishing municipal public works "
    "contracts with the Open Contracting Data Standard, and a register of who really owns the companies that win "
    "public contracts."
)
WORKSHOP_ZONE = "America/Tegucigalpa"
FORUM = (
    ("joseluis.mejia@example.org", "government", "member"),
    ("oscar.banegas@example.org", "government", "member"),
    ("lourdes.fiallos@example.org", "parliament", "member"),
    ("karla.maradiaga@example.org", "oversight", "observer"),
    ("reformer@example.org", "civil_society", "member"),
)

DRAFTS = [
    (
        "joseluis.mejia@example.org",
        services.DraftContent(
            title="Open contracting for municipal public works",
            problem=(
                "Residents of many municipalities see roads, schools and water systems started and then abandoned. "
                "They cannot find out who the contractor is, how much has been paid or when the work should finish."
            ),
            status_quo=(
                "Municipalities publish tender notices, but awards, contract changes and payments stay on paper."
            ),
            commitment=(
                "The procurement office will publish data on every municipal public works contract, from planning to "
                "final payment, using the Open Contracting Data Standard."
            ),
            values=["transparency"],
            values_text="Contract data becomes public and reusable.",
            stakeholders="Procurement office (ONCAE), municipalities, civil society monitors.",
            areas=["open_contracting", "open_data"],
            milestones=[
                {
                    "deliverable": "Publish the first contracts on the portal",
                    "lead": "ONCAE",
                    "start": "2026-09-01",
                    "end": "2027-03-31",
                },
            ],
        ),
        services.DraftContent(
            title="Open contracting for municipal public works",
            problem=(
                "Residents of many municipalities see roads, schools and water systems started and then abandoned. "
                "They cannot find out who the contractor is, how much has been paid or when the work should finish, "
                "and they have no channel to report problems."
            ),
            status_quo=(
                "Municipalities publish tender notices, but awards, contract changes and payments stay on paper."
            ),
            commitment=(
                "The procurement office will publish data on every municipal public works contract, from planning to "
                "final payment, using the Open Contracting Data Standard, so that residents can follow each work. "
                "Residents will be able to report problems by text message and the municipality will answer publicly "
                "within 15 days."
            ),
            values=["transparency", "accountability"],
            values_text=(
                "Contract data becomes public and reusable, and public answers to residents' reports make "
                "municipalities accountable for delays."
            ),
            stakeholders="Procurement office (ONCAE), municipalities, civil society monitors, community boards.",
            areas=["open_contracting", "open_data", "public_participation"],
            milestones=[
                {
                    "deliverable": "Publish the first 500 contracts on the open contracting portal",
                    "lead": "ONCAE",
                    "start": "2026-09-01",
                    "end": "2027-03-31",
                },
                {
                    "deliverable": "Text-message reporting channel in 20 municipalities",
                    "lead": "",
                    "start": "2027-01-01",
                    "end": "2029-06-30",
                },
            ],
        ),
    ),
    (
        "lourdes.fiallos@example.org",
        services.DraftContent(
            title="Beneficial ownership of companies that win public contracts",
            problem=(
                "Audits found that officials and their relatives secretly own companies that win public contracts. "
                "Bidders are not asked to declare their real owners."
            ),
            status_quo="There is no beneficial ownership register; the company registry records legal owners only.",
            commitment=(
                "Congress will pass a law requiring every bidder for public contracts to declare its beneficial "
                "owners, and the procurement office will publish the owners of winning companies."
            ),
            values=["transparency", "accountability"],
            values_text="Hidden conflicts of interest in public procurement can be seen and sanctioned.",
            stakeholders="National Congress, procurement office, chambers of commerce, anti-corruption groups.",
            areas=["beneficial_ownership", "anti_corruption", "open_contracting"],
            milestones=[
                {
                    "deliverable": "Bill on beneficial ownership of suppliers tabled in Congress",
                    "lead": "National Congress",
                    "start": "2026-10-01",
                    "end": "2027-06-30",
                },
            ],
        ),
    ),
    (
        "oscar.banegas@example.org",
        services.DraftContent(
            title="Presupuesto participativo con enfoque de género en los municipios",
            problem=(
                "Las mujeres y los jóvenes de las aldeas rurales casi no participan en las decisiones sobre la "
                "inversión municipal, y las obras priorizadas rara vez responden a sus necesidades."
            ),
            status_quo=(
                "Los cabildos abiertos se convocan con poca anticipación y en horarios en que las mujeres no pueden "
                "asistir."
            ),
            commitment=(
                "Veinte municipalidades realizarán asambleas de presupuesto participativo en cada aldea, con cuotas "
                "de participación de mujeres y jóvenes, y publicarán en línea los proyectos votados y su ejecución."
            ),
            values=["participation"],
            values_text="Las comunidades deciden una parte de la inversión municipal y pueden seguir su ejecución.",
            stakeholders="Asociación de Municipios, redes de mujeres, organizaciones juveniles.",
            areas=["public_participation", "gender_inclusion", "fiscal_openness"],
            milestones=[
                {
                    "deliverable": "Guía de presupuesto participativo publicada",
                    "lead": "Asociación de Municipios",
                    "start": "2026-09-01",
                    "end": "2027-02-28",
                },
                {
                    "deliverable": "Asambleas en veinte municipalidades",
                    "lead": "Municipalidades",
                    "start": "2027-03-01",
                    "end": "2028-06-30",
                },
            ],
        ),
    ),
]

COMMENTS = [
    # (draft index, author, body, response, reason)
    (
        0,
        "reformer@example.org",
        "Please add a deadline for the municipality's public answer to residents' reports.",
        "accepted",
        "Added: municipalities answer publicly within 15 days.",
    ),
    (
        0,
        "karla.maradiaga@example.org",
        "The second milestone has no lead institution. Who runs the text-message channel?",
        None,
        None,
    ),
    (
        1,
        "joseluis.mejia@example.org",
        "A law may take longer than the plan. Could the procurement office require declarations by regulation first?",
        "partly",
        "We keep the bill and add a regulation as an interim step in the next version.",
    ),
    (
        2,
        "karla.maradiaga@example.org",
        "¿Cómo se verificará que las cuotas de participación de mujeres se cumplan en cada asamblea?",
        "not_accepted",
        "La verificación ya está prevista en las actas de asamblea que publica cada municipalidad.",
    ),
]


def load_library(path: Path = LIBRARY_FILE) -> int:
    """Add the demo commitment library's rows that are not there yet; returns how many were added."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(
        db.session.scalars(db.select(LibraryReform.external_id).where(LibraryReform.source == LIBRARY_SOURCE))
    )
    added = 0
    for row in rows:
        if row["id"] in existing:
            continue
        db.session.add(
            LibraryReform(
                source=LIBRARY_SOURCE,
                external_id=row["id"],
                country=row["country"],
                title=row["title"],
                description=row["text"],
                language=row["language"] or None,
                year=int(row["year"]) if row["year"] else None,
                completion=row["completion"] or None,
                assessment=row["assessment"] or None,
            )
        )
        added += 1
    db.session.commit()
    return added


def _user(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email))


def seed_cocreation(echo) -> str:
    from learning_hub.directory.tasks import embed_library

    added = load_library()
    facilitator = _user(FACILITATOR)
    if facilitator is None:
        return f"library: {added} commitments added; plan skipped: no {FACILITATOR} account"
    plan = db.session.scalar(db.select(ActionPlan).where(ActionPlan.title == PLAN_TITLE))
    if plan is None:
        plan = services.create_plan(
            facilitator,
            services.PlanDetails(
                title=PLAN_TITLE,
                country="HN",
                level="national",
                institution=None,
                period_start=date(2026, 9, 1),
                period_end=date(2028, 8, 31),
                is_public=True,
                stakeholder_group="civil_society",
            ),
        )
        for email, group, role in FORUM:
            if _user(email) is not None:
                services.add_member(facilitator, plan.id, email, group, role)
        drafts = []
        for author_email, first, *later in DRAFTS:
            author = _user(author_email) or facilitator
            draft = services.create_draft(author, plan.id, first)
            for content in later:
                services.save_draft(author, draft.id, content)
            drafts.append(draft)
        for index, email, body, response, reason in COMMENTS:
            author = _user(email)
            if author is None:
                continue
            comment = services.add_comment(author, drafts[index].id, body)
            if response:
                services.respond(facilitator, comment.id, response, reason)
        created = "created"
    else:
        created = "already there"
    embed_library()
    texts = [text for draft in plan.drafts for text in draft_texts(draft)]
    db.session.commit()
    engine.embed_texts(texts)
    workshop = seed_workshop(facilitator, plan, echo)
    return f"library: {added} commitments added; plan {created} ({len(plan.drafts)} drafts); {workshop}"


def seed_workshop(facilitator: User, plan: ActionPlan, echo) -> str:
    """One commitment workshop on the demo plan, six weeks ahead, on its first two drafts: ten seats, at least 40%
    each for government and civil society, at least 40% women."""
    from learning_hub.cocreation import workshops
    from learning_hub.errors import DomainError
    from learning_hub.roundtables import people, times
    from learning_hub.roundtables.generate import ListRules
    from learning_hub.roundtables.quotas import QuotaRow
    from learning_hub.roundtables.services import Details

    existing = db.session.scalar(db.select(CommitmentWorkshop).where(CommitmentWorkshop.plan_id == plan.id).limit(1))
    if existing is not None:
        return f"workshop #{existing.id} already there"
    listed = [t for c in people.load_candidates() for t in c.texts]
    echo(f"Embedding {len(listed)} texts of listed people for the demo workshop...")
    engine.embed_texts(listed)
    drafts = plan.drafts[:2]
    start = utcnow().date() + timedelta(days=42)
    details = Details(
        title=WORKSHOP_TITLE,
        topic=WORKSHOP_TOPIC,
        starts_at=times.to_utc(start, time(9, 30), WORKSHOP_ZONE),
        time_zone=WORKSHOP_ZONE,
        duration_minutes=180,
        format="in_person",
        location="Tegucigalpa, Centro Cívico Gubernamental, sala 3",
        invitation_deadline=times.to_utc(start - timedelta(days=10), time(17, 0), WORKSHOP_ZONE),
    )
    rules = ListRules(
        title=WORKSHOP_TITLE,
        topic=WORKSHOP_TOPIC,
        seats=10,
        quotas=[*workshops.side_quotas("40%", "40%"), QuotaRow("gender", "woman", "40%")],
        max_per_country=None,
        pins=[],
        excludes=[],
    )
    try:
        workshop = workshops.start(facilitator, plan.id, details, rules, [d.id for d in drafts])
    except DomainError as exc:
        return f"workshop not created: {exc.message}"
    return f"workshop #{workshop.id} on {len(drafts)} drafts ({workshop.roundtable.seats} seats)"

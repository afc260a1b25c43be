"""Demo data: invented partner organisations with offers across the programme's seven countries, the demo people
who work in development finance as their staff (they get the partner role), some support requests in four
languages (one rapid-response case), and one proposed connection. Every organisation and text is invented."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from learning_hub.extensions import db
from learning_hub.models import (
    PartnerOffer,
    PartnerOrganisation,
    PartnerStaff,
    Role,
    User,
    utcnow,
)
from learning_hub.support import connections, services
from learning_hub.support.tasks import schedule_embedding

COORDINATOR = "coordinator@example.org"
STAFF = (
    "santiago.restrepo@example.org",
    "antonio.soriano@example.org",
    "oliver.pritchard@example.org",
    "thandeka.mokoena@example.org",
    "genevieve.tremblay@example.org",
    "javier.morales@example.org",
)

# (name, type, countries, areas, languages, description, [offers]); an offer is
# (title, kind, areas, countries, size, how to apply, language, days valid or None, text)
ORGANISATIONS = [
    (
        "Cordillera Governance Fund",
        "foundation",
        ["CO", "HN"],
        ["public_participation", "fiscal_openness"],
        ["es", "en"],
        "A private foundation supporting participatory budgeting and fiscal transparency in the Andes and Central "
        "America.",
        [
            (
                "Fondos semilla para presupuestos participativos",
                "funding",
                ["public_participation", "fiscal_openness"],
                ["CO", "HN"],
                "USD 10.000 a 40.000",
                "Formulario en línea; respuesta en seis semanas.",
                "es",
                240,
                "Financiamos a gobiernos municipales y organizaciones comunitarias que abren sus presupuestos a la "
                "ciudadanía. Cubrimos asambleas barriales, votación en línea y el seguimiento de las obras "
                "elegidas por los vecinos durante un año.",
            ),
        ],
    ),
    (
        "Ledgerline Procurement Advisers",
        "consultancy",
        ["*"],
        ["open_contracting", "digital_governance", "open_data"],
        ["en", "es", "fr"],
        "A consultancy of procurement specialists and data engineers.",
        [
            (
                "Open contracting data publication for procurement agencies",
                "technical_assistance",
                ["open_contracting", "open_data"],
                ["*"],
                "Three to six months of a two-person team",
                "Write to the team with a short description of your e-procurement system.",
                "en",
                365,
                "We help procurement agencies publish every stage of their tenders and contracts as open data. We "
                "map the existing e-procurement system, design the publication pipeline, add data quality checks "
                "and train the agency's staff to keep it running.",
            ),
        ],
    ),
    (
        "Savannah Accountability Trust",
        "international_ngo",
        ["GH", "KE", "NG"],
        ["public_service_delivery", "gender_inclusion"],
        ["en"],
        "An NGO network training communities to monitor public services.",
        [
            (
                "Community scorecards for clinics and schools",
                "training",
                ["public_service_delivery", "gender_inclusion"],
                ["GH", "KE", "NG"],
                "Up to 40 volunteers per district",
                "Apply through a partner civil society organisation.",
                "en",
                200,
                "We train community volunteers, with at least half of them women, to check health centres and "
                "schools every month with a scorecard and to present their findings to district or county "
                "committees, so that missing drugs and absent staff are fixed.",
            ),
            (
                "Small grants for social accountability coalitions",
                "funding",
                ["public_service_delivery"],
                ["GH", "KE", "NG"],
                "USD 5,000 to 15,000",
                "Calls twice a year.",
                "en",
                -10,
                "Grants for coalitions that follow up on public service promises in their district.",
            ),
        ],
    ),
    (
        "Nusantara Data Institute",
        "research_institute",
        ["ID", "PH"],
        ["open_data", "digital_governance", "anti_corruption"],
        ["id", "en"],
        "A research institute on public data in Southeast Asia.",
        [
            (
                "Riset dan audit kualitas data terbuka pemerintah daerah",
                "research",
                ["open_data", "digital_governance"],
                ["ID", "PH"],
                "Dua sampai empat bulan",
                "Kirim surat permohonan ke tim riset kami.",
                "id",
                300,
                "Kami menilai kualitas portal data terbuka pemerintah daerah, menyusun rekomendasi standar data, "
                "dan melatih pegawai dinas komunikasi dan informatika agar data anggaran dan pengadaan dapat "
                "digunakan oleh warga.",
            ),
        ],
    ),
    (
        "Beacon Whistleblower Legal Network",
        "international_ngo",
        ["*"],
        ["anti_corruption", "justice", "civic_space"],
        ["en", "fr", "es"],
        "Lawyers who advise on whistleblower protection and anti-corruption law.",
        [
            (
                "Legal review of whistleblower protection bills",
                "legal_advice",
                ["anti_corruption", "justice"],
                ["*"],
                "Pro bono, two to eight weeks",
                "Send the draft bill and the parliamentary calendar.",
                "en",
                180,
                "Our lawyers review draft whistleblower protection laws and regulations against international "
                "standards, propose amendments, and brief parliamentary committees before the vote.",
            ),
        ],
    ),
    (
        "Archipelago Civic Tech Lab",
        "consultancy",
        ["PH", "ID"],
        ["digital_governance", "public_participation"],
        ["en", "id"],
        "Civic technologists building tools with local governments.",
        [
            (
                "Citizen feedback tools for local governments",
                "tools",
                ["digital_governance", "public_participation"],
                ["PH", "ID"],
                "Free open-source tool plus paid set-up",
                "Book a call with the lab.",
                "en",
                400,
                "An open-source platform for residents to report problems with roads, water and waste by text "
                "message or web, routed to the right municipal office, with public response times.",
            ),
        ],
    ),
    (
        "Fonds francophone pour la transparence",
        "donor_agency",
        ["SN", "CI", "MA", "TN"],
        ["access_to_information", "open_parliament"],
        ["fr"],
        "Une agence de coopération qui soutient l'accès à l'information en Afrique francophone.",
        [
            (
                "Appui aux lois d'accès à l'information",
                "technical_assistance",
                ["access_to_information"],
                ["SN", "CI", "MA", "TN"],
                "Missions d'experts de deux semaines",
                "Demande écrite du ministère concerné.",
                "fr",
                250,
                "Nous envoyons des experts pour rédiger les décrets d'application des lois d'accès à "
                "l'information, former les responsables de l'information et mettre en place le registre des "
                "demandes.",
            ),
        ],
    ),
    (
        "Meridian Development Bank Governance Facility",
        "development_bank",
        ["CO", "GH", "HN", "ID", "KE", "NG", "PH"],
        ["fiscal_openness", "digital_governance"],
        ["en", "es"],
        "The governance facility of a regional development bank.",
        [
            (
                "Financing for public financial management reforms",
                "funding",
                ["fiscal_openness", "digital_governance"],
                ["CO", "GH", "HN", "ID", "KE", "NG", "PH"],
                "USD 250,000 to 2 million, co-financed",
                "Through the ministry of finance's request to the bank.",
                "en",
                500,
                "Loans and grants for ministries of finance that modernise budget systems, publish budget data in "
                "machine-readable formats and open the budget cycle to public scrutiny.",
            ),
        ],
    ),
    (
        "Open Parliament Exchange",
        "international_ngo",
        ["*"],
        ["open_parliament", "public_participation"],
        ["en", "fr"],
        "A network of parliamentary staff and monitoring organisations.",
        [
            (
                "Peer support for parliamentary openness action plans",
                "training",
                ["open_parliament"],
                ["*"],
                "Workshops and a three-month peer exchange",
                "Ask through the parliament's secretariat.",
                "en",
                150,
                "We pair parliamentary staff with peers from other parliaments to publish votes, committee records "
                "and draft bills, and to open public consultations on legislation.",
            ),
        ],
    ),
    (
        "Terra Extractives Transparency Initiative",
        "international_ngo",
        ["GH", "NG", "CO", "ID", "PH"],
        ["extractives", "beneficial_ownership"],
        ["en", "es"],
        "An initiative on transparency in oil, gas and mining.",
        [
            (
                "Beneficial ownership disclosure for extractive licences",
                "technical_assistance",
                ["extractives", "beneficial_ownership"],
                ["GH", "NG", "CO", "ID", "PH"],
                "Six months of advisory support",
                "Request from the national multi-stakeholder group.",
                "en",
                300,
                "We help licensing agencies collect and publish the real owners of companies holding mining, oil "
                "and gas licences, link the data with the company register and check it against other sources.",
            ),
        ],
    ),
    (
        "Equal Voice Foundation",
        "foundation",
        ["KE", "NG", "GH", "PH"],
        ["gender_inclusion", "civic_space"],
        ["en"],
        "A foundation supporting women's participation in public decisions.",
        [
            (
                "Grants for women-led civic groups",
                "funding",
                ["gender_inclusion", "civic_space"],
                ["KE", "NG", "GH", "PH"],
                "USD 3,000 to 20,000",
                "Online application, rolling.",
                "en",
                90,
                "Flexible grants for women-led community groups that take part in local budget hearings, monitor "
                "services or defend their right to organise.",
            ),
        ],
    ),
    (
        "Justicia Abierta Centroamérica",
        "research_institute",
        ["HN", "GT", "SV"],
        ["justice", "access_to_information"],
        ["es"],
        "Centro de investigación sobre justicia abierta en Centroamérica.",
        [
            (
                "Investigación sobre datos judiciales abiertos",
                "research",
                ["justice", "open_data"],
                ["HN", "GT", "SV"],
                "Estudios de tres meses",
                "Carta de intención del poder judicial o de una organización aliada.",
                "es",
                220,
                "Analizamos cómo los tribunales publican sentencias y estadísticas, proponemos un estándar de datos "
                "judiciales abiertos y acompañamos a las cortes en su primera publicación.",
            ),
        ],
    ),
    (
        "Kilimo Budget Watch",
        "international_ngo",
        ["KE"],
        ["fiscal_openness", "public_participation"],
        ["en"],
        "A Kenyan-led network on county budgets.",
        [
            (
                "County budget hearing facilitation",
                "technical_assistance",
                ["fiscal_openness", "public_participation"],
                ["KE"],
                "Two facilitators for a budget cycle",
                "Email the network's county desk.",
                "en",
                120,
                "We help county governments hold budget hearings people can follow: simplified budget summaries, "
                "hearings in every ward, and a published response to each proposal.",
            ),
        ],
    ),
]

# (requester email, title, kind, country, areas, language, rapid, days until needed, size, others, text)
NEEDS = [
    (
        "natalia.rojas@example.org",
        "Apoyo urgente para publicar contratos antes del debate del presupuesto",
        "technical_assistance",
        "CO",
        ["open_contracting", "open_data"],
        "es",
        True,
        21,
        "Dos expertos durante tres semanas",
        "La Agencia de compras públicas y dos organizaciones de la sociedad civil.",
        "El Concejo votará el presupuesto en tres semanas y el alcalde aceptó publicar todos los contratos de obra "
        "como datos abiertos antes de esa fecha. Necesitamos apoyo técnico para extraer los datos del sistema de "
        "compras, publicarlos con un estándar reconocido y explicar su uso a periodistas.",
    ),
    (
        "reformer@example.org",
        "Scorecards for maternity services in our county",
        "training",
        "KE",
        ["public_service_delivery", "gender_inclusion"],
        "en",
        False,
        120,
        "About USD 10,000 for a year",
        "The county health committee and two women's groups.",
        "Mothers tell us the health centre runs out of drugs and that maternity staff are missing at night. We want "
        "to train volunteers to check the facility every month with a scorecard and present the findings to the "
        "county health committee.",
    ),
    (
        "sri.wahyuni@example.org",
        "Membenahi portal data terbuka kabupaten",
        "research",
        "ID",
        ["open_data", "digital_governance"],
        "id",
        False,
        90,
        "Tiga bulan pendampingan",
        "Dinas komunikasi dan informatika serta Bappeda.",
        "Portal data terbuka kabupaten kami berisi banyak berkas yang tidak lengkap dan tidak diperbarui. Kami "
        "membutuhkan penilaian kualitas data dan rekomendasi standar agar data anggaran dapat dipakai warga.",
    ),
    (
        "ousmane.ndiaye@example.org",
        "Décrets d'application de la loi sur l'accès à l'information",
        "technical_assistance",
        "SN",
        ["access_to_information"],
        "fr",
        False,
        150,
        "Une mission d'expert de deux semaines",
        "Le ministère de la communication et une coalition de la société civile.",
        "La loi sur l'accès à l'information a été votée mais ses décrets d'application ne sont pas rédigés. Nous "
        "avons besoin d'un appui pour rédiger les décrets et former les premiers responsables de l'information.",
    ),
    (
        "emeka.okonkwo@example.org",
        "Publishing the real owners of mining licence holders",
        "technical_assistance",
        "NG",
        ["extractives", "beneficial_ownership"],
        "en",
        False,
        180,
        "Six months of advice",
        "The mining cadastre office and the national multi-stakeholder group.",
        "The cadastre office wants to publish who really owns the companies holding mining licences. We need advice "
        "on collecting the declarations, linking them with the company register and checking them.",
    ),
    (
        "karla.maradiaga@example.org",
        "Datos abiertos de sentencias judiciales",
        "research",
        "HN",
        ["justice", "open_data"],
        "es",
        False,
        200,
        "Un estudio de tres meses",
        "La Corte Suprema y una red de periodistas.",
        "Queremos que los tribunales publiquen sus sentencias y estadísticas en formatos abiertos. Necesitamos un "
        "estudio de lo que se publica hoy y una propuesta de estándar de datos judiciales.",
    ),
]


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email))


def _offer(org: PartnerOrganisation, entry, today) -> PartnerOffer:
    title, kind, areas, countries, size, apply, language, days, text = entry
    return PartnerOffer(
        organisation_id=org.id,
        title=title,
        kind=kind,
        areas=areas,
        countries=countries,
        size_range=size,
        how_to_apply=apply,
        language=language,
        valid_until=today + timedelta(days=days) if days is not None else None,
        description=text,
    )


def seed_support(echo) -> str | None:
    if db.session.scalar(select(PartnerOrganisation.id).limit(1)):
        return None
    coordinator = _user(COORDINATOR)
    staff = [user for user in (_user(email) for email in STAFF) if user is not None]
    if coordinator is None or not staff:
        return None
    for user in staff:
        user.grant(Role.PARTNER)
    db.session.commit()
    today = utcnow().date()
    offers = []
    for i, (name, org_type, countries, areas, languages, description, entries) in enumerate(ORGANISATIONS):
        org = PartnerOrganisation(
            name=name,
            org_type=org_type,
            countries=countries,
            areas=areas,
            languages=languages,
            description=description,
            created_by_id=coordinator.id,
            verified_at=utcnow() if i % 4 != 3 else None,  # a few wait for verification
            verified_by_id=coordinator.id if i % 4 != 3 else None,
        )
        org.staff.append(PartnerStaff(user_id=staff[i % len(staff)].id))
        db.session.add(org)
        db.session.flush()
        for entry in entries:
            offer = _offer(org, entry, today)
            db.session.add(offer)
            offers.append(offer)
    db.session.commit()
    needs = []
    for email, title, kind, country, areas, language, rapid, days, size, others, text in NEEDS:
        user = _user(email)
        if user is None or user.profile is None:
            continue
        need = services.create_request(
            user,
            services.NeedInput(
                title=title,
                need=text,
                kind=kind,
                country=country,
                areas=areas,
                language=language,
                rapid=rapid,
                needed_by=today + timedelta(days=days),
                size=size,
                others_involved=others,
            ),
            today=today,
        )
        needs.append(need)
    for offer in offers:
        schedule_embedding("offer", offer.id)
    proposed = 0
    kenya = next((n for n in needs if n.country == "KE"), None)
    scorecards = next((o for o in offers if o.title.startswith("Community scorecards")), None)
    if kenya is not None and scorecards is not None:
        connections.propose(
            coordinator, kenya.id, scorecards.id, "Trains volunteers to check health centres with a scorecard."
        )
        proposed = 1
    partners_count = len(ORGANISATIONS)
    return (
        f"{partners_count} partner organisations, {len(offers)} offers, {len(needs)} support requests "
        f"({sum(1 for n in needs if n.rapid)} rapid-response), {proposed} proposed connection"
    )

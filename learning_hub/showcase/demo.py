"""Demo content for `flask seed demo`: fifteen reform stories written for this project (two for each of the
programme's seven focus countries, several originally in Spanish or Indonesian), proposed, confirmed and published
through the same services as the pages; one colleague has not confirmed yet (so is not named), and one story waits
in the editorial queue; two are featured. Idempotent: nothing is added once any story exists."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from learning_hub.extensions import db
from learning_hub.models import ShowcaseStory, User
from learning_hub.showcase import services

COORDINATOR = "coordinator@example.org"
OGP = "https://www.opengovpartnership.org/members/"
IRM = "https://www.opengovpartnership.org/irm/"

# Each story: proposer, colleagues (email, role, confirms), published, and the story's fields.
DEMO_STORIES = [
    {
        "proposer": "natalia.rojas@example.org",
        "role": "Líder de datos abiertos de contratación",
        "colleagues": [("andres.cardenas@example.org", "Asesor en integridad", True)],
        "title": "Alertas de riesgo en la contratación pública de Colombia",
        "summary": "Publicamos cada proceso de contratación como datos abiertos y construimos un tablero de alertas "
        "que señala contratos con un solo oferente o adiciones excesivas, para que veedurías y órganos de control "
        "prioricen su revisión.",
        "problem": "Los datos de contratación existían, pero dispersos en sistemas que no se hablaban entre sí. Los "
        "organismos de control revisaban contratos al azar y las veedurías no sabían por dónde empezar.",
        "actions": "Migramos los registros al estándar de datos de contrataciones abiertas, definimos doce "
        "indicadores de riesgo con la Procuraduría y la sociedad civil, y publicamos un tablero que se actualiza "
        "cada noche. Capacitamos a 40 veedurías departamentales en su uso.",
        "results": "En dos años, la proporción de procesos con un único oferente bajó del 31 % al 24 % en las "
        "entidades que adoptaron el tablero, y las veedurías presentaron 86 solicitudes de revisión basadas en "
        "alertas.",
        "country": "CO",
        "level": "national",
        "language": "es",
        "areas": ["accountability"],
        "policy_areas": ["open_contracting", "anti_corruption", "open_data"],
        "started_on": date(2021, 3, 1),
        "ended_on": date(2023, 6, 30),
        "evidence": [
            ("ogp_commitment", "Compromiso en el plan de acción de Colombia", OGP + "colombia/"),
            ("dataset", "Datos abiertos de contratación pública", "https://www.datos.gov.co/"),
        ],
    },
    {
        "proposer": "paula.ospina@example.org",
        "role": "Profesional del Consejo Superior de la Judicatura",
        "colleagues": [],
        "title": "Audiencias judiciales accesibles para personas sordas en Cali",
        "summary": "Un programa de la rama judicial que garantiza intérpretes de lengua de señas y actas en lectura "
        "fácil en las audiencias de familia, para que las personas sordas participen en los procesos que las "
        "afectan.",
        "problem": "Las personas sordas llegaban a audiencias de custodia y alimentos sin intérprete. Muchas "
        "aplazaban sus casos o firmaban acuerdos que no entendían.",
        "actions": "Creamos una bolsa de intérpretes certificados que el juzgado solicita al programar la audiencia, "
        "redactamos plantillas de actas en lectura fácil y formamos a 60 funcionarios con la federación nacional de "
        "personas sordas.",
        "results": "En el primer año, 214 audiencias contaron con intérprete y los aplazamientos por falta de "
        "comunicación pasaron de uno de cada cuatro casos a menos de uno de cada veinte.",
        "country": "CO",
        "level": "judicial",
        "language": "es",
        "areas": ["gender_inclusion"],
        "policy_areas": ["justice", "gender_inclusion"],
        "started_on": date(2022, 2, 1),
        "ended_on": None,
        "evidence": [("ogp_commitment", "Plan de acción de Colombia", OGP + "colombia/")],
    },
    {
        "proposer": "kwabena.asante@example.org",
        "role": "Principal officer, compliance and enforcement",
        "colleagues": [("esi.amoako@example.org", "Performance audit lead", True)],
        "title": "Proactive disclosure scorecards for Ghana's ministries",
        "summary": "The Right to Information Commission scores every ministry each quarter on what it publishes "
        "without being asked, and the scores are read out in Parliament's committee hearings.",
        "problem": "Three years after the Right to Information Act, most requests were for documents that the law "
        "already required agencies to publish. Requesters waited weeks for information that should have been "
        "online.",
        "actions": "We wrote a 25-item disclosure checklist with civil society, checked every ministry's website "
        "against it each quarter, and sent the results to the Public Accounts Committee. Information officers got "
        "a two-day course and a shared publication calendar.",
        "results": "The median ministry score rose from 9 to 17 out of 25 in six quarters, and requests for "
        "documents on the checklist fell by about a third.",
        "country": "GH",
        "level": "oversight",
        "language": "en",
        "areas": ["accountability", "participation"],
        "policy_areas": ["access_to_information"],
        "started_on": date(2022, 7, 1),
        "ended_on": None,
        "evidence": [
            ("law", "Right to Information Act, 2019 (Act 989)", "https://rtic.gov.gh/"),
            ("ogp_commitment", "Ghana's OGP action plan", OGP + "ghana/"),
        ],
    },
    {
        "proposer": "adwoa.mensah@example.org",
        "role": "Policy analyst, petroleum and mining revenues",
        "colleagues": [],
        "title": "Women's voices in district mining royalty decisions",
        "summary": "In three mining districts, women's groups now sit on the committees that decide how mineral "
        "royalties are spent, and a share of the fund is reserved for projects they propose.",
        "problem": "Royalty-funded projects were chosen by district assemblies with little consultation; women, "
        "who bear much of the cost of polluted water and lost farmland, were rarely heard.",
        "actions": "We mapped who sat on the royalty committees, negotiated two reserved seats for women's groups, "
        "trained representatives to read the district budget, and published each committee's decisions on notice "
        "boards and local radio.",
        "results": "Over two budget cycles, 14 projects proposed by women's groups were funded, most of them "
        "boreholes and market sheds, and the committees' decisions are now posted within a month.",
        "country": "GH",
        "level": "subnational",
        "language": "en",
        "areas": ["gender_inclusion", "participation"],
        "policy_areas": ["extractives", "gender_inclusion", "public_participation"],
        "started_on": date(2021, 9, 1),
        "ended_on": date(2023, 12, 31),
        "evidence": [("independent_assessment", "Independent Reporting Mechanism", IRM)],
    },
    {
        "proposer": "joseluis.mejia@example.org",
        "role": "Jefe de la unidad de datos abiertos de contratación",
        "colleagues": [("karla.maradiaga@example.org", "Verificación de portales de transparencia", True)],
        "title": "Contratos municipales publicados como datos abiertos en Honduras",
        "summary": "Veinte municipalidades publican sus contratos en el mismo formato que el gobierno central, y "
        "el instituto de acceso a la información verifica cada trimestre que estén completos.",
        "problem": "Las municipalidades gastan una parte creciente del presupuesto, pero sus contratos no aparecían "
        "en ningún portal y la ciudadanía solo conocía las obras cuando ya estaban terminadas.",
        "actions": "Adaptamos el sistema nacional de compras para municipios pequeños, con un formulario que funciona "
        "con conexión lenta, y acordamos con el instituto de acceso a la información una verificación trimestral "
        "pública.",
        "results": "Las veinte municipalidades piloto publicaron 3.400 contratos en el primer año y las que tuvieron "
        "peor puntuación en la primera verificación mejoraron en la siguiente.",
        "country": "HN",
        "level": "subnational",
        "language": "es",
        "areas": ["accountability"],
        "policy_areas": ["open_contracting", "open_data"],
        "started_on": date(2022, 1, 15),
        "ended_on": None,
        "evidence": [
            ("ogp_commitment", "Plan de acción de Honduras", OGP + "honduras/"),
            ("independent_assessment", "Mecanismo de Revisión Independiente", IRM),
        ],
    },
    {
        "proposer": "oscar.banegas@example.org",
        "role": "Alcalde",
        "colleagues": [],
        "title": "Cabildos abiertos con presupuesto vinculante en Siguatepeque",
        "summary": "Los cabildos abiertos de barrio deciden el destino del 15 % de la inversión municipal, y los "
        "acuerdos se publican con su avance en la página de la municipalidad.",
        "problem": "Los cabildos abiertos eran reuniones informativas sin consecuencias; la participación caía cada "
        "año y las comunidades rurales casi nunca asistían.",
        "actions": "Aprobamos una ordenanza que hace vinculantes los acuerdos de los cabildos, llevamos las sesiones a "
        "las aldeas, y creamos comités de seguimiento que reciben el avance físico y financiero de cada obra.",
        "results": "La asistencia pasó de 300 a más de 1.900 personas en tres años, con más de la mitad mujeres, y el "
        "96 % de las obras acordadas se ejecutaron.",
        "country": "HN",
        "level": "subnational",
        "language": "es",
        "areas": ["participation"],
        "policy_areas": ["public_participation", "fiscal_openness"],
        "started_on": date(2020, 5, 1),
        "ended_on": None,
        "evidence": [("law", "Ley de Municipalidades de Honduras", OGP + "honduras/")],
    },
    {
        "proposer": "sri.wahyuni@example.org",
        "role": "Kepala bidang tata kelola keuangan desa",
        "colleagues": [("fajar.nugroho@example.org", "Pendamping riset", True)],
        "title": "Papan informasi dana desa di setiap desa Kulon Progo",
        "summary": "Semua desa di Kulon Progo memasang baliho anggaran dan menerbitkan laporan realisasi dana desa "
        "setiap semester, sehingga warga bisa membandingkan rencana dan hasil pembangunan.",
        "problem": "Warga tidak tahu berapa dana desa yang diterima dan untuk apa digunakan. Keluhan tentang proyek "
        "fiktif sulit diperiksa karena dokumen hanya ada di kantor desa.",
        "actions": "Kami menyusun format baliho dan laporan sederhana, melatih perangkat desa, dan membuka forum "
        "musyawarah setiap semester untuk membahas realisasi. Inspektorat kabupaten menindaklanjuti selisih yang "
        "ditemukan warga.",
        "results": "Dalam dua tahun, seluruh 87 desa menerbitkan laporan tepat waktu dan inspektorat menindaklanjuti "
        "41 temuan warga, termasuk pengembalian dana di enam desa.",
        "country": "ID",
        "level": "subnational",
        "language": "id",
        "areas": ["accountability", "participation"],
        "policy_areas": ["fiscal_openness", "public_participation"],
        "started_on": date(2021, 1, 1),
        "ended_on": None,
        "evidence": [
            ("ogp_commitment", "Rencana aksi Indonesia", OGP + "indonesia/"),
            ("dataset", "Portal Satu Data Indonesia", "https://data.go.id/"),
        ],
    },
    {
        "proposer": "agus.prasetyo@example.org",
        "role": "Analis kebijakan pengelolaan pengaduan",
        "colleagues": [("rina.kusumawati@example.org", "Koordinator pengaduan daerah", False)],
        "title": "Kanal pengaduan layanan publik yang ramah penyandang disabilitas",
        "summary": "Sistem pengaduan nasional kini menerima laporan lewat video bahasa isyarat dan pesan suara, dan "
        "setiap instansi wajib menjawab dalam lima hari kerja.",
        "problem": "Penyandang disabilitas jarang melapor karena formulir daring sulit diakses dan petugas tidak "
        "memahami bahasa isyarat.",
        "actions": "Kami bekerja dengan organisasi penyandang disabilitas untuk menguji kanal baru, menambahkan "
        "penerjemah bahasa isyarat, dan memantau waktu tanggapan setiap instansi secara terbuka.",
        "results": "Laporan dari penyandang disabilitas meningkat empat kali lipat dalam setahun, dan 82 % dijawab "
        "dalam lima hari kerja.",
        "country": "ID",
        "level": "national",
        "language": "id",
        "areas": ["gender_inclusion"],
        "policy_areas": ["public_service_delivery", "gender_inclusion", "digital_governance"],
        "started_on": date(2022, 4, 1),
        "ended_on": None,
        "evidence": [("ogp_commitment", "Rencana aksi Indonesia", OGP + "indonesia/")],
    },
    {
        "proposer": "peter.otieno@example.org",
        "role": "Senior audit manager, citizen engagement",
        "colleagues": [("grace.musyoka@example.org", "County planning counterpart", True)],
        "title": "Community monitors in Kenya's county health audits",
        "summary": "Trained residents join auditors on visits to dispensaries, collecting patient feedback that the "
        "audit then checks against facility records.",
        "problem": "Audits of county health spending found paperwork in order while patients reported empty "
        "pharmacies and absent staff; the reports did not reflect what people experienced.",
        "actions": "We wrote a protocol for community monitors, trained 120 volunteers in four counties, and "
        "presented findings at public meetings before the reports went to the county assemblies.",
        "results": "Drug stock-outs reported in the audits fell by 40 % in the pilot counties within two years, and "
        "three more counties asked for the method.",
        "country": "KE",
        "level": "oversight",
        "language": "en",
        "areas": ["accountability", "participation"],
        "policy_areas": ["public_service_delivery", "public_participation"],
        "started_on": date(2021, 6, 1),
        "ended_on": date(2023, 6, 30),
        "evidence": [("ogp_commitment", "Kenya's OGP action plan", OGP + "kenya/")],
    },
    {
        "proposer": "lucy.onyango@example.org",
        "role": "Policy and advocacy lead",
        "colleagues": [],
        "title": "Opening county tenders to women-owned businesses in Kisumu",
        "summary": "A reserved share of county tenders, simpler bid documents and published award data brought "
        "hundreds of women-owned businesses into public procurement.",
        "problem": "The law reserved 30 % of procurement for women, youth and people with disabilities, but few "
        "women-owned firms could meet the paperwork, and nobody knew whether the quota was met.",
        "actions": "We ran bid clinics with the county procurement office, agreed a shortened tender pack for small "
        "contracts, and published each quarter's awards by category of supplier.",
        "results": "The share of county contract value won by women-owned businesses rose from 6 % to 19 % in three "
        "years, and the quarterly report is now debated in the county assembly.",
        "country": "KE",
        "level": "subnational",
        "language": "en",
        "areas": ["gender_inclusion", "accountability"],
        "policy_areas": ["open_contracting", "gender_inclusion"],
        "started_on": date(2020, 10, 1),
        "ended_on": None,
        "evidence": [("press_article", "Kenya's OGP member page and news", OGP + "kenya/")],
    },
    {
        "proposer": "emeka.okonkwo@example.org",
        "role": "Deputy director, beneficial ownership register",
        "colleagues": [("aisha.bello@example.org", "Open contracting unit", True)],
        "title": "Checking beneficial owners before federal contracts are signed in Nigeria",
        "summary": "Procurement officers now check the public register of beneficial owners before awarding "
        "federal contracts, and conflicts of interest are flagged automatically.",
        "problem": "Companies owned by officials' relatives kept winning contracts because nobody could see who "
        "stood behind a bidder.",
        "actions": "We linked the company registry's beneficial ownership data to the procurement portal, trained "
        "procurement officers, and published the register in an open format that journalists can search.",
        "results": "In the first year, 57 bids were flagged for review and 11 awards were suspended; journalists "
        "used the open register in more than 30 published investigations.",
        "country": "NG",
        "level": "national",
        "language": "en",
        "areas": ["accountability"],
        "policy_areas": ["beneficial_ownership", "open_contracting", "anti_corruption"],
        "started_on": date(2021, 1, 1),
        "ended_on": None,
        "evidence": [
            ("ogp_commitment", "Nigeria's OGP action plan", OGP + "nigeria/"),
            ("law", "Companies and Allied Matters Act 2020", OGP + "nigeria/"),
        ],
    },
    {
        "proposer": "hauwa.abdullahi@example.org",
        "role": "Director, budget monitoring",
        "colleagues": [],
        "title": "Citizens' budget hearings in Kaduna's local governments",
        "summary": "Every local government holds public hearings on its draft budget, with a citizens' budget in "
        "Hausa and English and a written response to every proposal received.",
        "problem": "Budgets were drafted behind closed doors and communities learned of projects only when "
        "contractors arrived, often building things nobody had asked for.",
        "actions": "We set a hearing calendar for all 23 local governments, produced a four-page citizens' budget in "
        "two languages, and required a published response explaining why each proposal was or was not funded.",
        "results": "More than 6,000 people attended hearings in the second year, and 38 % of the capital projects in "
        "the final budgets came from community proposals.",
        "country": "NG",
        "level": "subnational",
        "language": "en",
        "areas": ["participation"],
        "policy_areas": ["fiscal_openness", "public_participation"],
        "started_on": date(2020, 8, 1),
        "ended_on": None,
        "evidence": [("independent_assessment", "Independent Reporting Mechanism", IRM)],
    },
    {
        "proposer": "maricel.santos@example.org",
        "role": "Supervising auditor, citizen participatory audit",
        "colleagues": [("rolando.magbanua@example.org", "Provincial climate officer", True)],
        "title": "Citizen participatory audits of flood control works in the Philippines",
        "summary": "Teams of auditors and volunteers from civil society inspect flood control projects together, "
        "and their joint reports are published with photographs and measurements.",
        "problem": "Flood control projects were reported complete while communities still flooded; desk audits "
        "could not see whether dikes and drainage were built as designed.",
        "actions": "We trained volunteer engineers and residents, ran joint site inspections with measuring tools, "
        "and published the joint reports on the audit commission's website.",
        "results": "Joint audits of 48 projects found deficiencies in 19, leading to repairs at the contractors' "
        "expense in 12 of them.",
        "country": "PH",
        "level": "oversight",
        "language": "en",
        "areas": ["accountability", "participation"],
        "policy_areas": ["anti_corruption", "environment_climate", "public_participation"],
        "started_on": date(2021, 2, 1),
        "ended_on": date(2023, 3, 31),
        "evidence": [("ogp_commitment", "Philippines OGP action plan", OGP + "philippines/")],
    },
    {
        "proposer": "josefina.bautista@example.org",
        "role": "Chief, gender and development budget review",
        "colleagues": [],
        "title": "Tracking the gender and development budget of local governments",
        "summary": "Local governments report how they spend the share of their budget set aside for gender and "
        "development, and the reports are published for women's groups to review.",
        "problem": "The law set aside part of every budget for gender and development, but much of it was spent on "
        "unrelated items labelled as gender projects.",
        "actions": "We issued a review checklist, trained budget officers in 60 local governments, and published "
        "each plan and its review so that women's organisations could comment.",
        "results": "The share of gender budgets rated as properly attributed rose from 45 % to 71 % in two years.",
        "country": "PH",
        "level": "national",
        "language": "en",
        "areas": ["gender_inclusion", "accountability"],
        "policy_areas": ["gender_inclusion", "fiscal_openness"],
        "started_on": date(2021, 7, 1),
        "ended_on": None,
        "evidence": [("law", "Magna Carta of Women (Republic Act 9710)", OGP + "philippines/")],
    },
]

# A story still with the coordinators, to show the editorial queue.
WAITING_STORY = {
    "proposer": "mercy.chebet@example.org",
    "role": "Beneficial ownership unit",
    "colleagues": [],
    "title": "Verifying beneficial ownership declarations with tax records",
    "summary": "A pilot that compares companies' ownership declarations with tax and land records to find false "
    "declarations.",
    "problem": "Many ownership declarations named nominees, and the register could not tell true owners apart.",
    "actions": "We agreed data sharing with the tax authority and checked 2,000 declarations against its records.",
    "results": "One declaration in eight was inconsistent and is being corrected.",
    "country": "KE",
    "level": "national",
    "language": "en",
    "areas": ["accountability"],
    "policy_areas": ["beneficial_ownership"],
    "started_on": date(2023, 2, 1),
    "ended_on": None,
    "evidence": [],
}


# Featured by the coordinator on the showcase home, before the latest.
FEATURED = (
    "Alertas de riesgo en la contratación pública de Colombia",
    "Proactive disclosure scorecards for Ghana's ministries",
)


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _propose(entry: dict) -> ShowcaseStory | None:
    proposer = _user(entry["proposer"])
    if proposer is None or proposer.profile is None:
        return None
    colleagues = [(_user(email), role, confirms) for email, role, confirms in entry["colleagues"]]
    colleagues = [(u, role, confirms) for u, role, confirms in colleagues if u is not None and u.profile is not None]
    fields = {k: v for k, v in entry.items() if k not in ("proposer", "role", "colleagues")}
    data = services.StoryInput(**fields, people=[(u.profile.id, role) for u, role, _c in colleagues])
    story = services.propose(proposer, data, my_role=entry["role"])
    for colleague, _role, confirms in colleagues:
        if confirms:
            services.confirm_consent(colleague, story.id)
    return story


def seed_showcase(echo) -> str | None:
    if db.session.scalar(select(ShowcaseStory.id).limit(1)):
        return None
    coordinator = _user(COORDINATOR)
    if coordinator is None:
        return None
    published = 0
    for entry in DEMO_STORIES:
        story = _propose(entry)
        if story is not None:
            services.publish(coordinator, story.id)
            if story.title in FEATURED:
                services.set_featured(coordinator, story.id, True)
            published += 1
    waiting = _propose(WAITING_STORY)
    return f"{published} published stories, {1 if waiting else 0} waiting for a coordinator"

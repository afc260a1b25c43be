"""Vocabulary for synthetic profiles (load tests): names by country, organisations, and challenge and reform
templates per policy area, in English and, for some countries, Spanish, French or Indonesian. Written for this
project; every combination is fictitious."""

from __future__ import annotations

# country -> (profile languages, first names, family names)
PEOPLE = {
    "KE": (
        "en|sw",
        "Wanjiru Otieno Achieng Kamau Njeri Mwangi Akinyi Kiprono",
        "Odhiambo Mutua Wambui Chebet Kariuki Omondi Njoroge Kiplagat",
    ),
    "NG": (
        "en|ha|yo",
        "Chinedu Aisha Oluwaseun Ngozi Ibrahim Funmilayo Emeka Zainab",
        "Okafor Bello Adeyemi Eze Danjuma Ogunleye Nwosu Abubakar",
    ),
    "GH": ("en|tw", "Ama Kwame Akosua Kofi Abena Yaw Efua Kojo", "Mensah Boateng Owusu Asante Addo Darko Ofori Appiah"),
    "PH": (
        "en|tl",
        "Maria Jose Andrea Paolo Kristine Ramon Liza Miguel",
        "Santos Reyes Cruz Bautista Garcia Mendoza Villanueva Ramos",
    ),
    "ID": (
        "id|en",
        "Siti Budi Dewi Agus Rina Joko Ayu Hendra",
        "Santoso Wijaya Lestari Pratama Hidayat Saputra Kusuma Nugroho",
    ),
    "CO": (
        "es|en",
        "Camila Andrés Valentina Juan Daniela Santiago Laura Felipe",
        "Rodríguez Gómez Martínez Herrera Castro Vargas Moreno Rojas",
    ),
    "HN": (
        "es",
        "Karla José Gabriela Carlos Lourdes Mario Fernanda Luis",
        "Mejía Flores Zelaya Cárdenas Aguilar Banegas Ordóñez Castillo",
    ),
    "MX": (
        "es|en",
        "Ximena Diego Sofía Alejandro Mariana Emilio Renata Jorge",
        "Hernández López Ramírez Torres Sánchez Navarro Ortiz Cruz",
    ),
    "SN": (
        "fr|en",
        "Aminata Moussa Fatou Cheikh Awa Ibrahima Khady Ousmane",
        "Diop Ndiaye Fall Sow Sarr Ba Diallo Mbaye",
    ),
    "CI": (
        "fr",
        "Adjoua Koffi Aya Yao Mariam Serge Nadège Arsène",
        "Kouassi Konan Traoré Koné Ouattara Bamba Yao N'Guessan",
    ),
    "UA": (
        "uk|en",
        "Olena Andriy Iryna Taras Natalia Oleksii Yulia Dmytro",
        "Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Melnyk Boyko Koval",
    ),
    "GE": (
        "ka|en",
        "Nino Giorgi Tamar Levan Ana David Mariam Irakli",
        "Beridze Kapanadze Gelashvili Lomidze Maisuradze Tsiklauri Chikovani Abashidze",
    ),
    "MN": (
        "mn|en",
        "Oyunaa Bat-Erdene Sarangerel Ganbold Enkhjargal Tömör Altantsetseg Bold",
        "Dorj Batbayar Erdenebat Gantulga Sükhbaatar Tsend Purev Baatar",
    ),
    "BR": (
        "pt|en",
        "Ana João Beatriz Pedro Juliana Lucas Fernanda Rafael",
        "Silva Souza Oliveira Pereira Costa Almeida Ferreira Lima",
    ),
    "GB": (
        "en",
        "Sarah James Emily Thomas Hannah Daniel Rachel Matthew",
        "Smith Jones Taylor Brown Evans Wilson Clarke Hughes",
    ),
    "FR": (
        "fr|en",
        "Claire Julien Camille Nicolas Léa Antoine Manon Hugo",
        "Martin Bernard Dubois Moreau Laurent Lefèvre Girard Roux",
    ),
}
LANGUAGE_OF_TEXTS = {"CO": "es", "HN": "es", "MX": "es", "SN": "fr", "CI": "fr", "FR": "fr", "ID": "id"}

ORGANISATIONS = {
    "national_government": [
        "Ministry of Finance",
        "Ministry of Public Service",
        "Office of the President",
        "Ministry of Health",
        "National Statistics Office",
        "Ministry of Justice",
    ],
    "subnational_government": ["{city} City Council", "{city} County Government", "Governorate of {city}"],
    "legislature": ["National Assembly", "Senate Budget Committee", "Parliamentary Research Service"],
    "oversight_audit": ["Office of the Auditor-General", "Anti-Corruption Commission", "Ombudsman's Office"],
    "judiciary": ["Judicial Service Commission", "High Court Registry", "Judicial Training Institute"],
    "civil_society": [
        "Open Budget Coalition",
        "Transparency Network",
        "Citizens for Accountability",
        "Women in Governance Forum",
        "Youth Voice Initiative",
    ],
    "academia": ["University of {city}", "Institute for Public Policy", "Centre for Governance Studies"],
    "media": ["{city} Investigative Desk", "Public Interest Radio", "Data Journalism Lab"],
    "private_sector": ["Chamber of Commerce", "Extractives Industry Association", "GovTech Partners"],
    "technical_financial_partner": ["Open Government Support Unit", "Governance Trust Fund", "Public Finance Facility"],
}
CITIES = [
    "Nairobi",
    "Lagos",
    "Kumasi",
    "Cebu",
    "Bandung",
    "Medellín",
    "Tegucigalpa",
    "Puebla",
    "Thiès",
    "Bouaké",
    "Lviv",
    "Batumi",
    "Erdenet",
    "Recife",
    "Leeds",
    "Lyon",
    "Mombasa",
    "Kano",
    "Davao",
    "Surabaya",
]
ROLES = [
    "Director of Policy",
    "Programme Officer",
    "Senior Analyst",
    "Head of Unit",
    "Advisor",
    "Coordinator",
    "Legal Officer",
    "Data Lead",
    "Researcher",
    "Committee Clerk",
    "Campaign Manager",
    "Editor",
]

SLOTS = {
    "officials": [
        "senior civil servants",
        "members of parliament",
        "municipal officials",
        "judges",
        "procurement officers",
        "police commanders",
    ],
    "registry": ["the land registry", "the company register", "tax records", "vehicle registrations"],
    "institution": [
        "the Ministry of Health",
        "the national police",
        "the revenue authority",
        "municipal councils",
        "the electoral commission",
        "the roads agency",
    ],
    "service": ["health", "education", "water", "roads", "social protection", "school meals"],
    "level": ["national", "county", "municipal", "provincial"],
    "topic": ["land use", "water tariffs", "forest concessions", "energy subsidies", "fisheries", "public transport"],
    "resource": ["gold", "copper", "oil", "nickel", "coal", "lithium"],
    "law": ["bills", "regulations", "municipal by-laws", "budget proposals"],
    "group": ["women", "young people", "people with disabilities", "indigenous communities", "rural citizens"],
}

CONSEQUENCES = [
    "This erodes public trust in the whole reform.",
    "We want practical examples from countries that solved this.",
    "Donors keep asking for results we cannot show.",
    "Journalists and auditors work blind as a result.",
    "The problem is worst outside the capital.",
    "Previous attempts stalled when the minister changed.",
]

CHALLENGES = {
    "anti_corruption": [
        "Asset declarations of {officials} are filed on paper and nobody checks them against {registry}.",
        "Whistleblowers in {institution} fear retaliation because the law does not protect them.",
    ],
    "access_to_information": [
        "Information requests to {institution} go unanswered for months and appeals take even longer.",
        "Officials in {institution} refuse requests by citing secrecy rules from another era.",
    ],
    "fiscal_openness": [
        "The {level} budget is published as scanned PDFs, so citizens cannot follow spending on {service}.",
        "Nobody can compare what was budgeted for {service} with what was actually spent.",
    ],
    "beneficial_ownership": [
        "We cannot tell who really owns the companies that win {service} contracts; the register is never verified.",
        "Shell companies hide the owners of {resource} licences, and the register has no sanctions for false filings.",
    ],
    "open_contracting": [
        "Procurement data for {service} is scattered across several portals with incompatible formats.",
        "Contract amendments for {service} projects are never published, so costs double unnoticed.",
    ],
    "civic_space": [
        "New registration rules make it hard for small associations to work on {topic}.",
        "Activists working on {topic} face online harassment and the authorities do nothing.",
    ],
    "gender_inclusion": [
        "Few {group} take part in consultations on {topic}, especially in rural areas.",
        "Services for {group} are designed without asking them what they need.",
    ],
    "justice": [
        "Court decisions are not published, so nobody can see how cases against {officials} end.",
        "Legal aid is out of reach for {group} in land disputes.",
    ],
    "digital_governance": [
        "Every ministry builds its own system for {service} and none of them talk to each other.",
        "Citizens must visit three offices to get a permit because records on {topic} are not digital.",
    ],
    "open_data": [
        "Datasets on {topic} are published once and never updated.",
        "Open data on {service} exists but nobody outside government knows how to use it.",
    ],
    "extractives": [
        "Communities near {resource} mines never see the contracts or the royalties paid.",
        "Environmental permits for {resource} projects are granted without public hearings.",
    ],
    "public_participation": [
        "Comments on draft {law} are collected but nobody reports back what changed.",
        "Town hall meetings on {topic} are announced too late for people to attend.",
    ],
    "open_parliament": [
        "Committee hearings on {law} are closed and votes are not recorded by name.",
        "Members of parliament publish no record of their meetings with lobbyists on {topic}.",
    ],
    "regulatory_governance": [
        "Regulations on {topic} change without consultation or any impact assessment.",
        "Businesses learn about new rules on {topic} only when inspectors arrive.",
    ],
    "public_service_delivery": [
        "Complaints about {service} disappear: there is no tracking number and no answer.",
        "Waiting times for {service} are unknown, so no one can be held responsible.",
    ],
    "environment_climate": [
        "Climate finance for {topic} flows through several agencies and nobody tracks its results.",
        "Air and water quality data near {resource} sites is collected but kept secret.",
    ],
}

REFORMS = {
    "anti_corruption": (
        "Online asset declarations",
        (
            "We moved the asset declarations of {officials} online in {year}. They are now checked automatically "
            "against {registry}, and {n} cases were referred to prosecutors."
        ),
    ),
    "access_to_information": (
        "A single portal for information requests",
        (
            "Since {year}, requests to {institution} go through one portal with public deadlines. The average answer "
            "time fell from months to {n} days."
        ),
    ),
    "fiscal_openness": (
        "Citizens' budget for {service}",
        (
            "We publish a plain-language budget for {service} every year since {year}, with machine-readable spending "
            "data each quarter."
        ),
    ),
    "beneficial_ownership": (
        "A verified beneficial ownership register",
        (
            "We set up a public register of the real owners of companies in {year}. Filings are cross-checked with tax "
            "records and {n} false declarations were sanctioned."
        ),
    ),
    "open_contracting": (
        "Open contracting for {service}",
        (
            "All {service} contracts are published in the Open Contracting Data Standard since {year}, from planning "
            "to payment, including amendments."
        ),
    ),
    "civic_space": (
        "Simplified registration for associations",
        (
            "In {year} we replaced a paper process with online registration for associations; it now takes {n} days "
            "instead of months."
        ),
    ),
    "gender_inclusion": (
        "Inclusive consultations with {group}",
        (
            "Since {year}, every consultation on {topic} holds sessions with {group} in their own communities, and "
            "reports how their input was used."
        ),
    ),
    "justice": (
        "Publishing court decisions",
        "Since {year} the courts publish anonymised decisions within {n} days, searchable by case type.",
    ),
    "digital_governance": (
        "One digital window for {service}",
        "We connected {n} agency systems in {year} so that citizens apply for {service} permits once, online.",
    ),
    "open_data": (
        "Open data on {topic}",
        "We publish {topic} data monthly since {year} and trained {n} journalists and community groups to use it.",
    ),
    "extractives": (
        "Disclosure of {resource} contracts",
        (
            "All {resource} contracts and royalty payments are public since {year}, with a community report for each "
            "mining district."
        ),
    ),
    "public_participation": (
        "Feedback on every public comment",
        "Since {year} each draft of {law} comes with a public table answering every comment received.",
    ),
    "open_parliament": (
        "Recorded votes and open hearings",
        "Since {year} committee hearings are streamed and every vote is recorded by name on the parliament website.",
    ),
    "regulatory_governance": (
        "Consultation before regulation",
        (
            "Since {year} new rules on {topic} need a public consultation of at least {n} days and a published impact "
            "assessment."
        ),
    ),
    "public_service_delivery": (
        "Complaint tracking for {service}",
        (
            "We introduced tracking numbers and public response times for complaints about {service} in {year}; {n} "
            "percent are now answered within a week."
        ),
    ),
    "environment_climate": (
        "Tracking climate finance",
        "Since {year} every climate project on {topic} reports its spending and results on one public dashboard.",
    ),
}

# A few areas in the other working languages, so that cross-lingual search has something to find.
FOREIGN_CHALLENGES = {
    "es": [
        "No sabemos quiénes son los dueños reales de las empresas que ganan contratos públicos.",
        "Las solicitudes de información pública quedan sin respuesta durante meses.",
        "El presupuesto municipal se publica en PDF escaneados y nadie puede seguir el gasto.",
        "Las comunidades cerca de las minas nunca ven los contratos ni las regalías pagadas.",
    ],
    "fr": [
        "Les demandes d'accès à l'information restent sans réponse pendant des mois.",
        "Les données des marchés publics sont dispersées sur plusieurs portails incompatibles.",
        "Les citoyens ne savent pas comment leurs commentaires sur les projets de loi sont utilisés.",
    ],
    "id": [
        "Data pengadaan barang dan jasa tersebar di banyak portal dengan format yang berbeda.",
        "Warga tidak tahu bagaimana masukan mereka dalam musyawarah anggaran digunakan.",
        "Pengaduan tentang layanan kesehatan hilang tanpa nomor pelacakan dan tanpa jawaban.",
    ],
}

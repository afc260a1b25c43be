"""`python -m matching pairs | mentors | roundtable` in a subprocess: the file formats, and every error
path as one clear line on stderr with exit code 2 (TF-IDF, so no model is loaded)."""

from __future__ import annotations

import csv
import json

import pytest

from tests.matching.helpers import write

PEOPLE = """id,country,challenge,reform,name,per_person
ke1,KE,Public procurement contracts are secret,We publish budget documents online,Amina,
ke2,KE,Courts are slow and cases pile up,Beneficial ownership register of company owners,Otieno,
co1,CO,Nobody knows who owns companies,An open contracting portal publishes every procurement contract,Ana,1
co2,CO,Citizens cannot read the budget,Case management system made courts faster,Luis,
id1,ID,Parliament votes are not public||Budget documents come late,Parliament publishes votes,Sari,
fr1,FR,Court backlogs grow,Company ownership data is open,Marie,
"""

ROUNDTABLE = """id,country,sector,gender,languages,text
a,KE,government,woman,en,Open contracting portal for public procurement contracts
b,KE,civil_society,man,en,Budget transparency and citizen budget documents
c,CO,government,man,es,Public procurement reform with open contracting data
d,CO,civil_society,woman,es;en,Beneficial ownership register of companies
e,ID,government,woman,id;en,Procurement contracts published as open data
f,ID,partner,man,en,Financial support for procurement transparency programmes
g,FR,civil_society,woman,fr;en,Open parliament and public votes
"""

REQUESTS = """id,country,languages,need
r1,KE,en,How to publish public procurement contracts as open data
r2,CO,es,Registro de beneficiarios finales de empresas
"""

MENTORS = """id,country,languages,capacity,experience
m1,ID,en,1,Built an open contracting portal publishing every procurement contract
m2,FR,en;es,2,Set up a beneficial ownership register of company owners
m3,GH,en,0,Procurement reform expert
"""


def read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def header(path):
    with open(path, encoding="utf-8") as handle:
        return handle.readline().strip()


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def people(tmp_path):
    return write(tmp_path / "people.csv", PEOPLE)


def test_pairs_writes_the_contracted_files(cli, people, tmp_path):
    """PAIRS.csv columns and REPORT.json keys exactly; limits, countries and one row per pair hold."""
    out, report = tmp_path / "pairs.csv", tmp_path / "report.json"
    result = cli("pairs", people, "--per-person", 2, "--out", out, "--encoder", "tfidf", "--report", report)
    assert result.returncode == 0, result.stderr
    assert header(out) == "a_id,b_id,score,a_challenge_excerpt,b_reform_excerpt,reason"
    rows = read(out)
    country = {r["id"]: r["country"] for r in csv.DictReader(PEOPLE.splitlines())}
    pairs = [frozenset((r["a_id"], r["b_id"])) for r in rows]
    assert len(pairs) == len(set(pairs)) > 0
    assert all(country[r["a_id"]] != country[r["b_id"]] for r in rows)
    load = {}
    for pair in pairs:
        for x in pair:
            load[x] = load.get(x, 0) + 1
    assert max(load.values()) <= 2
    assert load.get("co1", 0) <= 1
    assert all(r["a_challenge_excerpt"] and r["b_reform_excerpt"] and r["reason"] for r in rows)
    data = json.loads(report.read_text())
    assert list(data) == [
        "objective",
        "upper_bound",
        "greedy_objective",
        "people",
        "matched_people",
        "full_people",
        "min_pair_score",
        "violations",
        "seconds",
    ]
    assert data["violations"] == 0
    assert data["people"] == 6


def test_pairs_keeps_locks_and_drops_exclusions(cli, people, tmp_path):
    lock = write(tmp_path / "lock.csv", "a_id,b_id\nke1,fr1\n")
    exclude = write(tmp_path / "exclude.csv", "a_id,b_id\nke1,co1\nco1,id1\n")
    out = tmp_path / "pairs.csv"
    result = cli(
        "pairs", people, "--per-person", 1, "--out", out, "--encoder", "tfidf", "--lock", lock, "--exclude", exclude
    )
    assert result.returncode == 0, result.stderr
    pairs = {frozenset((r["a_id"], r["b_id"])) for r in read(out)}
    assert frozenset(("ke1", "fr1")) in pairs
    assert not pairs & {frozenset(("ke1", "co1")), frozenset(("co1", "id1"))}


@pytest.mark.parametrize(
    ("lock", "exclude", "fragments"),
    [
        ("a_id,b_id\nke1,zz9\n", None, ("lock.csv line 2", "unknown id 'zz9' in the locked pairs")),
        (None, "a_id,b_id\nqq,ke1\n", ("exclude.csv line 2", "unknown id 'qq' in the excluded pairs")),
        (None, "a_id,other\nke1,co1\n", ("exclude.csv has no column 'b_id'",)),
        ("a_id,b_id\nke1,co1\n", "a_id,b_id\nco1,ke1\n", ("both locked and excluded",)),
        ("a_id,b_id\nke1,co1\nke1,id1\n", None, ("'ke1' has 2 locked pairs but at most 1 allowed",)),
    ],
)
def test_pairs_lock_and_exclude_errors(cli, people, tmp_path, lock, exclude, fragments):
    args = ["pairs", people, "--per-person", 1, "--out", tmp_path / "o.csv", "--encoder", "tfidf"]
    if lock:
        args += ["--lock", write(tmp_path / "lock.csv", lock)]
    if exclude:
        args += ["--exclude", write(tmp_path / "exclude.csv", exclude)]
    assert_one_line_error(cli(*args), *fragments)


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("id,country,challenge\nx,KE,c\n", ("has no column 'reform'",)),
        ("id,country,challenge,reform,per_person\nx,KE,c,r,two\n", ("line 2: per_person 'two' is not a whole number",)),
        ("id,country,challenge,reform\nx,KE,c,r\nx,CO,c,r\n", ("duplicate id 'x'",)),
    ],
)
def test_pairs_people_file_errors(cli, tmp_path, text, fragments):
    path = write(tmp_path / "people.csv", text)
    result = cli("pairs", path, "--per-person", 1, "--out", tmp_path / "o.csv", "--encoder", "tfidf")
    assert_one_line_error(result, *fragments)


def test_mentors_suggestions_and_assignment(cli, tmp_path):
    requests, mentors = write(tmp_path / "r.csv", REQUESTS), write(tmp_path / "m.csv", MENTORS)
    out = tmp_path / "out.csv"
    result = cli("mentors", requests, mentors, "--out", out, "--suggestions", 2, "--encoder", "tfidf")
    assert result.returncode == 0, result.stderr
    assert header(out) == "request_id,mentor_id,rank,score,reason"
    rows = read(out)
    assert {(r["request_id"], r["mentor_id"]) for r in rows} == {("r1", "m1"), ("r1", "m2"), ("r2", "m2")}
    assert rows[0]["mentor_id"] == "m1"
    assert rows[0]["rank"] == "1"
    result = cli("mentors", requests, mentors, "--out", out, "--assign", "--encoder", "tfidf")
    assert result.returncode == 0, result.stderr
    assigned = {(r["request_id"], r["mentor_id"], r["rank"]) for r in read(out)}
    assert assigned == {("r1", "m1", "1"), ("r2", "m2", "1")}


@pytest.mark.parametrize(
    ("mentors", "fragments"),
    [
        ("id,country,languages,experience\nm1,KE,en,x\n", ("has no column 'capacity'",)),
        (
            "id,country,languages,capacity,experience\nm1,KE,en,lots,x\n",
            ("line 2: capacity 'lots' is not a whole number",),
        ),
        ("id,country,languages,capacity,experience\nm1,KE,en,-1,x\n", ("capacity must be at least 0",)),
    ],
)
def test_mentors_errors(cli, tmp_path, mentors, fragments):
    result = cli(
        "mentors",
        write(tmp_path / "r.csv", REQUESTS),
        write(tmp_path / "m.csv", mentors),
        "--out",
        tmp_path / "o.csv",
        "--encoder",
        "tfidf",
    )
    assert_one_line_error(result, *fragments)


def test_roundtable_writes_invitees_waitlist_and_report(cli, tmp_path):
    people, out, report = write(tmp_path / "p.csv", ROUNDTABLE), tmp_path / "out.csv", tmp_path / "rep.json"
    result = cli(
        "roundtable",
        people,
        "--topic",
        "public procurement and open contracting",
        "--seats",
        4,
        "--quota",
        "gender=woman:50%-",
        "sector=government:-2",
        "--max-per",
        "country=1",
        "--pin",
        "g",
        "--exclude",
        "a",
        "--waitlist",
        2,
        "--out",
        out,
        "--report",
        report,
        "--encoder",
        "tfidf",
    )
    assert result.returncode == 0, result.stderr
    assert header(out) == "id,status,rank,relevance,reason"
    rows = read(out)
    invited = [r for r in rows if r["status"] == "invited"]
    assert len(invited) == 4
    assert "g" in {r["id"] for r in invited}
    assert "a" not in {r["id"] for r in rows}
    assert [r["rank"] for r in invited] == ["1", "2", "3", "4"]
    assert {r["status"] for r in rows} <= {"invited", "waitlist"}
    assert len(rows) <= 6
    data = json.loads(report.read_text())
    assert [(q["quota"], q["min"], q["max"]) for q in data["quotas"]] == [
        ("gender=woman:50%-", 2, None),
        ("sector=government:-2", None, 2),
    ]
    assert all(q["achieved"] >= (q["min"] or 0) for q in data["quotas"])
    assert {"mean_relevance", "countries", "sectors", "seconds"} <= set(data)
    assert data["violations"] == 0


@pytest.mark.parametrize(
    ("extra", "fragments"),
    [
        (["--quota", "gender=woman"], ("bad quota 'gender=woman'", "COLUMN=VALUE:MIN-MAX")),
        (["--quota", "gender=woman:5-1"], ("minimum 5 is above maximum 1",)),
        (
            ["--quota", "sector=government:3-", "sector=civil_society:3-"],
            (
                "quotas in conflict for 4 seats",
                "sector=government:3-",
                "sector=civil_society:3-",
                "smallest relaxation",
            ),
        ),
        (["--quota", "region=east:1-"], ("quota column 'region' is not in",)),
        (["--max-per", "country"], ("bad --max-per 'country'",)),
        (["--pin", "nobody"], ("unknown id 'nobody' in the pins",)),
        (["--exclude", "ghost"], ("unknown id 'ghost' in the exclusions",)),
        (["--seats", "0"], ("--seats must be at least 1",)),
    ],
)
def test_roundtable_errors(cli, tmp_path, extra, fragments):
    people = write(tmp_path / "p.csv", ROUNDTABLE)
    args = [
        "roundtable",
        people,
        "--topic",
        "procurement",
        "--seats",
        4,
        "--out",
        tmp_path / "o.csv",
        "--encoder",
        "tfidf",
        *extra,
    ]
    assert_one_line_error(cli(*args), *fragments)


def test_roundtable_missing_column(cli, tmp_path):
    people = write(tmp_path / "p.csv", "id,country,sector,languages,text\na,KE,gov,en,x\n")
    assert_one_line_error(
        cli("roundtable", people, "--topic", "x", "--seats", 1, "--out", tmp_path / "o.csv", "--encoder", "tfidf"),
        "has no column 'gender'",
    )


@pytest.mark.slow
def test_pairs_with_the_default_encoder_explains_across_languages(cli, tmp_path):
    """The real default encoder across languages: each person's challenge is answered by the other's
    reform (Spanish and English), and the explanation quotes the two texts of the stronger direction."""
    people = write(
        tmp_path / "people.csv",
        (
            "id,country,challenge,reform\n"
            "co,CO,Los contratos de compras públicas son secretos y nadie sabe quién gana las licitaciones.,"
            "Creamos tribunales especializados.\n"
            "ke,KE,Courts take years to decide cases.,"
            "We publish every public procurement contract and tender award online as open data.\n"
        ),
    )
    out = tmp_path / "pairs.csv"
    result = cli("pairs", people, "--per-person", 1, "--out", out, timeout=900)
    assert result.returncode == 0, result.stderr
    (row,) = read(out)
    challenge = {"co": "Los contratos", "ke": "Courts take years"}
    reform = {"co": "Creamos tribunales", "ke": "We publish every public procurement"}
    assert row["a_challenge_excerpt"].startswith(challenge[row["a_id"]])
    assert row["b_reform_excerpt"].startswith(reform[row["b_id"]])
    assert row["a_id"] != row["b_id"]
    assert "answers" in row["reason"]

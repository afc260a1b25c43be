"""`python -m matching roundtable --fair` and the load ledger flags on pairs, mentors and roundtable:
file formats, REPORT.json keys and every error path as one `error:` line with exit 2 (TF-IDF, no model)."""

from __future__ import annotations

import csv
import json

import pytest

from tests.matching.helpers import write
from tests.matching.test_optimise_cli import MENTORS, PEOPLE, REQUESTS, assert_one_line_error, read

POOL = """id,country,sector,gender,languages,text
a,KE,government,woman,en,Open contracting portal for public procurement contracts
b,KE,civil_society,man,en,Budget transparency and public procurement documents
c,CO,government,man,es,Public procurement reform with open contracting data
d,CO,civil_society,woman,es;en,Open contracting data for procurement and companies
e,ID,government,woman,id;en,Procurement contracts published as open data
f,ID,partner,man,en,Financial support for procurement transparency programmes
g,FR,civil_society,woman,fr;en,Open contracting and public procurement in parliament
h,FR,government,man,fr;en,Procurement contracts and open contracting standards
"""

SEATS = ["--seats", "4", "--quota", "gender=woman:50%-", "--max-per", "country=1"]


def fair(cli, tmp_path, *extra):
    people = write(tmp_path / "p.csv", POOL)
    out, report = tmp_path / "out.csv", tmp_path / "rep.json"
    result = cli(
        "roundtable",
        people,
        "--topic",
        "public procurement and open contracting",
        *SEATS,
        "--fair",
        "--out",
        out,
        "--report",
        report,
        "--encoder",
        "tfidf",
        *extra,
    )
    assert result.returncode == 0, result.stderr
    return read(out), json.loads(report.read_text())


def _ok(rows, by_id):
    invited = [r["id"] for r in rows if r["status"] == "invited"]
    assert len(invited) == 4
    assert sum(by_id[x]["gender"] == "woman" for x in invited) >= 2
    assert len({by_id[x]["country"] for x in invited}) == 4
    return invited


BY_ID = {r["id"]: r for r in csv.DictReader(POOL.splitlines())}


def test_fair_writes_the_drawn_panel_and_the_report_keys(cli, tmp_path):
    rows, data = fair(cli, tmp_path, "--seed", "7", "--min-relevance", "0.0", "--relevance-share", "0.5")
    invited = _ok(rows, BY_ID)
    assert {"seed", "eligible", "probabilities", "min_probability", "mean_probability", "relevance_share"} <= set(data)
    assert data["seed"] == 7
    assert sum(data["probabilities"].values()) == pytest.approx(4)
    assert data["eligible"] == len(data["probabilities"])
    assert data["relevance_share"] >= 0.5 - 1e-9
    assert "min_cumulative" not in data
    # the same seed draws the same panel
    rows2, _ = fair(cli, tmp_path, "--seed", "7", "--min-relevance", "0.0", "--relevance-share", "0.5")
    assert [r["id"] for r in rows2 if r["status"] == "invited"] == invited
    assert all("seed 7" in r["reason"] for r in rows if r["status"] == "invited")


def test_fair_without_a_seed_reports_the_one_it_chose(cli, tmp_path):
    _, data = fair(cli, tmp_path)
    assert isinstance(data["seed"], int)
    assert data["seed"] >= 0


def test_history_gives_min_cumulative(cli, tmp_path):
    history = write(tmp_path / "h.csv", "id,invitations\na,3\nc,2\n")
    _, data = fair(cli, tmp_path, "--history", history, "--seed", "1", "--relevance-share", "0")
    # 8 people, 4 seats: a and c start at 3 and 2, the six others at 0 share at most 4 seats
    assert data["min_cumulative"] <= 4 / 6 + 1e-6
    assert data["min_cumulative"] == pytest.approx(min(data["cumulative"].values()))


def test_no_show_reports_both_expected_violations(cli, tmp_path):
    rates = write(tmp_path / "r.csv", "column,value,rate\ngender,woman,0.4\ncountry,KE,0.2\n")
    rows, data = fair(cli, tmp_path, "--no-show", rates, "--seed", "2", "--waitlist", "3")
    assert len([r for r in rows if r["status"] == "waitlist"]) == 3
    assert data["expected_violations"] <= data["expected_violations_relevance_order"]


def test_load_and_cap_on_the_fair_roundtable(cli, tmp_path):
    load = write(tmp_path / "l.csv", "id,load\na,2\nc,2\nzz,5\n")
    rows, data = fair(cli, tmp_path, "--load", load, "--max-load", "2", "--seed", "3", "--relevance-share", "0")
    assert not {"a", "c"} & {r["id"] for r in rows}
    assert data["max_load_after"] <= 2
    assert {"load_gini_before", "load_gini_after", "relevance_share"} <= set(data)


def test_load_and_cap_on_the_deterministic_roundtable(cli, tmp_path):
    people, out, report = write(tmp_path / "p.csv", POOL), tmp_path / "o.csv", tmp_path / "r.json"
    load = write(tmp_path / "l.csv", "id,load\na,1\n")
    result = cli(
        "roundtable", people, "--topic", "procurement", *SEATS, "--load", load, "--max-load", "1",
        "--out", out, "--report", report, "--encoder", "tfidf",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "a" not in {r["id"] for r in read(out)}
    data = json.loads(report.read_text())
    assert data["max_load_after"] == 1
    assert data["load_gini_before"] == pytest.approx(7 / 8)  # one load of 1 among 8: (2*8-8-1)/8
    assert 0 < data["relevance_share"] <= 1


def test_load_and_cap_on_pairs(cli, tmp_path):
    people, out, report = write(tmp_path / "p.csv", PEOPLE), tmp_path / "o.csv", tmp_path / "r.json"
    load = write(tmp_path / "l.csv", "id,load\nke1,2\nco2,1\n")
    result = cli(
        "pairs", people, "--per-person", 2, "--load", load, "--max-load", 2,
        "--out", out, "--report", report, "--encoder", "tfidf",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = read(out)
    assert all("ke1" not in (r["a_id"], r["b_id"]) for r in rows)
    assert sum("co2" in (r["a_id"], r["b_id"]) for r in rows) <= 1
    data = json.loads(report.read_text())
    assert data["max_load_after"] <= 2
    assert {"load_gini_before", "load_gini_after", "relevance_share"} <= set(data)


def test_load_and_cap_on_mentors(cli, tmp_path):
    requests, mentors = write(tmp_path / "r.csv", REQUESTS), write(tmp_path / "m.csv", MENTORS)
    out, report = tmp_path / "o.csv", tmp_path / "rep.json"
    load = write(tmp_path / "l.csv", "id,load\nm2,1\n")
    result = cli(
        "mentors", requests, mentors, "--assign", "--load", load, "--max-load", 1,
        "--out", out, "--report", report, "--encoder", "tfidf",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "m2" not in {r["mentor_id"] for r in read(out)}
    data = json.loads(report.read_text())
    assert data["max_load_after"] <= 1
    assert {"load_gini_before", "load_gini_after", "relevance_share"} <= set(data)


@pytest.mark.parametrize(
    ("extra", "files", "fragments"),
    [
        (["--history", "{h}"], {"h": "id,invitations\na,1\n"}, ("--history needs --fair",)),
        (["--seed", "1"], {}, ("--seed needs --fair",)),
        (["--min-relevance", "0.2"], {}, ("--min-relevance needs --fair",)),
        (["--relevance-share", "0.9"], {}, ("--relevance-share needs --fair",)),
        (["--no-show", "{r}"], {"r": "column,value,rate\ngender,woman,0.1\n"}, ("--no-show needs --fair",)),
        (["--fair", "--relevance-share", "1.5"], {}, ("--relevance-share must be between 0 and 1",)),
        (["--fair", "--seed", "-1"], {}, ("--seed must be 0 or more",)),
        (["--fair", "--history", "{h}"], {"h": "id,invitations\na,two\n"}, ("invitations 'two' is not a number",)),
        (["--fair", "--history", "{h}"], {"h": "id,invitations\nzz,1\n"}, ("unknown id 'zz'",)),
        (["--fair", "--history", "{h}"], {"h": "id,count\na,1\n"}, ("invitations",)),
        (["--fair", "--no-show", "{r}"], {"r": "column,value,rate\ngender,woman,1.5\n"}, ("between 0 and 1",)),
        (["--fair", "--no-show", "{r}"], {"r": "column,value,rate\nregion,x,0.1\n"}, ("column 'region'",)),
        (["--load", "{l}"], {"l": "id,load\na,-1\n"}, ("load must be at least 0",)),
        (["--load", "{l}"], {"l": "id,load\na,1\na,2\n"}, ("'a' is repeated",)),
        (["--max-load", "-1"], {}, ("--max-load must be 0 or more",)),
        (["--fair", "--diversity", "0.1"], {}, ("--diversity",)),
    ],
)
def test_fair_and_ledger_errors(cli, tmp_path, extra, files, fragments):
    people = write(tmp_path / "p.csv", POOL)
    paths = {k: str(write(tmp_path / f"{k}.csv", text)) for k, text in files.items()}
    args = [a.format(**paths) for a in extra]
    result = cli(
        "roundtable", people, "--topic", "procurement", *SEATS, "--out", tmp_path / "o.csv",
        "--encoder", "tfidf", *args,
    )  # fmt: skip
    assert_one_line_error(result, *fragments)


def test_pairs_and_mentors_ledger_errors(cli, tmp_path):
    people = write(tmp_path / "p.csv", PEOPLE)
    load = write(tmp_path / "l.csv", "id,load\nke1,x\n")
    result = cli("pairs", people, "--per-person", 1, "--load", load, "--out", tmp_path / "o.csv", "--encoder", "tfidf")
    assert_one_line_error(result, "load 'x' is not a number")
    requests, mentors = write(tmp_path / "r.csv", REQUESTS), write(tmp_path / "m.csv", MENTORS)
    result = cli("mentors", requests, mentors, "--max-load", 1, "--out", tmp_path / "o.csv", "--encoder", "tfidf")
    assert_one_line_error(result, "need --assign")


def test_bench_fails_clearly_when_the_real_texts_are_missing(cli, tmp_path):
    result = cli("bench", "--fair-only", "--fair-data", tmp_path / "nowhere")
    assert_one_line_error(result, "the real-text pool needs", "ogp_parliament_commitments.csv")

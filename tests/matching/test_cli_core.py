"""`python -m matching neighbours | evaluate | probe | bench` through a subprocess, error paths included.

These use the `hashing` encoder (no model), so they run in seconds."""

import csv

import pytest

from tests.matching.helpers import write


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_neighbours_contract(cli, people_csv, tmp_path):
    """Columns, ranks from 1, at most K per query, never the query, never its own group."""
    out = tmp_path / "out.csv"
    done = cli(
        "neighbours",
        people_csv,
        "--k",
        "2",
        "--out",
        out,
        "--group-column",
        "country",
        "--encoder",
        "hashing",
    )
    assert done.returncode == 0, done.stderr
    rows = _rows(out)
    assert list(rows[0]) == ["query_id", "rank", "candidate_id", "score"]
    country = {row["id"]: row["country"] for row in _rows(people_csv)}
    by_query = {}
    for row in rows:
        by_query.setdefault(row["query_id"], []).append(row)
        assert row["query_id"] != row["candidate_id"]
        assert country[row["query_id"]] != country[row["candidate_id"]]
    assert set(by_query) == set(country)
    for query_rows in by_query.values():
        assert [int(r["rank"]) for r in query_rows] == list(range(1, len(query_rows) + 1))
        scores = [float(r["score"]) for r in query_rows]
        assert scores == sorted(scores, reverse=True)
        assert len(scores) <= 2
    # the hand-made set has one right answer per topic: contracting rows find contracting rows
    assert {r["candidate_id"] for r in by_query["a1"]} <= {"b1", "c1"}
    assert by_query["d1"][0]["candidate_id"] in {"a2", "b2", "c2"}


def test_neighbours_without_groups_may_return_same_country(cli, people_csv, tmp_path):
    out = tmp_path / "out.csv"
    done = cli("neighbours", people_csv, "--k", "6", "--out", out, "--encoder", "hashing")
    assert done.returncode == 0, done.stderr
    assert len(_rows(out)) == 7 * 6


def test_evaluate_prints_each_encoder_tfidf_and_random(cli, tmp_path):
    data = "id,country,text,labels\n" + "\n".join(
        f"{i},{c},{t},{lab}"
        for i, (c, t, lab) in enumerate(
            [
                ("KE", "open contracting procurement data", "contracting"),
                ("CO", "procurement contracts published as open contracting data", "contracting"),
                ("ID", "beneficial ownership register of companies", "ownership"),
                ("FR", "register of the beneficial owners of companies", "ownership|registers"),
                ("BR", "a festival of music", ""),
            ]
        )
    )
    path = write(tmp_path / "labelled.csv", data + "\n")
    done = cli(
        "evaluate",
        path,
        "--label-column",
        "labels",
        "--group-column",
        "country",
        "--k",
        "1",
        "--encoder",
        "hashing",
    )
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line.split() for line in done.stdout.splitlines()[2:]}
    assert set(lines) == {"hashing", "tfidf", "random"}
    assert float(lines["hashing"][1]) == 1.0  # P@1
    assert "4 labelled queries of 5 rows" in done.stdout


def test_probe_reports_top1(cli):
    done = cli("probe", "--encoder", "hashing")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("hashing")
    assert "24 challenges, 48 English reform candidates" in done.stdout


def test_bench_small_sizes(cli):
    done = cli("bench", "--sizes", "200,500", "--skip-embedding", "--backends", "numpy", "--skip-optimisers")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("neighbours  n=") == 2
    assert "peak RSS" in done.stdout


@pytest.mark.slow
def test_bench_runs_the_optimisers_tools_at_small_sizes(cli):
    """`bench` imports its tools (matching/tools) when it runs: every optimiser's section, with no violation."""
    done = cli(
        *("bench", "--sizes", "200", "--skip-embedding", "--backends", "numpy", "--pairs-n", "300"),
        *("--roundtable-n", "3000", "--roundtable-trials", "1", "--mentors-n", "50", "--pooling-data", ""),
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    for heading in ("pairs: N = 300", "roundtable: 3000 people", "mentors: 100 requests", "optimisers' benchmark:"):
        assert heading in done.stdout
    lines = done.stdout.splitlines()
    assert [line.rsplit(",", 1)[1].strip() for line in lines if "lowest pair score, violations" in line] == ["0", "0"]
    assert [line.split()[-1] for line in lines if line.strip().startswith("capacity violations")] == ["0"]


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (lambda p, d: ["neighbours", d / "missing.csv", "--k", "2", "--out", d / "o.csv"], "cannot read"),
        (lambda p, d: ["neighbours", d, "--k", "2", "--out", d / "o.csv"], "cannot read"),
        (lambda p, d: ["neighbours", write(d / "e.csv", ""), "--k", "2", "--out", d / "o.csv"], "is empty"),
        (
            lambda p, d: [
                "neighbours",
                write(d / "b.csv", "id,text\n1,caf\xe9\n", "latin-1"),
                "--k",
                "2",
                "--out",
                d / "o.csv",
            ],
            "not UTF-8",
        ),
        (
            lambda p, d: ["neighbours", p, "--k", "2", "--out", d / "o.csv", "--text-column", "body"],
            "no column 'body'",
        ),
        (
            lambda p, d: ["neighbours", p, "--k", "2", "--out", d / "o.csv", "--group-column", "region"],
            "no column 'region'",
        ),
        (
            lambda p, d: ["neighbours", p, "--k", "2", "--out", d / "o.csv", "--encoder", "bert"],
            "unknown encoder",
        ),
        (lambda p, d: ["neighbours", p, "--k", "0", "--out", d / "o.csv"], "--k must be at least 1"),
        (lambda p, d: ["neighbours", p, "--k", "x", "--out", d / "o.csv"], "invalid int value"),
        (lambda p, d: ["neighbours", p, "--out", d / "o.csv"], "required: --k"),
        (
            lambda p, d: ["neighbours", p, "--k", "2", "--out", d / "no" / "o.csv", "--encoder", "hashing"],
            "does not exist",
        ),
        (
            lambda p, d: [
                "neighbours",
                write(d / "dup.csv", "id,text\n1,a\n1,b\n"),
                "--k",
                "1",
                "--out",
                d / "o.csv",
                "--encoder",
                "hashing",
            ],
            "duplicate id '1'",
        ),
        (lambda p, d: ["evaluate", p, "--label-column", "labels"], "no column 'labels'"),
        (lambda p, d: ["evaluate", p], "evaluate needs INPUT.csv and --label-column"),
        (lambda p, d: ["evaluate", "--report", "--data", d / "nowhere"], "not a folder"),
        (
            lambda p, d: [
                "evaluate",
                write(d / "l.csv", "id,text,labels\n1,a,\n"),
                "--label-column",
                "labels",
            ],
            "has no labels",
        ),
        (
            lambda p, d: ["evaluate", p, "--label-column", "country", "--encoder", "hashing", "nope"],
            "unknown encoder",
        ),
        (lambda p, d: ["probe", d / "missing.csv"], "cannot read"),
        (lambda p, d: ["bench", "--sizes", "ten"], "--sizes must be"),
        (lambda p, d: ["neighbours", p, "--k", "2", "--out", d / "o.csv", "--cache", d], "cannot open cache"),
        (lambda p, d: ["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(cli, people_csv, tmp_path, make_args, message):
    done = cli(*make_args(people_csv, tmp_path))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: "), done.stderr
    assert message in lines[0], done.stderr

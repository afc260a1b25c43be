"""Sub-commands `pairs`, `mentors` and `roundtable` of `python -m matching`.

File formats are a contract (coordinators' scripts depend on them): see `--help` of each command and
matching/README.md. Every input problem is an InputError (one line on stderr, exit 2).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from matching.cli.common import Embedder, add_encoder_options, doc, write_json
from matching.errors import InputError
from matching.io import read_csv, unique_ids, write_csv
from matching.mentors.assign import assign_mentors
from matching.mentors.rank import Mentor, MentorPool, MentorRequest, MentorSuggestion
from matching.pairing.pairs import check_requests, pair_people
from matching.roundtable.alternates import choose_alternates, no_show_rates
from matching.roundtable.fair import DEFAULT_RELEVANCE_SHARE, fair_lottery
from matching.roundtable.panel import DEFAULT_DIVERSITY, relevance_scores, select_panel
from matching.roundtable.quotas import parse_max_per, parse_quota
from matching.scoring import Person, TextVectors


def _split(cell: str, separator: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in (cell or "").split(separator) if x.strip())


def _int(value: str, path: str, line: int, column: str, minimum: int = 0) -> int:
    try:
        number = int(value)
    except ValueError:
        raise InputError(f"{path} line {line}: {column} {value!r} is not a whole number") from None
    if number < minimum:
        raise InputError(f"{path} line {line}: {column} must be at least {minimum}, got {number}")
    return number


def _number(value: str, path: str, line: int, column: str, low: float = 0.0, high: float | None = None) -> float:
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{path} line {line}: {column} {value!r} is not a number") from None
    if not np.isfinite(number) or number < low or (high is not None and number > high):
        limits = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        raise InputError(f"{path} line {line}: {column} must be {limits}, got {value!r}")
    return number


def _read_numbers(path: str, key: str, column: str) -> dict[str, float]:
    """`key,column` rows (id,load or id,invitations) as id -> number; a repeated id is an error."""
    table = read_csv(path, [key, column], allow_empty=True)
    out: dict[str, float] = {}
    for line, row in enumerate(table.rows, start=2):
        if row[key] in out:
            raise InputError(f"{path} line {line}: {key} {row[key]!r} is repeated")
        out[row[key]] = _number(row[column], path, line, column)
    return out


def _read_rates(path: str) -> list[tuple[str, str, float]]:
    table = read_csv(path, ["column", "value", "rate"])
    return [
        (row["column"], row["value"], _number(row["rate"], path, line, "rate", 0.0, 1.0))
        for line, row in enumerate(table.rows, start=2)
    ]


def _ledger(args: argparse.Namespace) -> dict:
    """The load ledger options (`--load`, `--max-load`) as keyword arguments for an optimiser."""
    if args.max_load is not None and args.max_load < 0:
        raise InputError("--max-load must be 0 or more")
    if args.load is None and args.max_load is None:
        return {}
    return {"load": _read_numbers(args.load, "id", "load") if args.load else {}, "max_load": args.max_load}


def _text_vectors(vectors: np.ndarray, owners: Sequence[int] | np.ndarray, n: int) -> TextVectors:
    return TextVectors(vectors, np.asarray(owners, dtype=np.int64), n)


def _read_pairs(path: str, index: dict, what: str) -> list[tuple[str, str]]:
    table = read_csv(path, ["a_id", "b_id"], allow_empty=True)
    pairs = []
    for line, row in enumerate(table.rows, start=2):
        for column in ("a_id", "b_id"):
            if row[column] not in index:
                raise InputError(f"{path} line {line}: unknown id {row[column]!r} in the {what} pairs")
        if row["a_id"] == row["b_id"]:
            raise InputError(f"{path} line {line}: {what} pair pairs {row['a_id']!r} with itself")
        pairs.append((row["a_id"], row["b_id"]))
    return pairs


def cmd_pairs(args: argparse.Namespace) -> int:
    """Peer-exchange pairs: maximum total score, at most K pairs each, explained."""
    if args.per_person < 0:
        raise InputError("--per-person must be 0 or more")
    table = read_csv(args.people, ["id", "country", "challenge", "reform"])
    ids = unique_ids(table, "id")
    index = {x: i for i, x in enumerate(ids)}
    exclude = _read_pairs(args.exclude, index, "excluded") if args.exclude else []
    lock = _read_pairs(args.lock, index, "locked") if args.lock else []
    known = {"id", "country", "challenge", "reform", "name", "sector", "languages", "per_person"}
    people: list[Person] = []
    texts: list[str] = []
    c_owner: list[int] = []
    r_owner: list[int] = []
    kinds: list[bool] = []
    for line, row in enumerate(table.rows, start=2):
        challenges, reforms = _split(row["challenge"], "||"), _split(row["reform"], "||")
        k = row.get("per_person", "")
        people.append(
            Person(
                id=row["id"],
                country=row["country"],
                sector=row.get("sector", ""),
                name=row.get("name", ""),
                languages=_split(row.get("languages", ""), ";"),
                challenges=challenges,
                reforms=reforms,
                per_person=_int(k, args.people, line, "per_person") if k else None,
                attributes={c: v for c, v in row.items() if c not in known},
            )
        )
        p = len(people) - 1
        texts += [*challenges, *reforms]
        kinds += [True] * len(challenges) + [False] * len(reforms)
        c_owner += [p] * len(challenges)
        r_owner += [p] * len(reforms)
    if not texts:
        raise InputError(f"{args.people}: no challenge or reform text at all")
    check_requests(people, args.per_person, exclude, lock)  # fail before the (slow) embedding
    ledger = _ledger(args)
    embedder = Embedder(args)
    vectors = embedder.corpus(texts)
    is_challenge = np.array(kinds, dtype=bool)
    n = len(people)
    result = pair_people(
        people,
        _text_vectors(vectors[is_challenge], c_owner, n),
        _text_vectors(vectors[~is_challenge], r_owner, n),
        k=args.per_person,
        allow_same_country=args.allow_same_country,
        exclude=exclude,
        lock=lock,
        min_score=args.min_score,
        embed=embedder,
        **ledger,
    )
    rows = (
        (p.a_id, p.b_id, f"{p.score:.6f}", p.a_challenge_excerpt, p.b_reform_excerpt, p.reason) for p in result.pairs
    )
    columns = ["a_id", "b_id", "score", "a_challenge_excerpt", "b_reform_excerpt", "reason"]
    count = write_csv(args.out, columns, rows)
    if args.report:
        write_json(args.report, result.report)
    r = result.report
    print(
        f"wrote {count} pairs to {args.out}: total score {r['objective']:.3f} "
        f"(upper bound {r['upper_bound']:.3f}, greedy {r['greedy_objective']:.3f}); "
        f"{r['matched_people']} of {r['people']} people matched, {r['violations']} violations"
    )
    return 0


def cmd_mentors(args: argparse.Namespace) -> int:
    """Mentor suggestions per request, or one assignment for the whole cohort under capacities."""
    if args.suggestions is not None and args.suggestions < 1:
        raise InputError("--suggestions must be at least 1")
    req_table = read_csv(args.requests, ["id", "country", "languages", "need"])
    men_table = read_csv(args.mentors, ["id", "country", "languages", "capacity", "experience"])
    unique_ids(req_table, "id")
    unique_ids(men_table, "id")
    requests = [
        MentorRequest(
            id=row["id"],
            need=row["need"],
            country=row["country"],
            languages=_split(row["languages"], ";"),
            preferred_countries=_split(row.get("preferred_countries", ""), ";"),
            excluded_countries=_split(row.get("excluded_countries", ""), ";"),
        )
        for row in req_table.rows
    ]
    mentors = [
        Mentor(
            id=row["id"],
            experience=row["experience"],
            country=row["country"],
            languages=_split(row["languages"], ";"),
            capacity=_int(row["capacity"], args.mentors, line, "capacity"),
        )
        for line, row in enumerate(men_table.rows, start=2)
    ]
    ledger = _ledger(args)
    if ledger and not args.assign:
        raise InputError("--load and --max-load need --assign")
    embedder = Embedder(args)
    vectors = embedder.corpus([r.need for r in requests] + [m.experience for m in mentors])
    nr, nm = len(requests), len(mentors)
    needs = _text_vectors(vectors[:nr], np.arange(nr), nr)
    experience = _text_vectors(vectors[nr:], np.arange(nm), nm)
    out: Sequence[MentorSuggestion]
    if args.assign:
        result = assign_mentors(
            requests, mentors, needs, experience, min_score=args.min_score, embed=embedder, **ledger
        )
        if args.report:
            write_json(args.report, result.report)
        out = result.assignments
        summary = (
            f"{result.report['assigned_requests']} of {result.report['requests']} requests assigned, "
            f"{result.report['capacity_violations']} capacity violations"
        )
    else:
        pool = MentorPool(mentors, experience)
        out = [
            s
            for r, req in enumerate(requests)
            for s in pool.rank(req, needs.rows(r), args.suggestions or 5, min_score=args.min_score, embed=embedder)
        ]
        summary = f"{len({s.request_id for s in out})} of {nr} requests have a suggestion"
    rows = ((s.request_id, s.mentor_id, s.rank, f"{s.score:.6f}", s.reason) for s in out)
    count = write_csv(args.out, ["request_id", "mentor_id", "rank", "score", "reason"], rows)
    print(f"wrote {count} rows to {args.out}: {summary}")
    return 0


def cmd_roundtable(args: argparse.Namespace) -> int:
    """Roundtable invitees under hard quotas, with a quota-keeping waiting list."""
    if args.seats < 1:
        raise InputError("--seats must be at least 1")
    if args.waitlist is not None and args.waitlist < 0:
        raise InputError("--waitlist must be 0 or more")
    if not args.topic.strip():
        raise InputError("--topic is empty")
    table = read_csv(args.people, ["id", "country", "sector", "gender", "languages", "text"])
    unique_ids(table, "id")
    quotas = [parse_quota(q, args.seats) for q in args.quota or []]
    caps = [parse_max_per(m) for m in args.max_per or []]
    for column in dict.fromkeys([q.column for q in quotas] + [m.column for m in caps]):
        if column not in table.columns:
            raise InputError(f"quota column {column!r} is not in {args.people} (columns: {', '.join(table.columns)})")
    known = {"id", "country", "sector", "gender", "languages", "text", "name"}
    people = [
        Person(
            id=row["id"],
            country=row["country"],
            sector=row["sector"],
            gender=row["gender"],
            languages=_split(row["languages"], ";"),
            name=row.get("name", ""),
            text=row["text"],
            attributes={c: v for c, v in row.items() if c not in known},
        )
        for row in table.rows
    ]
    ids = {p.id for p in people}
    for what, chosen in (("pins", args.pin or []), ("exclusions", args.exclude or [])):
        unknown = [x for x in chosen if x not in ids]
        if unknown:  # fail before the (slow) embedding
            raise InputError(f"unknown id {unknown[0]!r} in the {what}")
    ledger = _ledger(args)
    fair_only = [
        flag
        for flag, value in (
            ("--min-relevance", args.min_relevance),
            ("--relevance-share", args.relevance_share),
            ("--history", args.history),
            ("--seed", args.seed),
            ("--no-show", args.no_show),
        )
        if value is not None
    ]
    if fair_only and not args.fair:
        raise InputError(f"{fair_only[0]} needs --fair")
    if args.fair and args.diversity is not None:
        raise InputError("--diversity is for the deterministic selection, not with --fair")
    if args.relevance_share is not None and not 0 <= args.relevance_share <= 1:
        raise InputError("--relevance-share must be between 0 and 1")
    if args.seed is not None and args.seed < 0:
        raise InputError("--seed must be 0 or more")
    if args.min_relevance is not None and not np.isfinite(args.min_relevance):
        raise InputError("--min-relevance must be a number")
    history = _read_numbers(args.history, "id", "invitations") if args.history else None
    for pid in history or {}:
        if pid not in ids:
            raise InputError(f"{args.history}: unknown id {pid!r}")
    rates = _read_rates(args.no_show) if args.no_show else None
    if rates:
        for column, _, _ in rates:
            if column not in table.columns:
                raise InputError(f"{args.no_show}: column {column!r} is not in {args.people}")
    embedder = Embedder(args)
    vectors = embedder.corpus([p.text for p in people] + [args.topic])
    n = len(people)
    has_text = np.array([bool(p.text.strip()) for p in people])
    rel = relevance_scores(vectors[n:], _text_vectors(vectors[:n][has_text], np.flatnonzero(has_text), n))
    if args.fair:
        return _fair_roundtable(args, people, rel, quotas, caps, history, rates, ledger)
    panel = select_panel(
        people,
        rel,
        args.seats,
        quotas=quotas,
        max_per=caps,
        pins=args.pin or [],
        exclude=args.exclude or [],
        waitlist=args.waitlist,
        diversity=DEFAULT_DIVERSITY if args.diversity is None else args.diversity,
        topic=args.topic,
        explain_with=embedder,
        **ledger,
    )
    listed = (*panel.invited, *panel.waitlist)
    rows = ((x.id, x.status, x.rank, f"{x.relevance:.6f}", x.reason) for x in listed)
    count = write_csv(args.out, ["id", "status", "rank", "relevance", "reason"], rows)
    if args.report:
        write_json(args.report, panel.report)
    rep = panel.report
    print(
        f"wrote {count} rows to {args.out}: {len(panel.invited)} invited (mean relevance "
        f"{rep['mean_relevance']:.3f}, {rep['countries_represented']} countries), "
        f"{len(panel.waitlist)} on the waiting list; every quota holds"
    )
    return 0


def _fair_roundtable(args, people, rel, quotas, caps, history, rates, ledger) -> int:
    """`roundtable --fair`: the panel drawn from the maximin lottery, then the waiting list."""
    share = DEFAULT_RELEVANCE_SHARE if args.relevance_share is None else args.relevance_share
    lottery = fair_lottery(
        people,
        rel,
        args.seats,
        quotas=quotas,
        max_per=caps,
        pins=args.pin or [],
        exclude=args.exclude or [],
        min_relevance=args.min_relevance,
        relevance_share=share,
        history=history,
        seed=args.seed,
        **ledger,
    )
    relevance = {p.id: float(np.nan_to_num(r)) for p, r in zip(people, rel, strict=True)}
    drawn = set(lottery.panel)
    candidates = sorted((x for x in lottery.probabilities if x not in drawn), key=lambda x: (-relevance[x], x))
    length = args.seats if args.waitlist is None else args.waitlist
    report = dict(lottery.report)
    if rates is not None:
        waiting = choose_alternates(
            people,
            lottery.panel,
            candidates,
            no_show_rates(people, rates),
            length,
            quotas=quotas,
            max_per=caps,
            seats=args.seats,
            relevance=relevance,
            seed=lottery.seed,
        )
        wait = list(waiting.ids)
        report.update(
            expected_violations=waiting.expected_violations,
            expected_violations_relevance_order=waiting.expected_violations_relevance_order,
            expected_empty_seats=waiting.expected_empty_seats,
            expected_empty_seats_relevance_order=waiting.expected_empty_seats_relevance_order,
            no_show_simulations=waiting.simulations,
        )
    else:
        wait = candidates[:length]
    report["waitlist"] = len(wait)
    probability = lottery.probabilities
    rows = [
        (
            x,
            "invited",
            r,
            f"{relevance[x]:.6f}",
            f"drawn in the fair lottery with seed {lottery.seed} (selection probability {probability[x]:.4f})",
        )
        for r, x in enumerate(lottery.panel, start=1)
    ]
    why = "chosen to keep the quotas after expected no-shows" if rates is not None else "by relevance"
    rows += [
        (x, "waitlist", r, f"{relevance[x]:.6f}", f"waiting list place {r}, {why} (probability {probability[x]:.4f})")
        for r, x in enumerate(wait, start=1)
    ]
    count = write_csv(args.out, ["id", "status", "rank", "relevance", "reason"], rows)
    if args.report:
        write_json(args.report, report)
    print(
        f"wrote {count} rows to {args.out}: {len(lottery.panel)} drawn with seed {lottery.seed} from "
        f"{report['eligible']} eligible (smallest probability {report['min_probability']:.4f}, relevance share "
        f"{report['relevance_share']:.3f}), {len(wait)} on the waiting list; every quota holds"
    )
    return 0


def register(subparsers, command: str | None = None) -> None:
    """Add `pairs`, `mentors` and `roundtable` (their flags are all the CLI's own, so `command` changes nothing)."""
    p = subparsers.add_parser(
        "pairs",
        help="peer-exchange pairs with the maximum total score",
        description=doc(cmd_pairs)
        + " PEOPLE.csv columns id,country,challenge,reform and optionally name,sector,languages,per_person "
        "(languages ;-separated, several challenges or reforms in one cell separated by ||). "
        "PAIRS.csv columns a_id,b_id,score,a_challenge_excerpt,b_reform_excerpt,reason, "
        "each unordered pair once.",
    )
    p.add_argument("people", metavar="PEOPLE.csv")
    p.add_argument(
        "--per-person",
        type=int,
        required=True,
        metavar="K",
        help="at most K pairs per person (a per_person column overrides it per row)",
    )
    p.add_argument("--out", required=True, metavar="PAIRS.csv")
    p.add_argument("--allow-same-country", action="store_true", help="allow pairs within one country")
    p.add_argument("--exclude", metavar="PAIRS.csv", help="pairs never to suggest (columns a_id,b_id)")
    p.add_argument("--lock", metavar="PAIRS.csv", help="pairs to keep whatever their score (columns a_id,b_id)")
    p.add_argument("--min-score", type=float, metavar="X", help="no pair scoring under X (locked pairs excepted)")
    p.add_argument("--report", metavar="REPORT.json", help="objective, bound, greedy baseline, coverage, violations")
    _ledger_options(p)
    add_encoder_options(p)
    p.set_defaults(func=cmd_pairs)

    p = subparsers.add_parser(
        "mentors",
        help="mentor suggestions or a cohort assignment",
        description=doc(cmd_mentors)
        + " REQUESTS.csv columns id,country,languages,need (optional preferred_countries, excluded_countries); "
        "MENTORS.csv columns id,country,languages,capacity,experience (capacity: free places left); "
        "languages and countries ;-separated. OUT.csv columns request_id,mentor_id,rank,score,reason.",
    )
    p.add_argument("requests", metavar="REQUESTS.csv")
    p.add_argument("mentors", metavar="MENTORS.csv")
    p.add_argument("--out", required=True, metavar="OUT.csv")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--suggestions", type=int, metavar="K", help="the K best eligible mentors per request (default 5)"
    )
    mode.add_argument("--assign", action="store_true", help="assign the whole cohort under mentors' capacities")
    p.add_argument("--min-score", type=float, metavar="X", help="never suggest or assign a mentor fitting under X")
    p.add_argument("--report", metavar="REPORT.json", help="with --assign: coverage, fit, capacity, load figures")
    _ledger_options(p)
    add_encoder_options(p)
    p.set_defaults(func=cmd_mentors)

    p = subparsers.add_parser(
        "roundtable",
        help="roundtable invitees under hard quotas",
        description=doc(cmd_roundtable)
        + " PEOPLE.csv columns id,country,sector,gender,languages,text (any other column can carry a quota). "
        "OUT.csv columns id,status,rank,relevance,reason with status invited or waitlist.",
    )
    p.add_argument("people", metavar="PEOPLE.csv")
    p.add_argument("--topic", required=True, metavar="TEXT")
    p.add_argument("--seats", type=int, required=True, metavar="S")
    p.add_argument(
        "--quota",
        action="extend",
        nargs="+",
        metavar="SPEC",
        help="COLUMN=VALUE:MIN-MAX, counts or percentages of S, e.g. country=KE:2- gender=woman:40%%-",
    )
    p.add_argument(
        "--max-per", action="extend", nargs="+", metavar="COLUMN=N", help="at most N per value, e.g. country=3"
    )
    p.add_argument("--pin", action="extend", nargs="+", metavar="ID", help="always invite")
    p.add_argument("--exclude", action="extend", nargs="+", metavar="ID", help="never invite")
    p.add_argument("--waitlist", type=int, metavar="M", help="waiting list length (default: S)")
    p.add_argument(
        "--diversity",
        type=float,
        metavar="X",
        help="relevance worth one more country among the invitees (default 0.05)",
    )
    p.add_argument("--out", required=True, metavar="OUT.csv")
    p.add_argument("--report", metavar="REPORT.json", help="quota coverage, mean relevance, countries, sectors")
    p.add_argument("--fair", action="store_true", help="draw the panel from a maximin lottery over feasible panels")
    p.add_argument("--min-relevance", type=float, metavar="X", help="with --fair: eligible from this relevance up")
    p.add_argument(
        "--relevance-share",
        type=float,
        metavar="X",
        help="with --fair: expected relevance at least this share of the best panel's (default 0.95)",
    )
    p.add_argument("--history", metavar="HISTORY.csv", help="with --fair: past invitations (columns id,invitations)")
    p.add_argument(
        "--seed", type=int, metavar="N", help="with --fair: the draw's seed (default: a fresh one, reported)"
    )
    p.add_argument(
        "--no-show",
        metavar="RATES.csv",
        help="with --fair: no-show rates per group (columns column,value,rate); the waiting list keeps the quotas",
    )
    _ledger_options(p)
    add_encoder_options(p)
    p.set_defaults(func=cmd_roundtable)


def _ledger_options(p) -> None:
    p.add_argument("--load", metavar="LOAD.csv", help="current load across programmes (columns id,load)")
    p.add_argument("--max-load", type=int, metavar="N", help="per-person cap on load plus new places")

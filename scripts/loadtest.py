#!/usr/bin/env python3
"""Load test: seed N synthetic profiles into a scratch SQLite database, serve the app with gunicorn on loopback, run
wrk on the given pages at the given connection counts, time semantic searches one by one (query embedding
included: every query is new, so the per-process query cache never helps), and print p50/p99/requests per second/
errors.

    python scripts/loadtest.py                                   # 10,000 profiles, 10 connections
    python scripts/loadtest.py --connections 2,10,50 --page courses=/courses      # more pages and loads
    python scripts/loadtest.py --keep /tmp/lh-load                # keep the seeded database for another run
    python scripts/loadtest.py --reuse /tmp/lh-load               # skip seeding, reuse that database
    python scripts/loadtest.py --page list=/directory --page profile=/directory/{profile} --page courses=/courses
                                                                  # the everyday pages against the baseline
    python scripts/loadtest.py --reuse /tmp/lh-load --cpu --page ...   # processor time per request, in-process

Every run also measures sign-in (GET the form, then the timed POST with the production password hash) under
--sign-in-users concurrent users, and serves a bare Flask page rendering 20 cards through Jinja (scripts/bare_flask.py)
under the same gunicorn settings, loaded right before and right after each page, printing each page's requests per
second as a share of the baseline's mean.

Needs wrk (Debian package `wrk`) and gunicorn. Everything listens on 127.0.0.1 only. Requests are made signed in
(members-only profiles are the larger set); --anonymous measures what visitors see.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = [
    "list=/directory",
    "filtered=/directory?country=KE&area=open_contracting",
    "keyword=/directory?q=procurement+portals&mode=words",
    "semantic=/directory?q=who+has+set+up+a+beneficial+ownership+register",
    "profile=/directory/{profile}",
]
LOGIN_EMAIL = "loadtest@example.org"
SIGN_IN_EMAIL = "loadtest-signin-{}@example.org"
SIGN_IN_PASSWORD = "load-test-password"
WORDS = [
    "budget",
    "procurement",
    "register",
    "owners",
    "contracts",
    "audit",
    "declarations",
    "parliament",
    "hearings",
    "open",
    "data",
    "portal",
    "complaints",
    "health",
    "water",
    "roads",
    "mining",
    "royalties",
    "consultation",
    "women",
    "youth",
    "court",
    "decisions",
    "police",
    "land",
    "licences",
    "tax",
    "transparency",
    "journalists",
    "whistleblowers",
    "climate",
    "finance",
    "schools",
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=10_000, help="synthetic profiles to seed (default 10000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--connections", default="10", help="comma-separated wrk connection counts (default 10)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run (default 15)")
    parser.add_argument(
        "--page",
        action="append",
        metavar="NAME=PATH",
        help="a page to load (repeatable; replaces the defaults). {profile} = a listed profile id",
    )
    parser.add_argument("--encoder", default="hashing", help="MATCHING_ENCODER for seeding and serving")
    parser.add_argument("--semantic-queries", type=int, default=60, help="distinct semantic searches to time")
    parser.add_argument("--anonymous", action="store_true", help="load the pages without signing in")
    parser.add_argument(
        "--profile",
        metavar="PATH",
        help="instead of the load: profile PATH in-process (signed in, after a warm-up) and print where the time goes",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="instead of the load: processor time per request of each page and of the bare page, in-process",
    )
    parser.add_argument("--sign-in-users", type=int, default=10, help="concurrent users signing in (default 10)")
    parser.add_argument("--sign-ins", type=int, default=60, help="timed sign-ins in all (default 60)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--keep", metavar="DIR", help="seed into DIR and keep it")
    parser.add_argument("--reuse", metavar="DIR", help="reuse the database seeded earlier in DIR")
    return parser.parse_args(argv)


def environment(db_path: Path, encoder: str, config: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{db_path}",
            "LEARNING_HUB_CONFIG": config,
            "MATCHING_ENCODER": encoder,
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_hex(32),
            "FLASK_APP": "learning_hub",
            "JOBS_BACKEND": "sync",
            "MAIL_BACKEND": "log",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            # One BLAS thread per worker: the workers are the parallelism (2 workers on 2 cores).
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            # The load comes from one address: do not let the login limiter or the anonymous search limit count it.
            "LOGIN_LIMIT_PER_ADDRESS": "100000 per minute",
            "DIRECTORY_ANONYMOUS_SEARCH_LIMIT": "1000000 per minute",
        }
    )
    return env


def run(cmd: list[str], env: dict, label: str) -> float:
    started = time.perf_counter()
    print(f"== {label}: {' '.join(cmd)}", flush=True)
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)
    return time.perf_counter() - started


def seed(db_path: Path, args) -> dict:
    env = environment(db_path, args.encoder, "development")
    python = sys.executable
    create = (
        "from learning_hub import create_app; from learning_hub.extensions import db; app = create_app(); "
        "ctx = app.app_context(); ctx.push(); db.create_all()"
    )
    run([python, "-c", create], env, "create tables")
    seconds = run(
        [python, "-m", "flask", "directory", "synthesize", str(args.profiles)],
        env,
        f"seed {args.profiles} profiles and embed them ({args.encoder})",
    )
    run(
        [python, "-m", "flask", "users", "create-admin", LOGIN_EMAIL, "--password", "load-test-password"],
        env,
        "create the account the load signs in with",
    )
    return {"seed_seconds": seconds}


def ensure_sign_in_accounts(db_path: Path, args) -> None:
    """One account per concurrent signing-in user (the per-account login limit then never interferes)."""
    env = environment(db_path, args.encoder, "development")
    emails = [SIGN_IN_EMAIL.format(i) for i in range(args.sign_in_users)]
    code = (
        "from learning_hub import create_app; from learning_hub.extensions import db; "
        "from learning_hub.models import User; app = create_app(); ctx = app.app_context(); ctx.push()\n"
        f"for email in {emails!r}:\n"
        "    if db.session.scalar(db.select(User).where(User.email == email)) is None:\n"
        "        user = User(email=email); user.set_password(" + repr(SIGN_IN_PASSWORD) + "); db.session.add(user)\n"
        "db.session.commit()"
    )
    run([sys.executable, "-c", code], env, f"{len(emails)} accounts for the sign-in measurement")
    run([sys.executable, "-m", "flask", "courses", "sync"], env, "load the courses (the catalogue page shows them)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command(args, port: int, target: str) -> list[str]:
    """The same gunicorn settings for the app and for the bare baseline."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
        target,
    ]


def start_baseline(args, port: int) -> subprocess.Popen:
    cmd = [*gunicorn_command(args, port, "bare_flask:app"), "--chdir", str(ROOT / "scripts")]
    print(f"== serve the bare Flask baseline: {' '.join(cmd)}", flush=True)
    server = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            pass
        if server.poll() is not None:
            raise SystemExit("the baseline exited during start-up")
        time.sleep(0.2)
    raise SystemExit("the baseline did not answer")


def sign_in_once(base: str, email: str) -> float:
    """GET the sign-in form, then POST it: the POST's duration in ms (the password hash included)."""
    with requests.Session() as browser:
        page = browser.get(base + "/login", timeout=60)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
        cookie = f"lh_session={page.cookies['lh_session']}"
        started = time.perf_counter()
        answer = requests.post(
            base + "/login",
            data={"csrf_token": token, "email": email, "password": SIGN_IN_PASSWORD},
            headers={"Cookie": cookie},
            allow_redirects=False,
            timeout=120,
        )
        elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code != 302:
        raise SystemExit(f"sign-in failed: {answer.status_code}")
    return elapsed


def sign_in_latency(base: str, users: int, total: int) -> dict:
    """`users` people signing in at once, again and again, `total` sign-ins in all."""
    emails = [SIGN_IN_EMAIL.format(i % users) for i in range(total)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=users) as pool:
        timings = sorted(pool.map(lambda email: sign_in_once(base, email), emails))
    return {
        "n": total,
        "users": users,
        "p50": statistics.median(timings),
        "p99": timings[min(len(timings) - 1, int(0.99 * len(timings)))],
    }


def start_server(db_path: Path, args, port: int) -> subprocess.Popen:
    env = environment(db_path, args.encoder, "production")
    cmd = gunicorn_command(args, port, "learning_hub:create_app()")
    print(f"== serve: {' '.join(cmd)}", flush=True)
    server = subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)
    for _ in range(600):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        time.sleep(0.2)
    raise SystemExit("the server did not answer /healthz")


def sign_in(base: str) -> str:
    """The session cookie of a signed-in browser (set by hand: the cookie is Secure and this is plain http)."""
    page = requests.get(base + "/login", timeout=30)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    cookie = f"lh_session={page.cookies['lh_session']}"
    answer = requests.post(
        base + "/login",
        data={"csrf_token": token, "email": LOGIN_EMAIL, "password": "load-test-password"},
        headers={"Cookie": cookie},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302:
        raise SystemExit(f"sign-in failed: {answer.status_code}")
    return f"lh_session={answer.cookies['lh_session']}"


def listed_profile(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        row = conn.execute(
            "SELECT p.id FROM profile p JOIN challenge c ON c.profile_id = p.id WHERE p.visibility = "
            "'public' AND p.consented_at IS NOT NULL ORDER BY p.id LIMIT 1 OFFSET 50"
        ).fetchone()
    return row[0]


def warm_up(base: str, paths: list[str], headers: dict, workers: int) -> None:
    """Each worker builds its in-memory index on its first request: do that before measuring."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers * 2) as pool:
        for path in paths:
            statuses = list(
                pool.map(
                    lambda url: requests.get(url, headers=headers, timeout=300).status_code,
                    [base + path] * (workers * 6),
                )
            )
            if set(statuses) != {200}:
                raise SystemExit(f"warm-up of {path}: statuses {sorted(set(statuses))}")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, connections: int, duration: int, headers: dict) -> dict:
    cmd = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.MULTILINE))
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }
    for pct in ("50", "99"):
        value, unit = re.match(r"([\d.]+)(\w+)", latency[pct]).groups()
        result[f"p{pct}"] = _ms(value, unit)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = (int(non2xx.group(1)) if non2xx else 0) + (
        sum(map(int, socket_errors.groups())) if socket_errors else 0
    )
    return result


def semantic_latency(base: str, headers: dict, count: int) -> dict:
    """Distinct plain-language questions, one at a time: each pays for embedding its query."""
    rng = __import__("random").Random(7)
    timings, errors = [], 0
    for i in range(count):
        words = " ".join(rng.sample(WORDS, 4))
        query = f"who has worked on {words} {i}"
        started = time.perf_counter()
        response = requests.get(
            base + "/directory?" + urllib.parse.urlencode({"q": query}), headers=headers, timeout=60
        )
        timings.append((time.perf_counter() - started) * 1000)
        # a page with results ("best first"), or one saying nothing is close (the relevance floor): both are answers
        errors += response.status_code != 200 or not (
            "best first" in response.text or "No close match" in response.text
        )
    timings.sort()
    return {
        "n": count,
        "p50": statistics.median(timings),
        "p99": timings[min(len(timings) - 1, int(0.99 * len(timings)))],
        "max": timings[-1],
        "errors": errors,
    }


def worker_memory(server: subprocess.Popen) -> list[int]:
    """Resident memory (MB) of each gunicorn worker, read from /proc."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{server.pid}$", text, re.MULTILINE):
            sizes.append(int(re.search(r"^VmRSS:\s+(\d+)", text, re.MULTILINE).group(1)) // 1024)
    return sorted(sizes)


def in_process_client(db_path: Path, args):
    """The app's test client in this process, signed in unless --anonymous."""
    os.environ.update(environment(db_path, args.encoder, "production"))
    os.environ["SESSION_COOKIE_SECURE"] = "false"
    sys.path.insert(0, str(ROOT))
    from learning_hub import create_app

    app = create_app()
    client = app.test_client()
    if not args.anonymous:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
        answer = client.post(
            "/login", data={"csrf_token": token, "email": LOGIN_EMAIL, "password": "load-test-password"}
        )
        if answer.status_code != 302:
            raise SystemExit(f"sign-in failed: {answer.status_code}")
    return client


def cpu_per_request(db_path: Path, args, count: int = 100) -> int:
    """The processor time (not wall time: other work on a shared machine barely moves it) of one request to each page
    in this process, and of the bare Flask page served the same way, measured twice in alternation; the bare page's
    time as a share of each page's is the in-process counterpart of the load's "of bare" column (without the HTTP
    server's own share of each request)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import bare_flask

    client = in_process_client(db_path, args)
    bare = bare_flask.app.test_client()
    profile = listed_profile(db_path)
    pages = [
        (name, path.replace("{profile}", str(profile)))
        for name, path in (i.split("=", 1) for i in args.page or DEFAULT_PAGES)
    ]

    def cpu_ms(browser, path: str) -> float:
        for _ in range(5):
            if browser.get(path).status_code != 200:
                raise SystemExit(f"{path} did not answer 200")
        started = time.process_time()
        for _ in range(count):
            browser.get(path)
        return (time.process_time() - started) / count * 1000

    rows = {name: [] for name, _path in pages}
    bare_ms = []
    for _round in range(2):
        bare_ms.append(cpu_ms(bare, "/"))
        for name, path in pages:
            rows[name].append(cpu_ms(client, path))
    bare_mean = statistics.mean(bare_ms)
    print(
        f"processor time per request in-process, {count} requests each, twice "
        f"({'anonymous' if args.anonymous else 'signed in'}):"
    )
    print(f"   {'bare':<10} {bare_mean:6.2f} ms  ({' and '.join(f'{t:.2f}' for t in bare_ms)})")
    for name, path in pages:
        mean = statistics.mean(rows[name])
        times = " and ".join(f"{t:.2f}" for t in rows[name])
        print(f"   {name:<10} {mean:6.2f} ms  ({times}); bare = {bare_mean / mean:.0%} of it  {path}")
    return 0


def profile_request(db_path: Path, args) -> int:
    """Serve `args.profile` 20 times in this process under cProfile (signed in, after two warm-up requests) and print
    the functions that take the most time, cumulative and own."""
    import cProfile
    import pstats

    client = in_process_client(db_path, args)
    path = args.profile.replace("{profile}", str(listed_profile(db_path)))
    for _ in range(2):
        assert client.get(path).status_code == 200
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(20):
        client.get(path)
    profiler.disable()
    print(f"{path}: {(time.perf_counter() - started) / 20 * 1000:.1f} ms per request in-process (profiled)")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"learning_hub|jinja2|sqlalchemy|flask", 40)
    stats.sort_stats("tottime").print_stats(25)
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.profile or args.cpu:
        workdir = Path(args.reuse or args.keep or "")
        if not (workdir / "load.sqlite3").exists():
            raise SystemExit(
                "--profile and --cpu need --reuse DIR (a database seeded by an earlier run with --keep DIR)"
            )
        if args.cpu:
            return cpu_per_request(workdir / "load.sqlite3", args)
        return profile_request(workdir / "load.sqlite3", args)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    workdir = Path(args.reuse or args.keep or tempfile.mkdtemp(prefix="lh-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / "load.sqlite3"
    facts = {}
    if not (args.reuse and db_path.exists()):
        if db_path.exists():
            db_path.unlink()
        facts = seed(db_path, args)
    ensure_sign_in_accounts(db_path, args)
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db_path, args, port)
    baseline_port = free_port()
    baseline_server = start_baseline(args, baseline_port)
    try:
        first_sign_in = sign_in_once(base, SIGN_IN_EMAIL.format(0))
        print(f"== first sign-in after start-up: {first_sign_in:.0f} ms", flush=True)
        sign_ins = sign_in_latency(base, args.sign_in_users, args.sign_ins)
        headers = {} if args.anonymous else {"Cookie": sign_in(base)}
        pages = [item.split("=", 1) for item in (args.page or DEFAULT_PAGES)]
        profile = listed_profile(db_path)
        pages = [(name, path.replace("{profile}", str(profile))) for name, path in pages]
        started = time.perf_counter()
        warm_up(base, [path for _name, path in pages], headers, args.workers)
        print(f"== warm-up (each worker builds its index): {time.perf_counter() - started:.1f} s")
        rows = []
        # Each page between two baseline runs at the same load, compared with their mean: on a shared machine whose
        # load drifts during a run, the share is the fair figure.
        for name, path in pages:
            for connections in [int(c) for c in args.connections.split(",")]:
                before = wrk(f"http://127.0.0.1:{baseline_port}/", connections, args.duration, {})
                result = wrk(base + path, connections, args.duration, headers)
                after = wrk(f"http://127.0.0.1:{baseline_port}/", connections, args.duration, {})
                bare = {key: (before[key] + after[key]) / 2 for key in ("rps", "p99")}
                rows.append((name, connections, result, bare))
                print(
                    f"   {name:<10} c={connections:<3} p50 {result['p50']:7.1f} ms  p99 {result['p99']:7.1f} ms  "
                    f"{result['rps']:7.1f} req/s  errors {result['errors']}  (bare Flask just before and after: "
                    f"{before['rps']:.1f} and {after['rps']:.1f} req/s, p99 {before['p99']:.1f} and "
                    f"{after['p99']:.1f} ms; {result['rps'] / bare['rps']:.0%} of their mean)",
                    flush=True,
                )
        semantic = semantic_latency(base, headers, args.semantic_queries)
        memory = worker_memory(server)
    finally:
        for process in (server, baseline_server):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    print()
    print(
        f"Profiles: {args.profiles if facts else '(reused)'}; encoder {args.encoder}; gunicorn workers "
        f"{args.workers}; wrk {args.duration} s per run; {'anonymous' if args.anonymous else 'signed in'}"
    )
    if facts:
        print(f"Seeding and embedding: {facts['seed_seconds']:.0f} s")
    print(
        f"{'page':<10} {'conns':>5} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'errors':>7} {'bare r/s':>9} "
        f"{'bare p99':>9} {'of bare':>8}"
    )
    for name, connections, r, b in rows:
        share = r["rps"] / b["rps"] if b["rps"] else 0.0
        print(
            f"{name:<10} {connections:>5} {r['p50']:>8.1f} {r['p99']:>8.1f} {r['rps']:>8.1f} {r['errors']:>7} "
            f"{b['rps']:>9.1f} {b['p99']:>9.1f} {share:>7.0%}"
        )
    print(
        f"sign-in, {sign_ins['n']} sign-ins by {sign_ins['users']} concurrent users (POST with the production "
        f"password hash): p50 {sign_ins['p50']:.0f} ms, p99 {sign_ins['p99']:.0f} ms; first after start-up "
        f"{first_sign_in:.0f} ms"
    )
    print(
        f"semantic search, {semantic['n']} new queries one at a time (query embedding included): p50 "
        f"{semantic['p50']:.1f} ms, p99 {semantic['p99']:.1f} ms, max {semantic['max']:.1f} ms, errors "
        f"{semantic['errors']}"
    )
    print(f"worker memory (RSS, MB): {memory}")
    if not (args.keep or args.reuse):
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all(r["errors"] == 0 for _n, _c, r, _b in rows) and semantic["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Real-browser fixtures: the app served over HTTP from a thread of this process, one headless Chromium
per session, a fresh browser context per page, and a full-page screenshot (plus the HTML) of every open
page when a test fails.

The server runs in-process so that tests read emails from `app.extensions["outbox"]` (the "memory" mail
backend keeps them per process). Jobs use the "thread" backend, as `make run` does, so that pages which
wait for a job really refresh themselves until it ends.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from werkzeug.serving import WSGIRequestHandler, make_server

from config import TestingConfig
from learning_hub import create_app
from learning_hub.extensions import db, limiter
from tests.browser.audit import PageAudit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ACTION_TIMEOUT_MS = 10_000  # clicks, fills and expect(): room for a busy CI machine
expect.set_options(timeout=ACTION_TIMEOUT_MS)


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr: the browser makes hundreds of requests."""

    def log_request(self, *args, **kwargs):
        pass


class _ErrorLog(logging.Handler):
    """Errors the app logs (unhandled exceptions, failed jobs): each fails the test that caused it."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(self.format(record))


class LiveServer:
    def __init__(self, app, url: str, errors: _ErrorLog):
        self.app, self.url, self.errors = app, url, errors

    def outbox(self) -> list:
        return self.app.extensions.setdefault("outbox", [])

    def wait_for_email(self, to: str, subject: str = "", *, after: int = 0, timeout: float = 20.0):
        """The first message to `to` whose subject contains `subject`, among those sent after index
        `after` (emails leave from background jobs: they may arrive after the page that caused them)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.outbox()[after:]:
                if message.to.lower() == to.lower() and subject.lower() in message.subject.lower():
                    return message
            time.sleep(0.1)
        sent = [(m.to, m.subject) for m in self.outbox()[after:]]
        raise AssertionError(f"no email to {to} about {subject!r} within {timeout} s; sent meanwhile: {sent}")

    def link_in(self, message, pattern: str) -> str:
        """The first link in an email's text whose path matches `pattern` (an absolute URL on this server)."""
        for link in re.findall(r"https?://\S+", message.text):
            if re.search(pattern, link):
                assert link.startswith(self.url), f"{link} does not point at the live server {self.url}"
                return link
        raise AssertionError(f"no link matching {pattern!r} in the email:\n{message.text}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The real app on 127.0.0.1 with the courses and the demo data, CSRF on, a scratch SQLite file."""
    database = tmp_path_factory.mktemp("browser-db") / "learning_hub.sqlite3"

    class BrowserConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"
        WTF_CSRF_ENABLED = True
        JOBS_BACKEND = "thread"
        # Every journey in a worker shares this server, and the runs, seats and mentorships one journey creates load
        # the demo people up to the shared load ledger's cap in an order no test controls (the milestone journey
        # found no free reviewer in CI that way). The ledger is tested over HTTP and in the services; here it is off.
        LOAD_CAP = 0

    # Flask-Limiter keeps its storage on the module-level Limiter: the last app built owns it. Give the other
    # tests' app its storage back (both are in-memory stores the tests reset).
    saved = (limiter._storage, limiter._limiter)
    app = create_app(BrowserConfig)
    if saved[0] is not None:
        limiter._storage, limiter._limiter = saved
    with app.app_context():
        db.create_all()
    runner = app.test_cli_runner()
    for args in (["courses", "sync"], ["seed", "demo"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, f"flask {' '.join(args)} failed:\n{result.output}"

    errors = _ErrorLog()
    errors.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    app_logger = logging.getLogger("learning_hub")
    app_logger.addHandler(errors)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = url  # links in emails point at this server
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(app, url, errors)
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    app_logger.removeHandler(errors)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session (Debian's build; Playwright never downloads a browser here)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), or"
            " deselect these tests with -m 'not browser'."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserPages:
    """The pages a test opened, each in its own context (its own cookies: one person each), all audited."""

    def __init__(self, browser, server: LiveServer):
        self.browser, self.server = browser, server
        self.pages: list = []
        self.audit = PageAudit()
        self._log_mark = len(server.errors.records)

    def new_page(self, **context_args):
        context = self.browser.new_context(
            base_url=self.server.url,
            locale="en-GB",
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
            **context_args,
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        self.audit.attach(context)
        page = context.new_page()
        self.pages.append(page)
        return page

    def server_errors(self) -> list[str]:
        return self.server.errors.records[self._log_mark :]

    def assert_clean(self) -> None:
        """Every page visited so far passed the audit, and the server logged no error."""
        for page in self.pages:
            if not page.is_closed():
                page.evaluate("0")  # let the last page's audit report arrive
        problems = self.audit.problems() + [f"server log: {line}" for line in self.server_errors()]
        assert not problems, "\n".join(problems)
        assert self.audit.visited, "no page was audited"

    def close(self) -> None:
        for page in self.pages:
            page.context.close()


@pytest.fixture
def ui(chromium, live_server):
    """`ui.new_page()` opens a page in a fresh context; `ui.assert_clean()` checks every page visited."""
    pages = BrowserPages(chromium, live_server)
    yield pages
    pages.close()


ARTIFACTS = Path("test-artifacts") / "browser"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, save each open page of the test as <test name>[-n].png and .html for the developer."""
    outcome = yield
    report = outcome.get_result()
    pages = item.funcargs.get("ui") if hasattr(item, "funcargs") else None
    if report.when != "call" or not report.failed or not isinstance(pages, BrowserPages):
        return
    folder = item.config.rootpath / ARTIFACTS
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", item.name)
    saved = []
    for number, page in enumerate(pages.pages, start=1):
        if page.is_closed():
            continue
        name = stem if number == 1 else f"{stem}-{number}"
        try:
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            (folder / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except (PlaywrightError, OSError) as exc:  # a crashed page must not hide the test's own failure
            saved.append(f"{name}: could not save ({exc})")
        else:
            saved.append(f"{ARTIFACTS / name}.png ({page.url})")
    if saved:
        report.sections.append(("browser artifacts", "\n".join(saved)))
    if pages.server_errors() or pages.audit.problems():
        report.sections.append(("page audit and server log", "\n".join(pages.audit.problems() + pages.server_errors())))

"""Test set-up: personas (as in HC's hc/test.py), Celery mode, the browser harness."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("PORTAL_TESTING", "1")
# Playwright's sync API runs an event loop in the test thread; Django's ORM calls there are fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_configure(config):
    from portal.celery import app

    # Without a real broker, tasks run inline; with REDIS_URL set, messages go to the real Redis.
    app.conf.task_always_eager = not os.environ.get("REDIS_URL")
    app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fresh_process_state():
    """Per-process memories of an outage (the outbox's broker breaker, stale session copies) start empty."""
    from portal import outbox, sessions

    outbox._broker_down_until = 0.0
    sessions._stale.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty shared cache: figures kept there for seconds (the inbox's counts, the party
    coverage) belong to the data of the test that counted them, which its transaction took away. Sessions are
    written through to the database, so nobody is logged out by it. On Redis only the cache's own keys go: the
    database also holds the Celery broker's queue bindings (kombu), which a FLUSHDB would take from a running
    worker."""
    from django.core.cache import cache

    client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client is None:
        cache.clear()
        return
    redis = client(None, write=True)
    keys = list(redis.scan_iter(match=cache.make_key("*"), count=1000))
    if keys:
        redis.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Holiday rows are cached per process; a test's rows vanish with its transaction, the cache would not."""
    from portal import calendar

    calendar.forget()
    yield
    calendar.forget()


@pytest.fixture
def people(db):
    """The demo cast: enterprise1/2, official1, dispatcher1, handler1/2, oversight1, investigator1, admin."""
    from portal import demo

    return demo.seed(password="pw-Test-12345")["users"]


@pytest.fixture
def password():
    return "pw-Test-12345"


# ---- browser harness (pytest-playwright, the system Chromium, never a downloaded browser) ----


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; browser tests are required here")
        pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver)")
    args = [*browser_type_launch_args.get("args", [])]
    args += ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync"]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": args}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def login(page, live_server, password):
    """Log a user in through the Chinese login page; returns the page."""

    def _login(username: str):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return page

    return _login


# ---- every browser test: no Content-Security-Policy violation, a CSP header on every page ----

_CSP_PROBE = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP-VIOLATION " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                " at " + (e.sourceFile || document.location.href) + ":" + e.lineNumber);
});
"""


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Applied to every test that drives a browser page: collects the console's CSP reports and the
    `securitypolicyviolation` events of every page it opens, and fails the test at teardown if there was
    one, or if a page of the portal came without a Content-Security-Policy header."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations: list[str] = []
    unprotected: list[str] = []

    def on_console(msg):
        text = msg.text
        if "CSP-VIOLATION" in text or "Content Security Policy" in text or "Content-Security-Policy" in text:
            violations.append(f"{msg.type}: {text} ({page.url})")

    def on_response(response):
        if response.request.resource_type == "document" and response.status < 300 \
                and "content-security-policy" not in response.headers:
            unprotected.append(response.url)

    page.context.add_init_script(_CSP_PROBE)
    page.on("console", on_console)
    page.on("response", on_response)
    yield page
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
    assert not unprotected, "pages without a Content-Security-Policy header:\n" + "\n".join(unprotected)


# ---- every browser test: every page it visits meets the standard of tests/browser/pagechecks.py ----

# (user, route, query keys) already checked in this run: a page drawn by the same view for the same user is
# checked once per run, which keeps the suite's time in bounds (each check costs about a second).
_CHECKED_PAGES: set[tuple] = set()
# htmx fragments (HX-Request) are parts of a page, checked within it. Django's admin is checked like any page
# (templates/admin/base_site.html, static/css/admin-overrides.css, static/js/admin-a11y.js), and so is the API
# documentation: Redoc at /api/docs/ (static/css/api-docs.css), checked once it has drawn the spec (its container
# is aria-busy until then; pagechecks.check_page waits). Swagger UI, which /api/docs/ served before, was dropped:
# each operation's summary <button> held buttons (axe: nested-interactive, 93 elements), its own markup.


@pytest.fixture(scope="session")
def _checked_pages_dir(tmp_path_factory):
    """Where the processes of one run claim the pages they check: under `pytest -n` (pytest-xdist) each worker
    is a process of its own, and a page one worker checked is not checked again by another. The workers'
    base temporary directories (popen-gw0, …) share the run's directory as their parent."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "checked-pages"
    folder.mkdir(exist_ok=True)
    return folder


def _claim_page(folder, key: tuple) -> bool:
    """True for the first process of the run to claim the page (an exclusive create: one winner)."""
    import hashlib

    if key in _CHECKED_PAGES:
        return False
    _CHECKED_PAGES.add(key)
    try:
        os.close(os.open(folder / hashlib.sha256(repr(key).encode()).hexdigest(), os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True


@pytest.fixture(autouse=True)
def _pages_meet_the_standard(request, monkeypatch):
    """Every page of the portal a browser test was shown (a GET answered 200 with HTML) is visited again at
    the end of the test as the same user and checked: axe-core, no sideways scrolling at 390 and 1366 px,
    44 px tap targets on the phone (tests/browser/pagechecks.py). A page a POST drew (a form back with its
    errors, a 'done' page) is shown again as it was drawn and checked the same way. The test fails with every
    problem found.

    The live server runs in this process, so the pages are recorded on the server side (who asked for which
    URL) — the browser's own events cannot tell who was logged in, and a check run while the test drives the
    page would race its clicks."""
    if "page" not in request.fixturenames or "live_server" not in request.fixturenames:
        yield
        return
    from django.contrib.sessions.middleware import SessionMiddleware

    visited: dict[tuple, object] = {}  # key → the path to ask again, or (path, response) for a POST
    original = SessionMiddleware.process_response

    def recording(self, req, response):
        match = getattr(req, "resolver_match", None)
        # A form sent back with its errors answers 400 (or 422) in some views, 200 in others.
        status = (200,) if req.method == "GET" else (200, 400, 422) if req.method == "POST" else ()
        if (response.status_code in status and match is not None
                and response.get("Content-Type", "").startswith("text/html") and not response.streaming
                and not req.headers.get("HX-Request")):
            user = getattr(req, "user", None)
            name = user.get_username() if user is not None and user.is_authenticated else ""
            if req.method == "GET":
                visited.setdefault((name, match.route, tuple(sorted(req.GET))), req.get_full_path())
            else:
                # A page drawn by a POST (a form re-rendered with its errors, a 'done' page) cannot be asked
                # for again: the response itself is kept (the outer middleware still add their headers to it,
                # the Content-Security-Policy among them) and shown again to the browser at the end.
                kind = "errors" if b'aria-invalid="true"' in response.content or b"errorlist" in response.content \
                    else "drawn"
                visited.setdefault((name, match.route, "POST", kind), (req.get_full_path(), response))
        return original(self, req, response)

    monkeypatch.setattr(SessionMiddleware, "process_response", recording)
    page = request.getfixturevalue("page")
    live_server = request.getfixturevalue("live_server")
    folder = request.getfixturevalue("_checked_pages_dir")
    yield page
    monkeypatch.setattr(SessionMiddleware, "process_response", original)
    problems = _check_visited(page, live_server.url, visited, folder)
    assert not problems, f"{len(problems)} page problem(s) (the standard of issue 15):\n  " + "\n  ".join(problems)


def _check_visited(page, base: str, visited: dict[tuple, object], folder) -> list[str]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.browser.pagechecks import check_page

    problems: list[str] = []
    cookies: dict[str, str] = {}
    for key, path in sorted(visited.items(), key=lambda item: tuple(map(str, item[0]))):
        if not _claim_page(folder, key):
            continue
        username = key[0]
        page.context.clear_cookies()
        if username:
            if username not in cookies:
                user = get_user_model().objects.filter(username=username, is_active=True).first()
                if user is None:
                    continue
                client = Client()
                client.force_login(user)
                cookies[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
            page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookies[username],
                                       "url": base}])
        if isinstance(path, tuple):  # drawn by a POST: the browser is given that very response again
            path, drawn = path
            problems += [f"[{username or 'anonymous'}] (after a POST) {line}"
                         for line in _check_replayed(page, base + path, drawn, check_page)]
            continue
        response = page.goto(base + path)
        if response is None or response.status != 200 or page.url != base + path:
            continue  # gone or moved since the test saw it (a form after its submission): nothing to check
        problems += [f"[{username or 'anonymous'}] {line}" for line in check_page(page)]
    return problems


def _check_replayed(page, url: str, drawn, check_page) -> list[str]:
    """Check the page a POST drew: the browser navigates to its URL and is answered, for that one document, with
    the response the test was shown (its body and headers, not its cookies); styles, scripts and htmx requests
    go to the live server as usual, with the same user's session."""
    headers = {k: v for k, v in drawn.items() if k.lower() not in ("set-cookie", "content-length")}
    served: list[str] = []

    def answer(route):
        if route.request.resource_type == "document" and not served:
            served.append(route.request.url)
            route.fulfill(status=drawn.status_code, headers=headers, body=drawn.content)
        else:
            route.continue_()

    def same(address: str) -> bool:
        return address == url

    page.route(same, answer)
    try:
        page.goto(url)
    finally:
        page.unroute(same, answer)
    assert served, f"the page drawn by a POST to {url} was not shown again"
    return check_page(page)

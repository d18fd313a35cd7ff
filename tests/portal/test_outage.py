"""Redis goes down under a production-like site and comes back: nothing lost, nothing stuck (issue 11).

The test starts its OWN redis-server on a free port (never the shared one), then gunicorn, a Celery worker and
Celery beat with the production settings — DEBUG off, a SECRET_KEY, PostgreSQL (the test database), REDIS_URL
pointing at that Redis, e-mail written to files — and beat relaying the outbox every 2 seconds. It stops Redis,
logs users in and files complaints through the form, visits each role's pages, starts Redis again and proves:
0 complaints lost, 0 server errors, every pending e-mail sent exactly once within 2 minutes of Redis returning.
"""

from __future__ import annotations

import email
import email.header
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from complaints.models import Category, Complaint
from portal.models import Notification, OutboxMessage, User

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif("postgres" not in os.environ.get("DATABASE_URL", ""),
                       reason="needs a PostgreSQL DATABASE_URL (set by .ci/run)"),
]

N = 4  # complaints filed while Redis is down
PASSWORD = "Outage-Test-2026x"
DEADLINE = 120  # seconds from Redis' return to the last e-mail


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    """A private redis-server (no persistence) that the test can stop and start on the same port."""

    def __init__(self, workdir: Path):
        binary = shutil.which("redis-server")
        if not binary:
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        self.binary, self.port, self.workdir, self.proc = binary, free_port(), workdir, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        pytest.fail("redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


class Browser:
    """Just enough of a browser: cookies, CSRF, no redirect following; remembers every status it saw."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str, seen: list):
        self.base, self.seen = base, seen
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as r:
                status, location, text = r.status, r.headers.get("Location", ""), r.read().decode()
        except urllib.error.HTTPError as e:
            status, location, text = e.code, e.headers.get("Location", ""), e.read().decode(errors="replace")
        self.seen.append((status, "POST" if data is not None else "GET", path))
        return status, location, text

    def get(self, path: str) -> str:
        status, _, text = self.request(path)
        assert status == 200, (path, status)
        return text

    def post_form(self, path: str, data: dict, html: str | None = None) -> tuple[int, str]:
        html = html if html is not None else self.get(path)
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|submission_token)" value="([^"]+)"', html))
        status, location, _ = self.request(path, {**fields, **data})
        return status, location

    def login(self, username: str) -> None:
        status, location = self.post_form("/accounts/login/", {"username": username, "password": PASSWORD})
        assert status == 302, (username, status)


def health(base: str) -> tuple[int, dict]:
    import json

    try:
        with urllib.request.urlopen(base + "/healthz", timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def mails(folder: Path) -> list[tuple[str, str]]:
    """(recipient, subject) of every message the file backend wrote."""
    out = []
    for path in sorted(folder.glob("*.log")):
        for raw in path.read_text(encoding="utf-8").split("\n" + "-" * 79 + "\n"):
            if not raw.strip():
                continue
            msg = email.message_from_string(raw)
            subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
            out.append((msg["To"], subject))
    return out


@pytest.fixture
def site(tmp_path, people):
    """gunicorn, a Celery worker and beat with production settings against the test database and own Redis."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()  # what production checks (the tests' MD5 is not in its list)
    User.objects.update(password=hasher.encode(PASSWORD, hasher.salt()))
    redis = Redis(tmp_path)
    redis.start()
    db = settings.DATABASES["default"]
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({
        "DEBUG": "false", "SECRET_KEY": "outage-test-" + "k" * 40, "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}",
        "REDIS_URL": redis.url, "VAR_DIR": str(tmp_path / "var"), "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(Path(settings.VAR_DIR) / "outage-test-static"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "OUTBOX_RELAY_SECONDS": "2", "DB_CONN_MAX_AGE": "0", "LOG_LEVEL": "WARNING",
    })
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=settings.BASE_DIR,
                   env=env, check=True, timeout=300)
    bin_dir = Path(sys.executable).parent
    logs = {name: open(tmp_path / f"{name}.log", "w") for name in ("web", "worker", "beat")}
    procs = {
        "web": subprocess.Popen([str(bin_dir / "gunicorn"), "portal.wsgi:application", "--bind",
                                 f"127.0.0.1:{port}", "--workers", "1", "--threads", "2", "--timeout", "60"],
                                cwd=settings.BASE_DIR, env=env, stdout=logs["web"], stderr=subprocess.STDOUT),
        "worker": subprocess.Popen([sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo",
                                    "--loglevel=INFO", "--without-gossip", "--without-mingle"],
                                   cwd=settings.BASE_DIR, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT),
        "beat": subprocess.Popen([sys.executable, "-m", "celery", "-A", "portal", "beat", "--loglevel=INFO",
                                  "--schedule", str(tmp_path / "celerybeat-schedule")],
                                 cwd=settings.BASE_DIR, env=env, stdout=logs["beat"], stderr=subprocess.STDOUT),
    }
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if health(base)[1]["status"] == "ok":
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("the site did not come up")
        yield {"base": base, "redis": redis, "mail": tmp_path / "mail"}
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        redis.stop()
        for name, f in logs.items():
            f.close()
            print(f"---- {name}\n" + (tmp_path / f"{name}.log").read_text()[-3000:])


def test_redis_down_loses_nothing_and_everything_goes_out_once_when_it_returns(site, people):
    base, redis = site["base"], site["redis"]
    seen: list[tuple[int, str, str]] = []
    category = Category.objects.filter(jurisdiction__code="HK", is_active=True).first()
    before = set(Notification.objects.values_list("pk", flat=True))

    early = Browser(base, seen)  # logged in while Redis is up: the session is cached there
    early.login("enterprise1")
    early.get("/")

    redis.stop()
    status, body = health(base)
    assert (status, body["status"], body["database"]["status"]) == (200, "degraded", "ok")
    assert body["broker"]["status"] == "error" and body["outbox"]["pending"] == 0

    # The early session goes on from the database; a new one starts without the cache.
    for path in ("/", "/complaints/new/", "/complaints/"):
        early.get(path)
    late = Browser(base, seen)
    late.login("enterprise2")
    late.get("/")
    filed = []
    for i in range(N):
        user = early if i % 2 == 0 else late
        html = user.get("/complaints/new/")
        status, location = user.post_form("/complaints/new/", {
            "category": category.pk, "title": f"停电期间的诉求{i}", "description": "Redis 停止时提交"}, html)
        assert status == 302 and re.fullmatch(r"/complaints/\d+/", location), (status, location)
        user.get(location)
        filed.append(int(location.split("/")[2]))
    for username, pages in {
        "dispatcher1": ("/", "/complaints/inbox/", "/complaints/all/", "/inbox/"),
        "handler1": ("/", "/complaints/queue/"),
        "official1": ("/", "/complaints/new/"),
        "oversight1": ("/", "/complaints/overdue/"),
    }.items():
        b = Browser(base, seen)
        b.login(username)
        for path in pages:
            b.get(path)
    inbox = Browser(base, seen)
    inbox.login("dispatcher1")
    assert all(f"停电期间的诉求{i}" in inbox.get("/complaints/inbox/") for i in range(N))

    # 0 lost, 0 server errors; the e-mails wait in the database.
    assert sorted(Complaint.objects.filter(title__startswith="停电期间的诉求").values_list("pk", flat=True)) \
        == sorted(filed)
    assert [s for s in seen if s[0] >= 500] == []
    ours = Notification.objects.exclude(pk__in=before).filter(url__in=[f"/complaints/{pk}/" for pk in filed])
    pending = ours.filter(email_status=Notification.EmailStatus.PENDING)
    expected = sorted((n.recipient.email, f"【亲清政商服务平台】{n.subject}") for n in pending.select_related("recipient"))
    assert len(expected) >= 2 * N  # the dispatcher and the enterprise's users, for each complaint
    numbers = list(Complaint.objects.filter(pk__in=filed).values_list("number", flat=True))

    def about_ours() -> list[tuple[str, str]]:
        return sorted(m for m in mails(site["mail"]) if any(f"【{n}】" in m[1] for n in numbers))

    assert about_ours() == []
    # One delivery request covers every e-mail (the dashboard's figures wait beside it as one refresh request).
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True)
    assert waiting.filter(task="portal.tasks.deliver_emails").count() == 1
    assert health(base)[1]["outbox"]["pending"] == waiting.count()

    redis.start()
    back = time.monotonic()
    while time.monotonic() - back < DEADLINE:
        if not pending.exists():
            break
        time.sleep(1)
    elapsed = time.monotonic() - back
    assert not pending.exists(), f"e-mails still pending {elapsed:.0f} s after Redis returned"
    time.sleep(3)  # anything sent twice would be written by now
    assert about_ours() == expected  # each once
    assert health(base)[1]["status"] == "ok" and health(base)[1]["outbox"]["pending"] == 0
    print(f"every pending e-mail sent {elapsed:.1f} s after Redis returned")

    # Sessions started during the outage keep working now that the cache is back.
    for path in ("/", "/complaints/"):
        late.get(path)
    assert [s for s in seen if s[0] >= 500] == []

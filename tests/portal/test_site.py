import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["database"]["status"] == "ok"
    assert body["broker"]["status"] in ("ok", "error")
    assert body["status"] in ("ok", "degraded")


def test_healthz_reports_a_broker_outage_as_degraded(client, settings, monkeypatch):
    from portal import views

    monkeypatch.setattr(views, "broker_status", lambda: {"status": "error", "error": "OperationalError"})
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded" and body["database"]["status"] == "ok"
    assert body["broker"] == {"status": "error", "error": "OperationalError"}
    assert "pending" in body["outbox"]


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise OSError("database unreachable")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "error"
    assert response.json()["database"] == {"status": "error", "error": "OSError"}


def test_no_template_references_an_external_asset():
    pattern = re.compile(r"""(src|href)\s*=\s*["']\s*(https?:)?//""", re.I)
    offenders = []
    for path in ROOT.rglob("*.html"):
        if ".venv" in path.parts or "staticfiles" in path.parts or "node_modules" in path.parts:
            continue
        if path.relative_to(ROOT).parts[0] == "var":  # runtime data: the production venv CI builds there
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and "{{" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_css_and_js_in_static_do_not_load_from_the_network():
    offenders = []
    for path in (ROOT / "static").rglob("*"):
        if path.suffix in (".css",):
            text = path.read_text(encoding="utf-8", errors="ignore")
            offenders += [f"{path.name}: {m}" for m in re.findall(r"@import\s+url\((['\"]?https?://[^)]+)\)", text)]
    assert offenders == []


def test_production_refuses_to_start_without_a_secret_key():
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "DEBUG": "false", "PORTAL_TESTING": "", "SECRET_KEY": "",
           "VAR_DIR": str(ROOT / "var")}
    result = subprocess.run(
        [sys.executable, "-c", "import django,os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup()"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_settings_defaults():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)


PY_STRING = re.compile(r"""\b(?:_|gettext|gettext_lazy|pgettext_lazy|ngettext)\(\s*(?:"([^"\\]*)"|'([^'\\]*)')""")
TRANS_TAG = re.compile(r"""\{%\s*(?:trans|translate)\s+(?:"([^"]*)"|'([^']*)')(?:\s|%)""")
BLOCK_TAG = re.compile(r"\{%\s*(?:blocktrans|blocktranslate)\b[^%]*%\}(.*?)\{%\s*(?:endblocktrans|endblocktranslate)\s*%\}", re.S)


def source_strings() -> set[str]:
    """Every translatable Chinese string in our code and templates (a light xgettext)."""
    found = set()
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in (".venv", "var", "staticfiles", "tests", "scripts", "static", "locale") or "migrations" in parts:
            continue
        if path.suffix == ".py":
            text = path.read_text(encoding="utf-8")
            found |= {a or b for a, b in PY_STRING.findall(text)}
        elif path.suffix in (".html", ".txt"):
            text = path.read_text(encoding="utf-8")
            found |= {a or b for a, b in TRANS_TAG.findall(text)}
            found |= {re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", block) for block in BLOCK_TAG.findall(text)}
    return {s for s in found if re.search(r"[\u4e00-\u9fff]", s)}


def test_english_catalogue_translates_every_string():
    """Source strings are Chinese; the compiled English catalogue must translate each of them."""
    import gettext

    strings = source_strings()
    assert len(strings) > 50
    with open(ROOT / "locale/en/LC_MESSAGES/django.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    missing = sorted(s for s in strings if catalogue.gettext(s) == s)
    assert missing == [], "run `make messages` and add these to locale/en/translations/<app>.json"


def test_the_disk_broker_publishes_without_kombus_hostname_warning(tmp_path):
    """send_reminders and seed_demo printed "No hostname was supplied. Reverting to default 'localhost'" on
    every publish to the disk broker (no REDIS_URL): the broker URL names the host it means (issue 15)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(PORTAL_TESTING="1", DJANGO_SETTINGS_MODULE="portal.settings")
    code = ("import logging, django; logging.basicConfig(); django.setup();"
            "from portal.celery import app; print(app.conf.broker_url);"
            "conn = app.connection_for_write(); conn._info(); conn.release()")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("filesystem://")
    assert "No hostname" not in done.stderr


def test_settings_read_again_keep_the_xdist_workers_redis_database():
    """Under `pytest -n`, worker gw1 uses REDIS_URL's database + 1. Read a second time (a test reloads the settings)
    it must not move on again: the Celery workers its tests start inherit REDIS_URL and would listen elsewhere."""
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_XDIST_REDIS_URL"}
    env.update(PYTEST_XDIST_WORKER="gw1", REDIS_URL="redis://127.0.0.1:6379/0", PORTAL_TESTING="1")
    code = ("import _pytest, importlib, os, portal.settings as s; first = s.REDIS_URL; importlib.reload(s); "
            "print(first, s.REDIS_URL, os.environ['REDIS_URL'])")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.split() == ["redis://127.0.0.1:6379/1"] * 3, out.stderr

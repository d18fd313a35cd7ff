"""Security headers (issue 11, defects 8 and 13): Content-Security-Policy on every page, Permissions-Policy,
HSTS and the SSL redirect from the environment, and `check --deploy` clean with the README's production
settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]

PAGES = ["/accounts/login/", "/accounts/register/", "/conduct/registers/", "/conduct/integrity/", "/admin/login/",
         "/api/docs/", "/api/redoc/", "/api/schema/", "/healthz", "/no-such-page/"]
SIGNED_IN = {"enterprise1": ["/", "/complaints/new/", "/portal/inbox/"], "oversight1": ["/oversight/"],
             "admin": ["/admin/", "/admin/portal/user/", "/admin/portal/notification/"]}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.strip() for d in header.split(";") if d.strip()}


def _check(response, url):
    policy = _policy(response)
    assert policy["default-src"] == "default-src 'self'", url
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
    assert policy["object-src"] == "object-src 'none'" and policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_every_page_carries_the_policy_anonymous():
    client = Client()
    for url in PAGES:
        _check(client.get(url), url)


def test_signed_in_pages_carry_the_policy(people):
    from django.urls import reverse

    for username, urls in SIGNED_IN.items():
        client = Client()
        client.force_login(people[username])
        for url in urls:
            url = reverse("portal:inbox") if url == "/portal/inbox/" else url
            r = client.get(url)
            assert r.status_code == 200, url
            _check(r, url)


@pytest.mark.django_db
def test_only_the_redoc_page_widens_style_and_worker_sources_without_unsafe_inline():
    r = Client().get("/api/docs/")
    policy = _policy(r)
    nonce = re.search(r"'nonce-([^']+)'", policy["style-src"]).group(1)
    assert f'nonce="{nonce}"' in r.content.decode()
    assert policy["worker-src"] == "worker-src 'self' blob:"
    assert "script-src" not in policy  # scripts: default-src 'self'
    assert b"<script>" not in r.content and b"<style" not in r.content
    bundle = Client().get("/api/docs/redoc.standalone.js")
    assert bundle.status_code == 200 and b"cdn.redoc.ly/redoc/logo-mini.svg" not in b"".join(bundle)
    other = Client().get("/accounts/login/")
    assert "style-src" not in _policy(other) and "worker-src" not in _policy(other)


def test_no_template_has_inline_script_style_or_handlers():
    """JS lives in static/js/, CSS in static/css/ — in every template, e-mail bodies included."""
    bad = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style[\s>]", r"\sstyle\s*=", r"\son[a-z]+\s*=",
                        r"javascript:"):
            bad += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in re.finditer(pattern, text, flags=re.I)]
    assert bad == []


@pytest.mark.django_db
def test_hsts_and_ssl_redirect_follow_the_settings():
    with override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True,
                           SECURE_SSL_REDIRECT=True):
        client = Client()
        r = client.get("/accounts/login/")
        assert r.status_code == 301 and r["Location"] == "https://testserver/accounts/login/"
        assert client.get("/healthz").status_code != 301  # the plain-HTTP health probe is not redirected
        r = client.get("/accounts/login/", secure=True)
        assert r.status_code == 200
        assert r["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in Client().get("/accounts/login/", secure=True)


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7Qm2vR9pL4sT8wZ1cF6hJ3kN5bD0gYe-production-like-Wq8e3Ru5tY1",
    "ALLOWED_HOSTS": "qq.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://qq.example.gov.cn",
    "SECURE_PROXY_SSL": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
}


def _check_deploy(extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_TESTING", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(extra)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_the_documented_production_settings():
    """The README's production environment (Security section) passes `check --deploy --fail-level WARNING`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in PRODUCTION:
        if name.startswith(("SECURE_", "SESSION_COOKIE", "CSRF_COOKIE")):
            assert f"`{name}" in readme, f"README does not document {name}"
    done = _check_deploy(PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_fails_without_them():
    """The check can fail: without the transport settings it reports today's four warnings."""
    done = _check_deploy({k: v for k, v in PRODUCTION.items() if not k.startswith(("SECURE_", "SESSION_", "CSRF_"))})
    assert done.returncode != 0
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in done.stdout + done.stderr

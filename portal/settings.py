"""Settings, all read from the environment (see .env.example).

With nothing set, the portal runs straight after a checkout: SQLite in var/, a Celery broker
on the local file system (no Redis needed), e-mail printed to the console.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
TESTING = envbool("PORTAL_TESTING", False)

_DEV_SECRET = "insecure-dev-key-only-for-debug-and-tests"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        # Production must never run on a key anybody can read in this file.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (生产环境必须设置 SECRET_KEY)")
    SECRET_KEY = _DEV_SECRET
elif len(SECRET_KEY) < 32 and not (DEBUG or TESTING):
    raise ImproperlyConfigured("SECRET_KEY is too short: use at least 32 random characters")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"  # a page in the site's layout, not Django's bare English one
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "pgtrigger",
    "csp",
    "portal",
    "complaints",
    "liaison",
    "conduct",
    "declarations",
    "oversight",
    "policies",
    "leadership",
    "accountability",
    "dossier",
    "party",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.dbrouters.pin_after_write",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.middleware.RejectBadInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Issue 11 (portal/security.py): the request for audit rows, refusals and foreign 404s logged, idle and
    # absolute session limits, a forced password change once a password has expired; axes last (its docs).
    "portal.security.AuditMiddleware",
    "portal.security.SessionLimitsMiddleware",
    "portal.security.PasswordExpiryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "dossier.context_processors.dossier",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite in dev: wait for the writer instead of failing while the worker writes too.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Dashboards, exports and reports may read from a streaming replica (portal/dbrouters.py); writes, and reads
# right after a write, stay on the primary. Tests get a real second database under the alias (its own test
# database), used only by the tests that ask for it.
_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if _REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        _REPLICA_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True)
elif TESTING:
    _primary = DATABASES["default"]
    DATABASES["replica"] = {**_primary, "TEST": {"NAME": f"test_{_primary['NAME']}_replica"}
                            if _primary["ENGINE"] != "django.db.backends.sqlite3" else {}}
REPLICA_READS = bool(_REPLICA_URL) and not TESTING
REPLICA_PIN_SECONDS = envint("REPLICA_PIN_SECONDS", 10)
DATABASE_ROUTERS = ["portal.dbrouters.ReplicaRouter"]

AUTH_USER_MODEL = "portal.User"
# Axes first: it refuses a locked-out user name or address before any password is checked (portal/lockout.py);
# then the session's user with their enterprise (portal/auth.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "portal.auth.PortalBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"
# Password policy (GB/T 22239-2019 8.1.4.1): length and character classes from the environment, the common-password
# list, and — for government staff, in the 等保 profile — expiry with a forced change at the next request.
PASSWORD_MIN_LENGTH = envint("PASSWORD_MIN_LENGTH", 12)
PASSWORD_MIN_CLASSES = envint("PASSWORD_MIN_CLASSES", 3)  # of: lower case, upper case, digits, symbols
PASSWORD_EXPIRY_DAYS = envint("PASSWORD_EXPIRY_DAYS", 0)  # 0 = never; the 等保 profile sets 90 (staff only)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "portal.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES}},
]

# Login protection on every way in (login form, admin, POST /api/v1/auth/token/) by django-axes with the
# portal's handler (portal/lockout.py): a user name is locked after LOGIN_FAILURE_LIMIT failures less than
# LOGIN_FAILURE_WINDOW_MINUTES apart, an address after LOGIN_IP_FAILURE_LIMIT (many officials share one NAT);
# either lock lasts LOGIN_LOCKOUT_MINUTES after the last failure or until an admin unlocks.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_MINUTES = envint("LOGIN_FAILURE_WINDOW_MINUTES", 15)
LOGIN_IP_FAILURE_LIMIT = envint("LOGIN_IP_FAILURE_LIMIT", 100)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", 30)
AXES_ENABLED = envbool("LOGIN_PROTECTION", True)
AXES_HANDLER = "portal.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the "try again at" time shown stays true
AXES_RESET_ON_SUCCESS = True  # clears the user name's failures only (portal/lockout.py), never the address's
AXES_DISABLE_ACCESS_LOG = True  # successes and failures are in the security audit log (portal/audit.py)
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)  # as portal.audit.client_ip: the proxy sets it
AXES_VERBOSE = False

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after the login
# (portal/security.py), whatever the browser does with its cookie.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
# API tokens (portal/tokens.py): stored as a digest, valid API_TOKEN_DAYS from issue.
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 30)

# The security audit log (portal/audit.py) keeps AUDIT_RETENTION_DAYS (never fewer than 180: 网络安全法 art. 21).
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", 180)
if AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS may not be below 180 (安全审计日志至少保存 180 天)")
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded evidence is private: it lives outside STATIC/any public URL and is streamed by views
# that check who may see it.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# `make backup` / `manage.py backup` writes dated folders here (portal/backup.py).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
# Several web nodes: uploads go to S3-compatible object storage when S3_BUCKET is set (django-storages), so a
# file uploaded through one node downloads through any other. Private: no public ACL, views stream the files.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY", ""),
        "secret_key": os.environ.get("S3_SECRET_KEY", ""),
        "region_name": os.environ.get("S3_REGION", "us-east-1"),
        "addressing_style": "path",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

# E-mail: console unless an SMTP host is given.
# The monthly reports (leadership app): the TrueType CJK font their PDFs embed (default: Droid Sans Fallback of
# fonts-droid-fallback), and who receives them by e-mail besides the leadership users of the jurisdiction:
# "HK=a@example.gov.cn,b@example.gov.cn;ZJ=c@example.gov.cn" (jurisdiction code = addresses).
REPORT_FONT = os.environ.get("REPORT_FONT", "")


def _recipients(value: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in value.split(";"):
        if not part.strip():
            continue
        code, sep, addresses = part.partition("=")
        if not sep or not code.strip():
            raise ImproperlyConfigured(f"MONTHLY_REPORT_RECIPIENTS: expected CODE=addr,addr;…, not {part!r}")
        out[code.strip().upper()] = [a.strip() for a in addresses.split(",") if a.strip()]
    return out


MONTHLY_REPORT_RECIPIENTS = _recipients(os.environ.get("MONTHLY_REPORT_RECIPIENTS", ""))

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
# EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes each e-mail into this folder instead.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "亲清政商服务平台 <noreply@localhost>")

# Celery. Without REDIS_URL the broker is a folder on disk, so worker and beat run with no server.
REDIS_URL = os.environ.get("REDIS_URL", "")
if (TESTING and REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER") and "_pytest" in sys.modules
        and not os.environ.get("PORTAL_XDIST_REDIS_URL")):
    # `pytest -n N` (CI): each worker process gw0, gw1, … gets its own Redis database, the one REDIS_URL names plus
    # its number, as pytest-django gives it its own test database: another worker's cache.clear() or queued
    # messages never reach it. Written back so the Celery workers its tests start use it too; they inherit
    # PYTEST_XDIST_WORKER and may import pytest's modules as well, so the marker, not a guess, says it is done
    # (gw1's worker moved on to the next database and never saw gw1's tasks).
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)
    _db = int(_parts.path.strip("/") or 0) + int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw"))
    if _db >= 15:  # 15 is tests/portal/test_nodes.py's own
        raise ImproperlyConfigured("REDIS_URL's database number + the pytest-xdist worker number must be below 15")
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{_db}"))
    os.environ["REDIS_URL"] = os.environ["PORTAL_XDIST_REDIS_URL"] = REDIS_URL
# "localhost" names no server (the filesystem transport ignores it): without a host kombu logs "No hostname was
# supplied. Reverting to default 'localhost'" on every publish — noise in send_reminders' and seed_demo's output.
CELERY_BROKER_URL = REDIS_URL or "filesystem://localhost//"
if not REDIS_URL:
    _broker_dir = VAR_DIR / "celery-broker"
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "data_folder_processed": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
    }
else:
    # Fail fast when Redis is down: the caller keeps the work in the database and a sweep retries.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 3

# One cache shared by the web, worker and beat processes (session copies, once-per-interval flags): Redis when
# there is one, else files under var/. Tests without Redis keep it in memory. Nothing in it must survive: an
# unreachable Redis is an empty cache (portal/cache.py), never a server error.
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "portal.cache.ResilientRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "portal",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }}
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache")}}
# Sessions are read from that cache and written through to the database: a logged-in request reads its
# session without a query, a cache that is emptied or restarted logs nobody out, and while the cache is down
# sessions are read from and written to the database alone (portal/sessions.py).
SESSION_ENGINE = "portal.sessions"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = False  # never eager outside tests; tests/conftest.py decides there
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "portal.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.Pagination",
    # JSON with a size and nesting limit (portal/api/parsers.py); forms as DRF parses them.
    "DEFAULT_PARSER_CLASSES": [
        "portal.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exceptions.exception_handler",
}
# 问责 (measure 十六): points deducted from a department's 亲清考核 score per accountability case decided in the
# year, by measure (accountability.models.DEFAULT_DEDUCTIONS: reminder 1, interview 2, criticism 3,
# admonition 4, referral 5). Override some or all here, e.g. {"referral": 10}; the assessment page shows them.
ACCOUNTABILITY_DEDUCTIONS: dict[str, float] = {}

SPECTACULAR_SETTINGS = {
    "TITLE": "亲清政商服务平台 API",
    "DESCRIPTION": "Enterprise–government liaison portal (亲清 portal). Session or token authentication.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents 400/403/404/409 with the error shape (portal/api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "portal.api.schema.add_error_responses"],
    # Several models have a `status`; name each choice set after its model so the schema stays unambiguous.
    "ENUM_NAME_OVERRIDES": {
        "ComplaintStatusEnum": "complaints.models.Complaint.Status",
        "ForumKindEnum": "liaison.models.Forum.Kind",
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "AgendaItemStatusEnum": "meetings.models.AgendaItem.Status",
        "AgendaItemSourceEnum": "meetings.models.AgendaItem.Source",
        "DecisionStatusEnum": "meetings.models.DecisionStatus",
    },
}

# Transport and headers. Behind TLS, production sets (README, "Security"): SECURE_SSL_REDIRECT,
# SECURE_HSTS_SECONDS (e.g. 31536000) with SECURE_HSTS_INCLUDE_SUBDOMAINS and SECURE_HSTS_PRELOAD,
# SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE (and SECURE_PROXY_SSL behind a proxy that terminates TLS):
# `manage.py check --deploy --fail-level WARNING` is then clean (tests/portal/test_headers.py runs it).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", False)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]  # the load balancer's and compose's health probe speaks plain HTTP
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): scripts, styles, fonts and connections from this site only — no
# inline <script>, on*= handler, <style> or style="" anywhere (JS in static/js/, CSS in static/css/).
# Images also as data: URIs (Bootstrap's icons are SVG data URIs in its CSS; Redoc's logo, portal/api_docs.py).
# The API documentation pages differ only where their vendored bundles need it (portal/api_docs.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Powerful browser features the portal never uses are switched off for every page (portal/middleware.py).
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY",
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), fullscreen=(self)",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

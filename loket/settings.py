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
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


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
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "loket.middleware.ActingOrganisationMiddleware",
    "loket.middleware.SecurityHeadersMiddleware",
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
            "context_processors": [
                "django.template.context_processors.request",
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
    "django.contrib.auth.backends.ModelBackend",
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

# Failed logins: lock the username+address pair for an hour after 5 failures.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
# Per account and address, and per address across usernames (password spraying from one address).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
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
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
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
# Retention, shown in the privacy statement: a dossier (with its documents, payments and status
# history) is kept this many years after the end of the premium; the access log of staff this long.
BEWAARTERMIJN_DOSSIER_JAREN = int(env("BEWAARTERMIJN_DOSSIER_JAREN", "10"))
BEWAARTERMIJN_INZAGELOG_JAREN = int(env("BEWAARTERMIJN_INZAGELOG_JAREN", "5"))

# Celery. Without a broker URL the worker uses kombu's filesystem transport under var/, so a
# newcomer needs no server; CELERY_BROKER_URL=redis://... switches to Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
# The longest task (a payout run) may take this long; Redis redelivers an unacknowledged message
# after the visibility timeout, which must therefore be longer (and is not longer than needed: a
# message of a killed worker comes back after it).
CELERY_LONGEST_TASK_SECONDS = 900
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
    else {"visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", str(CELERY_LONGEST_TASK_SECONDS + 300)))}
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
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
MAIL_CLAIM_LEASE_SECONDS = int(env("MAIL_CLAIM_LEASE_SECONDS", "600"))
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
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
    # An approved run left without its SEPA file (worker stopped halfway): finish it.
    "verzend-goedgekeurde-runs": {
        "task": "premies.tasks.sepa.verzend_goedgekeurde_runs",
        "schedule": crontab(minute=20),
    },
    # Employers whose 5-year premium ends in 7 months: ask for the evaluation 5 months before the end.
    "herinner-evaluatie": {
        "task": "evaluaties.tasks.herinner_evaluatie",
        "schedule": crontab(hour=6, minute=45),
    },
    # Evaluation requests still unchecked 5 days after submission: the check is queued again.
    "toets-late-evaluaties": {
        "task": "evaluaties.tasks.toets_late_evaluaties",
        "schedule": crontab(hour=6, minute=20),
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

"""Settings from the environment: secure production defaults, engines switched by URL, strict
headers on every page, and throttled failed logins."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from loket import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "HOST": db.get("HOST", ""),
    "BROKER": s.CELERY_BROKER_URL,
    "BROKER_OPTIONS": s.CELERY_BROKER_TRANSPORT_OPTIONS,
    "EAGER": s.CELERY_TASK_ALWAYS_EAGER,
    "CACHE": s.CACHES["default"],
    "SESSION_ENGINE": s.SESSION_ENGINE,
    "PRIVATE": s.STORAGES["private"],
}))
"""


def settings_in_subprocess(code: str = PROBE, **env) -> subprocess.CompletedProcess:
    """Run ``code`` (by default: import loket.settings and print what it chose) in a fresh
    interpreter with exactly these variables set."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            (
                "DJANGO_",
                "DATABASE_",
                "CELERY_",
                "EMAIL_",
                "TEST_",
                "PYTEST",
                "CACHE_",
                "REDIS_",
                "S3_",
                "SESSION_",
            )
        )
    }
    # The checkout's own .env (written by the bootstrap) must not change what these tests see.
    clean["DJANGO_ENV_FILE"] = ""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=60
    )


def probe(**env) -> dict:
    result = settings_in_subprocess(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_secure():
    s = probe(DJANGO_ENV="production", DJANGO_SECRET_KEY="a-long-random-production-key")
    assert s["DEBUG"] is False
    assert s["ALLOWED_HOSTS"] == []
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] >= 31536000
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["EAGER"] is False


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_in_subprocess(DJANGO_ENV="production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_allowed_hosts_come_from_the_environment():
    s = probe(
        DJANGO_ENV="production", DJANGO_SECRET_KEY="k", DJANGO_ALLOWED_HOSTS="wse-loket.example, www.example"
    )
    assert s["ALLOWED_HOSTS"] == ["wse-loket.example", "www.example"]


def test_defaults_are_sqlite_and_the_filesystem_broker_under_var():
    s = probe(DJANGO_ENV="development")
    assert s["ENGINE"] == "django.db.backends.sqlite3"
    assert s["NAME"].endswith("var/db.sqlite3")
    assert s["BROKER"] == "filesystem://"
    assert s["BROKER_OPTIONS"]["data_folder_in"].endswith("var/broker/queue")
    assert s["DEBUG"] is True


def test_database_url_and_broker_url_switch_to_postgresql_and_redis():
    s = probe(
        DJANGO_ENV="development",
        DATABASE_URL="postgres://loket:geheim@db.example:5432/loket",
        CELERY_BROKER_URL="redis://redis.example:6379/0",
    )
    assert s["ENGINE"] == "django.db.backends.postgresql"
    assert (s["NAME"], s["HOST"]) == ("loket", "db.example")
    assert s["BROKER"] == "redis://redis.example:6379/0"
    assert "data_folder_in" not in s["BROKER_OPTIONS"]


def test_the_embedded_default_keeps_cache_sessions_and_files_on_this_machine():
    s = probe(DJANGO_ENV="development")
    assert s["CACHE"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert s["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert s["PRIVATE"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_cache_url_and_s3_bucket_make_the_web_stateless():
    s = probe(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="k",
        CACHE_URL="redis://redis.example:6379/1",
        S3_BUCKET="imw-private",
        S3_ENDPOINT_URL="https://s3.example",
    )
    assert s["CACHE"] == {
        "BACKEND": "loket.redis_cache.RedisCache",
        "LOCATION": "redis://redis.example:6379/1",
    }
    assert s["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    opties = s["PRIVATE"]["OPTIONS"]
    assert s["PRIVATE"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (opties["bucket_name"], opties["endpoint_url"]) == ("imw-private", "https://s3.example")
    # Never public: private objects, signed URLs of a minute, no public domain.
    assert opties["default_acl"] == "private" and opties["querystring_auth"] is True
    assert opties["querystring_expire"] == 60 and opties["custom_domain"] is None


@pytest.mark.django_db
def test_pages_carry_strict_security_headers(client):
    response = client.get("/aanmelden/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_with_a_dutch_page(client, verantwoordelijke):
    for _ in range(5):
        response = client.post("/aanmelden/", {"username": verantwoordelijke.username, "password": "fout"})
    assert response.status_code in (403, 429)
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert "te vaak een verkeerd wachtwoord" in response.content.decode()
    # Even the right password is refused now.
    response = client.post(
        "/aanmelden/", {"username": verantwoordelijke.username, "password": "Geheim-wachtwoord-1"}
    )
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_four_wrong_passwords_still_allow_the_right_one(client, verantwoordelijke):
    for _ in range(4):
        client.post("/aanmelden/", {"username": verantwoordelijke.username, "password": "fout"})
    response = client.post(
        "/aanmelden/", {"username": verantwoordelijke.username, "password": "Geheim-wachtwoord-1"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(verantwoordelijke.pk)


def test_a_checkout_env_file_makes_development_and_the_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# a comment\nDJANGO_ENV=development\n")

    assert probe(DJANGO_ENV_FILE=str(env_file))["DEBUG"] is True  # no secret key needed
    result = settings_in_subprocess(DJANGO_ENV_FILE=str(env_file), DJANGO_ENV="production")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
    # Without the file (a server) the default stays production.
    assert "DJANGO_SECRET_KEY" in settings_in_subprocess(DJANGO_ENV_FILE=str(tmp_path / "geen")).stderr


WACHTWOORD = "Geheim-wachtwoord-1"  # the factories' password


def aanmelden(gebruiker, wachtwoord, **meta):
    from django.test import Client

    return Client(**meta).post("/aanmelden/", {"username": gebruiker.username, "password": wachtwoord})


@pytest.mark.django_db
def test_wrong_passwords_for_one_username_from_many_addresses_lock_that_username(verantwoordelijke):
    """Credential stuffing spreads its guesses over many addresses: the username is locked all the
    same; other accounts, from those same addresses, are not."""
    from tests import factories

    collega = factories.UserFactory()
    for i in range(5):
        aanmelden(verantwoordelijke, "fout", REMOTE_ADDR=f"198.51.100.{i}")

    response = aanmelden(verantwoordelijke, WACHTWOORD, REMOTE_ADDR="192.0.2.7")
    assert response.status_code in (403, 429)
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert aanmelden(collega, WACHTWOORD, REMOTE_ADDR="198.51.100.0").status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_each_client_has_its_own_address(settings, verantwoordelijke):
    """Behind the reverse proxy every request comes from the proxy: the client's address is what
    the proxy appended to X-Forwarded-For, so locking one client's address locks no one else."""
    from tests import factories

    settings.LOKET_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for gebruiker in factories.UserFactory.create_batch(5):  # spraying five usernames from one client
        aanmelden(gebruiker, "fout", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    response = aanmelden(verantwoordelijke, WACHTWOORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert response.status_code in (403, 429)  # that client's address is locked ...
    # ... another client through the same proxy is not, nor one that forges the header.
    anders = aanmelden(verantwoordelijke, WACHTWOORD, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert anders.status_code == 302
    vervalst = {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 203.0.113.5"}  # the client wrote the first
    assert aanmelden(verantwoordelijke, WACHTWOORD, **vervalst, **proxy).status_code in (403, 429)


def test_the_number_of_proxies_comes_from_the_environment():
    code = "from loket import settings as s; print(s.LOKET_PROXY_COUNT)"

    def aantal(**env) -> int:
        result = settings_in_subprocess(code, DJANGO_ENV="development", **env)
        assert result.returncode == 0, result.stderr
        return int(result.stdout.strip().splitlines()[-1])

    assert aantal() == 0
    assert aantal(DJANGO_BEHIND_PROXY="1") == 1
    assert aantal(DJANGO_PROXY_COUNT="2") == 2


SQLITE_PROBE = """
import json, sqlite3
import django
django.setup()
from django.db import connection, transaction
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode")
    journal = c.fetchone()[0]
    c.execute("PRAGMA busy_timeout")
    busy = c.fetchone()[0]
    c.execute("CREATE TABLE t (x)")
# IMMEDIATE: a transaction holds the write lock from its start, even before it writes, so a second
# writer waits at BEGIN (busy timeout) instead of failing halfway with "database is locked".
ander = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
with transaction.atomic():
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM t")
    try:
        ander.execute("BEGIN IMMEDIATE")
        vergrendeld = False
    except sqlite3.OperationalError as exc:
        vergrendeld = "locked" in str(exc)
print(json.dumps({"journal": journal, "busy": busy, "vergrendeld": vergrendeld}))
"""


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_immediate_transactions(tmp_path):
    """The embedded stack (`make run`): worker, beat and web server share one SQLite file. CI runs
    on PostgreSQL, so this opens its own SQLite database with the portal's settings."""
    result = settings_in_subprocess(
        SQLITE_PROBE,
        DJANGO_ENV="development",
        DJANGO_SETTINGS_MODULE="loket.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'loket.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    s = json.loads(result.stdout.strip().splitlines()[-1])
    assert s == {"journal": "wal", "busy": 20000, "vergrendeld": True}

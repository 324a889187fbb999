"""Shared fixtures. Tests marked ``postgres``, ``redis`` or ``browser`` need that service:
without it they are skipped with a reason on a laptop, and fail in CI (CI=true)."""

import os
import shutil
from functools import cache

import pytest

from tests import factories

CHROMIUM = os.environ.get("LOKET_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _eigen_database(url: str) -> str:
    """The Redis database of this xdist worker: the given one for the first, the one below it for
    the next. A kill test's Celery worker starts with a 3 s visibility timeout and so restores every
    unacknowledged message of its database, another test's in flight included."""
    from urllib.parse import urlparse

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    adres = urlparse(url)
    database = int(adres.path.lstrip("/") or 0)
    return adres._replace(path=f"/{(database - int(worker[2:])) % 16}").geturl()


REDIS_URL = _eigen_database(os.environ.get("LOKET_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))


@cache
def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:
        return False


def _missing(marker: str) -> str | None:
    from django.db import connection

    if marker == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL (set DATABASE_URL or run the test command with PostgreSQL up)"
    if marker == "redis" and not redis_available():
        return f"needs Redis at {REDIS_URL}"
    if marker == "browser" and not os.path.exists(CHROMIUM):
        return f"needs Debian's chromium at {CHROMIUM}"
    if marker == "docker_compose" and not shutil.which("docker-compose"):
        return "needs Debian's docker-compose (apt-get install docker-compose)"
    if marker == "kubectl" and not shutil.which("kubectl"):
        return "needs kubectl (Debian: apt-get install kubernetes-client)"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    for marker in ("postgres", "redis", "browser", "docker_compose", "kubectl"):
        if item.get_closest_marker(marker):
            reason = _missing(marker)
            if reason:
                if os.environ.get("CI") == "true":
                    pytest.fail(f"CI: {reason}", pytrace=False)
                pytest.skip(reason)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    """Playwright driving Debian's Chromium (never a downloaded browser), headless, --no-sandbox:
    one for the whole session (tests/browser and tests/toegankelijkheid share it)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
    # body are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}", pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def nederlands():
    """Every test starts in Dutch, the portal's default: a request with another language (the
    language switch, an API call with Accept-Language: en) leaves that language active in the
    thread, and a later test's service call would otherwise speak English."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.deactivate()


@pytest.fixture
def organisatie(db):
    return factories.OrganisatieFactory()


@pytest.fixture
def verantwoordelijke(db, organisatie):
    """A user registered as DWSE Organisatieverantwoordelijke for IMW of ``organisatie``."""
    toegang = factories.ToegangFactory(organisatie=organisatie)
    return toegang.gebruiker


def handelt_voor(client, gebruiker, organisatie=None):
    """Log ``gebruiker`` in, acting *in naam van* ``organisatie`` (if given)."""
    from loket.middleware import SESSION_KEY_ORGANISATIE

    client.force_login(gebruiker)
    if organisatie is not None:
        session = client.session
        session[SESSION_KEY_ORGANISATIE] = organisatie.pk
        session.save()
    return client


@pytest.fixture
def employer_client(client, verantwoordelijke, organisatie):
    """A logged-in client acting *in naam van* ``organisatie``."""
    return handelt_voor(client, verantwoordelijke, organisatie)


@pytest.fixture(autouse=True)
def lege_cache():
    """Every test starts with an empty cache, as a fresh deployment: a test's database rolls back,
    its cached copies (the shared parameter stand, throttles) would otherwise outlive it."""
    from django.core.cache import cache

    cache.clear()

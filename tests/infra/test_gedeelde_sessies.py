"""With CACHE_URL the cache and the sessions live in Redis (sessions written through to the
database): a second web process, or the same one after a restart, knows the signed-in user."""

import pytest
import redis
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.conftest import REDIS_URL

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "loket.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "test-sessies",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = redis.Redis.from_url(REDIS_URL)
    yield client
    _leeg(client)


def _leeg(client) -> None:
    """Only this test's keys: flushing the database would take other tests' Celery queues along."""
    for sleutel in client.scan_iter(match="*test-sessies*"):
        client.delete(sleutel)


def test_a_session_is_in_redis_and_in_the_database_and_survives_a_cache_flush(
    redis_cache, employer_client, verantwoordelijke
):
    assert employer_client.get(reverse("loket:dashboard")).status_code == 200
    sleutel = employer_client.session.session_key
    assert any(sleutel in k.decode() for k in redis_cache.scan_iter(match="*test-sessies*"))
    assert Session.objects.filter(session_key=sleutel).exists()

    _leeg(redis_cache)  # Redis restarted empty: the database still has the session
    response = employer_client.get(reverse("loket:dashboard"))
    assert response.status_code == 200 and response.wsgi_request.user == verantwoordelijke


def test_the_cache_keeps_one_redis_client_and_still_answers_after_a_fork(redis_cache):
    """loket.redis_cache: one client per pool (Django builds one per call), shared safely."""
    import os

    from django.core.cache import caches

    cache = caches["default"]
    cache.set("een", 1)
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    pid = os.fork()
    if pid == 0:  # the child uses the inherited client: redis-py opens its own connections
        os._exit(0 if cache.get("een") == 1 else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert cache.get("een") == 1


def test_the_cache_reads_redis_replies_with_the_c_parser(redis_cache):
    """hiredis: redis-py parses each reply in C when it is installed (a dependency of the portal)."""
    from django.core.cache import caches
    from redis._parsers import _HiredisParser

    cache = caches["default"]
    cache.set("lijst", ["a", 2, {"b": None}])
    assert cache.get("lijst") == ["a", 2, {"b": None}]
    verbinding = cache._cache.get_client().connection_pool.get_connection()
    try:
        assert isinstance(verbinding._parser, _HiredisParser)
    finally:
        cache._cache.get_client().connection_pool.release(verbinding)

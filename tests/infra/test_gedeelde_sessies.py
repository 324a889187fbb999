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


def test_a_read_answers_with_its_own_value_also_after_redis_dropped_the_connection(redis_cache):
    """loket.redis_cache: a GET on the thread's own connection; a dropped one is made anew."""
    from django.core.cache import caches

    cache = caches["default"]
    cache.set("pagina", b"<html>een</html>")
    assert cache.get("pagina") == b"<html>een</html>"
    assert cache.get("bestaat-niet", "standaard") == "standaard"
    # Redis restarted, or a proxy closed idle connections: every client of this test is cut off.
    redis_cache.client_kill_filter(_type="normal", skipme=True)
    assert cache.get("pagina") == b"<html>een</html>"
    assert cache.get("pagina") == b"<html>een</html>"


def test_a_read_interrupted_before_its_reply_never_hands_that_reply_to_the_next(redis_cache, monkeypatch):
    from django.core.cache import caches
    from redis.connection import Connection

    cache = caches["default"]
    cache.set("sessie-a", "van gebruiker A")
    cache.set("sessie-b", "van gebruiker B")
    assert cache.get("sessie-a") == "van gebruiker A"  # the thread's connection exists

    def onderbroken(self, *args, **kwargs):
        raise KeyboardInterrupt  # e.g. a worker's timeout, after the command was sent

    with monkeypatch.context() as m:
        m.setattr(Connection, "read_response", onderbroken)
        with pytest.raises(KeyboardInterrupt):
            cache.get("sessie-a")
    assert cache.get("sessie-b") == "van gebruiker B"


def test_a_forked_process_reads_on_a_connection_of_its_own(redis_cache):
    import os

    from django.core.cache import caches

    cache = caches["default"]
    cache.set("een", 1)
    cache.set("twee", 2)
    assert cache.get("een") == 1
    pid = os.fork()
    if pid == 0:  # the same socket in two processes would mix their replies
        os._exit(0 if all(cache.get("twee") == 2 for _ in range(50)) else 1)
    uitkomsten = [cache.get("een") for _ in range(50)]
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0 and set(uitkomsten) == {1}

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
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
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

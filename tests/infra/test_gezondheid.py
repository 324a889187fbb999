"""Liveness, readiness, Prometheus metrics and the request id that follows a request into its tasks."""

import asyncio
import json
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.http import HttpResponse
from django.test import RequestFactory

from loket import request_id
from tests.conftest import REDIS_URL


@pytest.fixture
def broker_map(settings, tmp_path):
    """The filesystem broker of the test settings, with its folders (as scripts/run.sh makes them)."""
    for naam in ("queue", "processed", "control"):
        (tmp_path / naam).mkdir()
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path / "queue"),
        "data_folder_out": str(tmp_path / "queue"),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),
    }


@pytest.mark.django_db
def test_liveness_asks_nothing_and_answers_200(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert response.status_code == 200 and response.content == b"ok\n"


@pytest.mark.django_db(transaction=True)
def test_ready_when_database_broker_cache_and_storage_answer(client, broker_map):
    response = client.get("/health/ready", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    assert set(json.loads(response.content).values()) == {"OK"}
    assert len(json.loads(response.content)) == 4


@pytest.mark.django_db(transaction=True)
def test_ready_also_in_a_thread_that_runs_an_event_loop(client, broker_map):
    """As under Playwright's sync API in the browser tests: an async view wrapped for WSGI would
    fail there with a 500 ('cannot use AsyncToSync in the same thread as an async event loop')."""

    async def in_een_loop():
        return client.get("/health/ready")

    def in_een_draad():
        try:
            return asyncio.run(in_een_loop())
        finally:
            connections.close_all()  # this thread's own database connection

    # In a thread of its own: the test's thread may already run a loop (after the browser tests).
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(in_een_draad).result().status_code == 200


@pytest.mark.django_db(transaction=True)
def test_not_ready_when_the_database_is_down(client, broker_map):
    def kapot(self):
        raise OperationalError("connection refused")

    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.temporary_connection", kapot):
        response = client.get("/health/ready", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    fouten = {k: v for k, v in json.loads(response.content).items() if v != "OK"}
    assert list(fouten) == ["Database(alias='default')"]


@pytest.mark.django_db(transaction=True)
def test_not_ready_when_the_broker_is_down(client, broker_map, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # a Redis nobody listens on
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/health/ready", HTTP_ACCEPT="application/json")
    assert response.status_code == 503, response.content
    fouten = {k: v for k, v in json.loads(response.content).items() if v != "OK"}
    assert fouten == {"Broker()": "Unavailable: broker unreachable"}


@pytest.mark.django_db
def test_metrics_count_requests_and_are_closed_to_other_networks(client, settings):
    client.get("/health/live")
    response = client.get("/metrics")  # the test client comes from 127.0.0.1: allowed by default
    assert response.status_code == 200
    tekst = response.content.decode()
    assert "django_http_requests_total_by_view_transport_method_total" in tekst
    assert 'view="health_live"' in tekst
    assert "loket_celery_tasks_total" in tekst

    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    settings.METRICS_TOKEN = "geheim-token"
    assert (
        client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer fout").status_code == 403
    )
    assert (
        client.get(
            "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer geheim-token"
        ).status_code
        == 200
    )


@pytest.mark.django_db
def test_every_request_counts_in_its_series_by_status_view_and_method(client):
    from prometheus_client import REGISTRY

    def geteld(status, view):
        naam = "django_http_responses_total_by_status_view_method_total"
        return REGISTRY.get_sample_value(naam, {"status": status, "view": view, "method": "GET"}) or 0

    voor = geteld("200", "health_live"), geteld("404", "<unnamed view>")
    for _keer in range(3):
        assert client.get("/health/live").status_code == 200
    assert client.get("/bestaat-niet/").status_code == 404
    assert (geteld("200", "health_live"), geteld("404", "<unnamed view>")) == (voor[0] + 3, voor[1] + 1)
    vertraging = "django_http_requests_latency_seconds_by_view_method_count"
    assert REGISTRY.get_sample_value(vertraging, {"view": "health_live", "method": "GET"}) >= 3


@pytest.mark.django_db
def test_a_request_id_is_taken_or_made_and_returned(client):
    assert client.get("/health/live", HTTP_X_REQUEST_ID="lb-1234")["X-Request-ID"] == "lb-1234"
    gemaakt = client.get("/health/live")["X-Request-ID"]
    assert len(gemaakt) == 32 and gemaakt != "lb-1234"
    # A header that is no id (here an attempt to forge a log line) is replaced.
    assert client.get("/health/live", HTTP_X_REQUEST_ID="x\n{evil}")["X-Request-ID"] != "x\n{evil}"


def test_every_record_logged_in_a_request_carries_its_id(caplog):
    def view(request):
        logging.getLogger("loket.test").warning("in de view")
        return HttpResponse()

    with caplog.at_level(logging.INFO):
        request_id.RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="abc-123"))
        logging.getLogger("loket.test").warning("na het verzoek")
    assert [(r.getMessage(), r.request_id) for r in caplog.records if r.name == "loket.test"] == [
        ("in de view", "abc-123"),
        ("na het verzoek", "-"),
    ]


@pytest.mark.redis
@pytest.mark.postgres
def test_a_task_queued_by_a_request_logs_the_same_request_id_in_the_worker(
    transactional_db, tmp_path, monkeypatch
):
    from celery import Celery

    from loket.models import KboInschrijving
    from tests import factories
    from tests.infra.test_celery_worker import start_worker, stop
    from tests.premies.test_worker_gedood import wacht_tot

    kbo = factories.KboInschrijvingFactory(kbo_nummer="0566988259", rechtsvorm="bv")
    queue = f"test-rid-{uuid.uuid4().hex[:12]}"
    rid = f"rid-{uuid.uuid4().hex[:8]}"
    client = Celery("test-client", broker=REDIS_URL)

    def view(request):  # queues a task while handling the request, as the portal's views do
        client.send_task("loket.tasks.hartslag", queue=queue)
        return HttpResponse()

    monkeypatch.setenv("LOG_FORMAT", "json")
    worker = start_worker(queue, tmp_path)
    try:
        request_id.RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID=rid))
        gedaan = wacht_tot(
            lambda: KboInschrijving.objects.get(pk=kbo.pk).rechtsvorm.startswith("hartslag"), worker, 60
        )
    finally:
        uitvoer = stop(worker)
        client.close()
    assert gedaan, uitvoer[-3000:]
    regels = [json.loads(r) for r in uitvoer.splitlines() if r.startswith("{")]
    geslaagd = [r for r in regels if "succeeded" in r["message"]]
    assert geslaagd, uitvoer[-3000:]
    assert geslaagd[0]["request_id"] == rid
    assert all(r.keys() >= {"time", "level", "logger", "message", "request_id"} for r in regels)

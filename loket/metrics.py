"""Prometheus metrics beyond django-prometheus' requests: Celery task counts, run time, time spent
waiting in the queue, and queue lengths; and the access rule of ``/metrics``.

Task metrics are recorded by the worker that runs the task (Celery signals) and exported by that
worker on ``CELERY_METRICS_PORT``; with a prefork pool set ``PROMETHEUS_MULTIPROC_DIR`` so the pool
processes share them. Queue lengths are read from the broker when ``/metrics`` is scraped."""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import time

from celery.signals import task_failure, task_postrun, task_prerun, task_retry, worker_init
from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django_prometheus import middleware as django_prometheus
from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

from .request_id import PUBLISHED_HEADER

logger = logging.getLogger(__name__)

TASKS = Counter("loket_celery_tasks_total", "Celery tasks run, by task and outcome.", ["task", "state"])
DURATION = Histogram(
    "loket_celery_task_duration_seconds",
    "Run time of a Celery task.",
    ["task"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900),
)
WAIT = Histogram(
    "loket_celery_task_queue_wait_seconds",
    "Time between queuing a task and a worker starting it.",
    ["queue"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)

_started: dict[str, float] = {}


# Labelled series by metric and label values, for as long as the process lives (nothing here
# removes a series): the after-middleware's and the page cache's counts of a response.
_SERIES: dict[tuple, object] = {}


def labelled(metric, **labels):
    """``metric.labels(**labels)``, looked up once per process: ``Metric.labels()`` checks the label
    names, converts the values and takes a lock on every call, for the same few series."""
    key = (metric, *labels.items())
    series = _SERIES.get(key)
    if series is None:
        series = _SERIES[key] = metric.labels(**labels)
    return series


class PrometheusAfterMiddleware(django_prometheus.PrometheusAfterMiddleware):
    """django-prometheus' request metrics, with each labelled series looked up once per process
    (``labelled``): eight lookups a request, ~400 Python opcodes of the ~21,000 a page from the page
    cache ran. ``label_metric`` is django-prometheus' own hook for changing how a metric is
    labelled."""

    def label_metric(self, metric, request, response=None, **labels):
        return labelled(metric, **labels) if labels else metric


@task_prerun.connect(dispatch_uid="loket.metrics.prerun")
def _task_started(task_id=None, task=None, **kwargs):
    _started[task_id] = time.monotonic()
    published = getattr(task.request, PUBLISHED_HEADER, None) if task else None
    if published:
        queue = (task.request.delivery_info or {}).get("routing_key") or "-"
        WAIT.labels(queue=queue).observe(max(0.0, time.time() - float(published)))


@task_postrun.connect(dispatch_uid="loket.metrics.postrun")
def _task_done(task_id=None, task=None, state=None, **kwargs):
    begin = _started.pop(task_id, None)
    name = task.name if task else "-"
    if begin is not None:
        DURATION.labels(task=name).observe(time.monotonic() - begin)
    TASKS.labels(task=name, state=state or "UNKNOWN").inc()


@task_failure.connect(dispatch_uid="loket.metrics.failure")
def _task_failed(sender=None, **kwargs):
    logger.warning("task failed", extra={"task": getattr(sender, "name", "-")})


@task_retry.connect(dispatch_uid="loket.metrics.retry")
def _task_retried(sender=None, **kwargs):
    TASKS.labels(task=getattr(sender, "name", "-"), state="RETRY").inc()


@worker_init.connect(dispatch_uid="loket.metrics.exporter")
def _start_exporter(**kwargs):
    """The worker's own /metrics (task counts and latencies), when a port is configured."""
    port = settings.CELERY_METRICS_PORT
    if not port:
        return
    from prometheus_client import REGISTRY, CollectorRegistry, start_http_server

    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    start_http_server(port, registry=registry)


class QueueLengthCollector:
    """``loket_celery_queue_length{queue}``: messages waiting per queue (Redis broker only: one LLEN
    per queue when scraped; the filesystem broker of ``make run`` reports nothing)."""

    def collect(self):
        url = settings.CELERY_BROKER_URL
        if not url.startswith(("redis://", "rediss://")):
            return
        import redis

        gauge = GaugeMetricFamily(
            "loket_celery_queue_length", "Messages waiting in a queue.", labels=["queue"]
        )
        try:
            client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
            for queue in settings.CELERY_QUEUES_ALL:
                gauge.add_metric([queue], client.llen(queue))
        except redis.RedisError:
            logger.warning("queue lengths unavailable: broker unreachable")
            return
        yield gauge


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if secrets.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


def metrics_view(request):
    """The Prometheus export (django-prometheus' request metrics and the collectors above), for the
    allowed networks or the bearer token only: no personal data, but it tells load and volumes."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    if not _allowed(request):
        return HttpResponseForbidden("Forbidden\n", content_type="text/plain")
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # gunicorn workers: add up every process
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(QueueLengthCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def register_collectors() -> None:
    from prometheus_client import REGISTRY

    if not getattr(register_collectors, "done", False):
        REGISTRY.register(QueueLengthCollector())
        register_collectors.done = True

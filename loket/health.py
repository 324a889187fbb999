"""Liveness and readiness for load balancers and Kubernetes probes (django-health-check).

``/health/live``: the process answers (no dependency is asked: a database outage must not make
Kubernetes restart every web pod). ``/health/ready``: the database, the broker, the cache and the
private storage answer; 503 otherwise, so the pod gets no traffic until they do."""

from __future__ import annotations

import asyncio
import dataclasses
from concurrent.futures import ThreadPoolExecutor

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (Redis, or the folders of the filesystem broker)."""

    def run(self):
        from django.conf import settings
        from kombu import Connection
        from kombu.exceptions import OperationalError

        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        try:
            with Connection(settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=3) as c:
                c.ensure_connection(max_retries=1)
        except (OSError, OperationalError) as e:
            raise ServiceUnavailable("broker unreachable") from e


@never_cache
def live(request):
    return HttpResponse("ok\n", content_type="text/plain")


def _checks() -> list[HealthCheck]:
    return [Database(), Broker(), Cache(), Storage(alias="private")]


def _run_checks() -> list:
    """django-health-check's checks (with their time limits), on an event loop of their own in a
    fresh thread: this view stays synchronous, and works whatever loop the calling thread runs."""

    async def alle():
        return await asyncio.gather(*(check.get_result() for check in _checks()))

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, alle()).result()


@never_cache
def ready(request):
    results = _run_checks()
    status = 503 if any(r.error for r in results) else 200  # 503: not ready, try again later
    report = {repr(r.check): str(r.error) if r.error else "OK" for r in results}
    if "json" in request.headers.get("Accept", "") or request.GET.get("format") == "json":
        return JsonResponse(report, status=status)
    text = "".join(f"{name}: {outcome}\n" for name, outcome in report.items())
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")

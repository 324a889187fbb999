"""Liveness and readiness for load balancers and Kubernetes probes (django-health-check).

``/health/live``: the process answers (no dependency is asked: a database outage must not make
Kubernetes restart every web pod). ``/health/ready``: the database, the broker, the cache and the
private storage answer; 503 otherwise, so the pod gets no traffic until they do."""

from __future__ import annotations

import dataclasses

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


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


class ReadyView(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        "loket.health.Broker",
        "health_check.checks.Cache",
        ("health_check.checks.Storage", {"alias": "private"}),
    )

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503  # 'not ready': the load balancer tries again later
        return response

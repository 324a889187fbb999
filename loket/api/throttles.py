from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ClientRateThrottle(SimpleRateThrottle):
    """Rate limit per API client (per address before authentication)."""

    scope = "client"

    def get_rate(self):
        # Read at each request (not frozen at import) so operators and tests can change it.
        return settings.API_RATE_PER_CLIENT

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        client = getattr(request, "api_client", None)
        ident = f"client-{client.pk}" if client else f"adres-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

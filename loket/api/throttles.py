"""Rate limits (Django's cache, like every DRF throttle): per API client on the resources, and on
the token endpoint per client_id and per address, so a client secret cannot be guessed at speed."""

import base64
import binascii
import hashlib
from urllib.parse import unquote

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class SettingRateThrottle(SimpleRateThrottle):
    """A throttle whose rate (DRF syntax, e.g. "600/minute") is the setting named ``setting``."""

    setting = ""

    def get_rate(self):
        # Read at each request (not frozen at import) so operators and tests can change it.
        return getattr(settings, self.setting)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def sleutel(self, ident: str) -> str:
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ClientRateThrottle(SettingRateThrottle):
    """Rate limit per API client (per address before authentication)."""

    scope = "client"
    setting = "API_RATE_PER_CLIENT"

    def get_cache_key(self, request, view):
        client = getattr(request, "api_client", None)
        return self.sleutel(f"client-{client.pk}" if client else f"adres-{self.get_ident(request)}")


def token_client_id(request) -> str:
    """The client_id a token request names: in HTTP Basic (RFC 6749 2.3.1) or in the form."""
    soort, _spatie, waarde = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if soort.lower() == "basic":
        try:
            return unquote(base64.b64decode(waarde, validate=True).decode().partition(":")[0])
        except (binascii.Error, UnicodeDecodeError):
            return ""
    return request.POST.get("client_id", "")


class TokenAddressThrottle(SettingRateThrottle):
    scope = "token-adres"
    setting = "API_TOKEN_RATE_PER_ADDRESS"

    def get_cache_key(self, request, view):
        return self.sleutel(self.get_ident(request))


class TokenClientThrottle(SettingRateThrottle):
    scope = "token-client"
    setting = "API_TOKEN_RATE_PER_CLIENT"

    def get_cache_key(self, request, view):
        client_id = token_client_id(request)
        if not client_id:
            return None  # nothing to count per client; the address limit still applies
        # Hashed: the client_id is whatever the caller sent, the cache key must stay plain.
        return self.sleutel(hashlib.sha256(client_id.encode()).hexdigest())

"""Webhook URLs may only point at the public internet (no server-side request forgery).

A client chooses the URL the portal POSTs to, so without a check it could make the portal call
its own internal services (127.0.0.1, 10.0.0.0/8, the cloud metadata service at 169.254.169.254,
...). Two checks:

- at registration, every address the host resolves to must be public (``controleer_url``);
- at delivery, the address the socket actually connected to is checked again, before a byte of
  the request is sent (``opener``). A host that resolved to a public address at registration and
  to an internal one now (DNS rebinding) is refused, and so is a redirect to an internal address.

Hosts in ``API_WEBHOOK_ALLOWED_HOSTS`` (as written in the URL) skip both checks: a receiver on
the same machine in development and in the tests.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class GeblokkeerdAdres(OSError):
    """The URL's host is (or resolves to) an address that is not on the public internet."""


def intern(adres: str) -> bool:
    """Loopback, private (RFC 1918, fc00::/7), link-local, shared, reserved, multicast, ..."""
    ip = ipaddress.ip_address(adres.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return not ip.is_global or ip.is_multicast


def toegelaten_host(host: str) -> bool:
    return host.lower().strip("[]") in {h.lower().strip("[]") for h in settings.API_WEBHOOK_ALLOWED_HOSTS}


def controleer_url(url: str) -> None:
    """Raise GeblokkeerdAdres (with a message for the client) unless ``url`` is allowed."""
    host = urlsplit(url).hostname or ""
    if toegelaten_host(host):
        return
    try:
        adressen = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        raise GeblokkeerdAdres(_("De host van deze URL bestaat niet.")) from None
    if any(intern(adres) for adres in adressen):
        raise GeblokkeerdAdres(
            _("Deze URL wijst naar een intern of privé netwerkadres; gebruik een publiek bereikbaar adres.")
        )


def _verbind(host: str):
    """``socket.create_connection`` that refuses an internal peer unless ``host`` is allowed."""

    def create_connection(*args, **kwargs):
        sock = socket.create_connection(*args, **kwargs)
        if not toegelaten_host(host) and intern(sock.getpeername()[0]):
            sock.close()
            raise GeblokkeerdAdres(f"{host} resolved to an internal address; not delivered")
        return sock

    return create_connection


class _Gecontroleerd:
    def __init__(self, host, *args, **kwargs):
        super().__init__(host, *args, **kwargs)
        self._create_connection = _verbind(self.host)


class _HTTPConnection(_Gecontroleerd, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_Gecontroleerd, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_HTTPSConnection, req, context=self._context)


class _GeenRedirects(urllib.request.HTTPRedirectHandler):
    """A receiver answers 2xx; a redirect is a failed delivery (retried), never followed."""

    def redirect_request(self, *args, **kwargs):
        return None


def opener() -> urllib.request.OpenerDirector:
    """urllib without proxies (the peer checked must be the receiver) and without redirects."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _HTTPHandler(), _HTTPSHandler(), _GeenRedirects()
    )

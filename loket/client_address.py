"""The client's address behind the reverse proxies, for the login throttling (django-axes).

Behind a proxy every request comes from the proxy's address: throttling per address would then
lock everyone at once. Each trusted proxy appends the address it received the request from to
``X-Forwarded-For``, so with N proxies the client is the N-th entry from the right. Entries further
left were written by the client itself and are never believed.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    aantal = settings.LOKET_PROXY_COUNT
    if aantal <= 0:
        return remote
    keten = [deel.strip() for deel in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    keten = [deel for deel in keten if deel]
    if len(keten) < aantal:
        return remote  # not through every proxy: nothing in the header can be trusted
    kandidaat = keten[-aantal]
    try:
        return str(ipaddress.ip_address(kandidaat))
    except ValueError:
        return remote

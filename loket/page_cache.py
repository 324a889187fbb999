"""Signed-in employer pages served from the cache while nothing they show has changed.

A page is stored per session (its HTML holds the user's name and CSRF token) and served again only
under the same key: the organisation acted for and the database's versions of its data and of the
data every organisation sees (``loket.data_versions``, read with the access check before anything
else), the day (deadlines and 'from when' lines count in days), the language, the address with its
query, and the release. Any change, by whoever, raises a version and so changes the key: the next
request renders the page anew. ``PAGE_CACHE_SECONDS`` bounds the rest (a changed setting) and the
memory used; the cache is the shared one (Redis in production), so every web process profits.

Only GET requests with an acting organisation and no flash message waiting are served from the
cache; only complete HTML pages that set no cookie are stored.

The views mark their page (``cached_page``); ``PageCacheMiddleware`` stores and serves it, right
after the access check in MIDDLEWARE. A stored page skips what follows that point (its headers are
stored with it) and is served exactly as it was rendered (tested, header by header).
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache as shared_cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django_prometheus.middleware import Metrics
from prometheus_client import Counter

from .metrics import labelled
from .middleware import http_date_now

PAGES = Counter("loket_page_cache_total", "Signed-in pages by how the page cache answered.", ["result"])
_HIT, _MISS, _BYPASS = (PAGES.labels(result) for result in ("hit", "miss", "bypass"))

# Static files too: a page names its style sheet by the hash of its content (manifest storage).
_CODE = ("loket", "aanvragen", "premies", "evaluaties", "templates", "locale", "static")
_SUFFIXES = {".py", ".html", ".txt", ".mo", ".json", ".css", ".js", ".svg"}


@cache
def release() -> str:
    """``settings.RELEASE``, or a fingerprint of the code, templates, translations and static files
    (names, sizes and modification times), computed once per process: a deployment with other files has
    other keys, and two processes of one deployment share theirs."""
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for folder in _CODE:
        for root, _dirs, files in sorted(os.walk(base / folder)):
            for name in sorted(files):
                if Path(name).suffix in _SUFFIXES:
                    stat = os.stat(os.path.join(root, name))
                    digest.update(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    # What the pages show from the settings (the footer's contact) is part of the release too.
    digest.update(f"{settings.DWSE_CONTACT_EMAIL}|{settings.DWSE_CONTACT_TELEFOON}".encode())
    return digest.hexdigest()


def page_key(request) -> str | None:
    """The key the page of this request is stored under, or None when it may not be cached."""
    toegang = getattr(request, "toegang", None)
    session_key = request.session.session_key
    if (
        settings.PAGE_CACHE_SECONDS <= 0
        or request.method != "GET"
        or toegang is None
        or not session_key
        or len(messages.get_messages(request))  # shown once, by the page rendered now
    ):
        return None
    private = hashlib.blake2b(
        f"{session_key}|{request.META.get('CSRF_COOKIE', '')}|{request.get_full_path()}".encode(),
        digest_size=16,
    ).hexdigest()
    return (
        f"pagina:{release()}:{toegang.organisatie_id}:{toegang.data_versie or 0}:"
        f"{toegang.globale_data_versie or 0}:{translation.get_language()}:"
        f"{timezone.localdate().isoformat()}:{private}"
    )


def cached_page(view=None, *, when=None):
    """Marks a view whose page ``PageCacheMiddleware`` serves from the cache while its key holds
    (see the module). ``when(request)`` limits it further, to the requests whose page depends on
    nothing but the key. The mark is an attribute: ``functools.wraps`` carries it to the
    decorators around the view (``login_required``, the access checks).

    The view's own checks run when its page is rendered, not when it is served from the cache:
    what they decide by is in the key or checked before it (the session's verified user, the
    active grant and its organisation, whose every change raises the data version)."""

    def decorator(view):
        view.page_cache_when = when or _always
        return view

    return decorator(view) if view is not None else decorator


def _always(request) -> bool:
    return True


def _cached_page_match(path: str):
    """The URL match of ``path`` if its view is a cached page, else None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match if hasattr(match.func, "page_cache_when") else None


def _count_response(view_name: str) -> None:
    """What django-prometheus' after-middleware counts for a page (by status, and by status, view
    and method), for a stored page that does not pass it: responses per status stay complete."""
    metrics = Metrics.get_instance()
    labelled(metrics.responses_by_status, status="200").inc()
    labelled(metrics.responses_by_status_view_method, status="200", view=view_name, method="GET").inc()


# A stored page is served with the headers the view and the middleware after this one gave it,
# except the moment it expires: now, as SecurityHeadersMiddleware writes it.
_DATED = "expires"


class PageCacheMiddleware:
    """Answers a request for a cached page (``cached_page``) from the cache, right after the
    access check (``ActingOrganisationMiddleware``): what comes after it in MIDDLEWARE (the
    second factor for staff, the history's user, the view's own checks, the headers that forbid
    framing and caching, the access log and lockouts of the API and the login, django-prometheus'
    per-view latency) adds nothing a stored page lacks, so it is skipped; what comes before it
    (sessions, language, CSRF cookie, the security headers, the request id, the count and latency
    of every request) runs for a stored page as for a rendered one. Its responses are counted per
    status and view as django-prometheus counts the others.

    A page is stored when it comes back here complete: HTML, status 200, no cookie set after
    this point, and no flash message in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = _cached_page_match(request.path_info) if request.method == "GET" else None
        if match is None:
            return self.get_response(request)
        key = page_key(request) if match.func.page_cache_when(request) else None
        if key is None:
            _BYPASS.inc()
            return self.get_response(request)
        stored = shared_cache.get(key)
        if stored is not None:
            _HIT.inc()
            _count_response(match.view_name or "<unnamed view>")
            return _stored_response(*stored)
        _MISS.inc()
        response = self.get_response(request)
        # The key again: a first page of a session creates the CSRF secret its forms carry,
        # which the next request brings along in its cookie.
        key = page_key(request)
        if (
            key is not None
            and response.status_code == 200
            and not response.streaming
            and getattr(response, "is_rendered", True)
            and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
        ):
            shared_cache.set(key, _stored(response), settings.PAGE_CACHE_SECONDS)
        return response


def _stored(response) -> tuple:
    # The headers as Django keeps them (each checked when it was set), by their lower-case name.
    headers = dict(response.headers._store)
    dated = headers.pop(_DATED, None) is not None
    return headers, dated, response.content


def _stored_response(headers: dict, dated: bool, content: bytes) -> HttpResponse:
    response = HttpResponse(content)
    # Taken over as they were kept, not set one by one: checking each anew was a twentieth of
    # a stored page's cost. Not copied: every cache read unpickles a dictionary of its own.
    response.headers._store = headers
    if dated:
        response.headers["Expires"] = http_date_now()
    return response

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
"""

from __future__ import annotations

import hashlib
import os
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache as shared_cache
from django.http import HttpResponse
from django.utils import timezone, translation
from prometheus_client import Counter

PAGES = Counter("loket_page_cache_total", "Signed-in pages by how the page cache answered.", ["result"])

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
    """Serve the view's page from the cache while its key holds (see the module). ``when(request)``
    limits it further, to the requests whose page depends on nothing but the key."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            key = page_key(request) if when is None or when(request) else None
            if key is None:
                PAGES.labels("bypass").inc()
                return view(request, *args, **kwargs)
            stored = shared_cache.get(key)
            if stored is not None:
                PAGES.labels("hit").inc()
                content_type, content = stored
                return HttpResponse(content, content_type=content_type)
            PAGES.labels("miss").inc()
            response = view(request, *args, **kwargs)
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
                shared_cache.set(
                    key, (response["Content-Type"], response.content), settings.PAGE_CACHE_SECONDS
                )
            return response

        return wrapper

    return decorator(view) if view is not None else decorator

import time
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.db.models import OuterRef
from django.shortcuts import redirect
from django.utils.http import http_date

from .backends import vooraf_geladen
from .prepared import PreparedQuery

SESSION_KEY_ORGANISATIE = "in_naam_van"
ACTIVITY_RESOLUTION_SECONDS = 60


def _actieve_toegang(gebruiker_id, organisatie_id):
    from .data_versions import GLOBAL, version
    from .models import Toegang

    # No join the pages do not use (the scholengroep is read by the payouts only). Ordered: with
    # grants for two measures the first one counts. The user comes along (no query of its own,
    # see _acting_organisation), and the organisation's data versions for the page cache
    # (loket.page_cache), read before anything the page shows.
    return (
        Toegang.objects.actief()
        .select_related("organisatie", "gebruiker")
        .annotate(data_versie=version(OuterRef("organisatie_id")), globale_data_versie=version(GLOBAL))
        .filter(gebruiker_id=gebruiker_id, organisatie_id=organisatie_id)
        .order_by("pk")[:1]
    )


# Every signed-in request runs it: compiled to SQL once per process (loket.prepared).
ACTIEVE_TOEGANG = PreparedQuery(_actieve_toegang)


def _acting_organisation(request):
    """The organisation the user acts for, re-checked against an active access grant each request.

    One query for the grant and the signed-in user both: the grant is read for the user the
    session names, before the (lazy) ``request.user`` is resolved; Django then resolves and
    verifies that user as always, only without a query of its own (``loket.backends``). The
    grant counts only if the verified user is the one it was read for."""
    organisatie_id = request.session.get(SESSION_KEY_ORGANISATIE)
    gebruiker_id = request.session.get(SESSION_KEY)
    if not organisatie_id or not gebruiker_id:
        return None
    try:
        toegang = ACTIEVE_TOEGANG.first(gebruiker_id=int(gebruiker_id), organisatie_id=int(organisatie_id))
    except ValueError:  # not a key the portal wrote
        toegang = None
    with vooraf_geladen(toegang.gebruiker if toegang else None):
        aangemeld = request.user.is_authenticated
    if toegang is None or not aangemeld or request.user.pk != toegang.gebruiker_id:
        request.session.pop(SESSION_KEY_ORGANISATIE, None)
        return None
    return toegang


class ActingOrganisationMiddleware:
    """Sets ``request.toegang`` and ``request.organisatie`` (*in naam van*)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Evaluated eagerly (one query for signed-in users): a lazy wrapper around None would
        # not compare equal to None in ``if request.organisatie is None``.
        request.toegang = _acting_organisation(request)
        request.organisatie = request.toegang.organisatie if request.toegang else None
        return self.get_response(request)


# What Django's add_never_cache_headers writes on a response without a Cache-Control header
# (tested against it), written directly: it parses and rebuilds the header twice, a twentieth of
# a page served from the page cache.
NEVER_CACHE_CONTROL = "max-age=0, no-cache, no-store, must-revalidate, private"


@lru_cache(maxsize=1)
def _http_date(second: int) -> str:
    return http_date(second)


def http_date_now() -> str:
    return _http_date(int(time.time()))


def set_never_cache_headers(response) -> None:
    """``django.utils.cache.add_never_cache_headers`` for a response without Cache-Control."""
    if not response.has_header("Expires"):
        response.headers["Expires"] = http_date_now()
    response.headers["Cache-Control"] = NEVER_CACHE_CONTROL


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy, no caching of signed-in pages, and an idle timeout for
    staff in the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and request.user.is_authenticated and request.user.is_staff:
            now = int(time.time())
            last = request.session.get("admin_laatste_activiteit")
            if last and now - last > settings.ADMIN_IDLE_TIMEOUT_SECONDS:
                logout(request)
                return redirect(f"{settings.LOGIN_URL_ADMIN}?next={request.path}")
            # Noted at most once a minute: a session write on every admin page would cost a
            # database (or cache) write per request for a timeout counted in half hours.
            if not last or now - last >= ACTIVITY_RESOLUTION_SECONDS:
                request.session["admin_laatste_activiteit"] = now
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response.headers:
            # A signed-in page shows personal (and health) data: no browser or proxy keeps a copy.
            set_never_cache_headers(response)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

"""The portal's language: Dutch (the default and the legal text) or English.

Where the choice lives and who follows it:

- an account keeps its choice on ``Profiel.taal``; at login it is copied into the session (no
  query per request), and a choice made on the login page before signing in is kept on the account;
- pages: the session's (account's) language, else the language cookie, else Dutch. The browser's
  Accept-Language is deliberately ignored: Dutch stays the default for everyone who did not choose;
- the admin (``/admin/``) is always Dutch, whatever the cookie;
- mails and letters are rendered in the language of the account with the recipient's address
  (``taal_van_adres``); a recipient without an account (an employee's copy, an organisation's
  seat, the DWSE team) gets Dutch.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_noop
from django.views.i18n import set_language

from .api.middleware import API_PREFIX

WETTELIJKE_NOOT = gettext_noop("De Nederlandse versie is de wettelijke tekst.")

# The account's language, copied into the session at login and when it changes.
SESSION_KEY_TAAL = "loket_taal"


def standaardtaal() -> str:
    """Dutch, as the code of ``LANGUAGES`` (``nl``) rather than ``LANGUAGE_CODE`` (``nl-be``)."""
    return translation.get_supported_language_variant(settings.LANGUAGE_CODE)


def geldige_taal(code: str | None) -> str | None:
    """``code`` as one of ``LANGUAGES``, or None for anything else (also for a forged cookie)."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def bewaar_taal(gebruiker, taal: str) -> None:
    from .models import Profiel

    Profiel.objects.update_or_create(gebruiker=gebruiker, defaults={"taal": taal})


def taal_van_adres(adres: str | None) -> str:
    """The language of mail and letters to ``adres``: the choice of the (most recently signed-in)
    active account with that e-mail address; Dutch without such an account or choice."""
    from .models import Profiel

    if adres:
        taal = (
            Profiel.objects.filter(gebruiker__email__iexact=adres.strip(), gebruiker__is_active=True)
            .exclude(taal="")
            .order_by("-gebruiker__last_login")
            .values_list("taal", flat=True)
            .first()
        )
        if geldige_taal(taal):
            return geldige_taal(taal)
    return standaardtaal()


def met_wettelijke_noot(html: str, taal: str) -> str:
    """A mail or letter in another language than Dutch says, at its end, that the Dutch version
    is the legal text (as the header of an English page does)."""
    if taal == standaardtaal():
        return html
    noot = f'<p class="taal-wettelijk"><em>{translation.gettext(WETTELIJKE_NOOT)}</em></p>'
    kop, eind, staart = html.rpartition("</body>")
    return f"{kop}{noot}{eind}{staart}" if eind else html + noot


def met_wettelijke_noot_tekst(tekst: str, taal: str) -> str:
    if taal == standaardtaal():
        return tekst
    return f"{tekst.rstrip()}\n\n{translation.gettext(WETTELIJKE_NOOT)}\n"


@functools.lru_cache(maxsize=8)
def _admin_pad(resolver, script_prefix: str) -> str:
    """The admin's path as ``path_info`` shows it (without the script prefix), per URL configuration."""
    return "/" + reverse("admin:index", urlconf=resolver.urlconf_name)[len(script_prefix) :]


def taal_van_verzoek(request) -> str:
    if request.path_info.startswith(_admin_pad(get_resolver(get_urlconf()), get_script_prefix())):
        return standaardtaal()
    if request.path_info.startswith(API_PREFIX):
        # Software asks per request (Accept-Language), e.g. for problem details in English; it has
        # no account language or cookie, and without the header it gets Dutch like everyone.
        return geldige_taal(translation.get_language_from_request(request)) or standaardtaal()
    session = getattr(request, "session", None)
    return (
        geldige_taal(session.get(SESSION_KEY_TAAL) if session is not None else None)
        or geldige_taal(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        or standaardtaal()
    )


class LanguageMiddleware:
    """Activates the page's language (see the module's docstring) instead of Django's
    LocaleMiddleware, and keeps the language cookie in step with the account, so the choice stays
    after signing out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        taal = taal_van_verzoek(request)
        translation.activate(taal)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(
            response, ("Accept-Language",) if request.path_info.startswith(API_PREFIX) else ("Cookie",)
        )
        response.headers.setdefault("Content-Language", taal)
        session = getattr(request, "session", None)
        account_taal = geldige_taal(session.get(SESSION_KEY_TAAL)) if session is not None else None
        if account_taal and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != account_taal:
            _zet_cookie(response, account_taal)
        return response


def _zet_cookie(response, taal: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        taal,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def taal_kiezen(request):
    """The language switch (POST ``language`` and ``next``): Django's ``set_language`` sets the
    cookie and redirects back; for a signed-in user the choice is also kept on the account."""
    response = set_language(request)
    taal = geldige_taal(request.POST.get("language")) if request.method == "POST" else None
    if taal and request.user.is_authenticated:
        bewaar_taal(request.user, taal)
        request.session[SESSION_KEY_TAAL] = taal
    return response


@receiver(user_logged_in, dispatch_uid="loket_taal_bij_aanmelden")
def _taal_bij_aanmelden(sender, request, user, **kwargs):
    """The account's language applies from the login on; an account without a choice keeps the
    one made (cookie) before signing in."""
    from .models import Profiel

    if request is None or not hasattr(request, "session"):
        return
    taal = geldige_taal(Profiel.objects.filter(gebruiker=user).values_list("taal", flat=True).first())
    if taal is None:
        taal = geldige_taal(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        if taal is None:
            return
        bewaar_taal(user, taal)
    request.session[SESSION_KEY_TAAL] = taal

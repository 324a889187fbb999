"""The federal login (OpenID Connect, mozilla-django-oidc): the plug point for CSAM / itsme / eID.

Off unless ``OIDC_RP_CLIENT_ID`` is set (settings). The provider identifies the person (``sub``),
vouches for the e-mail address (it counts as verified) and lists the enterprises the person may
represent (the claim named by ``OIDC_KBO_MANDATEN_CLAIM``): those mandates become access *in naam
van* the organisation at once, without the activation letter, and access from a mandate the
provider no longer reports ends at the next login (``toegangsbeheer.werk_mandaten_bij``).
"""

from __future__ import annotations

import hashlib
import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import emailbevestiging, rules, toegangsbeheer

logger = logging.getLogger(__name__)


def ingeschakeld() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def gebruikersnaam(sub: str) -> str:
    """The portal account of a federal identity: derived from the provider's stable subject, never
    from the e-mail address (an address can change hands; a local account must not be taken over)."""
    return "federaal-" + hashlib.sha256(sub.encode()).hexdigest()[:40]


class FederaleAanmeldingBackend(OIDCAuthenticationBackend):
    """Creates or updates the portal account from the provider's claims and maps the KBO mandates."""

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: the userinfo must be about the person of the ID token.
            raise SuspiciousOperation("userinfo sub differs from the ID token")
        return claims

    def verify_claims(self, claims) -> bool:
        return isinstance(claims.get("sub"), str) and bool(claims["sub"])

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=gebruikersnaam(claims["sub"]))

    def _neem_over(self, user, claims) -> None:
        for veld, claim in (("email", "email"), ("first_name", "given_name"), ("last_name", "family_name")):
            waarde = claims.get(claim)
            if isinstance(waarde, str) and waarde.strip():
                setattr(user, veld, waarde.strip()[:150])

    def create_user(self, claims):
        user = self.UserModel(username=gebruikersnaam(claims["sub"]))
        user.set_unusable_password()  # only the federal login signs this account in
        self._neem_over(user, claims)
        user.save()
        return self._na_aanmelding(user, claims)

    def update_user(self, user, claims):
        self._neem_over(user, claims)
        if user.email:
            # Before the save: the address the provider gives is verified, so no verification mail.
            emailbevestiging.bevestigd_door_provider(user)
        user.save()
        return self._na_aanmelding(user, claims)

    def _na_aanmelding(self, user, claims):
        if user.email:
            emailbevestiging.bevestigd_door_provider(user)
        mandaten = rules.lees_mandaten(
            claims.get(settings.OIDC_KBO_MANDATEN_CLAIM),
            frozenset(settings.OIDC_KBO_ROLLEN_VERANTWOORDELIJKE),
        )
        verleend, beeindigd = toegangsbeheer.werk_mandaten_bij(user, mandaten)
        for toegang in verleend:
            messages.success(
                self.request,
                _("Volgens uw mandaat in de KBO werkt u nu ook in naam van %(naam)s.")
                % {"naam": toegang.organisatie.naam},
            )
        for toegang in beeindigd:
            messages.warning(
                self.request,
                _(
                    "De federale aanmelding meldt geen mandaat meer voor %(naam)s: u hebt geen toegang "
                    "meer tot deze organisatie."
                )
                % {"naam": toegang.organisatie.naam},
            )
        return user


class FederaalAanmelden(OIDCAuthenticationRequestView):
    """To the provider (state and nonce kept in the session)."""

    def get(self, request):
        if not ingeschakeld():
            raise Http404
        return super().get(request)


class FederaalTerug(OIDCAuthenticationCallbackView):
    """Back from the provider: the code is exchanged, the ID token checked (signature, nonce), the
    account created or updated. Any failure is a Dutch page, never a login or a server error."""

    def get(self, request):
        if not ingeschakeld():
            raise Http404
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException, ValueError) as exc:
            logger.warning("Federal login refused: %s", exc)
            return self.login_failure()

    def login_failure(self):
        return render(self.request, "registration/federale_aanmelding_mislukt.html", status=400)


class AanmeldenView(auth_views.LoginView):
    """The login page: the password login, and the federal login's button when it is on."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "federale_aanmelding": ingeschakeld()}

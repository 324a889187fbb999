"""OAuth2 client credentials (django-oauth-toolkit): a token's client is an ``ApiClient``;
the scopes a client may ask for are its own (read, write, payments)."""

import copy

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from oauth2_provider.scopes import SettingsScopes
from rest_framework import exceptions, permissions

from .models import ApiClient


def _client(application) -> ApiClient | None:
    client = ApiClient.objects.filter(application=application).select_related("organisatie").first()
    if client is None or client.ingetrokken_op is not None:
        return None
    return client


class ClientScopes(SettingsScopes):
    """A client gets at most the scopes given to it when it was created; a revoked one none."""

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        client = _client(application) if application is not None else None
        if client is None:
            return []
        return [s for s in super().get_available_scopes(application, request) if s in client.scope_set]

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)


class ClientAuthentication(OAuth2Authentication):
    """A Bearer token of an active client; the request acts as the client's service account.

    The token is read from the Authorization header, never from the body: django-oauth-toolkit
    would parse the body (``request.POST``) to look for one, so a body the view does not take
    (a JSON body to an upload, a form to a JSON resource) would answer 415 before a missing
    token answers 401. The body is parsed by the view, after authentication."""

    def authenticate(self, request):
        kopie = _zonder_body(request)
        resultaat = super().authenticate(kopie)
        # What the WWW-Authenticate header says (invalid_token...): on the request DRF answers.
        request._request.oauth2_error = getattr(kopie, "oauth2_error", {})
        if resultaat is None:
            return None
        _user, token = resultaat
        client = _client(token.application)
        if client is None:
            raise exceptions.AuthenticationFailed(_("Deze client is ingetrokken."))
        request._request.api_client = client
        request.api_client = client
        return client.gebruiker, token


def _zonder_body(request):
    """A copy of the Django request whose form data is empty (not parsed)."""
    django_request = copy.copy(request._request)
    django_request._post, django_request._files = QueryDict(), MultiValueDict()
    return django_request


class HeeftScope(permissions.BasePermission):
    """Reading needs 'read', changing 'write'; a view may ask another (``vereiste_scope``)."""

    message = _("Uw token heeft niet het recht voor deze oproep.")

    def has_permission(self, request, view):
        token = request.auth
        if token is None or not hasattr(token, "allow_scopes"):
            return False
        return token.is_valid([vereiste_scope(view, request.method)])


def vereiste_scope(view, method: str) -> str:
    """The scope a call needs (the schema names it per operation, ``loket.api.schema``)."""
    return getattr(view, "vereiste_scope", None) or (
        "read" if method.upper() in permissions.SAFE_METHODS else "write"
    )

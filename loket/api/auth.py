"""OAuth2 client credentials (django-oauth-toolkit): a token's client is an ``ApiClient``;
the scopes a client may ask for are its own (read, write, payments)."""

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
    """A Bearer token of an active client; the request acts as the client's service account."""

    def authenticate(self, request):
        resultaat = super().authenticate(request)
        if resultaat is None:
            return None
        _user, token = resultaat
        client = _client(token.application)
        if client is None:
            raise exceptions.AuthenticationFailed(_("Deze client is ingetrokken."))
        request._request.api_client = client
        request.api_client = client
        return client.gebruiker, token


class HeeftScope(permissions.BasePermission):
    """Reading needs 'read', changing 'write'; a view may ask another (``vereiste_scope``)."""

    message = _("Uw token heeft niet het recht voor deze oproep.")

    def has_permission(self, request, view):
        token = request.auth
        if token is None or not hasattr(token, "allow_scopes"):
            return False
        scope = getattr(view, "vereiste_scope", None) or (
            "read" if request.method in permissions.SAFE_METHODS else "write"
        )
        return token.is_valid([scope])

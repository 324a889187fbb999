from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class ApiSchema(AutoSchema):
    """Every POST documents its required Idempotency-Key header."""

    def get_override_parameters(self):
        from .base import IDEMPOTENCY_PARAMETER

        parameters = super().get_override_parameters()
        if self.method == "POST":
            parameters = [*parameters, IDEMPOTENCY_PARAMETER]
        return parameters


class ClientCredentialsScheme(OpenApiAuthenticationExtension):
    """Documents the Bearer tokens of ``ClientAuthentication``: OAuth2 client credentials."""

    target_class = "loket.api.auth.ClientAuthentication"
    name = "oauth2"

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/api/v1/oauth/token/",
                    "scopes": {
                        "read": "Dossiers, berichten en berekeningen lezen",
                        "write": "Aanvragen indienen, wijzigingen melden, evaluaties vragen",
                        "payments": "Betalingen lezen",
                    },
                }
            },
        }

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


_DB_GRENZEN = {32767, 2147483647, 9223372036854775807, -32768, -2147483648, -9223372036854775808}


def zonder_databankgrenzen(result, generator, request, public):
    """Postprocessing hook: drop the integer bounds that only say which database answered
    (SQLite and PostgreSQL differ), so the committed schema is the same on both."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "integer":
                for key in ("maximum", "minimum"):
                    if node.get(key) in _DB_GRENZEN:
                        del node[key]
                if node.get("format") == "int64":
                    del node["format"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result

"""The OpenAPI description of the API beyond what drf-spectacular reads from the views: the
Idempotency-Key of every POST, the scope each operation needs, and the errors (RFC 9457 problem
details, ``application/problem+json``) each operation answers, so the schema tells a client (and
schemathesis) every status code, media type and header it can get."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

from .auth import vereiste_scope
from .problems import PROBLEM_CONTENT_TYPE, titels

PROBLEEM_SCHEMA = {
    "type": "object",
    "description": "Een fout als RFC 9457 problem details, in de taal van Accept-Language (nl of en).",
    "properties": {
        "type": {
            "type": "string",
            "description": "urn:imw-loket:probleem:<code>, of about:blank zonder code.",
        },
        "title": {"type": "string", "description": "De soort fout, per statuscode."},
        "status": {"type": "integer", "description": "De HTTP-statuscode."},
        "detail": {"type": "string", "description": "Wat er mis is, voor een mens."},
        "instance": {"type": "string", "description": "Het pad van de oproep."},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "Per veld (of per stap en veld) de meldingen, zoals het formulier van het loket.",
        },
    },
    "required": ["type", "title", "status", "detail"],
}
PROBLEEM = ResolvedComponent(
    name="ProblemDetails", type=ResolvedComponent.SCHEMA, object="ProblemDetails", schema=PROBLEEM_SCHEMA
)

_SECONDEN = {"schema": {"type": "integer"}, "description": "Na hoeveel seconden opnieuw proberen."}
# Headers that come with a problem of that status.
_HEADERS = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer."}},
    429: {"Retry-After": _SECONDEN},
    503: {"Retry-After": _SECONDEN},
}


def _problemen_van_view(view) -> set[int]:
    """The view's own refusals (``problemen``): a tuple for every action, or per action a dict."""
    problemen = getattr(view, "problemen", ())
    if isinstance(problemen, dict):
        problemen = problemen.get(getattr(view, "action", None), ())
    return set(problemen)


class ApiSchema(AutoSchema):
    """Every POST documents its required Idempotency-Key header; every operation of a client
    its problem details (``problemen``) and its scope (``ClientCredentialsScheme``)."""

    def get_override_parameters(self):
        from .base import IDEMPOTENCY_PARAMETER

        parameters = super().get_override_parameters()
        if self.method == "POST":
            parameters = [*parameters, IDEMPOTENCY_PARAMETER]
        return parameters

    def _is_list_view(self, serializer=None):
        # A resource of one object answered by a viewset's list (the client's webhook).
        if getattr(self.view, "enkel_object", False):
            return False
        return super()._is_list_view(serializer)

    def problemen(self, operation: dict) -> set[int]:
        """The problem statuses this operation answers:

        - 401 (no, an expired or a revoked token), 403 (a scope the token lacks), 406 (an
          Accept that JSON does not meet), 429 (rate limit): every operation;
        - 400 (a body that is no JSON or fails validation) and 415 (a media type that is not
          taken): every operation with a body; 400 also every POST (no Idempotency-Key) and
          every operation with query parameters (a value they do not take);
        - 404: every operation with a path parameter or a cursor (an unknown cursor);
        - whatever the view adds for its action (``problemen``: 409, 422, 503, a 404...)."""
        codes = {401, 403, 406, 429}
        if "requestBody" in operation:
            codes |= {400, 415}
        if self.method == "POST":
            codes.add(400)
        parameters = operation.get("parameters", [])
        if any(p.get("in") == "query" for p in parameters):
            codes.add(400)
        if any(p.get("in") == "path" for p in parameters) or any(
            p.get("in") == "query" and p.get("name") == "cursor" for p in parameters
        ):
            codes.add(404)
        return codes | _problemen_van_view(self.view)

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if not operation or not operation.get("security"):
            return operation
        registry.register_on_missing(PROBLEEM)
        antwoorden = operation["responses"]
        for code in self.problemen(operation):
            component = _probleem_antwoord(code)
            registry.register_on_missing(component)
            antwoorden[str(code)] = component.ref
        operation["responses"] = dict(sorted(antwoorden.items()))
        return operation


def _probleem_antwoord(code: int) -> ResolvedComponent:
    """The response of a problem of status ``code``: one component each (components/responses),
    referred to by every operation that answers it."""
    antwoord = {
        "content": {PROBLEM_CONTENT_TYPE: {"schema": PROBLEEM.ref}},
        "description": titels()[code],
    }
    if code in _HEADERS:
        antwoord["headers"] = _HEADERS[code]
    return ResolvedComponent(
        name=f"Probleem{code}", type=ResolvedComponent.RESPONSE, object=f"Probleem{code}", schema=antwoord
    )


class ClientCredentialsScheme(OpenApiAuthenticationExtension):
    """Documents the Bearer tokens of ``ClientAuthentication``: OAuth2 client credentials, and
    per operation the scope it needs."""

    target_class = "loket.api.auth.ClientAuthentication"
    name = "oauth2"

    def get_security_requirement(self, auto_schema):
        return {self.name: [vereiste_scope(auto_schema.view, auto_schema.method)]}

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/api/v1/oauth/token/",
                    "scopes": {
                        "read": "Dossiers, berichten en gebeurtenissen lezen",
                        "write": "Aanvragen indienen, wijzigingen melden, evaluaties vragen",
                        "payments": "Berekeningen, betalingen en betalingsgebeurtenissen lezen",
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

"""The authorization matrix of the API: every API route, enumerated from the resolver, called
with every method its view answers by clients that must not see organisation A's data: none
(no token), a client of another organisation, a social secretariat whose mandate from A was
revoked, and A's own client after it was revoked.

Each API route needs an entry in ``API`` (a new route without one fails the test)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest

from loket import toegangsbeheer
from loket.api.clients import trek_client_in
from loket.api.models import Event
from tests import factories
from tests.api.helpers import nieuwe_client, token
from tests.infra import test_autorisatiematrix as portaal_matrix

pytestmark = pytest.mark.django_db

# The same world as the portal's matrix (organisation A with its dossier, draft, evaluation...).
rollen_en_groepen = portaal_matrix.rollen_en_groepen
wereld = portaal_matrix.wereld
_toestand = portaal_matrix._toestand


@dataclass(frozen=True)
class ApiRoute:
    """``args``: the world's values for the route's parameters; ``publiek``: no token needed."""

    args: tuple[str, ...] = ()
    publiek: bool = False


API: dict[str, ApiRoute] = {
    "api:token": ApiRoute(publiek=True),
    "api:schema": ApiRoute(publiek=True),
    "api:swagger": ApiRoute(publiek=True),
    "api:redoc": ApiRoute(publiek=True),
    "api:organisatie-list": ApiRoute(),
    "api:webhook-list": ApiRoute(),
    "api:event-list": ApiRoute(),
    "api:event-detail": ApiRoute(("event",)),
    "api:event-opnieuw": ApiRoute(("event",)),
    "api-aanvragen:dossier-list": ApiRoute(),
    "api-aanvragen:dossier-detail": ApiRoute(("dossier",)),
    "api-aanvragen:dossier-berichten": ApiRoute(("dossier",)),
    "api-aanvragen:dossier-ontvangstbewijs": ApiRoute(("dossier",)),
    "api-aanvragen:dossier-wijzigingen": ApiRoute(("dossier",)),
    "api-aanvragen:aanvraag-list": ApiRoute(),
    "api-aanvragen:aanvraag-detail": ApiRoute(("concept",)),
    "api-aanvragen:aanvraag-stap": ApiRoute(("concept", "stap")),
    "api-aanvragen:aanvraag-validatie": ApiRoute(("concept",)),
    "api-aanvragen:aanvraag-documenten": ApiRoute(("concept",)),
    "api-aanvragen:aanvraag-indienen": ApiRoute(("concept",)),
    "api-premies:berekeningen-list": ApiRoute(("dossier",)),
    "api-premies:betaling-list": ApiRoute(),
    "api-evaluaties:evaluatie-list": ApiRoute(("dossier",)),
    "api-evaluaties:evaluatie-documenten": ApiRoute(("dossier", "evaluatie")),
    "api-evaluaties:evaluatie-indienen": ApiRoute(("dossier", "evaluatie")),
}


def api_routes():
    """(path, name, methods) of every API URL; methods from the viewset's action map."""
    return [
        (pad, naam, sorted(getattr(view, "actions", None) or {"get": None}))
        for pad, naam, view in portaal_matrix.alle_routes()
        if pad.startswith(portaal_matrix.API_PREFIX)
    ]


def _pad(patroon: str, waarden: list[str]) -> str:
    waarden = list(waarden)

    def vul(_match):
        return waarden.pop(0) if waarden else "1"

    pad = re.sub(r"\(\?P<[^>]+>[^)]*\)(\{\d+\})?", vul, patroon)
    pad = re.sub(r"<[^>]+>", vul, pad)
    return "/" + pad.replace("^", "").replace("$", "").replace("\\", "")


def test_every_api_route_is_in_the_matrix():
    namen = {naam for _pad_, naam, _m in api_routes()}
    assert namen - set(API) == set(), "add the new API route to API with its parameters"


def _event(api_client, wereld) -> Event:
    """An event about A's dossier, of ``api_client``."""
    return Event.objects.create(
        client=api_client, type="dossier.status", dossier_id=wereld["dossier"].pk, organisatie=wereld["a"],
        data={"referentie": wereld["dossier"].referentie}, op=wereld["dossier"].gewijzigd_op,
    )  # fmt: skip


def _bearer(client, rol: str, wereld) -> tuple[str | None, Event | None]:
    """The role's token, and its own event about A's dossier if it has one (else None)."""
    if rol == "anoniem":
        return None, None
    if rol == "andere_organisatie":
        api_client, geheim = nieuwe_client(wereld["b"])
        return token(client, api_client, geheim), None
    if rol == "ingetrokken_mandaat":
        secretariaat = factories.OrganisatieFactory(naam="Secretariaat zonder mandaat")
        door = factories.UserFactory()
        mandaat = toegangsbeheer.verleen_mandaat(
            organisatie=wereld["a"],
            secretariaat=toegangsbeheer.Onderneming(
                kbo_nummer=secretariaat.kbo_nummer, naam=secretariaat.naam
            ),
            door=door,
        )
        api_client, geheim = nieuwe_client(secretariaat)
        bearer = token(client, api_client, geheim)
        # While the mandate ran, the secretariat got an event of A's dossier: after the revocation
        # it may no longer list, read or replay it.
        event = _event(api_client, wereld)
        toegangsbeheer.trek_mandaat_in(mandaat, door)
        return bearer, event
    # A's own client, revoked after it got its token.
    api_client, geheim = nieuwe_client(wereld["a"])
    bearer = token(client, api_client, geheim)
    trek_client_in(api_client, factories.UserFactory())
    return bearer, _event(api_client, wereld)


@pytest.mark.parametrize(
    "rol", ["anoniem", "andere_organisatie", "ingetrokken_mandaat", "ingetrokken_client"]
)
def test_no_api_client_without_access_sees_or_changes_organisation_a(client, settings, wereld, rol):
    settings.API_RATE_PER_CLIENT = "100000/minute"
    a_client, _geheim = nieuwe_client(wereld["a"])
    bearer, eigen_event = _bearer(client, rol, wereld)
    # The event routes get the role's own event of A's dossier if it has one, else one of A's client.
    event = eigen_event or _event(a_client, wereld)
    waarden = {**wereld["waarden"], "event": str(event.pk), "stap": "contact"}
    kop = {"HTTP_AUTHORIZATION": f"Bearer {bearer}"} if bearer else {}
    voor = _toestand(wereld)
    for patroon, naam, methodes in api_routes():
        route = API[naam]
        if route.publiek:
            continue
        pad = _pad(patroon, [waarden[a] for a in route.args])
        for methode in methodes:
            response = getattr(client, methode)(
                pad, {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()), **kop
            )
            tekst = b"".join(response.streaming_content) if response.streaming else response.content
            tekst = tekst.decode(errors="replace")
            assert response.status_code < 500, (rol, methode, pad)
            for geheim in wereld["geheimen"]:
                assert geheim not in tekst, (rol, methode, pad, geheim)
            if rol in ("anoniem", "ingetrokken_client"):
                assert response.status_code == 401, (rol, methode, pad, response.status_code)
            elif route.args:
                assert response.status_code in (403, 404, 405), (rol, methode, pad, response.status_code)
    assert _toestand(wereld) == voor
    event.refresh_from_db()
    assert event.pogingen == 0 and event.volgende_poging_op is None  # not replayed

"""The authorization matrix: every URL of the portal and the admin, enumerated from the resolver,
called by everyone who must not see organisation A's data: anonymous, an employer of another
organisation, a colleague of A without IMW access, and staff without a role.

Each portal route needs an entry in ``PORTAAL`` (a new URL without one fails the test). Admin
routes follow one rule: nobody here gets a page, except the admin's own shell for staff.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from aanvragen.models import Beroep, Beslissing, Document, Dossier, Status
from evaluaties.models import Evaluatie
from loket import emailbevestiging
from loket.api.clients import maak_client
from loket.api.models import ApiClient
from loket.middleware import SESSION_KEY_ORGANISATIE
from loket.models import EmailBevestiging, Maatregel, Mandaat, Rol, Toegang, Uitnodiging
from loket.rules import format_insz
from tests import factories
from tests.behandeling.factories import DossierFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Route:
    """How to call a portal route on organisation A's objects.

    ``args`` names the world's values for the route's parameters; ``publiek``: no login needed;
    ``post``: the route changes state (it is also POSTed, and must change nothing).
    """

    args: tuple[str, ...] = ()
    publiek: bool = False
    post: bool = False
    extra: dict = field(default_factory=dict)


PORTAAL: dict[str, Route] = {
    "login": Route(publiek=True),
    "logout": Route(publiek=True, post=True),
    "account_aanmaken": Route(publiek=True),
    # The federal login (404 while not configured; tests/loket/test_federale_aanmelding.py).
    "federale_aanmelding": Route(publiek=True),
    "federale_aanmelding_terug": Route(publiek=True),
    "loket:dashboard": Route(),
    "loket:kies_organisatie": Route(),
    "loket:registreren": Route(),
    "loket:activeren": Route(post=True),
    "loket:toegang": Route(),
    "loket:toegang_intrekken": Route(("toegang",), post=True),
    "loket:uitnodiging_intrekken": Route(("uitnodiging",), post=True),
    "loket:uitnodiging": Route(("token",), post=True),
    "loket:emailadres": Route(post=True),
    "loket:emailadres_bevestigen": Route(("emailtoken",)),
    "aanvragen:start": Route(),
    "aanvragen:aanvraag_hervat": Route(("concept",)),
    "aanvragen:aanvraag_stap": Route(("concept", "stap"), post=True),
    "aanvragen:aanvraag_verwijder": Route(("concept",), post=True),
    "aanvragen:aanvraag_ingediend": Route(("dossier",)),
    "aanvragen:ontvangstbewijs": Route(("dossier",)),
    "aanvragen:aanvraag_document": Route(("concept", "concept_document")),
    "aanvragen:dossiers": Route(),
    "aanvragen:dossier": Route(("dossier",)),
    "aanvragen:wijziging_melden": Route(("dossier", "soort"), post=True),
    "aanvragen:document": Route(("document",)),
    "premies:simulator": Route(publiek=True),
    "aanvragen:beroep": Route(("dossier",), post=True),
    "aanvragen:beroep_ontvangen": Route(("dossier", "beroep")),
    "aanvragen:beroep_ontvangstbewijs": Route(("dossier", "beroep")),
    "evaluaties:start": Route(("dossier",), post=True),
    "evaluaties:motivatieverslag": Route(("dossier",)),
    "evaluaties:motivatieverslag_aanvraag": Route(("concept",)),
    "evaluaties:stap": Route(("dossier", "evaluatie", "stap_evaluatie"), post=True),
    "evaluaties:ingediend": Route(("dossier", "evaluatie")),
    "evaluaties:ontvangstbewijs": Route(("dossier", "evaluatie")),
    "loket:hulp": Route(publiek=True),
    "loket:hulp_onderwerp": Route(("onderwerp",), publiek=True),
    "loket:privacy": Route(publiek=True),
    "loket:toegankelijkheid": Route(publiek=True),
    "loket:taal": Route(publiek=True),
    # Infrastructure: no personal data; /metrics answers only to allowed networks or a token.
    "health_live": Route(publiek=True),
    "health_ready": Route(publiek=True),
    "metrics": Route(publiek=True),
    "loket:mandaat_verlenen": Route(post=True),
    "loket:mandaat_intrekken": Route(("mandaat",), post=True),
    "loket:api_client_aanmaken": Route(post=True),
    "loket:api_client_intrekken": Route(("api_client",), post=True),
}
# The admin's own shell, which any staff member may open (it lists nothing they may not see).
ADMIN_SHELL = {"index", "logout", "password_change", "password_change_done", "jsi18n", "login"}


API_PREFIX = "api/v1/"


def alle_routes():
    """(path pattern, name, view) of every URL the resolver knows."""

    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else p.namespace or namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                naam = f"{namespace}:{p.name}" if namespace else (p.name or "")
                yield prefix + str(p.pattern), naam, p.callback

    return list(walk(get_resolver().url_patterns))


def routes():
    """(path pattern, name) of every URL but the API's (see test_api_matrix)."""
    return [(pad, naam) for pad, naam, _view in alle_routes() if not pad.startswith(API_PREFIX)]


def _pad(patroon: str, waarden: list[str]) -> str:
    """Fill the route's parameters in order (regex admin patterns get sample values)."""
    patroon = patroon.lstrip("^").rstrip("$")
    waarden = list(waarden)

    def vul(_match):
        return waarden.pop(0) if waarden else "1"

    pad = re.sub(r"<[^>]+>", vul, patroon)
    pad = re.sub(r"\(\?P<[^>]+>[^)]*\)", vul, pad)
    return "/" + pad.replace("\\", "")


@pytest.fixture
def wereld(rollen_en_groepen):
    a = factories.OrganisatieFactory(naam="Organisatie A bv")
    b = factories.OrganisatieFactory(naam="Organisatie B bv")
    verantwoordelijke_a = factories.ToegangFactory(organisatie=a, rol=Rol.VERANTWOORDELIJKE).gebruiker
    collega = factories.ToegangFactory(organisatie=a, rol=Rol.MEDEWERKER)
    dossier = DossierFactory(
        organisatie=a, status=Status.LOPEND, werknemer_voornaam="Geheime", werknemer_achternaam="Werknemer"
    )
    concept = DossierFactory(organisatie=a, status=Status.CONCEPT, referentie=None)
    document = Document(
        dossier=dossier, soort="ander", naam="geheim-plan-a.pdf", mimetype="application/pdf", grootte=3
    )
    document.bestand.save("geheim-plan-a.pdf", ContentFile(b"pdf"), save=True)
    concept_document = Document(
        dossier=concept, soort="ander", naam="geheim-concept-a.pdf", mimetype="application/pdf", grootte=3
    )
    concept_document.bestand.save("geheim-concept-a.pdf", ContentFile(b"pdf"), save=True)
    evaluatie = Evaluatie.objects.create(dossier=dossier, hoogte=True, aangemaakt_door=verantwoordelijke_a)
    # A decision of today (so A could appeal) and an appeal already decided, with its receipt.
    beslissing = Beslissing.objects.create(
        dossier=dossier, uitkomst="toegekend", loonpremie=True, percentage=40, beslist_op=timezone.localdate()
    )
    ontvangstbewijs = Document(
        dossier=dossier,
        soort="ontvangstbewijs",
        naam="geheim-beroep-a.pdf",
        mimetype="application/pdf",
        grootte=3,
    )
    ontvangstbewijs.bestand.save("geheim-beroep-a.pdf", ContentFile(b"pdf"), save=True)
    beroep = Beroep.objects.create(
        dossier=dossier,
        beslissing=beslissing,
        status="beslist",
        motivering="Geheime motivering",
        beslissing_uiterlijk=timezone.localdate(),
        ontvangstbewijs=ontvangstbewijs,
    )
    secretariaat = factories.OrganisatieFactory(naam="Secretariaat S vzw")
    mandaat = Mandaat.objects.create(
        organisatie=a, secretariaat=secretariaat, verleend_door=verantwoordelijke_a
    )
    api_client, _geheim = maak_client(
        organisatie=a, naam="Koppeling A", scopes=["read"], door=verantwoordelijke_a
    )
    uitnodiging = Uitnodiging.objects.create(
        organisatie=a, uitgenodigd_door=verantwoordelijke_a, email="collega-a@voorbeeld.be",
        geldig_tot=timezone.now() + dt.timedelta(days=14),
    )  # fmt: skip
    # A colleague of A who has not confirmed the address yet: the link in the mail is hers only.
    ongeverifieerd = factories.UserFactory(email="nieuw-a@voorbeeld.be", email_bevestigd=False)
    emailtoken = emailbevestiging.link(emailbevestiging.stuur_bevestiging(ongeverifieerd)).rstrip("/")
    return {
        "a": a,
        "b": b,
        "dossier": dossier,
        "waarden": {
            "toegang": str(collega.pk),
            "uitnodiging": str(uitnodiging.pk),
            "token": uitnodiging.token,
            "concept": str(concept.pk),
            "stap": "contact",
            "dossier": str(dossier.pk),
            "concept_document": str(concept_document.pk),
            "soort": "contactpersoon",
            "document": str(document.pk),
            "evaluatie": str(evaluatie.pk),
            "beroep": str(beroep.pk),
            "stap_evaluatie": "keuze",
            "onderwerp": "betaling",
            "emailtoken": emailtoken.rpartition("/")[2],
            "mandaat": str(mandaat.pk),
            "api_client": str(api_client.pk),
        },
        "geheimen": [
            dossier.referentie,
            format_insz(dossier.werknemer_insz),
            "Geheime Werknemer",
            "geheim-plan-a",
            "Geheime motivering",
            "geheim-beroep-a",
        ],
    }


@pytest.fixture
def rollen_en_groepen(db):
    from aanvragen.rollen import zet_rollen

    zet_rollen()


def _als(client, rol: str, wereld) -> None:
    if rol == "anoniem":
        return
    if rol == "ander":
        gebruiker = factories.ToegangFactory(organisatie=wereld["b"], rol=Rol.VERANTWOORDELIJKE).gebruiker
        organisatie = wereld["b"]
    elif rol == "in_afwachting":
        # Claimed A with a fresh account: waits for the activation code sent to A's seat.
        gebruiker = factories.ToegangFactory(
            organisatie=wereld["a"], rol=Rol.VERANTWOORDELIJKE, geactiveerd_op=None, activatie_wijze=""
        ).gebruiker
        organisatie = wereld["a"]
    elif rol == "zonder_imw":
        gebruiker = factories.ToegangFactory(
            organisatie=wereld["a"], rol=Rol.VERANTWOORDELIJKE, maatregel=Maatregel.AANMOEDIGINGSPREMIES
        ).gebruiker
        organisatie = wereld["a"]
    else:  # staff without a role, signed in with the second factor
        gebruiker = factories.UserFactory(is_staff=True)
        TOTPDevice.objects.create(user=gebruiker, name="authenticator", confirmed=True)
        assert not gebruiker.groups.exists() and not Group.objects.filter(user=gebruiker).exists()
        organisatie = None
    client.force_login(gebruiker)
    session = client.session
    if organisatie is not None:
        session[SESSION_KEY_ORGANISATIE] = organisatie.pk
    if gebruiker.is_staff:
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=gebruiker).persistent_id
    session.save()


def _toestand(wereld) -> tuple:
    """What a forbidden request must not change."""
    return (
        Toegang.objects.actief().filter(organisatie=wereld["a"]).count(),
        Uitnodiging.objects.filter(organisatie=wereld["a"], aanvaard_op=None, ingetrokken_op=None).count(),
        Dossier.objects.filter(organisatie=wereld["a"]).count(),
        wereld["dossier"].wijzigingen.count(),
        Evaluatie.objects.filter(dossier__organisatie=wereld["a"]).count(),
        Beroep.objects.filter(dossier__organisatie=wereld["a"]).count(),
        EmailBevestiging.objects.filter(bevestigd_op__isnull=False, email="nieuw-a@voorbeeld.be").count(),
        Mandaat.objects.actief().filter(organisatie=wereld["a"]).count(),
        ApiClient.objects.filter(organisatie=wereld["a"], ingetrokken_op__isnull=True).count(),
    )


def test_every_portal_route_is_in_the_matrix():
    namen = {naam for pad, naam in routes() if not pad.startswith("admin/")}
    assert namen - set(PORTAAL) == set(), "add the new route to PORTAAL with its parameters"


@pytest.mark.parametrize("rol", ["anoniem", "ander", "in_afwachting", "zonder_imw", "staf_zonder_rol"])
def test_nobody_without_access_sees_or_changes_organisation_a(client, settings, wereld, rol):
    settings.AXES_ENABLED = False
    _als(client, rol, wereld)
    voor = _toestand(wereld)
    for patroon, naam in routes():
        if patroon.startswith("admin/"):
            continue
        route = PORTAAL[naam]
        pad = _pad(patroon, [wereld["waarden"][a] for a in route.args])
        methodes = ["get", "post"] if route.post else ["get"]
        for methode in methodes:
            if naam == "logout" or (route.publiek and methode == "post"):
                continue
            response = getattr(client, methode)(pad)
            inhoud = b"".join(response.streaming_content) if response.streaming else response.content
            tekst = inhoud.decode(errors="replace")
            assert response.status_code != 500, (methode, pad)
            for geheim in wereld["geheimen"]:
                assert geheim not in tekst, (rol, methode, pad, geheim)
            if rol == "anoniem" and not route.publiek:
                assert response.status_code == 302 and "/aanmelden/" in response["Location"], (methode, pad)
            if (
                route.args
                and not route.publiek
                and rol in ("ander", "in_afwachting", "zonder_imw", "staf_zonder_rol")
                and naam != "loket:uitnodiging"
            ):
                assert response.status_code in (302, 403, 404, 405), (rol, methode, pad, response.status_code)
    assert _toestand(wereld) == voor


@pytest.mark.parametrize("rol", ["anoniem", "ander", "in_afwachting", "zonder_imw", "staf_zonder_rol"])
def test_no_admin_page_for_anyone_without_a_staff_role(client, settings, wereld, rol):
    settings.AXES_ENABLED = False
    _als(client, rol, wereld)
    dossier_pk = str(wereld["dossier"].pk)
    for patroon, naam in routes():
        if not patroon.startswith("admin/"):
            continue
        kort = naam.removeprefix("admin:")
        pad = _pad(patroon, [dossier_pk] * 3)
        response = client.get(pad)
        tekst = response.content.decode(errors="replace") if not response.streaming else ""
        assert response.status_code != 500, pad
        for geheim in wereld["geheimen"]:
            assert geheim not in tekst, (rol, pad, geheim)
        if kort in ("login", "logout", "jsi18n") or (rol == "staf_zonder_rol" and kort in ADMIN_SHELL):
            continue
        assert response.status_code in (302, 403, 404), (rol, pad, response.status_code)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"] or rol == "staf_zonder_rol", (rol, pad)

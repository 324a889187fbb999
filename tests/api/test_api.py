"""The REST API: tokens, access per organisation and mandate, idempotency, problem details,
the application through the wizard's rules, and the access log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aanvragen.models import Dossier
from loket import toegangsbeheer
from loket.api.models import ApiCall, IdempotencyKey
from loket.models import Mandaat
from tests import factories
from tests.aanvragen.test_dossiers_fixtures import ingediend
from tests.conftest import handelt_voor

from .helpers import headers, nieuwe_client, sleutel, token

pytestmark = pytest.mark.django_db

IBAN = "BE71096123456769"


@pytest.fixture
def werkgever(db):
    return factories.OrganisatieFactory(naam="Werkgever A bv")


@pytest.fixture
def bearer(client, werkgever):
    api_client, geheim = nieuwe_client(werkgever)
    return token(client, api_client, geheim)


def test_a_token_reads_only_its_own_organisations_dossiers(client, werkgever, bearer):
    eigen = ingediend(werkgever)
    ingediend(factories.OrganisatieFactory())
    response = client.get("/api/v1/dossiers/", **headers(bearer))
    assert response.status_code == 200
    assert [d["id"] for d in response.json()["results"]] == [eigen.pk]
    detail = client.get(f"/api/v1/dossiers/{eigen.pk}/", **headers(bearer)).json()
    assert detail["referentie"] == eigen.referentie and detail["statusgeschiedenis"] == []


def test_without_token_or_with_a_wrong_scope_the_answer_is_a_problem(client, werkgever):
    response = client.get("/api/v1/dossiers/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401 and response.json()["title"] == "Niet aangemeld."
    api_client, geheim = nieuwe_client(werkgever, scopes=("read",))
    lezer = token(client, api_client, geheim)
    response = client.post("/api/v1/aanvragen/", {}, content_type="application/json", **headers(lezer))
    assert response.status_code == 403
    assert client.get("/api/v1/betalingen/", **headers(lezer)).status_code == 403


def test_a_client_cannot_ask_a_scope_it_was_not_given(client, werkgever):
    api_client, geheim = nieuwe_client(werkgever, scopes=("read",))
    import base64

    basic = base64.b64encode(f"{api_client.client_id}:{geheim}".encode()).decode()
    response = client.post(
        "/api/v1/oauth/token/",
        {"grant_type": "client_credentials", "scope": "write"},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code == 400


def test_problem_details_follow_accept_language(client, settings):
    settings.LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
    nl = client.get("/api/v1/dossiers/", HTTP_ACCEPT_LANGUAGE="nl")
    en = client.get("/api/v1/dossiers/", HTTP_ACCEPT_LANGUAGE="en")
    assert nl.json()["title"] == "Niet aangemeld." and nl["Content-Language"] == "nl"
    # The text comes from gettext in the language asked (the English catalogue translates it).
    assert en["Content-Language"] == "en" and en.json()["status"] == 401


def test_a_social_secretariat_acts_for_an_organisation_only_while_its_mandate_runs(client, werkgever):
    secretariaat = factories.OrganisatieFactory(naam="Sociaal Secretariaat vzw")
    verantwoordelijke = factories.ToegangFactory(organisatie=werkgever).gebruiker
    dossier = ingediend(werkgever)
    api_client, geheim = nieuwe_client(secretariaat)
    bearer = token(client, api_client, geheim)
    assert client.get(f"/api/v1/dossiers/{dossier.pk}/", **headers(bearer)).status_code == 404

    onderneming = toegangsbeheer.Onderneming(kbo_nummer=secretariaat.kbo_nummer, naam=secretariaat.naam)
    mandaat = toegangsbeheer.verleen_mandaat(
        organisatie=werkgever, secretariaat=onderneming, door=verantwoordelijke
    )
    organisaties = client.get("/api/v1/organisaties/", **headers(bearer)).json()["results"]
    assert {o["kbo_nummer"] for o in organisaties} == {werkgever.kbo_nummer, secretariaat.kbo_nummer}
    assert client.get(f"/api/v1/dossiers/{dossier.pk}/", **headers(bearer)).status_code == 200

    toegangsbeheer.trek_mandaat_in(mandaat, verantwoordelijke)
    assert client.get(f"/api/v1/dossiers/{dossier.pk}/", **headers(bearer)).status_code == 404
    mandaat.refresh_from_db()
    assert mandaat.ingetrokken_door == verantwoordelijke
    assert mandaat.history.count() == 2  # granted and revoked, with who


def test_the_responsible_grants_a_mandate_and_creates_a_client_in_the_portal(client, werkgever):
    handelt_voor(client, factories.ToegangFactory(organisatie=werkgever).gebruiker, werkgever)
    secretariaat = factories.OrganisatieFactory()
    factories.KboInschrijvingFactory(kbo_nummer=secretariaat.kbo_nummer, naam=secretariaat.naam)
    response = client.post("/toegang/mandaten/", {"kbo_nummer": secretariaat.kbo_nummer})
    assert response.status_code == 302
    assert Mandaat.objects.actief().filter(organisatie=werkgever, secretariaat=secretariaat).exists()

    response = client.post("/toegang/api-clients/", {"naam": "Payroll", "scopes": ["read", "write"]})
    assert response.status_code == 200
    geheim = response.context["geheim"]
    api_client = response.context["client"]
    assert api_client.organisatie == werkgever and api_client.scope_set == {"read", "write"}
    assert geheim not in api_client.application.client_secret  # stored hashed only
    assert token(client, api_client, geheim)
    assert "Payroll" in client.get("/toegang/").content.decode()


def _nieuwe_aanvraag(client, bearer, key=None):
    return client.post(
        "/api/v1/aanvragen/",
        {},
        content_type="application/json",
        **headers(bearer, HTTP_IDEMPOTENCY_KEY=key or sleutel()),
    )


def test_a_post_without_idempotency_key_is_refused_and_a_retry_creates_nothing_twice(
    client, werkgever, bearer
):
    response = client.post("/api/v1/aanvragen/", {}, content_type="application/json", **headers(bearer))
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    key = sleutel()
    eerste = _nieuwe_aanvraag(client, bearer, key)
    tweede = _nieuwe_aanvraag(client, bearer, key)
    assert eerste.status_code == tweede.status_code == 201
    assert eerste.json() == tweede.json()
    assert tweede["Idempotent-Replayed"] == "true"
    assert Dossier.objects.filter(organisatie=werkgever).count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_a_replayed_error_is_still_a_problem_detail(client, werkgever, bearer):
    key = sleutel()
    antwoorden = [
        client.post(
            "/api/v1/webhook/",
            {"url": "ftp://ontvanger.example/imw"},
            content_type="application/json",
            **headers(bearer, HTTP_IDEMPOTENCY_KEY=key),
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in antwoorden] == [400, 400]
    assert [a["Content-Type"] for a in antwoorden] == ["application/problem+json"] * 2
    assert antwoorden[1]["Idempotent-Replayed"] == "true"
    assert antwoorden[0].json() == antwoorden[1].json()


def test_step_answers_are_checked_with_the_wizards_messages(client, werkgever, bearer):
    dossier = _nieuwe_aanvraag(client, bearer).json()
    url = f"/api/v1/aanvragen/{dossier['id']}/stappen/werknemer/"
    response = client.patch(
        url, {"werknemer_insz": "1234"}, content_type="application/json", **headers(bearer)
    )
    assert response.status_code == 400
    assert "11 cijfers" in response.json()["errors"]["werknemer_insz"][0]
    validatie = client.get(f"/api/v1/aanvragen/{dossier['id']}/validatie/", **headers(bearer)).json()
    assert validatie["geldig"] is False
    assert "Vul een telefoonnummer in." in validatie["fouten"]["contact"]["contact_telefoon"]
    response = client.post(
        f"/api/v1/aanvragen/{dossier['id']}/indienen/", **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel())
    )
    assert response.status_code == 422
    assert response.json()["errors"]["contact"]["contact_telefoon"]


def vul_in(client, bearer, werkgever, pk):
    vestiging = factories.VestigingFactory(organisatie=werkgever)
    stappen = {
        "contact": {
            "contact_naam": "Els Peeters",
            "contact_email": "els@werkgever.be",
            "contact_telefoon": "09 123 45 67",
        },
        "werknemer": {
            "werknemer_insz": "93.05.18-223.61",
            "werknemer_voornaam": "Jan",
            "werknemer_achternaam": "Janssens",
            "werknemer_woonplaats_gewest": "vlaanderen",
        },
        "vestiging": {"vestiging": vestiging.pk},
        "premie": {"premie_keuze": "loonpremie"},
        "rekening": {"iban": IBAN},
        "vop": {"vop_evaluatie": False},
    }
    for stap, velden in stappen.items():
        response = client.patch(
            f"/api/v1/aanvragen/{pk}/stappen/{stap}/",
            velden,
            content_type="application/json",
            **headers(bearer),
        )
        assert response.status_code == 200, (stap, response.json())


def test_an_application_filed_through_the_api_is_submitted_with_its_receipt(
    client, werkgever, bearer, django_capture_on_commit_callbacks
):
    pk = _nieuwe_aanvraag(client, bearer).json()["id"]
    vul_in(client, bearer, werkgever, pk)
    assert client.get(f"/api/v1/aanvragen/{pk}/validatie/", **headers(bearer)).json()["geldig"] is True
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            f"/api/v1/aanvragen/{pk}/indienen/", **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel())
        )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "ingediend"
    assert response.json()["statusgeschiedenis"][0]["naar"] == "ingediend"
    pdf = client.get(f"/api/v1/dossiers/{pk}/ontvangstbewijs/", **headers(bearer))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    dossier = Dossier.objects.get(pk=pk)
    assert dossier.ingediend_door.api_client.organisatie == werkgever  # recorded who: the client


def test_a_document_upload_is_checked_by_content(client, werkgever, bearer):
    pk = _nieuwe_aanvraag(client, bearer).json()["id"]
    client.patch(
        f"/api/v1/aanvragen/{pk}/stappen/vop/",
        {"vop_evaluatie": True},
        content_type="application/json",
        **headers(bearer),
    )
    nep = SimpleUploadedFile("verslag.pdf", b"geen pdf", content_type="application/pdf")
    response = client.post(
        f"/api/v1/aanvragen/{pk}/documenten/",
        {"soort": "motivatieverslag", "bestand": nep},
        **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel()),
    )
    assert response.status_code == 400, response.json()
    assert response.json()["errors"]["bestand"]


def test_every_call_is_in_the_access_log(client, werkgever, bearer):
    client.get("/api/v1/dossiers/?status=lopend", **headers(bearer))
    laatste = ApiCall.objects.order_by("-pk").first()
    assert laatste.pad == "/api/v1/dossiers/?status=lopend"
    assert laatste.status == 200 and laatste.client.organisatie == werkgever


def test_a_client_is_throttled_on_its_own(client, werkgever, bearer, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE_PER_CLIENT = "3/minute"
    codes = [client.get("/api/v1/organisaties/", **headers(bearer)).status_code for _i in range(4)]
    assert codes == [200, 200, 200, 429]
    cache.clear()


def test_old_idempotency_keys_are_removed_and_production_webhooks_need_https(
    client, werkgever, bearer, settings
):
    import datetime as dt

    import time_machine

    from loket.api.tasks import ruim_idempotency_keys_op

    _nieuwe_aanvraag(client, bearer)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=6)):
        assert ruim_idempotency_keys_op() == 0
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=8)):
        assert ruim_idempotency_keys_op() == 1
    settings.WEBHOOK_HTTPS_ONLY = True
    response = client.post(
        "/api/v1/webhook/",
        {"url": "http://ontvanger.example/imw"},
        content_type="application/json",
        **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel()),
    )
    assert response.status_code == 400 and response.json()["errors"]["url"] == ["Gebruik een https-adres."]


def test_drfs_own_messages_come_in_the_language_of_the_request(client, werkgever, bearer):
    nl = client.get("/api/v1/dossiers/", HTTP_ACCEPT_LANGUAGE="nl").json()
    en = client.get("/api/v1/dossiers/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert nl["detail"] == "Geef een geldig toegangstoken mee (Authorization: Bearer ...)."
    assert en["detail"] == "Give a valid access token (Authorization: Bearer ...)."

    def kapot(taal):
        return client.post(
            "/api/v1/aanvragen/",
            "{kapot",
            content_type="application/json",
            **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel(), HTTP_ACCEPT_LANGUAGE=taal),
        )

    antwoord = kapot("nl")
    assert antwoord.status_code == 400 and antwoord["Content-Type"] == "application/problem+json"
    assert antwoord.json()["detail"] == (
        "De inhoud van de oproep kan niet gelezen worden (geen geldige JSON of multipart)."
    )
    assert kapot("en").json()["detail"] == "The body of the call cannot be read (no valid JSON or multipart)."
    verkeerd = client.delete("/api/v1/organisaties/", **headers(bearer, HTTP_ACCEPT_LANGUAGE="nl"))
    assert verkeerd.status_code == 405
    assert verkeerd.json()["detail"] == "De methode DELETE is hier niet toegelaten."
    # A message of the project's own stays as it was given.
    webhook = client.get("/api/v1/webhook/", **headers(bearer, HTTP_ACCEPT_LANGUAGE="nl")).json()
    assert webhook["detail"] == "Deze client heeft nog geen webhook."


@pytest.mark.parametrize(
    ("typed", "reden"),
    [
        ("0123.456.780", "controlegetal"),  # a typing error: the checksum does not match
        ("eigen", "zichzelf geen mandaat"),  # refused by the service: the organisation itself
    ],
)
def test_a_refused_mandate_keeps_what_was_typed_and_says_why_at_the_field(client, werkgever, typed, reden):
    handelt_voor(client, factories.ToegangFactory(organisatie=werkgever).gebruiker, werkgever)
    if typed == "eigen":
        typed = werkgever.kbo_nummer
        factories.KboInschrijvingFactory(kbo_nummer=werkgever.kbo_nummer, naam=werkgever.naam)

    response = client.post("/toegang/mandaten/", {"kbo_nummer": typed})

    assert response.status_code == 400
    html = response.content.decode()
    assert f'value="{typed}"' in html  # nothing typed is lost
    assert 'data-testid="foutmelding"' in html and reden in html
    assert 'href="#id_kbo_nummer"' in html  # the summary links to the field
    assert not Mandaat.objects.filter(organisatie=werkgever).exists()


def test_the_messages_of_a_dossier_are_those_of_the_portals_tab(client, werkgever, bearer):
    """One query (aanvragen.berichten) for the tab and the API: the organisation's messages about
    the dossier, newest first; not the employee's own copy, not another dossier's."""
    from django.contrib.contenttypes.models import ContentType

    from aanvragen.berichten import berichten_van_dossier
    from loket.models import Bericht

    dossier = ingediend(werkgever)
    ander = ingediend(werkgever)
    soort = ContentType.objects.get_for_model(Dossier)

    def bericht(onderwerp, dossier, organisatie):
        return Bericht.objects.create(
            sleutel=onderwerp, onderwerp=onderwerp, tekst=f"Tekst {onderwerp}", organisatie=organisatie,
            content_type=soort, object_id=dossier.pk,
        )  # fmt: skip

    eerste = bericht("ontvankelijk", dossier, werkgever)
    tweede = bericht("beslissing", dossier, werkgever)
    bericht("kopie werknemer", dossier, None)
    bericht("ander dossier", ander, werkgever)

    response = client.get(f"/api/v1/dossiers/{dossier.pk}/berichten/", **headers(bearer))
    assert [b["id"] for b in response.json()] == [tweede.pk, eerste.pk]
    assert [b.pk for b in berichten_van_dossier(dossier)] == [tweede.pk, eerste.pk]

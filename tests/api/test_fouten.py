"""Every error under /api/ is an RFC 9457 problem detail in the request's language, also those
Django answers itself (an unknown path, a path parameter that does not match, a server error, a
method the token endpoint does not take); the portal keeps its Dutch HTML pages. And a query
parameter the API does not take is a 400 problem, not silently ignored."""

import pytest
from django.test import Client
from django.urls import path

from loket import urls as portaal
from tests import factories

from .helpers import headers, nieuwe_client, token

pytestmark = pytest.mark.django_db

PROBLEEM = "application/problem+json"


@pytest.mark.parametrize(
    "pad",
    [
        "/api/v1/bestaat-niet/",
        "/api/v1/dossiers/abc/",
        "/api/v1/dossiers/abc/berichten/",
        "/api/v1/events/geen-uuid/",
        "/api/v2/dossiers/",
        "/api/",
    ],
)
def test_an_unknown_api_path_is_a_problem_detail_in_dutch_or_english(client, pad):
    nl = client.get(pad)
    assert nl.status_code == 404
    assert nl["Content-Type"] == PROBLEEM and nl["Content-Language"] == "nl"
    assert nl.json() == {
        "type": "urn:imw-loket:probleem:not_found",
        "title": "Niet gevonden.",
        "status": 404,
        "detail": "Op dit adres is er geen API-bron.",
        "instance": pad,
    }
    en = client.get(pad, HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 404 and en["Content-Type"] == PROBLEEM and en["Content-Language"] == "en"
    assert en.json()["title"] == "Not found."
    assert en.json()["detail"] == "There is no API resource at this address."
    assert "Accept-Language" in en["Vary"]


def test_a_portal_page_that_does_not_exist_stays_the_dutch_html_page(client):
    for pad in ("/bestaat-niet/", "/apis/", "/individueel-maatwerk/dossiers/abc/"):
        response = client.get(pad, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404, pad
        assert response["Content-Type"].startswith("text/html"), pad
        assert "Deze pagina bestaat niet" in response.content.decode(), pad


def test_a_wrong_method_is_a_problem_detail_also_on_the_token_endpoint(client):
    response = client.get("/api/v1/oauth/token/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405 and response["Content-Type"] == PROBLEEM
    assert "POST" in response["Allow"]
    assert response.json()["detail"] == "The method GET is not allowed here."
    api_client, geheim = nieuwe_client(factories.OrganisatieFactory())
    bearer = token(client, api_client, geheim)
    response = client.put("/api/v1/dossiers/", **headers(bearer))
    assert response.status_code == 405 and response["Content-Type"] == PROBLEEM
    assert response.json()["detail"] == "De methode PUT is hier niet toegelaten."


def test_an_undeclared_post_is_a_405_not_a_missing_idempotency_key(client):
    api_client, geheim = nieuwe_client(factories.OrganisatieFactory())
    response = client.post("/api/v1/dossiers/1/", **headers(token(client, api_client, geheim)))
    assert response.status_code == 405 and "GET" in response["Allow"]


def _stuk(request):
    raise RuntimeError("kapot, met een geheim detail")


class _Urls:
    urlpatterns = [path("api/v1/stuk/", _stuk), path("stuk/", _stuk), *portaal.urlpatterns]
    handler404 = portaal.handler404
    handler500 = portaal.handler500


def test_a_server_error_under_the_api_is_a_problem_detail_and_the_portal_keeps_its_page(settings):
    settings.ROOT_URLCONF = _Urls
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/stuk/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500 and response["Content-Type"] == PROBLEEM
    assert response.json() == {
        "type": "urn:imw-loket:probleem:server_error",
        "title": "Internal error.",
        "status": 500,
        "detail": "Something went wrong on our side. Try again later.",
        "instance": "/api/v1/stuk/",
    }
    nl = client.get("/api/v1/stuk/").json()
    assert nl["title"] == "Interne fout." and "geheim" not in str(nl)
    html = client.get("/stuk/")
    assert html.status_code == 500 and "Er ging iets mis aan onze kant" in html.content.decode()


@pytest.mark.parametrize(
    ("pad", "veld"),
    [
        ("/api/v1/organisaties/?aantal=0", "aantal"),
        ("/api/v1/organisaties/?aantal=201", "aantal"),
        ("/api/v1/events/?aantal=veel", "aantal"),
        ("/api/v1/dossiers/?status=concept", "status"),
        ("/api/v1/dossiers/?status=bestaat-niet", "status"),
        ("/api/v1/dossiers/?gewijzigd_sinds=gisteren", "gewijzigd_sinds"),
        ("/api/v1/betalingen/?run=abc", "run"),
        ("/api/v1/betalingen/?run=0", "run"),
    ],
)
def test_a_query_parameter_the_api_does_not_take_is_a_400_at_that_parameter(client, pad, veld):
    api_client, geheim = nieuwe_client(factories.OrganisatieFactory())
    response = client.get(pad, **headers(token(client, api_client, geheim)))
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEEM and list(response.json()["errors"]) == [veld]


def test_a_list_filtered_on_an_organisation_takes_any_spelling_and_refuses_another(client):
    from tests.aanvragen.test_dossiers_fixtures import ingediend

    werkgever = factories.OrganisatieFactory()
    dossier = ingediend(werkgever)
    api_client, geheim = nieuwe_client(werkgever)
    bearer = token(client, api_client, geheim)
    kbo = werkgever.kbo_nummer
    gespeld = f"BE {kbo[:4]}.{kbo[4:7]}.{kbo[7:]}"
    lijst = client.get("/api/v1/dossiers/", {"organisatie": gespeld}, **headers(bearer)).json()
    assert [d["id"] for d in lijst["results"]] == [dossier.pk]
    ander = factories.OrganisatieFactory().kbo_nummer
    for waarde in (ander, "geen-kbo"):
        response = client.get("/api/v1/dossiers/", {"organisatie": waarde}, **headers(bearer))
        assert response.status_code == 404 and response["Content-Type"] == PROBLEEM
    assert client.get("/api/v1/betalingen/", {"organisatie": ander}, **headers(bearer)).status_code == 404


def test_a_request_django_refuses_is_a_problem_detail_under_the_api(rf):
    from loket.api.problems import ongeldig_verzoek

    response = ongeldig_verzoek(rf.get("/api/v1/dossiers/", HTTP_ACCEPT_LANGUAGE="en"))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert b"Deze vraag" not in response.content  # English after Accept-Language
    portaalpagina = ongeldig_verzoek(rf.get("/individueel-maatwerk/"))
    assert (
        portaalpagina.status_code == 400 and b"Deze vraag kunnen we niet verwerken" in portaalpagina.content
    )

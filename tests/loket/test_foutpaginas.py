"""Error pages in Dutch, in the portal's layout, with a way back; a 403 says why."""

import pytest
from django.test import Client
from django.urls import reverse

from loket.models import Maatregel, Rol
from tests import factories
from tests.conftest import handelt_voor

pytestmark = pytest.mark.django_db


def test_a_colleague_without_imw_access_gets_the_reason_and_no_menu_item(client, organisatie):
    gebruiker = factories.ToegangFactory(
        organisatie=organisatie, rol=Rol.VERANTWOORDELIJKE, maatregel=Maatregel.AANMOEDIGINGSPREMIES
    ).gebruiker
    handelt_voor(client, gebruiker, organisatie)

    response = client.get(reverse("aanvragen:dossiers"))

    assert response.status_code == 403
    html = response.content.decode()
    assert "U hebt geen toegang tot deze pagina" in html
    assert "enkel voor Aanmoedigingspremies, niet voor Individueel maatwerk" in html
    assert reverse("loket:dashboard") in html  # a way back
    assert 'data-testid="menu-dossiers"' not in client.get(reverse("loket:dashboard")).content.decode()


def test_a_page_that_does_not_exist_is_dutch_with_a_way_back(employer_client):
    response = employer_client.get("/individueel-maatwerk/dossiers/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet" in html and "Naar de startpagina van het WSE-loket" in html
    assert "matches the given query" not in html


def test_a_server_error_is_dutch_in_the_layout(settings):
    from django.urls import path

    from loket import urls as portaal

    def stuk(request):
        raise RuntimeError("kapot")

    def verdacht(request):
        from django.core.exceptions import SuspiciousOperation

        raise SuspiciousOperation("vreemd")

    class Urls:
        urlpatterns = [path("stuk/", stuk), path("verdacht/", verdacht), *portaal.urlpatterns]
        handler400, handler500 = portaal.handler400, portaal.handler500

    settings.ROOT_URLCONF = Urls
    settings.DWSE_CONTACT_EMAIL = "imw@wse.example"
    client = Client(raise_request_exception=False)
    response = client.get("/stuk/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis aan onze kant" in html and 'lang="nl"' in html
    assert 'data-testid="footer-contact"' in html and "imw@wse.example" in html  # whom to call

    response = client.get("/verdacht/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deze vraag kunnen we niet verwerken" in html and "imw@wse.example" in html


def test_a_refused_csrf_token_gets_a_dutch_page_in_the_layout_with_a_way_back(organisatie):
    """Django's own CSRF page is bare English; ours says what happened and what to do."""
    client = Client(enforce_csrf_checks=True)
    handelt_voor(client, factories.ToegangFactory(organisatie=organisatie).gebruiker, organisatie)
    vorige = "http://testserver" + reverse("aanvragen:dossiers")

    response = client.post(reverse("aanvragen:start"), {"x": "1"}, HTTP_REFERER=vorige)

    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="nl"' in html and 'class="vl-footer"' in html  # the portal's layout
    assert "Uw formulier kon niet verstuurd worden" in html
    assert "lang openstond" in html and "geen cookies" in html
    assert "Ga terug, herlaad de pagina en verstuur opnieuw." in html
    assert "niet verstuurd en niet bewaard" in html
    assert f'href="{vorige}" data-testid="csrf-terug"' in html
    assert reverse("loket:dashboard") in html
    assert "CSRF verification failed" not in html and "Forbidden" not in html


def test_the_csrf_page_offers_no_link_to_another_site(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("login"), {"username": "a", "password": "b"}, HTTP_REFERER="https://elders.example/"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "elders.example" not in html and 'data-testid="csrf-terug"' not in html
    assert reverse("loket:dashboard") in html


def test_the_csrf_page_is_english_for_an_english_visitor(db):
    from django.conf import settings

    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Your form could not be sent" in html
    assert "Go back, reload the page and send it again." in html

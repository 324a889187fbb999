"""The tile 'Individueel maatwerk' and the organisation chooser (*in naam van*)."""

import pytest
from django.urls import reverse

from loket.middleware import SESSION_KEY_ORGANISATIE
from loket.models import Maatregel
from tests import factories
from tests.conftest import handelt_voor
from tests.loket.conftest import medewerker_van

pytestmark = pytest.mark.django_db
START = reverse("aanvragen:start")


def test_tile_is_clickable_for_the_responsible(employer_client):
    html = employer_client.get(reverse("loket:dashboard")).content.decode()
    assert f'<a class="tegel" href="{START}" data-testid="tegel-imw">' in html
    assert "tegel-inactief" not in html
    assert reverse("loket:toegang") in html  # the responsible manages access


def test_tile_is_clickable_for_a_colleague_with_imw_access(client, organisatie, verantwoordelijke):
    handelt_voor(client, medewerker_van(organisatie), organisatie)
    html = client.get(reverse("loket:dashboard")).content.decode()
    assert f'href="{START}"' in html
    assert reverse("loket:toegang") not in html


def test_tile_is_lighter_and_not_clickable_with_access_for_another_measure_only(client, organisatie):
    gebruiker = medewerker_van(organisatie, maatregel=Maatregel.AANMOEDIGINGSPREMIES)
    handelt_voor(client, gebruiker, organisatie)
    response = client.get(reverse("loket:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="tegel tegel-inactief" aria-disabled="true" data-testid="tegel-imw">' in html
    assert f'href="{START}"' not in html
    assert "nog niet geregistreerd als DWSE Organisatieverantwoordelijke" in html
    assert f'href="{reverse("loket:registreren")}"' in html


def test_lighter_tile_names_the_responsible_to_ask(client, organisatie):
    factories.ToegangFactory(organisatie=organisatie, gebruiker=factories.UserFactory(first_name="Karel"))
    gebruiker = medewerker_van(organisatie, maatregel=Maatregel.AANMOEDIGINGSPREMIES)
    handelt_voor(client, gebruiker, organisatie)
    html = client.get(reverse("loket:dashboard")).content.decode()
    assert "tegel-inactief" in html
    assert "vraag Karel om u uit te nodigen" in html
    assert f'href="{reverse("loket:registreren")}"' in html


def test_revoked_imw_access_makes_the_tile_light_again(client, organisatie):
    from django.utils import timezone

    gebruiker = medewerker_van(organisatie, maatregel=Maatregel.AANMOEDIGINGSPREMIES)
    factories.ToegangFactory(
        gebruiker=gebruiker, organisatie=organisatie, rol="medewerker", ingetrokken_op=timezone.now()
    )
    handelt_voor(client, gebruiker, organisatie)
    assert "tegel-inactief" in client.get(reverse("loket:dashboard")).content.decode()


def test_dashboard_without_any_organisation_goes_to_the_chooser_which_offers_registration(client):
    client.force_login(factories.UserFactory())
    response = client.get(reverse("loket:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("loket:kies_organisatie"))
    chooser = client.get(response.url)
    html = chooser.content.decode()
    assert "nog geen toegang tot een organisatie" in html
    assert f'href="{reverse("loket:registreren")}"' in html


def test_one_organisation_is_chosen_automatically(client, verantwoordelijke, organisatie):
    client.force_login(verantwoordelijke)
    response = client.get(reverse("loket:kies_organisatie"))
    assert response.status_code == 302 and response.url == reverse("loket:dashboard")
    assert client.session[SESSION_KEY_ORGANISATIE] == organisatie.pk


def test_several_organisations_are_offered_and_one_is_chosen(client, verantwoordelijke, organisatie):
    tweede = factories.OrganisatieFactory(naam="Zorgcentrum Het Anker")
    factories.ToegangFactory(gebruiker=verantwoordelijke, organisatie=tweede)
    client.force_login(verantwoordelijke)
    response = client.get(reverse("loket:kies_organisatie"))
    html = response.content.decode()
    assert response.status_code == 200
    assert organisatie.kbo_weergave in html and tweede.kbo_weergave in html
    assert f'href="{reverse("loket:registreren")}"' in html

    response = client.post(reverse("loket:kies_organisatie"), {"organisatie": tweede.pk})
    assert response.status_code == 302
    assert client.session[SESSION_KEY_ORGANISATIE] == tweede.pk
    assert "Zorgcentrum Het Anker" in client.get(reverse("loket:dashboard")).content.decode()


def test_an_organisation_without_access_cannot_be_chosen_by_posting_its_id(
    client, verantwoordelijke, organisatie
):
    vreemd = factories.OrganisatieFactory()
    ingetrokken = factories.OrganisatieFactory()
    from django.utils import timezone

    factories.ToegangFactory(
        gebruiker=verantwoordelijke, organisatie=ingetrokken, ingetrokken_op=timezone.now()
    )
    client.force_login(verantwoordelijke)
    for doel in (vreemd, ingetrokken):
        response = client.post(reverse("loket:kies_organisatie"), {"organisatie": doel.pk})
        assert response.status_code == 200
        assert "Kies een organisatie waarvoor u toegang hebt." in response.content.decode()
        assert client.session.get(SESSION_KEY_ORGANISATIE) != doel.pk
    assert (
        ingetrokken.naam not in client.get(reverse("loket:kies_organisatie") + "?wissel=1").content.decode()
    )


def test_a_session_pointing_at_another_organisation_is_not_honoured(client, verantwoordelijke):
    vreemd = factories.OrganisatieFactory()
    handelt_voor(client, verantwoordelijke, vreemd)
    response = client.get(reverse("loket:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("loket:kies_organisatie"))

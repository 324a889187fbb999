"""KBO, INSZ and IBAN through the forms: a bad value gets a Dutch message at its field, the rest
of the input is kept; any usual spelling of a good value is accepted and stored compact."""

import pytest
from django.urls import reverse

from loket.models import Bankrekening, Organisatie, Persoon
from tests import factories
from tests.loket.test_csv_import import staff

pytestmark = pytest.mark.django_db

INLINES = {
    f"{prefix}-{veld}": waarde
    for prefix in ("vestigingen", "rekeningen")
    for veld, waarde in (
        ("TOTAL_FORMS", 0),
        ("INITIAL_FORMS", 0),
        ("MIN_NUM_FORMS", 0),
        ("MAX_NUM_FORMS", 1000),
    )
}


def organisatie_data(kbo):
    return {"kbo_nummer": kbo, "naam": "Bakkerij Zonnebloem", "soort": "privaat", "email": "", **INLINES}


@pytest.mark.parametrize(
    ("kbo", "melding"),
    [
        ("0566.988.258", "Dit KBO-nummer bestaat niet: het controlegetal klopt niet."),
        ("2566.988.259", "Een KBO-nummer begint met 0 of 1."),
        ("566 98", "Een KBO-nummer heeft 10 cijfers, bijvoorbeeld 0566.988.259."),
    ],
)
def test_bad_kbo_number_in_the_organisation_form(client, kbo, melding):
    staff(client)
    response = client.post(reverse("admin:loket_organisatie_add"), organisatie_data(kbo))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["kbo_nummer"] == [melding]
    html = response.content.decode()
    assert f'value="{kbo}"' in html and 'value="Bakkerij Zonnebloem"' in html
    assert not Organisatie.objects.exists()


def test_formatted_kbo_number_is_accepted_and_stored_compact(client):
    staff(client)
    response = client.post(reverse("admin:loket_organisatie_add"), organisatie_data("BE 0566.988.259"))
    assert response.status_code == 302
    assert Organisatie.objects.get().kbo_nummer == "0566988259"


PERSOON = {
    "voornaam": "Jan",
    "achternaam": "Janssens",
    "woonplaats_gewest": "vlaanderen",
    "email": "jan@x.be",
}


@pytest.mark.parametrize(
    ("insz", "melding"),
    [
        ("93.05.18-223.62", "Dit INSZ-nummer bestaat niet: het controlegetal klopt niet."),
        ("93.05.18-223", "Een INSZ-nummer heeft 11 cijfers, bijvoorbeeld 93.05.18-223.61."),
        ("", "Dit veld is verplicht."),
    ],
)
def test_bad_insz_in_the_person_form(client, insz, melding):
    staff(client)
    response = client.post(reverse("admin:loket_persoon_add"), {"insz": insz, **PERSOON})
    assert response.context["adminform"].form.errors["insz"] == [melding]
    html = response.content.decode()
    assert 'value="Janssens"' in html and 'value="jan@x.be"' in html
    assert not Persoon.objects.exists()


def test_formatted_insz_is_accepted(client):
    staff(client)
    response = client.post(reverse("admin:loket_persoon_add"), {"insz": "93.05.18-223.61", **PERSOON})
    assert response.status_code == 302
    assert Persoon.objects.get().insz == "93051822361"


@pytest.mark.parametrize(
    ("iban", "melding"),
    [
        ("BE71 0961 2345 6760", "Dit rekeningnummer (IBAN) bestaat niet: het controlegetal klopt niet."),
        ("0961 2345 6769", "Een IBAN begint met de landcode, bijvoorbeeld BE71 0961 2345 6769."),
    ],
)
def test_bad_iban_in_the_bank_account_form(client, iban, melding):
    staff(client)
    organisatie = factories.OrganisatieFactory()
    data = {"organisatie": organisatie.pk, "iban": iban, "geldig_vanaf": "2026-01-01", "actief": "on"}
    response = client.post(reverse("admin:loket_bankrekening_add"), data)
    assert response.context["adminform"].form.errors["iban"] == [melding]
    html = response.content.decode()
    assert f'value="{iban}"' in html and 'value="2026-01-01"' in html
    assert not Bankrekening.objects.exists()


def test_formatted_iban_is_accepted(client):
    staff(client)
    organisatie = factories.OrganisatieFactory()
    data = {"organisatie": organisatie.pk, "iban": "be71 0961 2345 6769", "geldig_vanaf": "2026-01-01"}
    assert client.post(reverse("admin:loket_bankrekening_add"), data).status_code == 302
    assert Bankrekening.objects.get().iban == "BE71096123456769"


def test_identifier_inputs_do_not_limit_the_typed_spelling(client):
    staff(client)
    html = client.get(reverse("admin:loket_persoon_add")).content.decode()
    assert 'name="insz"' in html and 'maxlength="11"' not in html

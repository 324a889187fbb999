"""Reporting a change from the dossier page: recorded with who and when, pending for staff."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from aanvragen.models import ErkendeDienstverlener, Wijziging
from loket.models import Bankrekening, Bericht
from tests import factories
from tests.aanvragen.test_dossiers_fixtures import ingediend

pytestmark = pytest.mark.django_db

NU = dt.datetime(2026, 5, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _bevroren_tijd():
    with time_machine.travel(NU, tick=False):
        yield


@pytest.fixture
def dossier(organisatie):
    return ingediend(
        organisatie,
        status="ontvankelijk",
        premie="loon_begeleiding",
        ingediend_op=dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC),
    )


def url(dossier, soort):
    return reverse("aanvragen:wijziging_melden", args=[dossier.pk, soort])


def meld(client, dossier, soort, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url(dossier, soort), data, follow=True)


def test_report_a_new_contact_person(
    employer_client, verantwoordelijke, dossier, django_capture_on_commit_callbacks
):
    response = meld(
        employer_client,
        dossier,
        "contactpersoon",
        {"naam": "Lotte Claes", "email": "lotte@werkgever.be", "telefoon": "+32 9 123 45 67"},
        django_capture_on_commit_callbacks,
    )

    assert response.redirect_chain[-1][0].endswith("?tab=wijzigingen")
    inhoud = response.content.decode()
    assert "Uw wijziging &#x27;Contactpersoon wijzigt&#x27; is goed ontvangen" in inhoud
    wijziging = Wijziging.objects.get(dossier=dossier)
    assert wijziging.soort == "contactpersoon"
    assert wijziging.gegevens == {
        "naam": "Lotte Claes",
        "email": "lotte@werkgever.be",
        "telefoon": "+32 9 123 45 67",
    }
    assert wijziging.gemeld_door == verantwoordelijke
    assert wijziging.gemeld_op == NU
    assert wijziging.verwerkt_op is None  # pending for staff
    # Shown on the dossier, as pending.
    tabel = inhoud.split('data-testid="wijzigingen"')[1]
    assert "Contactpersoon wijzigt" in tabel and "Lotte Claes" in tabel and "Wordt verwerkt" in tabel
    # Confirmed by a message of the dossier, to the current contact.
    bericht = Bericht.objects.get(sleutel=f"wijziging-{wijziging.pk}")
    assert bericht.onderwerp_object == dossier
    assert "Lotte Claes" in bericht.tekst
    assert mail.outbox[0].to == [dossier.contact_email]
    dossier.refresh_from_db()
    assert dossier.contact_naam == "Els Peeters"  # applied only when staff process it


def test_new_bank_account_is_validated_and_not_activated(
    employer_client, organisatie, dossier, django_capture_on_commit_callbacks
):
    factories.BankrekeningFactory(organisatie=organisatie)
    meld(
        employer_client,
        dossier,
        "rekeningnummer",
        {"iban": "be21 0012 3456 7803", "vanaf": "2026-07-01"},
        django_capture_on_commit_callbacks,
    )
    wijziging = Wijziging.objects.get(dossier=dossier)
    assert wijziging.gegevens == {"iban": "BE21001234567803", "vanaf": "2026-07-01"}
    assert list(Bankrekening.objects.filter(organisatie=organisatie).values_list("iban", flat=True)) == [
        "BE71096123456769"
    ]
    assert organisatie.huidige_rekening().iban == "BE71096123456769"
    # The mail shows the new account masked.
    assert "BE** **** **** 7803" in mail.outbox[0].body
    assert "BE21001234567803" not in mail.outbox[0].body


@pytest.mark.parametrize(
    ("iban", "melding"),
    [
        ("BE68 5390 0754 7035", "het controlegetal klopt niet"),
        ("5390 0754 7034", "Een IBAN begint met de landcode"),
        ("", "Dit veld is verplicht"),
    ],
)
def test_invalid_iban_gets_a_dutch_message_at_the_field_and_keeps_the_input(
    employer_client, dossier, iban, melding
):
    response = employer_client.post(url(dossier, "rekeningnummer"), {"iban": iban, "vanaf": "2026-07-01"})
    assert response.status_code == 200
    inhoud = response.content.decode()
    assert melding in inhoud
    assert 'value="2026-07-01"' in inhoud
    if iban:
        assert f'value="{iban}"' in inhoud
    assert "is-invalid" in inhoud
    assert not Wijziging.objects.exists()


def test_employee_leaves_service(employer_client, dossier, django_capture_on_commit_callbacks):
    meld(
        employer_client,
        dossier,
        "uit_dienst",
        {"datum": "2026-06-30", "toelichting": "Einde contract"},
        django_capture_on_commit_callbacks,
    )
    assert Wijziging.objects.get().gegevens == {"datum": "2026-06-30", "toelichting": "Einde contract"}
    assert "30/06/2026" in Bericht.objects.get().tekst


@pytest.mark.parametrize(
    ("datum", "melding"),
    [
        ("2026-05-03", "De datum ligt vóór de indiening van de aanvraag (04/05/2026)"),
        ("2027-06-01", "ten vroegste een jaar op voorhand"),
        ("31/02/2026", "Vul een geldige datum in."),
        ("", "Vul de laatste dag in dienst in."),
    ],
)
def test_leaving_date_is_checked(employer_client, dossier, datum, melding):
    response = employer_client.post(url(dossier, "uit_dienst"), {"datum": datum, "toelichting": "Verhuis"})
    inhoud = response.content.decode()
    assert melding in inhoud
    assert "Verhuis" in inhoud  # kept
    assert not Wijziging.objects.exists()


def test_leaving_on_the_submission_date_is_fine(employer_client, dossier, django_capture_on_commit_callbacks):
    meld(employer_client, dossier, "uit_dienst", {"datum": "2026-05-04"}, django_capture_on_commit_callbacks)
    assert Wijziging.objects.count() == 1


def test_collega_coach(employer_client, dossier, django_capture_on_commit_callbacks):
    meld(
        employer_client,
        dossier,
        "collega_coach",
        {"naam": "Ahmed Benali", "vanaf": "2026-06-01"},
        django_capture_on_commit_callbacks,
    )
    assert Wijziging.objects.get().gegevens == {"naam": "Ahmed Benali", "vanaf": "2026-06-01"}


def test_begeleider_external_from_the_list(employer_client, dossier, django_capture_on_commit_callbacks):
    dienst = ErkendeDienstverlener.objects.create(naam="GTB Gent")
    ErkendeDienstverlener.objects.create(naam="Gestopt", actief=False)
    formulier = employer_client.get(url(dossier, "begeleider")).content.decode()
    assert "GTB Gent" in formulier and "Gestopt" not in formulier
    meld(
        employer_client,
        dossier,
        "begeleider",
        {"begeleider_soort": "extern", "dienstverlener": dienst.pk, "vanaf": "2026-06-01"},
        django_capture_on_commit_callbacks,
    )
    assert Wijziging.objects.get().gegevens == {
        "begeleider_soort": "extern",
        "naam": "",
        "dienstverlener_id": dienst.pk,
        "dienstverlener": "GTB Gent",
        "vanaf": "2026-06-01",
    }


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        (
            {"begeleider_soort": "intern", "naam": "", "vanaf": "2026-06-01"},
            "Vul de naam van de interne begeleider in.",
        ),
        (
            {"begeleider_soort": "extern", "vanaf": "2026-06-01"},
            "Kies een erkende dienstverlener uit de lijst.",
        ),
        ({"vanaf": "2026-06-01"}, "Kies een interne begeleider of een erkende dienstverlener."),
    ],
)
def test_begeleider_errors(employer_client, dossier, data, melding):
    inhoud = employer_client.post(url(dossier, "begeleider"), data).content.decode()
    assert melding in inhoud
    assert 'value="2026-06-01"' in inhoud
    assert not Wijziging.objects.exists()


def test_contact_errors_keep_the_input(employer_client, dossier):
    inhoud = employer_client.post(
        url(dossier, "contactpersoon"), {"naam": "Lotte", "email": "lotte-at-werkgever", "telefoon": "bel me"}
    ).content.decode()
    assert "Vul een geldig e-mailadres in" in inhoud
    assert "Vul een geldig telefoonnummer in" in inhoud
    assert 'value="Lotte"' in inhoud and 'value="lotte-at-werkgever"' in inhoud


def test_coach_and_begeleider_only_for_a_begeleidingspremie(employer_client, organisatie):
    dossier = ingediend(organisatie, status="ontvankelijk", premie="loonpremie")
    assert employer_client.get(url(dossier, "collega_coach")).status_code == 404
    assert employer_client.get(url(dossier, "begeleider")).status_code == 404
    assert employer_client.get(url(dossier, "onbestaand")).status_code == 404
    tab = employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk]), {"tab": "wijzigingen"})
    knoppen = tab.content.decode().split('data-testid="wijziging-melden"')[1].split("</div>")[0]
    assert "Contactpersoon wijzigt" in knoppen and "Werknemer treedt uit dienst" in knoppen
    assert "Collega-coach" not in knoppen


def test_self_employed_cannot_report_leaving_service(client):
    zelfstandige = factories.OrganisatieFactory(soort="zelfstandige")
    from tests.aanvragen.test_dossiers_fixtures import client_voor

    client_voor(client, zelfstandige)
    dossier = ingediend(
        zelfstandige, status="ontvankelijk", premie="ondersteuning", aanvrager_soort="zelfstandige"
    )
    assert client.get(url(dossier, "uit_dienst")).status_code == 404
    assert client.get(url(dossier, "contactpersoon")).status_code == 200


@pytest.mark.parametrize("status", ["niet_ontvankelijk", "geweigerd", "beeindigd"])
def test_no_changes_on_a_closed_dossier(employer_client, organisatie, status):
    dossier = ingediend(organisatie, status=status)
    response = employer_client.post(
        url(dossier, "contactpersoon"), {"naam": "X", "email": "x@y.be"}, follow=True
    )
    assert "u kunt er geen wijziging meer voor melden" in response.content.decode()
    assert not Wijziging.objects.exists()
    tab = employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk]), {"tab": "wijzigingen"})
    assert 'data-testid="wijziging-melden"' not in tab.content.decode()


@pytest.mark.parametrize("status", ["ingediend", "ontvankelijk", "in_behandeling", "toegekend", "lopend"])
def test_changes_on_every_open_dossier(employer_client, organisatie, status):
    dossier = ingediend(organisatie, status=status)
    assert employer_client.get(url(dossier, "contactpersoon")).status_code == 200

"""The self-employed person's side, end to end: a running ondersteuningspremie of 5 years, the
'Evalueren' button, the self-employed motivatieverslag (generate, fill as a PDF reader would,
upload, read back), the summary, submitting and the receipt."""

import io

import pytest
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from aanvragen import rules as aanvraag_rules
from aanvragen.models import Beslissing, StatusOvergang
from evaluaties.models import Evaluatie
from loket.models import OrganisatieSoort
from tests import factories
from tests.behandeling.factories import DossierFactory
from tests.conftest import handelt_voor
from tests.evaluaties.conftest import START, upload, vul_in

pytestmark = pytest.mark.django_db

# The self-employed report's own questions (no employer, no function of an employee).
INGEVULD = {
    "activiteit": "Grafisch ontwerp voor kleine ondernemingen.",
    "evolutie": "Mijn ondersteuningsnood is gedaald sinds de vorige beslissing.",
    "gevraagde_aanpassing": "Een lager percentage volstaat.",
    "ingevuld_door": "Zoë Zelfstandig",
}


@pytest.fixture
def zelfstandige():
    persoon = factories.PersoonFactory(voornaam="Zoë", achternaam="Zelfstandig")
    organisatie = factories.OrganisatieFactory(
        soort=OrganisatieSoort.ZELFSTANDIGE, persoon=persoon, naam="Zoë Design"
    )
    return organisatie


@pytest.fixture
def zelfstandige_client(client, zelfstandige):
    gebruiker = factories.ToegangFactory(organisatie=zelfstandige).gebruiker
    return handelt_voor(client, gebruiker, zelfstandige)


@pytest.fixture
def dossier(zelfstandige):
    """A running 5-year ondersteuningspremie (2026-04-01 .. 2031-03-31) of the self-employed person."""
    eind = aanvraag_rules.einddatum(START, 5)
    dossier = DossierFactory(
        organisatie=zelfstandige,
        aanvrager_soort="zelfstandige",
        premie_keuze="ondersteuning",
        vestiging=None,
        werknemer=zelfstandige.persoon,
        status="lopend",
        startdatum=START,
        einddatum=eind,
        ontvankelijk=True,
    )
    Beslissing.objects.create(
        dossier=dossier,
        uitkomst="toegekend",
        ondersteuningspremie=True,
        percentage=40,
        pakket="vast",
        schijven=[[1, 20, 40]],
        duur_jaren=5,
        startdatum=START,
        einddatum=eind,
        beslist_op=START,
        beslist_door=factories.UserFactory(is_staff=True),
    )
    StatusOvergang.objects.create(dossier=dossier, van="toegekend", naar="lopend")
    return dossier


def stap_url(evaluatie, stap):
    return reverse("evaluaties:stap", args=[evaluatie.dossier_id, evaluatie.pk, stap])


def test_a_self_employed_person_requests_an_evaluation(zelfstandige_client, dossier):
    client = zelfstandige_client
    pagina = client.get(reverse("aanvragen:dossier", args=[dossier.pk])).content.decode()
    assert 'data-testid="evalueren"' in pagina

    response = client.post(reverse("evaluaties:start", args=[dossier.pk]))
    assert response.status_code == 302
    evaluatie = Evaluatie.objects.get(dossier=dossier)
    response = client.post(stap_url(evaluatie, "keuze"), {"hoogte": "on", "actie": "volgende"})
    assert response.status_code == 302 and response.url == stap_url(evaluatie, "motivatie")
    motivatie = client.get(stap_url(evaluatie, "motivatie")).content.decode()
    assert 'name="motivatieverslag"' in motivatie
    assert 'name="ondersteuningsplan"' not in motivatie  # only for loon- + begeleidingspremie

    # The self-employed report: prefilled with the reference and the person, with its own questions.
    download = client.get(reverse("evaluaties:motivatieverslag", args=[dossier.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    velden = PdfReader(io.BytesIO(download.content)).get_form_text_fields()
    assert velden["referentie"] == dossier.referentie
    assert velden["werknemer"] == "Zoë Zelfstandig"
    assert "activiteit" in velden and "functie" not in velden and "werkgever" not in velden

    ingevuld = vul_in(download.content, INGEVULD)
    response = client.post(
        stap_url(evaluatie, "motivatie"), {"motivatieverslag": upload(ingevuld), "actie": "volgende"}
    )
    assert response.status_code == 302, response.content.decode()
    assert response.url == stap_url(evaluatie, "overzicht")

    overzicht = client.get(stap_url(evaluatie, "overzicht")).content.decode()
    for label, waarde in (
        ("Uw zelfstandige activiteit", INGEVULD["activiteit"]),
        ("Hoe evolueerde uw ondersteuningsnood sinds de vorige beslissing?", INGEVULD["evolutie"]),
        ("Welke aanpassing vraagt u (hoogte, duurtijd) en waarom?", INGEVULD["gevraagde_aanpassing"]),
        ("Ingevuld door (naam)", INGEVULD["ingevuld_door"]),
    ):
        assert label in overzicht and waarde in overzicht
    assert "Functie en taken van de werknemer" not in overzicht

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(stap_url(evaluatie, "overzicht"), {"actie": "indienen"})
    assert response.status_code == 302
    assert response.url == reverse("evaluaties:ingediend", args=[dossier.pk, evaluatie.pk])
    evaluatie.refresh_from_db()
    dossier.refresh_from_db()
    # No Dimona relation is asked of a self-employed person: admissible, and the dossier in evaluation.
    assert evaluatie.status == "ontvankelijk" and evaluatie.motivatie["activiteit"] == INGEVULD["activiteit"]
    assert dossier.status == "in_evaluatie"
    bevestiging = client.get(response.url).content.decode()
    assert "13/10/2027" in bevestiging  # the 120-day decision deadline

    bewijs = client.get(reverse("evaluaties:ontvangstbewijs", args=[dossier.pk, evaluatie.pk]))
    assert bewijs.status_code == 200 and bewijs["Content-Type"] == "application/pdf"
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(bewijs.streaming_content))).pages)
    assert dossier.referentie in tekst and "Grafisch ontwerp" in tekst


def test_the_employers_report_is_refused_for_a_self_employed_person(zelfstandige_client, dossier):
    """The employer's form lacks the self-employed questions: the empty ones are named."""
    from evaluaties import motivatieverslag

    client = zelfstandige_client
    client.post(reverse("evaluaties:start", args=[dossier.pk]))
    evaluatie = Evaluatie.objects.get(dossier=dossier)
    client.post(stap_url(evaluatie, "keuze"), {"hoogte": "on", "actie": "volgende"})
    dossier.aanvrager_soort = "werkgever"  # only to generate the employer's form for this dossier
    werkgeversformulier = motivatieverslag.genereer(dossier)
    response = client.post(
        stap_url(evaluatie, "motivatie"),
        {"motivatieverslag": upload(vul_in(werkgeversformulier, INGEVULD)), "actie": "volgende"},
    )
    assert response.status_code == 400
    assert "Vul in het motivatieverslag ook deze vragen in" in response.content.decode()
    evaluatie.refresh_from_db()
    assert evaluatie.motivatieverslag is None

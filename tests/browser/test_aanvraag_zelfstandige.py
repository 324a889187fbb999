"""The self-employed journey on Chromium: ondersteuningspremie with proof of business activity."""

import datetime as dt

import pytest

from aanvragen.models import Dossier, Status
from loket.models import OrganisatieSoort
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSZ = "93051822361"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def test_self_employed_applies_for_the_ondersteuningspremie(page):
    persoon = factories.PersoonFactory(insz=INSZ, voornaam="Zoë", achternaam="Zelfstandig")
    organisatie = factories.OrganisatieFactory(
        soort=OrganisatieSoort.ZELFSTANDIGE, persoon=persoon, naam="Zoë Design"
    )
    gebruiker = factories.ToegangFactory(organisatie=organisatie).gebruiker
    factories.VdabIndicatieFactory(insz=INSZ, behoefte="ondersteuning", geldig_van=dt.date(2020, 1, 1))
    factories.KboInschrijvingFactory(kbo_nummer=organisatie.kbo_nummer)

    login(page, gebruiker.username)
    page.get_by_test_id("tegel-imw").click()
    assert "ondersteuningspremie" in page.locator("main").inner_text()
    page.get_by_role("button", name="Start een nieuwe aanvraag").click()

    page.get_by_label("Telefoonnummer").fill("0470 12 34 56")
    page.get_by_role("button", name="Volgende").click()

    assert "Zoë Zelfstandig" in page.locator("main").inner_text()
    page.get_by_label("Ik vraag als zelfstandige een ondersteuningspremie aan.").check()
    page.get_by_role("button", name="Volgende").click()

    # Proof of business activity: a text file named .pdf is refused, a real PNG accepted.
    veld = page.get_by_label("Bewijs van voldoende bedrijfsactiviteit")
    veld.set_input_files({"name": "attest.pdf", "mimeType": "application/pdf", "buffer": b"geen pdf"})
    page.get_by_role("button", name="Volgende").click()
    assert "Dit bestand is geen PDF, JPEG of PNG." in page.locator("main").inner_text()
    page.get_by_label("Bewijs van voldoende bedrijfsactiviteit").set_input_files(
        {"name": "attest.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Volgende").click()

    page.get_by_label("Rekeningnummer (IBAN)").fill("BE71096123456769")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Nee").check()
    page.get_by_role("button", name="Volgende").click()

    overzicht = page.locator("main").inner_text()
    assert "Ondersteuningspremie" in overzicht and "attest.png" in overzicht
    page.get_by_role("button", name="Aanvraag indienen").click()

    dossier = Dossier.objects.get(organisatie=organisatie)
    assert page.get_by_test_id("referentie").inner_text() == dossier.referentie
    response = page.request.get(page.get_by_test_id("ontvangstbewijs").get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    dossier.refresh_from_db()
    assert dossier.premie_keuze == "ondersteuning"
    assert dossier.status in (Status.ONTVANKELIJK, Status.NIET_ONTVANKELIJK)  # checked after commit

"""The employer asks for an evaluation on Chromium: the 'Evalueren' button, the choice, the
motivatieverslag downloaded, filled in as a PDF reader would and uploaded (a flattened one is
refused first), save and resume, the summary with the fields read back, submit, the receipt."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from evaluaties.models import Evaluatie
from loket.rules import eerste_dag_kwartaal
from tests import factories
from tests.browser.conftest import login
from tests.evaluaties.conftest import INGEVULD, afgevlakt, lopend_dossier, vul_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employer_requests_an_evaluation(page, tmp_path):
    organisatie = factories.OrganisatieFactory(naam="Drukkerij Claes bv")
    gebruiker = factories.ToegangFactory(organisatie=organisatie).gebruiker
    # A 5-year premium in its second year: the height may be evaluated.
    start = eerste_dag_kwartaal(timezone.localdate() - dt.timedelta(days=400))
    dossier = lopend_dossier(organisatie, start=start)

    login(page, gebruiker.username)
    page.goto(f"/individueel-maatwerk/dossiers/{dossier.pk}/")
    page.get_by_test_id("evalueren").click()

    page.get_by_label("De hoogte van de premie(s)").check()
    page.get_by_role("button", name="Volgende").click()

    with page.expect_download() as download_info:
        page.get_by_test_id("download-motivatieverslag").click()
    leeg = Path(download_info.value.path()).read_bytes()

    # A flattened (printed) report is refused with a clear message, nothing is lost.
    plat = tmp_path / "afgedrukt.pdf"
    plat.write_bytes(afgevlakt(vul_in(leeg, INGEVULD)))
    page.get_by_label("Ingevuld motivatieverslag (PDF)").set_input_files(str(plat))
    page.get_by_role("button", name="Volgende").click()
    melding = "vinden we de invulvelden van het motivatieverslag niet"
    assert page.get_by_test_id("stapformulier").get_by_text(melding).is_visible()

    ingevuld = tmp_path / "motivatieverslag.pdf"
    ingevuld.write_bytes(vul_in(leeg, INGEVULD))
    page.get_by_label("Ingevuld motivatieverslag (PDF)").set_input_files(str(ingevuld))
    page.get_by_role("button", name="Bewaren en later verdergaan").click()
    assert page.get_by_test_id("evalueren").inner_text() == "Verder invullen"

    page.get_by_test_id("evalueren").click()  # 'Verder invullen': back where we were
    page.get_by_role("button", name="Volgende").click()
    samenvatting = page.get_by_test_id("motivatie").inner_text()
    assert "Magazijnier: orderpicking en inpakken." in samenvatting and dossier.referentie in samenvatting

    page.get_by_role("button", name="Aanvraag tot evaluatie indienen").click()
    assert page.get_by_text("Uw aanvraag tot evaluatie is ingediend").is_visible()
    assert page.get_by_test_id("ontvangstbewijs").is_visible()

    page.get_by_role("link", name="Naar uw dossier").click()
    assert "Ontvankelijk" in page.get_by_test_id("evaluatie-tijdlijn").inner_text()
    assert page.get_by_test_id("status").inner_text() == "In evaluatie"
    assert Evaluatie.objects.get(dossier=dossier).status == "ontvankelijk"

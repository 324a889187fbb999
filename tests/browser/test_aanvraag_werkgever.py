"""The employer's whole journey on Chromium: draft → log out → resume → submit → receipt →
admissibility mail in the outbox → status on the dossier page."""

import datetime as dt

import pytest

from aanvragen.models import Dossier, Status
from loket.models import Bericht
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSZ = "93051822361"


def test_employer_files_an_application_with_save_and_resume(page, verantwoordelijke, organisatie):
    vestiging = factories.VestigingFactory(organisatie=organisatie, naam="Atelier Gent")
    # The authentic sources agree: VDAB set a loonpremie need, Dimona knows the employment.
    factories.VdabIndicatieFactory(insz=INSZ, behoefte="loonpremie", geldig_van=dt.date(2020, 1, 1))
    factories.DimonaRelatieFactory(werkgever_kbo=organisatie.kbo_nummer, insz=INSZ, begin=dt.date(2020, 1, 1))

    login(page, verantwoordelijke.username)
    page.get_by_test_id("tegel-imw").click()
    page.get_by_role("button", name="Start een nieuwe aanvraag").click()

    # Step 1: contact (prefilled from the account), with the progress indicator.
    assert page.locator("ol.stappen li.actief").inner_text().strip().startswith("1. Contactgegevens")
    page.get_by_label("Naam").fill("Els Peeters")
    page.get_by_label("Telefoonnummer").fill("09 123 45 67")
    page.get_by_role("button", name="Volgende").click()

    # Step 2: the employee; first a wrong INSZ, then the right one.
    page.get_by_label("INSZ-nummer").fill("93.05.18-223.62")
    page.get_by_label("Voornaam").fill("Jan")
    page.get_by_label("Achternaam").fill("Janssens")
    page.get_by_label("Vlaams Gewest").check()
    page.get_by_role("button", name="Volgende").click()
    assert "controlegetal klopt niet" in page.locator(".invalid-feedback").first.inner_text()
    assert page.get_by_label("Voornaam").input_value() == "Jan"  # the rest is kept
    page.get_by_label("INSZ-nummer").fill("93.05.18-223.61")
    page.get_by_role("button", name="Bewaren en later verdergaan").click()

    # The draft is on the dashboard; log out and back in.
    concepten = page.get_by_test_id("concepten")
    assert "Jan Janssens" in concepten.inner_text()
    page.get_by_role("button", name="Afmelden").click()
    login(page, verantwoordelijke.username)
    page.get_by_test_id("concepten").get_by_role("link", name="Verder invullen").click()

    # Resumed at the employee step, with everything as it was.
    assert page.get_by_label("Achternaam").input_value() == "Janssens"
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label(str(vestiging)).check()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Loonpremie", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    # First application of this KBO number: the IBAN is asked. Enter submits ('Volgende').
    page.get_by_label("Rekeningnummer (IBAN)").fill("BE71 0961 2345 6769")
    page.get_by_label("Rekeningnummer (IBAN)").press("Enter")
    page.get_by_label("Nee").check()
    page.get_by_role("button", name="Volgende").click()

    # Summary with 'wijzig' links; submit.
    assert page.get_by_role("heading", name="Controleer uw aanvraag").is_visible()
    overzicht = page.locator("main").inner_text()
    assert "93.05.18-223.61" in overzicht and "Loonpremie" in overzicht and "BE71 0961 2345 6769" in overzicht
    assert page.get_by_role("link", name="wijzig").count() >= 6
    page.get_by_role("button", name="Aanvraag indienen").click()

    dossier = Dossier.objects.get(organisatie=organisatie)
    assert page.get_by_test_id("referentie").inner_text() == dossier.referentie
    # The receipt PDF downloads for this organisation.
    href = page.get_by_test_id("ontvangstbewijs").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # The admissibility task ran after commit (Celery eager in tests) and stored the mail.
    dossier.refresh_from_db()
    assert dossier.status == Status.ONTVANKELIJK
    bericht = Bericht.objects.get(sleutel=f"ontvankelijkheid-{dossier.pk}")
    assert bericht.aan == verantwoordelijke.email  # the contact e-mail of this application
    assert bericht.onderwerp == f"Uw aanvraag individueel maatwerk {dossier.referentie} is ontvankelijk"
    # The status page shows it.
    page.get_by_role("link", name="Naar uw dossier").click()
    assert dossier.referentie in page.locator("main").inner_text()
    assert "Ontvankelijk" in page.locator("main").inner_text()


def test_a_second_application_for_the_same_employee_links_to_the_first(page, verantwoordelijke, organisatie):
    bestaand = Dossier.objects.create(
        organisatie=organisatie, status=Status.INGEDIEND, werknemer_insz=INSZ, referentie="IMW-2026-000777"
    )
    login(page, verantwoordelijke.username)
    page.goto("/individueel-maatwerk/aanvraag/start/")
    page.get_by_role("button", name="Start een nieuwe aanvraag").click()
    page.get_by_role("button", name="Volgende").click()  # contact prefilled except phone: error
    page.get_by_label("Telefoonnummer").fill("0470 12 34 56")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("INSZ-nummer").fill(INSZ)
    page.get_by_label("Voornaam").fill("Jan")
    page.get_by_label("Achternaam").fill("Janssens")
    page.get_by_label("Vlaams Gewest").check()
    page.get_by_role("button", name="Volgende").click()
    assert "Per werknemer kan er maar één aanvraag lopen." in page.locator("main").inner_text()
    # The message is in the error summary at the top and next to the field: follow the summary's link.
    page.get_by_test_id("foutmelding").get_by_role("link", name="Bekijk dossier IMW-2026-000777").click()
    assert page.url.endswith(f"/individueel-maatwerk/dossiers/{bestaand.pk}/")

"""Following a dossier in Chromium: list → dossier → message → report a change."""

import pytest

from aanvragen import services
from tests import factories
from tests.aanvragen.test_dossiers_fixtures import bronnen_in_orde, concept
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employer_follows_the_dossier_and_reports_a_change(page):
    organisatie = factories.OrganisatieFactory(naam="Bakkerij Peeters bv")
    gebruiker = factories.ToegangFactory(organisatie=organisatie).gebruiker
    dossier = concept(organisatie, werknemer_voornaam="Mieke", werknemer_achternaam="Maes")
    bronnen_in_orde(dossier)
    services.dien_in(dossier, door=gebruiker)  # on commit: the admissibility check runs (eager)
    dossier.refresh_from_db()
    assert dossier.status == "ontvankelijk"

    login(page, gebruiker.username)
    page.get_by_role("link", name="Actuele stand van uw dossier").click()
    rij = page.get_by_test_id(f"dossier-{dossier.pk}")
    assert "Mieke Maes" in rij.inner_text() and "Ontvankelijk" in rij.inner_text()

    rij.get_by_role("link", name=dossier.referentie).click()
    assert "Ingediend" in page.get_by_test_id("tijdlijn").inner_text()

    page.get_by_test_id("tab-berichten").click()
    page.get_by_text(f"Uw aanvraag individueel maatwerk {dossier.referentie} is ontvankelijk").click()
    assert page.get_by_text("Uw aanvraag is ontvankelijk.").is_visible()

    page.get_by_test_id("tab-wijzigingen").click()
    page.get_by_role("link", name="Rekeningnummer wijzigt").click()
    page.get_by_label("Nieuw rekeningnummer (IBAN)").fill("BE71 0961 2345 6760")
    page.get_by_role("button", name="Wijziging melden").click()
    assert page.get_by_test_id("wijziging-form").get_by_text("het controlegetal klopt niet").is_visible()
    page.get_by_label("Nieuw rekeningnummer (IBAN)").fill("BE21 0012 3456 7803")
    page.get_by_role("button", name="Wijziging melden").click()
    assert page.get_by_text("is goed ontvangen").is_visible()
    assert "Wordt verwerkt" in page.get_by_test_id("wijzigingen").inner_text()

"""A case handler signs in to the backoffice with a TOTP code and decides a dossier from the queue."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from aanvragen.models import Beslissing
from aanvragen.rollen import zet_rollen
from tests.behandeling.conftest import maak_medewerker
from tests.behandeling.factories import DossierFactory, met_bronnen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_behandelaar_beslist_een_dossier_uit_de_werklijst(page):
    zet_rollen()
    behandelaar = maak_medewerker("behandelaar", "griet.behandelaar")
    device = TOTPDevice.objects.get(user=behandelaar)
    dossier = met_bronnen(
        DossierFactory(status="in_behandeling", werknemer__achternaam="Maes"), percentage=45
    )
    DossierFactory(status="ingediend")

    page.goto("/admin/")
    assert "/admin/login/" in page.url
    page.locator("#id_username").fill("griet.behandelaar")
    page.locator("#id_password").fill("Geheim-wachtwoord-1")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.locator("#id_otp_token").fill(f"{code:06d}")
    page.locator("input[type=submit]").click()

    page.get_by_role("link", name="Werklijst dossiers").click()
    page.get_by_role("link", name=dossier.referentie).click()
    # The dossier page shows what VDAB says now.
    assert "45%" in page.get_by_test_id("bron-vdab").inner_text()
    page.get_by_role("link", name="Beslissen").click()

    assert page.locator("#id_percentage").input_value() == "45"
    assert page.locator("#id_startdatum").input_value().endswith("-01")
    page.get_by_label("Toekennen").check()
    page.get_by_role("button", name="Beslissing registreren").click()

    assert "Beslissing geregistreerd: toegekend" in page.locator(".messagelist").inner_text()
    # The start is the first day of this quarter: the premium runs at once.
    assert page.get_by_test_id("dossier-status").inner_text() == "Lopend"
    assert page.get_by_test_id("beslissing").count() == 1
    beslissing = Beslissing.objects.get(dossier=dossier)
    assert beslissing.percentage == 45 and beslissing.beslist_door == behandelaar

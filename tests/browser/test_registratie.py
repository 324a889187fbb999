"""In a real browser: create an account, register for an organisation, wait for the activation
code by post, enter it, see the tile; the responsible invites a colleague who accepts."""

import io
import os
import re

import pytest
from pypdf import PdfReader

from loket.models import Bericht, Toegang
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("LOKET_SCREENSHOTS")


def _foto(pagina, naam):
    if SCREENSHOTS:
        pagina.screenshot(path=f"{SCREENSHOTS}/{naam}.png", full_page=True)


def _code_uit_de_brief() -> str:
    """What the organisation reads in the letter staff printed from the post queue."""
    bijlage = Bericht.objects.get(kanaal="post").bijlagen.get()
    with bijlage.inhoud.open("rb") as fh:
        tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    return re.search(r"\b[A-Z2-9]{5}-[A-Z2-9]{5}\b", tekst).group(0)


def test_new_account_registers_and_sees_the_tile(page):
    factories.KboInschrijvingFactory(kbo_nummer="0566988259", naam="Bakkerij Zonnebloem bv")
    page.goto("/aanmelden/")
    page.get_by_test_id("link-account-aanmaken").click()
    page.get_by_label("Gebruikersnaam").fill("sofie")
    page.get_by_label("Voornaam").fill("Sofie")
    page.get_by_label("Achternaam").fill("Claes")
    page.get_by_label("E-mailadres").fill("sofie@bakkerij.be")
    page.locator("#id_password1").fill("Brood-en-Spelen-2026")
    page.get_by_label("Bevestiging wachtwoord").fill("Brood-en-Spelen-2026")
    _foto(page, "01-account")
    page.get_by_role("button", name="Account aanmaken").click()

    page.get_by_label("KBO-nummer (ondernemingsnummer)").fill("0566.988.258")
    page.get_by_label("Soort organisatie").select_option("privaat")
    page.get_by_role("button", name="Registreren").click()
    assert "het controlegetal klopt niet" in page.content()
    assert page.get_by_label("KBO-nummer (ondernemingsnummer)").input_value() == "0566.988.258"
    _foto(page, "02-registreren-fout")
    page.get_by_label("KBO-nummer (ondernemingsnummer)").fill("0566.988.259")
    page.get_by_role("button", name="Registreren").click()

    # Waits for the code sent by post to the registered seat; the tile is not usable yet.
    assert "Kerkstraat 12, 9000 Gent" in page.get_by_test_id("activatie-uitleg").inner_text()
    _foto(page, "03-activeren")
    page.goto("/")
    assert page.get_by_test_id("tegel-imw").evaluate("el => el.tagName") == "DIV"
    assert "wacht op de activatiecode" in page.get_by_test_id("tegel-imw-uitleg").inner_text()
    page.get_by_test_id("link-activeren").click()
    page.get_by_label("Activatiecode").fill("AAAAA-BBBBB")
    page.get_by_role("button", name="Activeren").click()
    assert "Deze activatiecode klopt niet" in page.content()
    page.get_by_label("Activatiecode").fill(_code_uit_de_brief())
    page.get_by_role("button", name="Activeren").click()

    tegel = page.get_by_test_id("tegel-imw")
    assert tegel.evaluate("el => el.tagName") == "A"
    assert "Bakkerij Zonnebloem bv" in page.get_by_test_id("in-naam-van").inner_text()
    _foto(page, "04-dashboard")


def test_invitation_is_accepted_by_a_colleague(page, verantwoordelijke, organisatie, settings):
    login(page, verantwoordelijke.username)
    page.get_by_role("link", name="Toegang van collega's beheren").click()
    page.get_by_label("E-mailadres van uw collega").fill("jonas@bakkerij.be")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    assert "Er is een uitnodiging gestuurd naar jonas@bakkerij.be" in page.content()
    _foto(page, "04-toegang")

    link = re.search(r"/uitnodiging/[^/\s]+/", Bericht.objects.get().tekst).group(0)
    page.get_by_role("button", name="Afmelden").click()
    collega = factories.UserFactory(first_name="Jonas", last_name="Wouters", email="jonas@bakkerij.be")
    page.goto(link)
    page.get_by_label("Gebruikersnaam").fill(collega.username)
    page.get_by_label("Wachtwoord").fill("Geheim-wachtwoord-1")
    page.get_by_role("button", name="Aanmelden").click()
    _foto(page, "05-uitnodiging")
    page.get_by_role("button", name="Uitnodiging aanvaarden").click()
    assert page.get_by_test_id("tegel-imw").evaluate("el => el.tagName") == "A"
    assert Toegang.objects.actief().filter(gebruiker=collega, organisatie=organisatie).exists()

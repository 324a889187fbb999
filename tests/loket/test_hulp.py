"""DWSE's contact on the letters (PDF)."""

import io

import pytest
import time_machine
from pypdf import PdfReader

from aanvragen import beslissingen, services
from tests import factories
from tests.behandeling.factories import DossierFactory

pytestmark = pytest.mark.django_db


def pdf_tekst(inhoud: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(inhoud)).pages)


@time_machine.travel("2026-05-14 10:00 +02:00", tick=False)
def test_decision_letter_and_receipt_carry_the_contact(settings):
    settings.DWSE_CONTACT_EMAIL = "brieven@imw.example"
    settings.DWSE_CONTACT_TELEFOON = "1700"
    gebruiker = factories.UserFactory()
    dossier = DossierFactory(status="in_behandeling", ingediend_door=gebruiker)
    beslissing = beslissingen.beslis(
        dossier, door=gebruiker, uitkomst="toegekend", loonpremie=True, percentage=40, duur_jaren=5
    )
    brief = pdf_tekst(beslissingen.render_beslissingsbrief(beslissing))
    assert "brieven@imw.example" in brief and "1700" in brief

    document = services.maak_ontvangstbewijs(dossier)
    with document.bestand.open("rb") as fh:
        ontvangst = pdf_tekst(fh.read())
    assert "brieven@imw.example" in ontvangst

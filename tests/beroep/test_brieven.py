"""The letters around a decision: the appeal's last day as the portal counts it, the address at
the registered seat (decision, evaluation and appeal letters alike), and a self-employed person
addressed as such (letters and the reason 'no need set by VDAB')."""

import datetime as dt
import io

import pytest
import time_machine
from django.test import TestCase
from django.utils import translation
from pypdf import PdfReader

from aanvragen import beroep as beroep_service
from aanvragen import beslissingen, rules
from tests import factories
from tests.behandeling.factories import DossierFactory
from tests.beroep.conftest import beslist_dossier

pytestmark = pytest.mark.django_db

ZETEL = {"straat": "Zetelstraat 9", "postcode": "1000", "gemeente": "Brussel"}


def tekst(inhoud: bytes) -> str:
    """The PDF's text with its line breaks as spaces (a sentence may wrap anywhere)."""
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages).split())


def document_tekst(document) -> str:
    with document.bestand.open("rb") as fh:
        return tekst(fh.read())


def met_zetel(dossier):
    factories.KboInschrijvingFactory(kbo_nummer=dossier.organisatie.kbo_nummer, **ZETEL)
    return dossier


def aan_de_zetel(brief: str, dossier) -> bool:
    return "Zetelstraat 9" in brief and "1000 Brussel" in brief and dossier.vestiging.straat not in brief


def dien_beroep_in(dossier):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return beroep_service.dien_in(dossier, door=factories.UserFactory(), motivering="Niet akkoord.")


def beslis_beroep(beroep):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return beroep_service.beslis(
            beroep, door=factories.UserFactory(is_staff=True), uitkomst="ongegrond", reden="Klopt."
        )


# --- The appeal's last day: one rule for the letter and the button ------------------------------------


def test_the_decision_letter_states_the_last_day_the_button_shows(organisatie):
    dossier = beslist_dossier(organisatie, beslist_op=dt.date(2027, 2, 19))
    beslissing = beslissingen.actieve_beslissing(dossier)
    brief = tekst(beslissingen.render_beslissingsbrief(beslissing))
    tot = rules.beroep_mogelijk_tot(beslissing.beslist_op)
    assert tot == beroep_service.stand(dossier).tot == dt.date(2027, 4, 5)
    assert "U kunt beroep aantekenen tot en met 5 april 2027 (45 dagen na de datum van deze brief)" in brief
    assert "na de ontvangst" not in brief
    with translation.override("en"):
        assert "5 April 2027" in tekst(beslissingen.render_beslissingsbrief(beslissing))


# --- Letters to the registered seat ---------------------------------------------------------------------


def test_the_appeal_receipt_and_outcome_go_to_the_registered_seat(organisatie):
    dossier = met_zetel(beslist_dossier(organisatie))
    beroep = dien_beroep_in(dossier)
    assert aan_de_zetel(document_tekst(beroep.ontvangstbewijs), dossier)
    beslis_beroep(beroep)
    beroep.refresh_from_db()
    assert aan_de_zetel(document_tekst(beroep.brief), dossier)


def test_without_a_seat_in_the_kbo_the_appeal_letter_uses_the_establishment(organisatie):
    dossier = beslist_dossier(organisatie)
    brief = document_tekst(dien_beroep_in(dossier).ontvangstbewijs)
    assert "Koningsstraat 1" in brief and "9000 Gent" in brief


def test_the_evaluation_letters_go_to_the_seat_and_tell_the_truth_about_the_appeal(organisatie):
    from evaluaties import services
    from tests.evaluaties.conftest import ingevuld_verslag, lopend_dossier, upload

    with time_machine.travel(dt.datetime(2027, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        dossier = met_zetel(lopend_dossier(organisatie))
        evaluatie = services.start(dossier, door=None)
        services.bewaar_keuze(evaluatie, hoogte=True, duur=False, door=None, laatste_stap="motivatie")
        services.bewaar_motivatieverslag(evaluatie, upload(ingevuld_verslag(dossier)), door=None)
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.dien_in(evaluatie, door=None)
        evaluatie.refresh_from_db()
        assert aan_de_zetel(document_tekst(evaluatie.ontvangstbewijs), dossier)

        with TestCase.captureOnCommitCallbacks(execute=True):
            services.beslis(
                evaluatie,
                door=factories.UserFactory(is_staff=True),
                uitkomst="ongewijzigd",
                reden="VDAB: de behoefte is dezelfde.",
                beslist_op=dt.date(2027, 6, 10),
            )
    document = dossier.documenten.get(naam__startswith="beslissing-evaluatie-")
    brief = document_tekst(document)
    assert aan_de_zetel(brief, dossier)
    # The last day by the portal's rule, and no promise of an appeal in the portal it cannot keep.
    assert rules.beroep_mogelijk_tot(dt.date(2027, 6, 10)) == dt.date(2027, 7, 25)
    assert "tot en met 25 juli 2027" in brief
    assert "Tegen deze beslissing kunt u geen beroep aantekenen in het WSE-loket" in brief
    assert "schriftelijk of via het WSE-loket" not in brief


# --- A self-employed person -----------------------------------------------------------------------------


def zelfstandige_toegekend():
    gebruiker = factories.UserFactory()
    dossier = DossierFactory(
        status="in_behandeling",
        aanvrager_soort="zelfstandige",
        premie_keuze="ondersteuning",
        ingediend_door=gebruiker,
    )
    with time_machine.travel(dt.datetime(2026, 5, 14, 10, 0, tzinfo=dt.UTC), tick=False):
        beslissing = beslissingen.beslis(
            dossier,
            door=gebruiker,
            uitkomst="toegekend",
            ondersteuningspremie=True,
            percentage=40,
            duur_jaren=5,
        )
    return dossier, beslissing


def test_a_self_employed_grant_letter_speaks_of_the_self_employed_person():
    dossier, beslissing = zelfstandige_toegekend()
    brief = tekst(beslissingen.render_beslissingsbrief(beslissing))
    assert "Wij kennen de ondersteuningspremie toe." in brief
    assert f"Zelfstandige {dossier.werknemer_naam}" in brief
    assert "vroeg u als zelfstandige individueel maatwerk aan" in brief
    assert "referentiebedrag voor een zelfstandige" in brief
    assert "Dan kunt u een heroverweging vragen" in brief
    for werknemer in ("Werknemer", "werknemer", "DmfA", "loonpremie", "RSZ"):
        assert werknemer not in brief, werknemer


def test_an_employers_grant_letter_keeps_the_employee(organisatie):
    dossier = beslist_dossier(organisatie, uitkomst="toegekend")
    brief = tekst(beslissingen.render_beslissingsbrief(beslissingen.actieve_beslissing(dossier)))
    assert f"Werknemer {dossier.werknemer_naam}" in brief and "DmfA" in brief
    assert "uitdiensttreding van de werknemer" in brief and "kan de werknemer een heroverweging" in brief


def test_the_appeal_letters_of_a_self_employed_person_name_them_so(organisatie):
    dossier = beslist_dossier(organisatie, aanvrager_soort="zelfstandige", premie_keuze="ondersteuning")
    beroep = dien_beroep_in(dossier)
    beslis_beroep(beroep)
    beroep.refresh_from_db()
    for brief in (document_tekst(beroep.ontvangstbewijs), document_tekst(beroep.brief)):
        assert f"Zelfstandige {dossier.werknemer_naam}" in brief and "Werknemer" not in brief


def test_no_need_set_by_vdab_speaks_to_the_self_employed_person():
    feiten = rules.AanvraagFeiten(
        aanvrager_soort="zelfstandige", premie_keuze="ondersteuning", organisatie_soort="zelfstandige"
    )
    with translation.override("nl"):
        redenen = rules.redenen_niet_ontvankelijk(feiten, None, None, None)
    reden = next(r for r in redenen if r.code == rules.GEEN_BEHOEFTE)
    assert "bij u" in reden.uitleg and "werknemer" not in reden.uitleg + reden.wat_nu
    assert "Neem hiervoor contact op met VDAB" in reden.wat_nu
    # An employer's application keeps the employee.
    werkgever = rules.reden(rules.GEEN_BEHOEFTE)
    assert "bij deze werknemer" in werkgever.uitleg
    assert rules.reden(rules.GEEN_BEHOEFTE, zelfstandige=True).uitleg == reden.uitleg

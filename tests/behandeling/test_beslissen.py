"""Deciding a dossier: dates, outcomes, the letter, the employee's copy, corrections, bad input."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from aanvragen import beslissingen
from aanvragen.models import Beslissing, DocumentSoort, StatusOvergang
from loket.models import Bericht

from .factories import DossierFactory, met_bronnen

pytestmark = pytest.mark.django_db

# A Thursday in the second quarter: the decision's start date is 1 April 2026.
BESLISDAG = "2026-05-14 10:00 +02:00"


def pdf_tekst(inhoud: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(inhoud)).pages)


def ken_toe(dossier, door, **extra):
    waarden = {"uitkomst": "toegekend", "loonpremie": True, "percentage": 40, "duur_jaren": 5, **extra}
    return beslissingen.beslis(dossier, door=door, **waarden)


@time_machine.travel(BESLISDAG, tick=False)
def test_toekennen_begint_op_eerste_dag_van_het_kwartaal_van_de_beslissing(behandelaar):
    dossier = DossierFactory(status="in_behandeling")

    beslissing = ken_toe(dossier, behandelaar)

    dossier.refresh_from_db()
    assert beslissing.beslist_op == dt.date(2026, 5, 14)
    assert beslissing.startdatum == dossier.startdatum == dt.date(2026, 4, 1)
    assert beslissing.einddatum == dossier.einddatum == dt.date(2031, 3, 31)
    # The start date has come: the system lets the premium run at once.
    assert dossier.status == "lopend"
    overgangen = StatusOvergang.objects.filter(dossier=dossier).order_by("id")
    assert [(o.van, o.naar, o.door) for o in overgangen] == [
        ("in_behandeling", "toegekend", behandelaar),
        ("toegekend", "lopend", None),
    ]


@time_machine.travel("2026-12-31 15:00 +01:00", tick=False)
def test_twee_jaar_vanaf_het_vierde_kwartaal(behandelaar):
    dossier = DossierFactory(status="ontvankelijk")
    beslissing = ken_toe(dossier, behandelaar, duur_jaren=2, percentage=20)
    assert (beslissing.startdatum, beslissing.einddatum) == (dt.date(2026, 10, 1), dt.date(2028, 9, 30))


@time_machine.travel(BESLISDAG, tick=False)
def test_beslissingsbrief_en_mails_bij_toekenning(behandelaar, django_capture_on_commit_callbacks):
    dossier = DossierFactory(status="in_behandeling", premie_keuze="loon_begeleiding")

    with django_capture_on_commit_callbacks(execute=True):
        beslissing = ken_toe(
            dossier, behandelaar, begeleidingspremie=True, percentage=55, begeleidingsnood="midden"
        )

    brief = dossier.documenten.get(soort=DocumentSoort.BESLISSINGSBRIEF)
    assert brief.bestand.name == beslissing.brief.name
    with beslissing.brief.open("rb") as fh:
        tekst = pdf_tekst(fh.read())
    assert dossier.referentie in tekst
    assert "01/04/2026" in tekst and "31/03/2031" in tekst
    assert "55 % kwartaal 1–20" in tekst and "Begeleidingsnood midden" in tekst
    assert "loonpremie en begeleidingspremie" in tekst
    assert "45 dagen" in tekst

    werkgever = next(m for m in mail.outbox if m.to == [dossier.contact_email])
    assert dossier.referentie in werkgever.subject
    assert "1 april 2026" in werkgever.body and "31 maart 2031" in werkgever.body
    naam, inhoud, mimetype = werkgever.attachments[0]
    assert mimetype == "application/pdf" and "55 % kwartaal 1–20" in pdf_tekst(inhoud)
    assert "Percentage per kwartaal: 55 % kwartaal 1–20" in werkgever.body
    # The mail names the appeal's last day as the letter and the dossier's button count it.
    from django.utils.formats import date_format

    from aanvragen.rules import beroep_mogelijk_tot

    tot = date_format(beroep_mogelijk_tot(beslissing.beslist_op), "j F Y")
    assert (
        f"U kunt beroep aantekenen tot en met {tot} (45 dagen na de datum van de beslissing)"
        in werkgever.body
    )
    assert f"beroep aantekenen tot en met {tot}" in tekst

    werknemer = next(m for m in mail.outbox if m.to == [dossier.werknemer.email])
    assert "Kopie" in werknemer.subject
    assert werknemer.attachments[0][0] == naam
    assert Bericht.objects.get(sleutel=f"beslissing-{beslissing.pk}-werknemer").persoon == dossier.werknemer


@time_machine.travel(BESLISDAG, tick=False)
def test_werknemer_zonder_email_krijgt_een_brief_met_de_post(behandelaar, django_capture_on_commit_callbacks):
    dossier = DossierFactory(status="ontvankelijk", werknemer__email="", werknemer__straat="Kerkstraat 3")

    with django_capture_on_commit_callbacks(execute=True):
        beslissing = ken_toe(dossier, behandelaar)

    assert [m.to for m in mail.outbox] == [[dossier.contact_email]]
    brief = Bericht.objects.get(sleutel=f"beslissing-{beslissing.pk}-werknemer")
    assert brief.kanaal == "post" and brief.persoon == dossier.werknemer and brief.verzonden_op is None
    bijlage = brief.bijlagen.get()
    with bijlage.inhoud.open("rb") as fh:
        tekst = pdf_tekst(fh.read())
    assert "KOPIE VOOR DE WERKNEMER" in tekst and "Kerkstraat 3" in tekst and dossier.referentie in tekst


@time_machine.travel(BESLISDAG, tick=False)
def test_weigeren_met_reden(behandelaar, django_capture_on_commit_callbacks):
    dossier = DossierFactory(status="in_behandeling")

    with django_capture_on_commit_callbacks(execute=True):
        beslissing = beslissingen.beslis(
            dossier, door=behandelaar, uitkomst="geweigerd", reden="Geen tewerkstelling meer volgens Dimona."
        )

    dossier.refresh_from_db()
    assert dossier.status == "geweigerd" and dossier.startdatum is None
    assert beslissing.percentage is None and not beslissing.loonpremie
    with beslissing.brief.open("rb") as fh:
        tekst = pdf_tekst(fh.read())
    assert "weigering" in tekst and "Geen tewerkstelling meer volgens Dimona." in tekst
    assert any("Geen tewerkstelling" in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    ("extra", "veld", "boodschap"),
    [
        ({"percentage": 17}, "percentage", "tussen 20 en 75"),
        ({"percentage": 80}, "percentage", "tussen 20 en 75"),
        ({"percentage": 33}, "percentage", "veelvoud van 5"),
        ({"percentage": None}, "percentage", "Vul het percentage in"),
        ({"duur_jaren": None}, "duur_jaren", "duurtijd"),
        ({"loonpremie": False}, "loonpremie", "minstens één premie"),
        (
            {"startdatum": dt.date(2026, 4, 1), "einddatum": dt.date(2026, 3, 31)},
            "einddatum",
            "na de begindatum",
        ),
        ({"uitkomst": "misschien"}, "uitkomst", "toekent of weigert"),
        ({"uitkomst": "geweigerd"}, "reden", "reden van de weigering"),
        ({"beslist_op": dt.date(2099, 1, 1)}, "beslist_op", "niet in de toekomst"),
    ],
)
def test_foute_invoer_wordt_geweigerd_met_een_duidelijke_boodschap(behandelaar, extra, veld, boodschap):
    dossier = DossierFactory(status="in_behandeling")
    with pytest.raises(ValidationError) as fout:
        ken_toe(dossier, behandelaar, **extra)
    assert boodschap in " ".join(fout.value.message_dict[veld])
    dossier.refresh_from_db()
    assert dossier.status == "in_behandeling"
    assert not Beslissing.objects.exists() and not mail.outbox


@pytest.mark.parametrize("status", ["ingediend", "niet_ontvankelijk", "concept"])
def test_geen_beslissing_over_een_dossier_dat_niet_ontvankelijk_is(behandelaar, status):
    dossier = DossierFactory(status=status)
    with pytest.raises(beslissingen.BehandelingGeweigerd, match="niet ontvankelijk"):
        ken_toe(dossier, behandelaar)
    assert not Beslissing.objects.exists()


@time_machine.travel(BESLISDAG, tick=False)
def test_een_beslist_dossier_kan_enkel_via_een_correctie_opnieuw(behandelaar):
    dossier = DossierFactory(status="in_behandeling")
    eerste = ken_toe(dossier, behandelaar)

    with pytest.raises(beslissingen.BehandelingGeweigerd, match="al beslist"):
        ken_toe(dossier, behandelaar, percentage=50)
    with pytest.raises(ValidationError) as fout:
        ken_toe(dossier, behandelaar, percentage=50, vervangt=eerste)
    assert "reden van de correctie" in fout.value.message_dict["reden"][0]

    correctie = ken_toe(
        dossier, behandelaar, percentage=50, vervangt=eerste, reden="Tikfout in het percentage."
    )

    assert correctie.vervangt == eerste and eerste.vervangen_door == correctie
    assert beslissingen.actieve_beslissing(dossier) == correctie
    dossier.refresh_from_db()
    assert dossier.status == "lopend"  # the correction keeps the running premium running
    assert dossier.history.first().history_change_reason.startswith("Beslissing gecorrigeerd")
    with correctie.brief.open("rb") as fh:
        tekst = pdf_tekst(fh.read())
    assert "50 % kwartaal 1–20" in tekst and "vervangt de beslissing van 14/05/2026" in tekst
    # The old decision cannot be corrected a second time.
    with pytest.raises(beslissingen.BehandelingGeweigerd, match="al gecorrigeerd"):
        ken_toe(dossier, behandelaar, vervangt=eerste, reden="nog eens")


@time_machine.travel(BESLISDAG, tick=False)
def test_correctie_van_toekenning_naar_weigering(behandelaar):
    dossier = DossierFactory(status="ontvankelijk")
    eerste = ken_toe(dossier, behandelaar)
    beslissingen.beslis(
        dossier, door=behandelaar, uitkomst="geweigerd", reden="Werknemer was al uit dienst.", vervangt=eerste
    )
    dossier.refresh_from_db()
    assert dossier.status == "geweigerd" and dossier.einddatum is None
    assert dossier.overgangen.latest("id").reden.startswith("Beslissing gecorrigeerd")


def test_voorstel_uit_de_vdab_behoefte():
    dossier = DossierFactory.build(premie_keuze="loon_begeleiding")

    class Indicatie:
        percentage, duur_jaren = 55, 2

    voorstel = beslissingen.voorstel(dossier, Indicatie(), vandaag=dt.date(2026, 8, 20))
    assert voorstel["loonpremie"] and voorstel["begeleidingspremie"] and not voorstel["ondersteuningspremie"]
    assert (voorstel["percentage"], voorstel["duur_jaren"]) == (55, 2)
    assert (voorstel["startdatum"], voorstel["einddatum"]) == (dt.date(2026, 7, 1), dt.date(2028, 6, 30))


def test_ontvankelijkheid_herzien_met_reden(behandelaar, django_capture_on_commit_callbacks):
    dossier = met_bronnen(DossierFactory(status="niet_ontvankelijk", ontvankelijk=False))
    with pytest.raises(ValidationError):
        beslissingen.herzie_ontvankelijkheid(dossier, ontvankelijk=True, door=behandelaar, reden=" ")

    with django_capture_on_commit_callbacks(execute=True):
        beslissingen.herzie_ontvankelijkheid(
            dossier, ontvankelijk=True, door=behandelaar, reden="Dimona-aangifte was laattijdig, nu in orde."
        )

    dossier.refresh_from_db()
    assert dossier.status == "ontvankelijk" and dossier.ontvankelijk is True
    assert "laattijdig" in dossier.overgangen.latest("id").reden
    assert "toch ontvankelijk" in mail.outbox[-1].subject

    beslissingen.herzie_ontvankelijkheid(
        dossier, ontvankelijk=False, door=behandelaar, reden="Toch geen behoefte."
    )
    dossier.refresh_from_db()
    assert dossier.status == "niet_ontvankelijk"
    assert dossier.ontvankelijkheid_redenen[0]["uitleg"] == "Toch geen behoefte."


def test_in_behandeling_nemen_en_informatie_vragen(behandelaar, django_capture_on_commit_callbacks):
    dossier = DossierFactory(status="ontvankelijk")
    beslissingen.neem_in_behandeling(dossier, door=behandelaar)
    assert dossier.status == "in_behandeling"
    with pytest.raises(beslissingen.BehandelingGeweigerd):
        beslissingen.neem_in_behandeling(dossier, door=behandelaar)

    with django_capture_on_commit_callbacks(execute=True):
        beslissingen.vraag_informatie(dossier, door=behandelaar, vraag="Bezorg het ondersteuningsplan.")
        beslissingen.vraag_informatie(dossier, door=behandelaar, vraag="Bezorg het ondersteuningsplan.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [dossier.contact_email]
    assert "Bezorg het ondersteuningsplan." in mail.outbox[0].body
    with pytest.raises(ValidationError):
        beslissingen.vraag_informatie(dossier, door=behandelaar, vraag="")


@time_machine.travel(BESLISDAG, tick=False)
def test_de_beslissingsbrief_gaat_naar_de_maatschappelijke_zetel(
    behandelaar, django_capture_on_commit_callbacks
):
    from tests import factories

    dossier = DossierFactory(status="in_behandeling")
    factories.KboInschrijvingFactory(
        kbo_nummer=dossier.organisatie.kbo_nummer, straat="Zetelstraat 9", postcode="1000", gemeente="Brussel"
    )
    with django_capture_on_commit_callbacks(execute=True):
        beslissing = ken_toe(dossier, behandelaar)
    with beslissing.brief.open("rb") as fh:
        tekst = pdf_tekst(fh.read())
    assert "Zetelstraat 9" in tekst and "1000 Brussel" in tekst
    assert dossier.vestiging.straat not in tekst

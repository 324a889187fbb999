"""After a run is released: one payment statement per organisation (PDF, on every dossier in it)
and one mail per organisation; a rerun stores and sends nothing twice."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from aanvragen.models import Document, DocumentSoort
from loket.models import Bericht
from premies.models import RunStatus, Uitbetalingsrun
from premies.signals import run_verzonden
from premies.tasks.betalingsoverzichten import maak_betalingsoverzichten
from tests.aanvragen.test_dossiers_fixtures import client_voor

from .factories import lijn, run, toegekend

pytestmark = pytest.mark.django_db

VANDAAG = "2026-07-20 10:00 +02:00"


def pdf_tekst(inhoud: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages).split())


def verzonden_run():
    """A released run paying two dossiers of one employer (one with a correction) and one of another."""
    betaling = run(dt.date(2026, 7, 20))
    a1, p1 = toegekend()
    a2, p2 = toegekend(organisatie=a1.organisatie, begeleidingspremie=True)
    b1, p3 = toegekend()
    lijn(a1, p1, 2026, 1, run=betaling)
    lijn(
        a1, p1, 2025, 4, volgnummer=2, run=betaling, bedrag=Decimal("4350.00"), uitbetaald=Decimal("-150.00")
    )
    lijn(a2, p2, 2026, 1, run=betaling)
    lijn(a2, p2, 2026, 1, soort="begeleidingspremie", run=betaling)
    lijn(b1, p3, 2026, 1, run=betaling, iban="BE62510007547061")
    return betaling, a1, a2, b1


@time_machine.travel(VANDAAG, tick=False)
def test_vrijgegeven_run_geeft_een_overzicht_en_een_mail_per_organisatie(django_capture_on_commit_callbacks):
    betaling, a1, a2, b1 = verzonden_run()

    with django_capture_on_commit_callbacks(execute=True):
        run_verzonden.send(sender=Uitbetalingsrun, run=betaling)

    documenten = Document.objects.filter(soort=DocumentSoort.BETALINGSOVERZICHT)
    assert sorted(d.dossier_id for d in documenten) == sorted([a1.pk, a2.pk, b1.pk])
    van_a = [d for d in documenten if d.dossier.organisatie_id == a1.organisatie_id]
    assert van_a[0].bestand.name == van_a[1].bestand.name  # stored once for the employer
    with van_a[0].bestand.open("rb") as fh:
        tekst = pdf_tekst(fh.read())
    assert "Betalingsoverzicht van 20/07/2026" in tekst
    assert f"Dossier {a1.referentie}" in tekst and f"Dossier {a2.referentie}" in tekst
    assert b1.referentie not in tekst  # another employer's dossier
    assert "2025-Q4 Loonpremie (40 %) correctie € 4.350,00 − € 150,00" in tekst
    assert "2026-Q1 Begeleidingspremie betaling € 1.930,00 € 1.930,00" in tekst
    assert "Totaal voor dit dossier € 4.350,00" in tekst  # 4,500 − 150
    assert "Betaald op rekening BE** **** **** 6769 € 10.780,00" in tekst
    assert "Totaal van deze betaling € 10.780,00" in tekst

    assert sorted(m.to[0] for m in mail.outbox) == sorted([a1.organisatie.email, b1.organisatie.email])
    mail_a = next(m for m in mail.outbox if m.to == [a1.organisatie.email])
    assert "betaling van 20/07/2026 (€ 10.780,00)" in mail_a.subject
    assert f"Dossier {a1.referentie} ({a1.werknemer_naam}): € 4.350,00" in mail_a.body
    assert "Betaald op rekening BE** **** **** 6769: € 10.780,00" in mail_a.body
    assert mail_a.attachments[0][0] == van_a[0].naam
    mail_b = next(m for m in mail.outbox if m.to == [b1.organisatie.email])
    assert "BE** **** **** 7061" in mail_b.body


@time_machine.travel(VANDAAG, tick=False)
def test_opnieuw_uitvoeren_maakt_en_verstuurt_niets_dubbel(django_capture_on_commit_callbacks):
    betaling, *_ = verzonden_run()
    with django_capture_on_commit_callbacks(execute=True):
        assert maak_betalingsoverzichten.delay(betaling.pk).get() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert maak_betalingsoverzichten.delay(betaling.pk).get() == 0
        run_verzonden.send(sender=Uitbetalingsrun, run=betaling)

    assert Document.objects.filter(soort=DocumentSoort.BETALINGSOVERZICHT).count() == 3
    assert Bericht.objects.filter(sleutel__startswith=f"betalingsoverzicht-{betaling.pk}-").count() == 2
    assert len(mail.outbox) == 2


@time_machine.travel(VANDAAG, tick=False)
def test_een_run_die_niet_vertrok_geeft_nog_geen_overzicht():
    betaling, *_ = verzonden_run()
    Uitbetalingsrun.objects.filter(pk=betaling.pk).update(status=RunStatus.GOEDGEKEURD)
    assert maak_betalingsoverzichten.delay(betaling.pk).get() == 0
    assert not Document.objects.filter(soort=DocumentSoort.BETALINGSOVERZICHT).exists()
    assert mail.outbox == []


@time_machine.travel(VANDAAG, tick=False)
def test_het_overzicht_staat_bij_de_documenten_van_het_dossier(client):
    betaling, a1, _a2, b1 = verzonden_run()
    maak_betalingsoverzichten.delay(betaling.pk).get()
    document = Document.objects.get(soort=DocumentSoort.BETALINGSOVERZICHT, dossier=a1)
    client_voor(client, a1.organisatie)

    html = client.get(reverse("aanvragen:dossier", args=[a1.pk]) + "?tab=documenten").content.decode()
    assert "Betalingsoverzicht" in html and document.naam in html
    response = client.get(reverse("aanvragen:document", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    ander = Document.objects.get(soort=DocumentSoort.BETALINGSOVERZICHT, dossier=b1)
    assert client.get(reverse("aanvragen:document", args=[ander.pk])).status_code == 404


@pytest.mark.postgres
def test_twee_workers_tegelijk_maken_een_overzicht_en_een_mail(transactional_db):
    import threading

    from django.db import connection

    from premies.betalingsoverzichten import maak_betalingsoverzichten as maak
    from tests.premies.factories import zet_regelparameters

    zet_regelparameters()
    betaling, a1, _a2, _b1 = verzonden_run()
    barrier = threading.Barrier(2)
    resultaten = []

    def werker():
        try:
            barrier.wait(timeout=10)
            resultaten.append(maak(betaling.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=werker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(resultaten) == 2  # neither worker failed
    assert sum(resultaten) == 2  # each employer's statement made once, by whichever worker got there first
    assert Document.objects.filter(soort=DocumentSoort.BETALINGSOVERZICHT).count() == 3
    assert Bericht.objects.filter(sleutel__startswith=f"betalingsoverzicht-{betaling.pk}-").count() == 2


@time_machine.travel(VANDAAG, tick=False)
def test_a_rerun_stores_a_schools_statement_once_too(django_capture_on_commit_callbacks):
    # The school's dossier belongs to the school; the statement goes to the scholengroep paid.
    from tests import factories

    groep = factories.OrganisatieFactory(soort="scholengroep")
    school = factories.OrganisatieFactory(soort="school", scholengroep=groep)
    betaling = run(dt.date(2026, 7, 20))
    dossier, periode = toegekend(organisatie=school)
    lijn(dossier, periode, 2026, 1, run=betaling, organisatie=groep)

    with django_capture_on_commit_callbacks(execute=True):
        assert maak_betalingsoverzichten.delay(betaling.pk).get() == 1
        assert maak_betalingsoverzichten.delay(betaling.pk).get() == 0

    [document] = Document.objects.filter(soort=DocumentSoort.BETALINGSOVERZICHT)
    assert document.dossier == dossier
    assert len(mail.outbox) == 1


@time_machine.travel(VANDAAG, tick=False)
def test_het_uurlijkse_vangnet_maakt_een_verloren_overzicht_een_keer(django_capture_on_commit_callbacks):
    """The release's on-commit task was lost (broker down, worker killed; on the file broker its
    message never comes back): the hourly sweeper makes what is missing, once."""
    from premies.betalingsoverzichten import maak_betalingsoverzicht
    from premies.tasks.betalingsoverzichten import veeg_betalingsoverzichten

    betaling, a1, a2, b1 = verzonden_run()  # released, but its task never ran
    maak_betalingsoverzicht(betaling, b1.organisatie)  # one organisation's statement was made
    concept = run(dt.date(2026, 7, 21), status=RunStatus.CONCEPT)  # not released: nothing yet
    c1, p4 = toegekend()
    lijn(c1, p4, 2026, 1, run=concept)
    oud = run(dt.date(2026, 7, 1))  # released over a week ago: no longer looked for
    Uitbetalingsrun.objects.filter(pk=oud.pk).update(verzonden_op=dt.datetime(2026, 7, 12, tzinfo=dt.UTC))
    d1, p5 = toegekend()
    lijn(d1, p5, 2026, 1, run=oud)

    with django_capture_on_commit_callbacks(execute=True):
        assert veeg_betalingsoverzichten.delay().get() == 1  # a1's organisation
        assert veeg_betalingsoverzichten.delay().get() == 0

    documenten = Document.objects.filter(soort=DocumentSoort.BETALINGSOVERZICHT)
    assert sorted(d.dossier_id for d in documenten) == sorted([a1.pk, a2.pk, b1.pk])
    assert Bericht.objects.filter(sleutel__startswith=f"betalingsoverzicht-{betaling.pk}-").count() == 2
    assert [m.to[0] for m in mail.outbox] == [a1.organisatie.email]  # b1's was stored earlier

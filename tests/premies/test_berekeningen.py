"""The 'Berekeningen' tab: per quarter the DmfA figures, cap, percentage, premiums, corrections,
payment date and status; what is not paid yet says why; totals per year; own dossiers only."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from loket.rules import Kwartaal
from premies.berekeningen import berekeningen
from premies.models import Betalingsblokkering, Betalingsprobleem, RunStatus
from tests.aanvragen.test_dossiers_fixtures import client_voor

from .factories import lijn, run, toegekend

pytestmark = pytest.mark.django_db

VANDAAG = "2026-11-15 10:00 +01:00"


def tab(client, dossier):
    response = client.get(reverse("aanvragen:dossier", args=[dossier.pk]) + "?tab=berekeningen")
    assert response.status_code == 200
    return response.content.decode()


def rij(html: str, testid: str) -> str:
    """The text of one table row, tags stripped and whitespace collapsed."""
    gevonden = re.search(rf'<tr data-testid="{re.escape(testid)}"[^>]*>(.*?)</tr>', html, re.S)
    assert gevonden, testid
    return " ".join(re.sub(r"<[^>]+>", " ", gevonden.group(1)).split())


@time_machine.travel(VANDAAG, tick=False)
def test_kwartalen_met_cijfers_correcties_en_wat_nog_komt(client):
    # Two years from 1 October 2025: 2025-Q4 … 2027-Q3.
    dossier, periode = toegekend()
    april, juli = run(dt.date(2026, 4, 20)), run(dt.date(2026, 7, 20))
    lijn(dossier, periode, 2025, 4, run=april)
    lijn(dossier, periode, 2026, 1, run=juli)
    # The employer corrected the Q1 declaration: a lower wage, 150 reclaimed in a later run.
    lijn(
        dossier,
        periode,
        2026,
        1,
        volgnummer=2,
        run=run(dt.date(2026, 10, 20)),
        brutoloon=Decimal("8625.00"),
        referteloon=Decimal("10875.00"),
        bedrag=Decimal("4350.00"),
        uitbetaald=Decimal("-150.00"),
    )
    client_voor(client, dossier.organisatie)

    html = tab(client, dossier)

    assert rij(html, "kwartaal-2025-Q4") == (
        "2025-Q4 (kwartaal 1) brutoloon € 9.000,00 werkgeversbijdragen € 2.250,00 verminderingen € 0,00 "
        "arbeidsfractie 1 € 11.250,00 € 12.179,28 40 % € 4.500,00 € 4.500,00 20/04/2026 Betaald"
    )
    assert rij(html, "kwartaal-2026-Q1").startswith("2026-Q1 (kwartaal 2) brutoloon € 9.000,00")
    assert rij(html, "kwartaal-2026-Q1-correctie-2") == (
        "Correctie 2026-Q1 brutoloon € 8.625,00 werkgeversbijdragen € 2.250,00 verminderingen € 0,00 "
        "arbeidsfractie 1 € 10.875,00 € 12.179,28 40 % € 4.350,00 − € 150,00 20/10/2026"
    )
    # Q2 was payable from October: the employer's declaration is awaited.
    assert (
        rij(html, "kwartaal-2026-Q2")
        == "2026-Q2 (kwartaal 3) – – – 40 % – – oktober 2026 Wacht op RSZ-aangifte"
    )
    # Q3 is paid from January.
    assert rij(html, "kwartaal-2026-Q3").endswith("januari 2027 Nog niet verschuldigd")
    assert 'data-testid="kwartaal-2027-Q3"' in html
    assert 'data-testid="kwartaal-2027-Q4"' not in html  # after the end
    assert re.search(r'data-testid="totaal-2025">€ 4.500,00<', html)
    assert re.search(r'data-testid="totaal-2026">€ 4.350,00<', html)
    assert re.search(r'data-testid="totaal">€ 8.850,00<', html)


@time_machine.travel(VANDAAG, tick=False)
def test_probleem_blokkering_en_run_die_nog_niet_vertrok():
    dossier, periode = toegekend()
    lijn(dossier, periode, 2025, 4, run=run(dt.date(2026, 4, 20)))
    lijn(dossier, periode, 2026, 1, run=run(dt.date(2026, 11, 20), status=RunStatus.GOEDGEKEURD))
    Betalingsprobleem.objects.create(
        dossier=dossier, jaar=2026, kwartaal=2, premie_soort="loonpremie", reden="Negatief brutoloon."
    )
    stand = {
        r.kwartaal: r.status for j in berekeningen(dossier, dt.date(2026, 11, 15))["jaren"] for r in j.rijen
    }
    assert stand[Kwartaal(2025, 4)] == "betaald"
    assert stand[Kwartaal(2026, 1)] == "in_betaling"
    assert stand[Kwartaal(2026, 2)] == "in_onderzoek"

    Betalingsblokkering.objects.create(dossier=dossier, reden="Controle")
    stand = {
        r.kwartaal: r.status for j in berekeningen(dossier, dt.date(2026, 11, 15))["jaren"] for r in j.rijen
    }
    assert stand[Kwartaal(2025, 4)] == "betaald"
    # Its line is in an approved run: the hold stops new lines, the run still pays this one.
    assert stand[Kwartaal(2026, 1)] == "in_betaling"
    assert stand[Kwartaal(2026, 2)] == "in_onderzoek"  # the problem is the reason, not the hold
    assert stand[Kwartaal(2026, 3)] == "nog_niet_verschuldigd"
    Betalingsprobleem.objects.update(opgelost_op=timezone.now())
    stand = {
        r.kwartaal: r.status for j in berekeningen(dossier, dt.date(2026, 11, 15))["jaren"] for r in j.rijen
    }
    assert stand[Kwartaal(2026, 2)] == "opgeschort"


@time_machine.travel(VANDAAG, tick=False)
def test_uit_dienst_pro_rata_en_doorbetaling_tijdens_evaluatie(client):
    # The employee left on 15 May 2026: the dossier ends then; Q3 and later are not listed.
    dossier, periode = toegekend(begeleidingspremie=True, eind=dt.date(2027, 9, 30))
    dossier.einddatum = dt.date(2026, 5, 15)
    dossier.save()
    lijn(dossier, periode, 2026, 2, run=run(dt.date(2026, 10, 20)), bedrag=Decimal("2250.00"))
    lijn(dossier, periode, 2026, 2, soort="begeleidingspremie", dagen_in_dienst=45, dagen_kwartaal=91)
    client_voor(client, dossier.organisatie)

    html = tab(client, dossier)

    assert "kwartaal-2026-Q3" not in html
    assert "de begeleidingspremie is pro rata betaald (45 van de 91 dagen in dienst)" in html
    assert "de loonpremie volgt het loon in de DmfA-aangifte" in html

    ander, periode = toegekend(eind=dt.date(2026, 3, 31), doorbetaling=True)
    lijn(ander, periode, 2026, 2, run=run(dt.date(2026, 10, 20)), doorbetaling=True)
    client_voor(client, ander.organisatie)
    html = tab(client, ander)
    assert 'data-testid="kwartaal-2026-Q2"' in html
    assert "de premie wordt verder betaald zolang de aangevraagde evaluatie loopt" in html


@time_machine.travel(VANDAAG, tick=False)
def test_een_probleem_toont_zijn_reden(client):
    dossier, periode = toegekend()
    lijn(dossier, periode, 2025, 4, run=run(dt.date(2026, 4, 20)))
    Betalingsprobleem.objects.create(
        dossier=dossier,
        jaar=2026,
        kwartaal=1,
        premie_soort="loonpremie",
        reden="De DmfA-aangifte vermeldt een negatief bedrag voor brutoloon.",
    )
    client_voor(client, dossier.organisatie)

    html = tab(client, dossier)

    assert rij(html, "kwartaal-2026-Q1").endswith("juli 2026 In onderzoek bij DWSE")
    assert re.search(
        r'data-testid="reden-2026-Q1">De DmfA-aangifte vermeldt een negatief bedrag voor brutoloon.<', html
    )
    assert 'data-testid="reden-2025-Q4"' not in html and 'data-testid="reden-2026-Q2"' not in html


@time_machine.travel(VANDAAG, tick=False)
def test_een_ander_organisatie_ziet_de_berekeningen_niet(client):
    dossier, periode = toegekend()
    lijn(dossier, periode, 2025, 4, run=run(dt.date(2026, 4, 20)))
    client_voor(client, toegekend()[0].organisatie)
    url = reverse("aanvragen:dossier", args=[dossier.pk]) + "?tab=berekeningen"
    assert client.get(url).status_code == 404


@time_machine.travel(VANDAAG, tick=False)
def test_nog_geen_beslissing(client):
    dossier, _periode = toegekend()
    dossier.beslissingen.all().delete()
    client_voor(client, dossier.organisatie)
    assert "er zijn nog geen berekeningen" in tab(client, dossier)


@time_machine.travel("2031-01-15 10:00 +01:00", tick=False)
@pytest.mark.parametrize("aantal", [4, 20])
def test_vast_aantal_queries_ongeacht_het_aantal_kwartalen(client, aantal, django_assert_max_num_queries):
    dossier, periode = toegekend(
        start=dt.date(2025, 1, 1), eind=dt.date(2029, 12, 31), schijven=((1, 5, 40), (6, 8, 30), (9, 20, 20))
    )
    betaling = run(dt.date(2026, 4, 20))
    kwartaal = Kwartaal(2025, 1)
    for _i in range(aantal):
        lijn(dossier, periode, kwartaal.jaar, kwartaal.nummer, run=betaling)
        lijn(dossier, periode, kwartaal.jaar, kwartaal.nummer, soort="begeleidingspremie", run=betaling)
        kwartaal = kwartaal.volgende()
    client_voor(client, dossier.organisatie)
    # session, access with the user, dossier; the engine's view: the lines with their run (once, for the
    # planning and the table), the dossier with its hold (also the banner's), periods, accounts,
    # DmfA, Dimona, the rule parameters (four tables; cached for later requests), open problems.
    with django_assert_max_num_queries(14):
        html = tab(client, dossier)
    assert html.count("Betaald</span>") == aantal


@time_machine.travel(VANDAAG, tick=False)
def test_een_nieuwe_periode_na_evaluatie_telt_haar_kwartalen_opnieuw(client):
    from aanvragen.models import Beslissing

    # The first period ran 2025-Q4 … 2026-Q1; after the evaluation a new one from 2026-Q2 at 30 %.
    dossier, eerste = toegekend(eind=dt.date(2026, 3, 31))
    tweede = Beslissing.objects.create(
        dossier=dossier,
        uitkomst="toegekend",
        soort="evaluatie",
        vorige_periode=eerste,
        loonpremie=True,
        percentage=30,
        pakket="vast",
        schijven=[[1, 8, 30]],
        duur_jaren=2,
        startdatum=dt.date(2026, 4, 1),
        einddatum=dt.date(2028, 3, 31),
        beslist_op=dt.date(2026, 3, 20),
    )
    dossier.einddatum = tweede.einddatum
    dossier.save()
    lijn(dossier, eerste, 2026, 1, run=run(dt.date(2026, 7, 20)))
    client_voor(client, dossier.organisatie)

    html = tab(client, dossier)

    assert rij(html, "kwartaal-2026-Q1").startswith("2026-Q1 (kwartaal 2)")
    assert (
        rij(html, "kwartaal-2026-Q2")
        == "2026-Q2 (kwartaal 1) – – – 30 % – – oktober 2026 Wacht op RSZ-aangifte"
    )
    assert 'data-testid="kwartaal-2028-Q1"' in html and 'data-testid="kwartaal-2028-Q2"' not in html


@time_machine.travel(VANDAAG, tick=False)
def test_een_onbereikbare_bron_geeft_een_melding_geen_serverfout(client, monkeypatch):
    from loket.bronnen import BronNietBeschikbaar

    dossier, _periode = toegekend()
    client_voor(client, dossier.organisatie)

    def plat(*args, **kwargs):
        raise BronNietBeschikbaar("RSZ time-out")

    monkeypatch.setattr("premies.berekeningen.dossier_overzicht", plat)
    html = tab(client, dossier)
    assert 'data-testid="berekening-onbeschikbaar"' in html


@time_machine.travel(VANDAAG, tick=False)
def test_een_zelfstandige_leest_over_zichzelf_niet_over_een_werknemer(client):
    dossier, _periode = toegekend(aanvrager_soort="zelfstandige")
    client_voor(client, dossier.organisatie)
    html = tab(client, dossier)
    assert "referentiebedrag voor zelfstandigen" in html and "van uw werknemer" not in html

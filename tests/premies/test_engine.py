"""The payout engine with worked numbers.

Dossier from 1 January 2026, 5-year package (40 % Q1–5, 30 % Q6–8, 20 % Q9–20). DmfA 2026-Q1:
gross wage 9,000 + employer contributions 2,250 − reductions 0 = reference wage 11,250. Cap:
2 × GGMMI 2,029.88 × 3 months × fraction 1 = 12,179.28. Loonpremie: 40 % × 11,250 = 4,500.00.
"""

import datetime as dt
from decimal import Decimal

import pytest

from loket.models import BegeleidingspremieBedrag
from premies import berekeningen, services
from premies.models import Betaallijn, Betalingsprobleem, RunStatus, Uitbetalingsrun
from tests import factories
from tests.premies.helpers import EIND, dmfa, lopend_dossier

JULI = dt.date(2026, 7, 1)

pytestmark = pytest.mark.django_db


def lijnen(dossier, **filters):
    return list(
        Betaallijn.objects.filter(dossier=dossier, **filters).order_by("jaar", "kwartaal", "volgnummer")
    )


def test_q1_is_paid_in_july_not_in_june():
    dossier = lopend_dossier()
    dmfa(dossier, 2026, 1)

    services.voer_run_uit(dt.date(2026, 6, 30))
    assert lijnen(dossier) == []

    run = services.voer_run_uit(JULI)
    [lijn] = lijnen(dossier)
    assert (lijn.jaar, lijn.kwartaal, lijn.kwartaalnummer, lijn.percentage) == (2026, 1, 1, 40)
    assert lijn.referteloon == Decimal("11250.00")
    assert lijn.plafond == Decimal("12179.28")
    assert lijn.bedrag == lijn.uitbetaald == Decimal("4500.00")
    assert lijn.iban == "BE71096123456769"
    assert lijn.run == run and run.status == RunStatus.CONCEPT
    assert (run.aantal_lijnen, run.totaal) == (1, Decimal("4500.00"))


@pytest.mark.parametrize(
    ("kwartaal", "betaalmaand"),
    [((2026, 2), dt.date(2026, 10, 1)), ((2026, 3), dt.date(2027, 1, 1)), ((2026, 4), dt.date(2027, 4, 1))],
)
def test_each_quarter_is_paid_in_the_fourth_month_after_it(kwartaal, betaalmaand):
    dossier = lopend_dossier()
    dmfa(dossier, *kwartaal)
    services.voer_run_uit(betaalmaand - dt.timedelta(days=1))
    assert lijnen(dossier, jaar=kwartaal[0], kwartaal=kwartaal[1]) == []
    services.voer_run_uit(betaalmaand)
    assert len(lijnen(dossier, jaar=kwartaal[0], kwartaal=kwartaal[1])) == 1


def test_the_cap_and_the_working_time_fraction_limit_the_premium():
    # Half-time: cap 12,179.28 × 0.5 = 6,089.64; 40 % of it = 2,435.86 (2,435.856 half up).
    dossier = lopend_dossier()
    dmfa(dossier, 2026, 1, brutoloon="20000.00", arbeidsfractie=Decimal("0.5"))
    services.voer_run_uit(JULI)
    [lijn] = lijnen(dossier)
    assert lijn.plafond == Decimal("6089.64")
    assert lijn.bedrag == Decimal("2435.86")


def test_a_quarter_without_dmfa_waits_and_is_paid_in_the_first_run_after_the_line_arrives():
    dossier = lopend_dossier()
    services.voer_run_uit(JULI)
    assert lijnen(dossier) == []
    [q1, *_rest] = services.kwartaaloverzicht(dossier, JULI)
    assert q1.status == "wacht_op_dmfa"
    assert "RSZ-aangifte" in q1.premies[0].reden

    dmfa(dossier, 2026, 1)
    services.voer_run_uit(dt.date(2026, 7, 2))
    assert [lijn.bedrag for lijn in lijnen(dossier)] == [Decimal("4500.00")]
    q1 = services.kwartaaloverzicht(dossier, dt.date(2026, 7, 2))[0]
    assert q1.status == "betaald" and q1.lijnen[0].bedrag == Decimal("4500.00")


def test_a_rerun_pays_nothing_twice():
    dossier = lopend_dossier()
    dmfa(dossier, 2026, 1)
    services.voer_run_uit(JULI)
    run = services.voer_run_uit(JULI)
    assert len(lijnen(dossier)) == 1
    assert Uitbetalingsrun.objects.count() == 1 and run.aantal_lijnen == 1


@pytest.mark.parametrize(
    ("nieuw_brutoloon", "nieuw_bedrag", "verschil"),
    [
        # 8,000 + 2,250 = 10,250 × 40 % = 4,100: reclaim 400.
        ("8000.00", Decimal("4100.00"), Decimal("-400.00")),
        # 9,500 + 2,250 = 11,750 × 40 % = 4,700: 200 more.
        ("9500.00", Decimal("4700.00"), Decimal("200.00")),
    ],
)
def test_a_changed_declaration_adds_one_correction_line(nieuw_brutoloon, nieuw_bedrag, verschil):
    dossier = lopend_dossier()
    lijn = dmfa(dossier, 2026, 1)
    services.voer_run_uit(JULI)
    lijn.brutoloon = Decimal(nieuw_brutoloon)
    lijn.save()

    services.voer_run_uit(dt.date(2026, 8, 1))
    services.voer_run_uit(dt.date(2026, 8, 2))  # the same declaration: no second correction

    eerste, correctie = lijnen(dossier)
    assert correctie.volgnummer == 2 and correctie.correctie
    assert correctie.bedrag == nieuw_bedrag
    assert correctie.uitbetaald == verschil
    assert eerste.uitbetaald + correctie.uitbetaald == nieuw_bedrag
    assert correctie.dmfa_versie != eerste.dmfa_versie


def test_leaving_service_mid_quarter_begeleidingspremie_pro_rata_and_nothing_after():
    # Leaves on 15 February 2027 (2027-Q1, quarter 5 of the award): 46 of 90 days in service.
    # Begeleidingspremie quarter 5: 1,200 + start-up 730 (midden) = 1,930 × 46 / 90 = 986.44.
    # Loonpremie follows that quarter's DmfA line as it is: 40 % × 11,250 = 4,500.
    dossier = lopend_dossier(
        begeleidingspremie=True, begeleidingsnood="midden", uit_dienst=dt.date(2027, 2, 15)
    )
    for kwartaal in [(2027, 1), (2027, 2)]:
        dmfa(dossier, *kwartaal)
    services.voer_run_uit(dt.date(2028, 1, 1))

    assert lijnen(dossier, jaar=2027, kwartaal=2) == []
    begeleiding = lijnen(dossier, jaar=2027, kwartaal=1, premie_soort="begeleidingspremie")[0]
    assert (begeleiding.dagen_in_dienst, begeleiding.dagen_kwartaal) == (46, 90)
    assert begeleiding.bedrag == Decimal("986.44")
    loon = lijnen(dossier, jaar=2027, kwartaal=1, premie_soort="loonpremie")[0]
    assert loon.bedrag == Decimal("4500.00")


def test_a_dimona_end_stops_payment_like_leaving_service():
    dossier = lopend_dossier()
    factories.DimonaRelatieFactory(
        werkgever_kbo=dossier.organisatie.kbo_nummer,
        insz=dossier.werknemer_insz,
        begin=dt.date(2025, 1, 1),
        einde=dt.date(2026, 3, 31),
    )
    dmfa(dossier, 2026, 1)
    dmfa(dossier, 2026, 2)
    services.voer_run_uit(dt.date(2027, 1, 1))
    assert [(lijn.jaar, lijn.kwartaal) for lijn in lijnen(dossier)] == [(2026, 1)]


def test_no_payment_after_the_end_date_unless_payment_continues_during_an_evaluation():
    dossier = lopend_dossier(start=dt.date(2026, 1, 1), eind=dt.date(2026, 3, 31), schijven=[[1, 1, 40]])
    dmfa(dossier, 2026, 1)
    dmfa(dossier, 2026, 2)
    services.voer_run_uit(dt.date(2026, 10, 1))
    assert [(lijn.jaar, lijn.kwartaal) for lijn in lijnen(dossier)] == [(2026, 1)]

    dossier.doorbetaling = True
    dossier.save()
    services.voer_run_uit(dt.date(2026, 10, 2))
    q2 = lijnen(dossier, jaar=2026, kwartaal=2)[0]
    assert q2.doorbetaling and q2.percentage == 40 and q2.bedrag == Decimal("4500.00")


def test_a_quarter_is_paid_under_the_period_it_falls_in():
    # The evaluation's new period from 2026-Q3 at 55 %: 2026-Q3 is its quarter 1.
    from aanvragen.models import Beslissing

    dossier = lopend_dossier(eind=dt.date(2026, 6, 30))
    eerste = dossier.beslissingen.get()
    Beslissing.objects.create(
        dossier=dossier,
        uitkomst="toegekend",
        loonpremie=True,
        schijven=[[1, 20, 55]],
        startdatum=dt.date(2026, 7, 1),
        einddatum=dt.date(2031, 6, 30),
        soort="evaluatie",
        vorige_periode=eerste,
        beslist_op=dt.date(2026, 6, 1),
    )
    dossier.einddatum = dt.date(2031, 6, 30)  # the evaluation moves the dossier's period
    dossier.save()
    dmfa(dossier, 2026, 2)
    dmfa(dossier, 2026, 3)
    services.voer_run_uit(dt.date(2027, 1, 1))
    q2, q3 = lijnen(dossier)
    assert (q2.percentage, q2.kwartaalnummer, q2.periode_id) == (40, 2, eerste.pk)
    assert (q3.percentage, q3.kwartaalnummer, q3.bedrag) == (55, 1, Decimal("6187.50"))


def test_hold_skips_the_dossier_and_release_pays_it_in_the_next_run(django_user_model):
    gebruiker = factories.UserFactory()
    vastgehouden = lopend_dossier()
    ander = lopend_dossier()
    for d in (vastgehouden, ander):
        dmfa(d, 2026, 1)
    services.zet_op_hold(vastgehouden, "Fraudeonderzoek", gebruiker)

    run = services.voer_run_uit(JULI)
    assert lijnen(vastgehouden) == [] and len(lijnen(ander)) == 1
    assert run.overzicht["geblokkeerd"] == [vastgehouden.referentie]
    assert services.kwartaaloverzicht(vastgehouden, JULI)[0].status == "geblokkeerd"

    services.hef_hold_op(vastgehouden, "Onderzoek afgerond", gebruiker)
    services.voer_run_uit(dt.date(2026, 7, 2))
    assert len(lijnen(vastgehouden)) == 1


def test_hold_needs_a_reason_and_cannot_be_set_twice():
    gebruiker = factories.UserFactory()
    dossier = lopend_dossier()
    with pytest.raises(services.OngeldigeRunOvergang):
        services.zet_op_hold(dossier, "  ", gebruiker)
    services.zet_op_hold(dossier, "Controle", gebruiker)
    with pytest.raises(services.OngeldigeRunOvergang):
        services.zet_op_hold(dossier, "Nog eens", gebruiker)
    with pytest.raises(services.OngeldigeRunOvergang):
        services.hef_hold_op(lopend_dossier(), "Niet geblokkeerd", gebruiker)


@pytest.mark.parametrize(
    ("slecht", "in_reden"),
    [
        ({"brutoloon": "-10.00"}, "negatief bedrag voor brutoloon"),
        ({"arbeidsfractie": Decimal("1.2")}, "arbeidsfractie"),
        ({"werkgever_kbo": factories.kbo_nummer(999_001)}, "andere werkgever"),
    ],
)
def test_bad_dmfa_input_is_a_problem_and_the_rest_is_paid(slecht, in_reden):
    goed = lopend_dossier()
    dmfa(goed, 2026, 1)
    fout = lopend_dossier()
    dmfa(fout, 2026, 1, **slecht)

    services.voer_run_uit(JULI)
    assert len(lijnen(goed)) == 1 and lijnen(fout) == []
    [probleem] = Betalingsprobleem.objects.filter(dossier=fout)
    assert in_reden in probleem.reden and probleem.opgelost_op is None
    assert services.kwartaaloverzicht(fout, JULI)[0].status == "probleem"


def test_a_problem_is_resolved_when_the_quarter_is_paid():
    dossier = lopend_dossier()
    lijn = dmfa(dossier, 2026, 1, brutoloon="-1.00")
    services.voer_run_uit(JULI)
    services.voer_run_uit(dt.date(2026, 7, 2))  # the same problem stays one row
    assert Betalingsprobleem.objects.filter(dossier=dossier).count() == 1
    lijn.arbeidsfractie = Decimal("1.5")  # another fault: the open problem says so
    lijn.save()
    services.voer_run_uit(dt.date(2026, 7, 2))
    [probleem] = Betalingsprobleem.objects.filter(dossier=dossier)
    assert "brutoloon" in probleem.reden and "arbeidsfractie" in probleem.reden

    lijn.brutoloon, lijn.arbeidsfractie = Decimal("9000.00"), Decimal("1")
    lijn.save()
    services.voer_run_uit(dt.date(2026, 7, 3))
    probleem = Betalingsprobleem.objects.get(dossier=dossier)
    assert probleem.opgelost_op is not None
    assert len(lijnen(dossier)) == 1


def test_a_gap_in_the_ggmmi_is_a_problem():
    from loket.models import GgmmiBedrag

    GgmmiBedrag.objects.filter(geldig_tot__isnull=True).update(geldig_tot=dt.date(2026, 1, 31))
    dossier = lopend_dossier()
    dmfa(dossier, 2026, 1)
    services.voer_run_uit(JULI)
    assert lijnen(dossier) == []
    reden = Betalingsprobleem.objects.get(dossier=dossier).reden
    assert "GGMMI" in reden and "februari 2026" in reden and "maart 2026" in reden


def test_no_active_account_is_a_problem():
    dossier = lopend_dossier(iban="")
    dmfa(dossier, 2026, 1)
    services.voer_run_uit(JULI)
    assert "rekeningnummer" in Betalingsprobleem.objects.get(dossier=dossier).reden


def test_a_school_is_paid_on_the_account_of_its_scholengroep():
    groep = factories.OrganisatieFactory(soort="scholengroep")
    factories.BankrekeningFactory(organisatie=groep, iban="BE62510007547061")
    school = factories.OrganisatieFactory(soort="school", scholengroep=groep)
    dossier = lopend_dossier(organisatie=school)
    dmfa(dossier, 2026, 1)  # declared under the school's own KBO number
    services.voer_run_uit(JULI)
    [lijn] = lijnen(dossier)
    assert (lijn.organisatie, lijn.iban) == (groep, "BE62510007547061")


def test_ondersteuningspremie_uses_the_reference_amount_or_three_ggmmi_by_default():
    # Default: 3 × 2,029.88 = 6,089.64 × 40 % = 2,435.86. Set by staff for 2026-Q2: 5,000 × 40 % = 2,000.
    from loket.models import OndersteuningReferentiebedrag

    OndersteuningReferentiebedrag.objects.create(
        geldig_vanaf=dt.date(2026, 4, 1), geldig_tot=dt.date(2026, 6, 30), bedrag_per_kwartaal=Decimal("5000")
    )
    dossier = lopend_dossier(loonpremie=False, ondersteuningspremie=True)
    services.voer_run_uit(dt.date(2026, 10, 1))  # no DmfA needed
    q1, q2 = lijnen(dossier)
    assert (q1.referteloon, q1.bedrag) == (Decimal("6089.64"), Decimal("2435.86"))
    assert (q2.referteloon, q2.bedrag) == (Decimal("5000.00"), Decimal("2000.00"))


def test_begeleidingspremie_only_for_quarters_with_a_dmfa_line():
    # Quarter 1: 1,200 + start-up 1,280 (hoog) = 2,480.
    dossier = lopend_dossier(begeleidingspremie=True, begeleidingsnood="hoog")
    dmfa(dossier, 2026, 1)
    services.voer_run_uit(dt.date(2026, 10, 1))
    begeleiding = lijnen(dossier, premie_soort="begeleidingspremie")
    assert [(b.kwartaal, b.bedrag) for b in begeleiding] == [(1, Decimal("2480.00"))]
    overzicht = services.kwartaaloverzicht(dossier, dt.date(2026, 10, 1))
    assert [k.status for k in overzicht[:3]] == ["betaald", "wacht_op_dmfa", "nog_niet_verschuldigd"]


def test_plan_run_tells_what_a_run_would_pay_without_writing():
    dossier = lopend_dossier()
    dmfa(dossier, 2026, 1)
    plan = services.plan_run(dt.date(2026, 10, 1))
    assert plan["lijnen"] == 1 and plan["totaal"] == Decimal("4500.00") and plan["wacht_op_dmfa"] == 1
    assert lijnen(dossier) == []


def test_a_run_approved_while_the_engine_is_busy_gets_no_more_lines(settings, monkeypatch):
    # Chunks of one dossier; after the first chunk a supervisor approves the run (as keur_goed
    # would, under the run's lock): the second dossier's line goes into a new concept run.
    from premies import uitbetaling

    settings.PREMIES_CHUNK_GROOTTE = 1
    eerste, tweede = lopend_dossier(), lopend_dossier()
    for d in (eerste, tweede):
        dmfa(d, 2026, 1)
    echte_schrijf = uitbetaling._schrijf
    aanroepen = []

    def schrijf_en_keur_goed(run, *args):
        resultaat = echte_schrijf(run, *args)
        if not aanroepen:
            Uitbetalingsrun.objects.filter(pk=run.pk).update(status=RunStatus.GOEDGEKEURD)
        aanroepen.append(run.pk)
        return resultaat

    monkeypatch.setattr(uitbetaling, "_schrijf", schrijf_en_keur_goed)
    nieuwe = services.voer_run_uit(JULI)
    goedgekeurd = Uitbetalingsrun.objects.get(status=RunStatus.GOEDGEKEURD)
    assert [lijn.dossier for lijn in goedgekeurd.lijnen.all()] == [eerste]
    assert [lijn.dossier for lijn in nieuwe.lijnen.all()] == [tweede]
    assert nieuwe.status == RunStatus.CONCEPT and nieuwe.aantal_lijnen == 1


def test_the_overview_shows_a_due_quarter_not_yet_in_a_run_as_te_betalen():
    dossier = lopend_dossier()
    dmfa(dossier, 2026, 1)
    [q1] = services.kwartaaloverzicht(dossier, JULI)[:1]
    assert q1.status == "te_betalen" and q1.betaalmaand == JULI and q1.lijnen == []


def test_the_daily_task_is_scheduled_and_runs_the_engine(settings):
    from premies.tasks.uitbetaling import betaal_wat_verschuldigd_is

    taken = {t["task"] for t in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "premies.tasks.uitbetaling.betaal_wat_verschuldigd_is",
        "premies.tasks.sepa.verzend_goedgekeurde_runs",
    } <= taken
    dossier = lopend_dossier()
    dmfa(dossier, 2026, 1)
    run_id = betaal_wat_verschuldigd_is.delay("2026-07-01").get()
    assert betaal_wat_verschuldigd_is.acks_late
    assert [lijn.run_id for lijn in lijnen(dossier)] == [run_id]


def test_the_overview_keeps_an_open_problem_over_a_hold_or_a_missing_dmfa():
    dossier = lopend_dossier()
    for kwartaal in (1, 2):
        Betalingsprobleem.objects.create(
            dossier=dossier,
            jaar=2026,
            kwartaal=kwartaal,
            premie_soort="loonpremie",
            reden="Negatief brutoloon.",
        )
    dmfa(dossier, 2026, 2)  # Q2 is payable now: the next run pays it and solves its problem
    oktober = dt.date(2026, 10, 1)

    q1, q2 = services.kwartaaloverzicht(dossier, oktober)[:2]
    assert (q1.status, q1.premies[0].reden) == ("probleem", "Negatief brutoloon.")
    assert q2.status == "te_betalen"

    services.zet_op_hold(dossier, "Controle", factories.UserFactory())
    q1, q2 = services.kwartaaloverzicht(dossier, oktober)[:2]
    assert (q1.status, q1.premies[0].reden) == ("probleem", "Negatief brutoloon.")
    assert (q2.status, q2.premies[0].reden) == ("probleem", "Negatief brutoloon.")  # not paid while on hold


def test_the_overview_lists_a_paid_quarter_the_planning_no_longer_covers_and_the_schedule():
    dossier = lopend_dossier()
    dmfa(dossier, 2026, 2)
    services.voer_run_uit(dt.date(2026, 10, 1))
    dossier.einddatum = dt.date(2026, 3, 31)  # the employee left before Q2 (registered later)
    dossier.save()

    overzicht = services.kwartaaloverzicht(dossier, dt.date(2026, 10, 1))
    # Q2 is listed with what it paid; the next run reclaims it (see the test below).
    assert [(k.jaar, k.kwartaal, k.kwartaalnummer, k.status) for k in overzicht] == [
        (2026, 1, 1, "wacht_op_dmfa"),
        (2026, 2, 2, "te_betalen"),
    ]
    assert overzicht[0].schema == [(1, 5, 40), (6, 8, 30), (9, 20, 20)]
    assert [lijn.bedrag for lijn in overzicht[1].lijnen] == [Decimal("4500.00")]
    assert "niet meer in dienst" in overzicht[1].premies[0].reden

    services.voer_run_uit(dt.date(2026, 10, 2))
    overzicht = services.kwartaaloverzicht(dossier, dt.date(2026, 10, 2))
    assert overzicht[1].status == "betaald"
    assert [lijn.uitbetaald for lijn in overzicht[1].lijnen] == [Decimal("4500.00"), Decimal("-4500.00")]


def test_leaving_reported_after_payment_reclaims_the_quarters_after_it_once():
    # Q1-Q3 2026 paid in full (runs of July, October, January). Then the employer reports that the
    # employee left on 15 May 2026 (quarter 2: 45 of 91 days in service). The next run reclaims
    # quarter 3 entirely (loonpremie 4,500 and begeleidingspremie 1,930), corrects quarter 2's
    # begeleidingspremie to 1,930 x 45 / 91 = 954.40 (-975.60), keeps quarter 2's loonpremie (it
    # follows the DmfA line). A rerun adds nothing.
    dossier = lopend_dossier(begeleidingspremie=True, begeleidingsnood="midden")
    for kwartaal in [(2026, 1), (2026, 2), (2026, 3)]:
        dmfa(dossier, *kwartaal)
    services.voer_run_uit(dt.date(2027, 1, 1))
    assert len(lijnen(dossier)) == 6

    dossier.einddatum = dt.date(2026, 5, 15)  # as processing 'uit dienst' sets it
    dossier.save(update_fields=["einddatum"])
    services.voer_run_uit(dt.date(2027, 1, 2))
    services.voer_run_uit(dt.date(2027, 1, 3))

    q3 = lijnen(dossier, jaar=2026, kwartaal=3)
    assert sorted((lijn.premie_soort, lijn.volgnummer, lijn.uitbetaald) for lijn in q3) == [
        ("begeleidingspremie", 1, Decimal("1930.00")),
        ("begeleidingspremie", 2, Decimal("-1930.00")),
        ("loonpremie", 1, Decimal("4500.00")),
        ("loonpremie", 2, Decimal("-4500.00")),
    ]
    assert all(lijn.bedrag == 0 for lijn in q3 if lijn.volgnummer == 2)
    begeleiding_q2 = lijnen(dossier, jaar=2026, kwartaal=2, premie_soort="begeleidingspremie")
    assert [(b.volgnummer, b.dagen_in_dienst, b.bedrag, b.uitbetaald) for b in begeleiding_q2] == [
        (1, 91, Decimal("1930.00"), Decimal("1930.00")),
        (2, 45, Decimal("954.40"), Decimal("-975.60")),
    ]
    assert len(lijnen(dossier, jaar=2026, kwartaal=2, premie_soort="loonpremie")) == 1
    assert len(lijnen(dossier)) == 9  # the rerun added nothing

    # On the tab: quarter 3 says why its money is reclaimed.
    tab = berekeningen.berekeningen(dossier, dt.date(2027, 1, 3))
    rijen = {r.kwartaal.nummer: r for jaar in tab["jaren"] for r in jaar.rijen}
    assert rijen[3].uitbetaald == 0
    assert any("niet meer in dienst" in o for o in rijen[3].opmerkingen)


def test_a_reclaimed_quarter_is_paid_again_when_the_employee_turns_out_to_be_in_service():
    dossier = lopend_dossier(begeleidingspremie=True, begeleidingsnood="midden")
    dmfa(dossier, 2026, 1)
    dmfa(dossier, 2026, 2)
    services.voer_run_uit(dt.date(2026, 10, 1))
    dossier.einddatum = dt.date(2026, 3, 31)
    dossier.save(update_fields=["einddatum"])
    services.voer_run_uit(dt.date(2026, 10, 2))
    assert sum(lijn.uitbetaald for lijn in lijnen(dossier, jaar=2026, kwartaal=2)) == 0

    dossier.einddatum = EIND  # the report was a mistake
    dossier.save(update_fields=["einddatum"])
    services.voer_run_uit(dt.date(2026, 10, 3))
    services.voer_run_uit(dt.date(2026, 10, 4))

    q2 = lijnen(dossier, jaar=2026, kwartaal=2)
    assert [lijn.volgnummer for lijn in q2 if lijn.premie_soort == "loonpremie"] == [1, 2, 3]
    assert sum(lijn.uitbetaald for lijn in q2 if lijn.premie_soort == "loonpremie") == Decimal("4500.00")
    assert sum(lijn.uitbetaald for lijn in q2 if lijn.premie_soort == "begeleidingspremie") == Decimal(
        "1930.00"
    )


def test_a_parameter_changed_after_payment_does_not_reopen_a_paid_flat_amount():
    dossier = lopend_dossier(begeleidingspremie=True, begeleidingsnood="midden")
    dmfa(dossier, 2026, 1)
    services.voer_run_uit(JULI)
    BegeleidingspremieBedrag.objects.update(bedrag_per_kwartaal=Decimal("1300"))
    services.voer_run_uit(dt.date(2026, 7, 2))
    assert len(lijnen(dossier, premie_soort="begeleidingspremie")) == 1


def test_one_dossier_loaded_alone_is_what_its_chunk_loads_for_it():
    """The tab 'Berekeningen' loads one dossier through prepared queries, a run a chunk through
    querysets: the same periods, account (a school's scholengroep), DmfA and Dimona lines, block
    and payment lines either way, so the tab shows what the run pays."""
    from premies.models import Betalingsblokkering
    from premies.uitbetaling import laad_gegevens
    from tests.premies import factories as premiefactories

    groep = factories.OrganisatieFactory(soort="scholengroep")
    factories.BankrekeningFactory(organisatie=groep, iban="BE62510007547061")
    school = factories.OrganisatieFactory(soort="school", scholengroep=groep)
    dossier = lopend_dossier(organisatie=school, begeleidingspremie=True, begeleidingsnood="midden")
    dmfa(dossier, 2025, 4)  # before the grant: not read
    dmfa(dossier, 2026, 1)
    dmfa(dossier, 2026, 2, werkgever_kbo=factories.OrganisatieFactory().kbo_nummer)
    factories.DimonaRelatieFactory(
        insz=dossier.werknemer_insz, werkgever_kbo=school.kbo_nummer, begin=dt.date(2025, 9, 1)
    )
    Betalingsblokkering.objects.create(dossier=dossier, reden="Controle")
    premiefactories.lijn(dossier, dossier.beslissingen.get(), 2026, 1)
    ander = lopend_dossier(iban="")

    (alleen,) = laad_gegevens([dossier.pk])
    in_chunk = {g.id: g for g in laad_gegevens([ander.pk, dossier.pk])}
    assert alleen == in_chunk[dossier.pk]
    assert (alleen.iban, alleen.geblokkeerd, len(alleen.periodes), len(alleen.tewerkstellingen)) == (
        "BE62510007547061",
        True,
        1,
        1,
    )
    assert sorted(alleen.loonlijnen) == [(2026, 1), (2026, 2)] and alleen.bestaande
    assert laad_gegevens([ander.pk]) == [in_chunk[ander.pk]] and in_chunk[ander.pk].iban == ""
    assert laad_gegevens([dossier.pk + ander.pk + 1]) == []  # no such dossier

"""Four-eyes approval, the SEPA credit transfer file (validated against pain.001.001.09) and the
signal that follows."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from lxml import etree

from aanvragen.rollen import zet_rollen
from premies import sepa, services
from premies.models import RunStatus, Uitbetalingsrun
from premies.signals import run_verzonden
from premies.tasks.sepa import verzend_goedgekeurde_runs
from tests import factories
from tests.premies.helpers import dmfa, lopend_dossier

pytestmark = pytest.mark.django_db
JULI = dt.date(2026, 7, 1)
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}


def supervisor(naam):
    zet_rollen()
    user = factories.UserFactory(username=naam, is_staff=True)
    user.groups.add(Group.objects.get(name="supervisor"))
    return user


def behandelaar(naam):
    zet_rollen()
    user = factories.UserFactory(username=naam, is_staff=True)
    user.groups.add(Group.objects.get(name="behandelaar"))
    return user


@pytest.fixture
def run_met_drie_organisaties():
    """Org A: two dossiers (4,500 + 4,500); org B: one (4,500); org C: paid 4,500 in an earlier run,
    then a lower declaration reclaims 400 in this one."""
    a = factories.OrganisatieFactory(naam="Bakkerij Vandenbroeck bv")
    b = factories.OrganisatieFactory(naam="Drukkerij Peeters nv")
    c = factories.OrganisatieFactory(naam="Garage Claes")
    factories.BankrekeningFactory(organisatie=b, iban="BE62510007547061")
    dossier_c = lopend_dossier(organisatie=c, iban="BE43068999999501")
    lijn_c = dmfa(dossier_c, 2026, 1)
    eerste = services.voer_run_uit(JULI)
    Uitbetalingsrun.objects.filter(pk=eerste.pk).update(status=RunStatus.VERZONDEN)
    lijn_c.brutoloon = Decimal("8000.00")
    lijn_c.save()
    for org in (a, a, b):
        dmfa(lopend_dossier(organisatie=org), 2026, 1)
    return services.voer_run_uit(dt.date(2026, 7, 2))


def test_four_eyes_who_started_the_run_cannot_approve_it(django_capture_on_commit_callbacks):
    starter, ander = supervisor("sup-a"), supervisor("sup-b")
    dmfa(lopend_dossier(), 2026, 1)
    run = services.voer_run_uit(JULI, door=starter)
    with pytest.raises(services.OngeldigeRunOvergang, match="Vier ogen"):
        services.keur_goed(run, starter)
    with pytest.raises(services.OngeldigeRunOvergang, match="supervisor"):
        services.keur_goed(run, behandelaar("beh"))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.keur_goed(run, ander)
    run.refresh_from_db()
    assert run.goedgekeurd_door == ander
    assert run.status == RunStatus.VERZONDEN  # the SEPA task ran on commit (eager in tests)
    with pytest.raises(services.OngeldigeRunOvergang):
        services.keur_goed(run, ander)


def test_a_run_of_the_daily_task_may_be_approved_by_any_supervisor_but_not_when_empty():
    run = services.voer_run_uit(JULI)
    with pytest.raises(services.OngeldigeRunOvergang, match="geen betaallijnen"):
        services.keur_goed(run, supervisor("sup-a"))
    dmfa(lopend_dossier(), 2026, 1)
    run = services.voer_run_uit(JULI)
    assert run.gestart_door is None
    services.keur_goed(run, supervisor("sup-b"))


def test_lines_of_a_later_pass_go_into_a_new_concept_run_after_approval():
    dmfa(lopend_dossier(), 2026, 1)
    eerste = services.voer_run_uit(JULI)
    services.keur_goed(eerste, supervisor("sup"))
    dmfa(lopend_dossier(), 2026, 1)
    tweede = services.voer_run_uit(dt.date(2026, 7, 2))
    assert tweede.pk != eerste.pk and tweede.aantal_lijnen == 1


@time_machine.travel(dt.datetime(2026, 7, 3, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_sepa_file_validates_and_has_one_transfer_per_account_reclaims_listed(
    run_met_drie_organisaties, django_capture_on_commit_callbacks
):
    ontvangen = []

    def ontvanger(sender, run, **kwargs):
        ontvangen.append(run.pk)

    run_verzonden.connect(ontvanger)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run = services.keur_goed(run_met_drie_organisaties, supervisor("sup"))
    finally:
        run_verzonden.disconnect(ontvanger)
    run.refresh_from_db()
    assert ontvangen == [run.pk]
    assert run.status == RunStatus.VERZONDEN and run.verzonden_op is not None

    inhoud = run.sepa_bestand.read()
    sepa.valideer(inhoud)  # raises when invalid
    xml = etree.fromstring(inhoud)
    transfers = xml.findall(".//p:CdtTrfTxInf", NS)
    per_naam = {
        t.find("p:Cdtr/p:Nm", NS).text: (
            Decimal(t.find("p:Amt/p:InstdAmt", NS).text),
            t.find("p:CdtrAcct/p:Id/p:IBAN", NS).text,
            t.find("p:RmtInf/p:Ustrd", NS).text,
        )
        for t in transfers
    }
    assert set(per_naam) == {"Bakkerij Vandenbroeck bv", "Drukkerij Peeters nv"}
    assert per_naam["Bakkerij Vandenbroeck bv"][:2] == (Decimal("9000.00"), "BE71096123456769")
    assert per_naam["Drukkerij Peeters nv"][:2] == (Decimal("4500.00"), "BE62510007547061")
    omschrijving = per_naam["Bakkerij Vandenbroeck bv"][2]
    assert omschrijving.startswith(f"IMW run {run.pk} 2026-Q1: IMW-2026-") and len(omschrijving) <= 140
    assert xml.find(".//p:GrpHdr/p:CtrlSum", NS).text == "13500.00"
    assert xml.find(".//p:DbtrAcct/p:Id/p:IBAN", NS).text == "BE62510007547061"
    assert xml.find(".//p:ReqdExctnDt/p:Dt", NS).text == "2026-07-03"
    [terug] = run.overzicht["terugvorderingen"]
    assert (terug["organisatie"], terug["bedrag"]) == ("Garage Claes", "400.00")


def test_the_schema_check_refuses_a_broken_file():
    with pytest.raises(sepa.OngeldigSepaBestand):
        sepa.valideer(b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><X/></Document>')


def test_the_remittance_text_summarises_many_dossiers_within_140_characters():
    refs = [f"IMW-2026-{i:06d}" for i in range(1, 40)]
    tekst = sepa.omschrijving(7, ["2026-Q1", "2026-Q2"], refs)
    assert len(tekst) <= 140
    assert tekst.startswith("IMW run 7 2026-Q1, 2026-Q2: IMW-2026-000001, IMW-2026-000002")
    assert tekst.endswith("andere")
    assert sepa.omschrijving(7, ["2026-Q1"], ["IMW-2026-000001"]) == "IMW run 7 2026-Q1: IMW-2026-000001"


def test_the_sweeper_finishes_an_approved_run_left_without_its_file():
    dmfa(lopend_dossier(), 2026, 1)
    run = services.voer_run_uit(JULI)
    Uitbetalingsrun.objects.filter(pk=run.pk).update(status=RunStatus.GOEDGEKEURD)  # worker died here
    assert verzend_goedgekeurde_runs() == [run.pk]
    run.refresh_from_db()
    assert run.status == RunStatus.VERZONDEN and run.sepa_bestand
    assert verzend_goedgekeurde_runs() == []
    assert services.verzend(run).pk == run.pk  # sending again changes nothing


def test_a_run_of_reclaims_only_is_sent_without_a_file():
    dossier = lopend_dossier()
    lijn = dmfa(dossier, 2026, 1)
    eerste = services.voer_run_uit(JULI)
    Uitbetalingsrun.objects.filter(pk=eerste.pk).update(status=RunStatus.VERZONDEN)
    lijn.brutoloon = Decimal("8000.00")
    lijn.save()
    run = services.voer_run_uit(dt.date(2026, 7, 2))
    assert run.totaal == Decimal("-400.00")
    Uitbetalingsrun.objects.filter(pk=run.pk).update(status=RunStatus.GOEDGEKEURD)
    run = services.verzend(run)
    assert run.status == RunStatus.VERZONDEN and not run.sepa_bestand
    assert run.overzicht["overschrijvingen"] == 0
    assert [t["bedrag"] for t in run.overzicht["terugvorderingen"]] == ["400.00"]

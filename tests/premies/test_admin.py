"""Staff pages of the payouts: approve with four eyes, download the SEPA file, the hold list, the
figures page and the payment history on the dossier page."""

import datetime as dt

import pytest
import time_machine

from aanvragen.rollen import zet_rollen
from premies import services
from premies.models import Betalingsblokkering, RunStatus
from tests.behandeling.conftest import maak_medewerker, meld_aan_met_otp
from tests.premies.helpers import dmfa, lopend_dossier

pytestmark = pytest.mark.django_db
JULI = dt.date(2026, 7, 1)


@pytest.fixture(autouse=True)
def _rollen(settings):
    settings.AXES_ENABLED = False
    zet_rollen()


@pytest.fixture
def supervisor():
    return maak_medewerker("supervisor", "sup1")


@pytest.fixture
def tweede_supervisor():
    return maak_medewerker("supervisor", "sup2")


def actie(client, actie, run):
    return client.post(
        "/admin/premies/uitbetalingsrun/",
        {"action": actie, "_selected_action": [run.pk]},
        follow=True,
    ).content.decode()


def test_approve_action_shows_the_four_eyes_error_and_another_supervisor_approves(
    client, supervisor, tweede_supervisor, django_capture_on_commit_callbacks
):
    dossier = lopend_dossier()
    dmfa(dossier, 2026, 1)
    run = services.voer_run_uit(JULI, door=supervisor)

    meld_aan_met_otp(client, supervisor)
    assert "Vier ogen" in actie(client, "keur_goed", run)
    run.refresh_from_db()
    assert run.status == RunStatus.CONCEPT

    client.logout()
    meld_aan_met_otp(client, tweede_supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        actie(client, "keur_goed", run)
    run.refresh_from_db()
    assert run.status == RunStatus.VERZONDEN

    download = client.get(f"/admin/premies/uitbetalingsrun/{run.pk}/sepa/")
    assert download.status_code == 200
    assert b"pain.001.001.09" in b"".join(download.streaming_content)
    lijst = client.get(f"/admin/premies/betaallijn/?run__id__exact={run.pk}").content.decode()
    assert dossier.referentie in lijst


def test_a_behandelaar_sees_runs_but_cannot_approve(client):
    behandelaar = maak_medewerker("behandelaar", "beh1")
    dmfa(lopend_dossier(), 2026, 1)
    services.voer_run_uit(JULI)
    meld_aan_met_otp(client, behandelaar)
    html = client.get("/admin/premies/uitbetalingsrun/").content.decode()
    assert "Uitbetaling" in html and "keur_goed" not in html
    assert client.get("/admin/premies/betalingsblokkering/add/").status_code == 403


def test_hold_and_release_through_the_hold_list(client, supervisor):
    dossier = lopend_dossier()
    meld_aan_met_otp(client, supervisor)
    client.post(
        "/admin/premies/betalingsblokkering/add/", {"dossier": dossier.pk, "reden": "Controle loonlijst"}
    )
    blokkering = Betalingsblokkering.objects.get(dossier=dossier)
    assert (blokkering.reden, blokkering.door) == ("Controle loonlijst", supervisor)

    dubbel = client.post(
        "/admin/premies/betalingsblokkering/add/", {"dossier": dossier.pk, "reden": "Nog eens"}
    )
    assert "staan al on hold" in dubbel.content.decode()

    client.post(
        f"/admin/premies/betalingsblokkering/{blokkering.pk}/change/",
        {"reden_opheffing": "Loonlijst in orde"},
    )
    blokkering.refresh_from_db()
    assert blokkering.opgeheven_op is not None and blokkering.opgeheven_door == supervisor


@time_machine.travel(dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC), tick=False)
def test_figures_page_and_starting_a_run_from_it(client, supervisor):
    dossier = lopend_dossier()
    dmfa(dossier, 2026, 1)
    meld_aan_met_otp(client, supervisor)
    antwoord = client.post("/admin/premies/uitbetalingsrun/cijfers/", follow=True)
    assert "1 lijnen" in antwoord.content.decode()
    html = client.get("/admin/premies/uitbetalingsrun/cijfers/").content.decode()
    assert "In voorbereiding" in html and "€ 4500,00" in html
    assert "wachten op de RSZ-aangifte" in html


def test_the_dossier_page_shows_the_payment_history(client, supervisor):
    dossier = lopend_dossier()
    dmfa(dossier, 2026, 1)
    services.voer_run_uit(JULI)
    meld_aan_met_otp(client, supervisor)
    html = client.get(f"/admin/aanvragen/dossier/{dossier.pk}/change/").content.decode()
    assert "Betalingen" in html and "4500" in html
    tabel = html[html.index('data-testid="betalingen"') :]
    assert "2026-Q1" in tabel and "€ 4500,00" in tabel and "Uitbetaling " in tabel

"""The staff side of the appeal: the queue on the stored 60-day deadline (overdue first), the
digest, recording the outcome with the letter and the history, and who may do it."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from aanvragen import beroep as beroep_service
from aanvragen import beslissingen
from aanvragen.models import Beroep, DocumentSoort
from aanvragen.termijnen import termijnoverzicht, verstuur_termijnen_digest
from loket.models import Bericht
from tests import factories
from tests.behandeling.conftest import maak_medewerker, meld_aan_met_otp
from tests.beroep.conftest import beslist_dossier

pytestmark = pytest.mark.django_db


def ingediend(organisatie, door=None) -> Beroep:
    dossier = beslist_dossier(organisatie)
    door = door or factories.UserFactory()
    with TestCase.captureOnCommitCallbacks(execute=True):
        return beroep_service.dien_in(dossier, door=door, motivering="Wij zijn het er niet mee eens.")


def test_the_queue_orders_on_the_stored_deadline_overdue_first(behandelaar_client, organisatie):
    later = ingediend(organisatie)
    eerder = ingediend(organisatie)
    beslist = ingediend(organisatie)
    assert later.beslissing_uiterlijk == dt.date(2027, 4, 30)
    Beroep.objects.filter(pk=eerder.pk).update(beslissing_uiterlijk=dt.date(2027, 2, 20))  # overdue
    Beroep.objects.filter(pk=beslist.pk).update(status="beslist", uitkomst="ongegrond")
    response = behandelaar_client.get(reverse("admin:aanvragen_beroep_changelist"))
    assert response.status_code == 200
    assert [b.pk for b in response.context["cl"].result_list] == [eerder.pk, later.pk, beslist.pk]
    html = response.content.decode()
    assert "60 dagen" in html and "9 d te laat" in html
    te_laat = behandelaar_client.get(reverse("admin:aanvragen_beroep_changelist") + "?termijn=verlopen")
    assert [b.pk for b in te_laat.context["cl"].result_list] == [eerder.pk]


def test_the_digest_includes_appeals(organisatie):
    beroep = ingediend(organisatie)
    with time_machine.travel(dt.datetime(2027, 4, 29, 7, tzinfo=dt.UTC), tick=False):
        assert [b.pk for b in termijnoverzicht().beroep_bijna] == [beroep.pk]
    with time_machine.travel(dt.datetime(2027, 5, 2, 7, tzinfo=dt.UTC), tick=False):
        overzicht = termijnoverzicht()
        assert [b.pk for b in overzicht.beroep_verlopen] == [beroep.pk]
        assert overzicht.aantal_verlopen == 1
        bericht = verstuur_termijnen_digest()
    assert beroep.dossier.referentie in bericht.tekst and "60 dagen" in bericht.tekst


@pytest.mark.parametrize("uitkomst", ["ongegrond", "onontvankelijk", "gegrond"])
def test_staff_record_the_outcome_with_a_letter(behandelaar_client, behandelaar, organisatie, uitkomst):
    beroep = ingediend(organisatie)
    mail.outbox.clear()
    pagina = behandelaar_client.get(reverse("admin:aanvragen_beroep_change", args=[beroep.pk]))
    assert pagina.status_code == 200 and 'data-testid="actie-uitkomst"' in pagina.content.decode()
    url = reverse("admin:aanvragen_beroep_uitkomst", args=[beroep.pk])
    assert behandelaar_client.get(url).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = behandelaar_client.post(url, {"uitkomst": uitkomst, "reden": "De Dimona-aangifte klopt."})
    assert response.status_code == 302, response.content.decode()
    beroep.refresh_from_db()
    assert (beroep.status, beroep.uitkomst, beroep.beslist_door) == ("beslist", uitkomst, behandelaar)
    assert beroep.uitkomst_reden == "De Dimona-aangifte klopt." and beroep.beslist_op is not None
    assert beroep.brief.soort == DocumentSoort.BESLISSINGSBRIEF
    with beroep.brief.bestand.open("rb") as fh:
        tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    assert "De Dimona-aangifte klopt." in tekst and beroep.dossier.referentie in tekst
    assert Bericht.objects.filter(sleutel=f"beroep-beslissing-{beroep.pk}").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments
    historiek = beroep.dossier.history.filter(history_change_reason__startswith="Beroep beslist").get()
    assert (
        historiek.history_user == behandelaar
        and "De Dimona-aangifte klopt." in historiek.history_change_reason
    )
    # Decided once: a second outcome is refused, nothing is sent again.
    with TestCase.captureOnCommitCallbacks(execute=True):
        opnieuw = behandelaar_client.post(url, {"uitkomst": "gegrond", "reden": "Toch."})
    assert opnieuw.status_code == 200 and "al beslist" in opnieuw.content.decode()
    assert len(mail.outbox) == 1


def test_the_outcome_needs_a_motivation(behandelaar_client, organisatie):
    beroep = ingediend(organisatie)
    url = reverse("admin:aanvragen_beroep_uitkomst", args=[beroep.pk])
    response = behandelaar_client.post(url, {"uitkomst": "ongegrond", "reden": ""})
    assert response.status_code == 200 and "Geef de motivering op" in response.content.decode()
    beroep.refresh_from_db()
    assert beroep.status == "ingediend"


def test_gegrond_then_the_correction_opens_a_new_appeal_period(behandelaar, organisatie, employer_client):
    beroep = ingediend(organisatie)
    beroep_service.beslis(beroep, door=behandelaar, uitkomst="gegrond", reden="Tewerkstelling bewezen.")
    dossier = beroep.dossier
    vorige = beslissingen.actieve_beslissing(dossier)
    beslissingen.beslis(
        dossier,
        door=behandelaar,
        uitkomst="toegekend",
        loonpremie=True,
        percentage=40,
        duur_jaren=2,
        reden="Beroep gegrond: tewerkstelling bewezen.",
        vervangt=vorige,
    )
    stand = beroep_service.stand(dossier)
    assert stand.knop and stand.beslissing.vervangt == vorige


def test_staff_without_a_role_cannot_record_an_outcome(client, rollen, organisatie):
    beroep = ingediend(organisatie)
    zonder = factories.UserFactory(is_staff=True)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=zonder, name="authenticator", confirmed=True)
    meld_aan_met_otp(client, zonder)
    url = reverse("admin:aanvragen_beroep_uitkomst", args=[beroep.pk])
    assert client.post(url, {"uitkomst": "ongegrond", "reden": "x"}).status_code == 403
    assert client.get(reverse("admin:aanvragen_beroep_changelist")).status_code == 403
    beroep.refresh_from_db()
    assert beroep.status == "ingediend"


def test_a_supervisor_may_record_an_outcome(client, rollen, organisatie):
    supervisor = maak_medewerker("supervisor", "supervisor-beroep")
    meld_aan_met_otp(client, supervisor)
    beroep = ingediend(organisatie)
    url = reverse("admin:aanvragen_beroep_uitkomst", args=[beroep.pk])
    assert client.post(url, {"uitkomst": "onontvankelijk", "reden": "Te laat."}).status_code == 302


def test_the_staff_dossier_page_links_to_its_appeal(behandelaar_client, organisatie):
    beroep = ingediend(organisatie)
    html = behandelaar_client.get(reverse("admin:aanvragen_dossier_change", args=[beroep.dossier_id])).content
    assert reverse("admin:aanvragen_beroep_change", args=[beroep.pk]) in html.decode()

"""The staff side: the 120-day work queue, the digest, the actions on a request, VDAB's
evaluation through the source interface, the decision as a new period, and access."""

import datetime as dt

import pytest
import time_machine
from django.test import TestCase
from django.urls import reverse

from aanvragen.models import Dossier
from aanvragen.termijnen import termijnoverzicht
from evaluaties import services
from evaluaties.models import Evaluatie
from loket.models import Bericht, VdabEvaluatie
from tests.behandeling.conftest import maak_medewerker, meld_aan_met_otp
from tests.evaluaties.conftest import ingevuld_verslag, lopend_dossier, upload

pytestmark = pytest.mark.django_db


def ingediend(dossier, gebruiker=None, *, hoogte=True, duur=False):
    evaluatie = services.start(dossier, door=gebruiker)
    services.bewaar_keuze(evaluatie, hoogte=hoogte, duur=duur, door=gebruiker, laatste_stap="motivatie")
    services.bewaar_motivatieverslag(evaluatie, upload(ingevuld_verslag(dossier)), door=gebruiker)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.dien_in(evaluatie, door=gebruiker)
    evaluatie.refresh_from_db()
    return evaluatie


def test_the_queue_orders_on_the_stored_120_day_deadline(behandelaar_client, organisatie):
    later = ingediend(lopend_dossier(organisatie))
    eerder = ingediend(lopend_dossier(organisatie))
    Evaluatie.objects.filter(pk=eerder.pk).update(beslissing_uiterlijk=dt.date(2027, 7, 1))
    assert later.beslissing_uiterlijk == dt.date(2027, 10, 13)
    response = behandelaar_client.get(reverse("admin:evaluaties_evaluatie_changelist"))
    assert response.status_code == 200
    rijen = list(response.context["cl"].result_list)
    assert [e.pk for e in rijen] == [eerder.pk, later.pk]
    assert "120 dagen" in response.content.decode()
    gezocht = behandelaar_client.get(
        reverse("admin:evaluaties_evaluatie_changelist"), {"q": eerder.dossier.werknemer_insz}
    )
    assert [e.pk for e in gezocht.context["cl"].result_list] == [eerder.pk]
    te_laat = behandelaar_client.get(reverse("admin:evaluaties_evaluatie_changelist") + "?termijn=verlopen")
    assert list(te_laat.context["cl"].result_list) == []


def test_the_digest_includes_evaluations(organisatie):
    evaluatie = ingediend(lopend_dossier(organisatie))
    with time_machine.travel(dt.datetime(2027, 10, 12, 7, tzinfo=dt.UTC), tick=False):
        overzicht = termijnoverzicht()
    assert [e.pk for e in overzicht.evaluatie_beslissing_bijna] == [evaluatie.pk]
    with time_machine.travel(dt.datetime(2027, 10, 14, 7, tzinfo=dt.UTC), tick=False):
        overzicht = termijnoverzicht()
        assert [e.pk for e in overzicht.evaluatie_beslissing_verlopen] == [evaluatie.pk]
        assert overzicht.aantal_verlopen == 1
        from aanvragen.termijnen import verstuur_termijnen_digest

        bericht = verstuur_termijnen_digest()
    assert evaluatie.dossier.referentie in bericht.tekst and "120 dagen" in bericht.tekst


def test_staff_forward_record_vdab_from_the_source_and_decide(behandelaar_client, behandelaar, organisatie):
    dossier = lopend_dossier(organisatie)
    evaluatie = ingediend(dossier)
    pagina = behandelaar_client.get(reverse("admin:evaluaties_evaluatie_change", args=[evaluatie.pk]))
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert 'data-testid="actie-naar_vdab"' in html and "Magazijnier" in html

    actie = lambda naam: reverse("admin:evaluaties_evaluatie_actie", args=[evaluatie.pk, naam])  # noqa: E731
    assert behandelaar_client.post(actie("naar_vdab")).status_code == 302
    assert Bericht.objects.filter(sleutel=f"evaluatie-vdab-{evaluatie.pk}").exists()

    # Not there yet at VDAB: a clear message.
    response = behandelaar_client.post(actie("vdab_bron"))
    assert response.status_code == 200 and "nog geen evaluatie" in response.content.decode()
    VdabEvaluatie.objects.create(
        insz=dossier.werknemer_insz,
        geevalueerd_op=dt.date(2027, 6, 15),
        percentage=60,
        duur_jaren=5,
        begeleidingsnood="midden",
    )
    assert "60" in behandelaar_client.get(actie("vdab_bron")).content.decode()
    assert behandelaar_client.post(actie("vdab_bron")).status_code == 302
    evaluatie.refresh_from_db()
    assert (evaluatie.vdab_percentage, evaluatie.vdab_bron) == (60, "bron")

    response = behandelaar_client.post(actie("beslissen"), {"uitkomst": "hoogte", "beslist_op": "2027-06-15"})
    assert response.status_code == 302
    evaluatie.refresh_from_db()
    dossier.refresh_from_db()
    assert evaluatie.beslissing.soort == "evaluatie"
    assert evaluatie.beslissing.begeleidingsnood == "midden"
    assert dossier.status == "lopend" and dossier.einddatum == dt.date(2032, 3, 31)
    assert evaluatie.beslissing.beslist_door == behandelaar


def test_by_hand_without_reason_is_refused_in_dutch(behandelaar_client, organisatie):
    evaluatie = ingediend(lopend_dossier(organisatie))
    url = reverse("admin:evaluaties_evaluatie_actie", args=[evaluatie.pk, "vdab_manueel"])
    response = behandelaar_client.post(
        url, {"geevalueerd_op": "2027-06-15", "percentage": "50", "duur_jaren": "5"}
    )
    assert response.status_code == 200
    assert "Geef de reden op" in response.content.decode()
    response = behandelaar_client.post(
        url,
        {
            "geevalueerd_op": "2027-06-15",
            "percentage": "50",
            "duur_jaren": "5",
            "reden": "Per brief van VDAB.",
        },
    )
    assert response.status_code == 302
    evaluatie.refresh_from_db()
    assert (evaluatie.vdab_bron, evaluatie.vdab_reden) == ("manueel", "Per brief van VDAB.")


def test_override_admissibility_with_reason(behandelaar_client, organisatie):
    dossier = lopend_dossier(organisatie)
    evaluatie = ingediend(dossier)
    url = reverse("admin:evaluaties_evaluatie_actie", args=[evaluatie.pk, "ontvankelijkheid"])
    response = behandelaar_client.post(url, {"ontvankelijk": "0", "reden": "Werknemer niet meer in dienst."})
    assert response.status_code == 302
    dossier.refresh_from_db()
    evaluatie.refresh_from_db()
    assert evaluatie.status == "niet_ontvankelijk" and dossier.status == "lopend" and not dossier.doorbetaling


def test_a_supervisor_without_the_role_cannot_act_and_employers_cannot_see_the_admin(
    client, organisatie, rollen
):
    evaluatie = ingediend(lopend_dossier(organisatie))
    gast = maak_medewerker("supervisor", "kijker")
    gast.groups.clear()
    meld_aan_met_otp(client, gast)
    url = reverse("admin:evaluaties_evaluatie_actie", args=[evaluatie.pk, "naar_vdab"])
    assert client.post(url).status_code in (302, 403)
    evaluatie.refresh_from_db()
    assert evaluatie.status == "ontvankelijk"


def test_vop_application_gets_the_120_day_deadline(organisatie):
    from aanvragen import services as aanvraag_services
    from tests.behandeling.factories import DossierFactory

    dossier = DossierFactory(status="concept", organisatie=organisatie, vop_evaluatie=True, referentie=None)
    with TestCase.captureOnCommitCallbacks(execute=False):
        aanvraag_services.dien_in(dossier, door=None)
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.beslissing_uiterlijk == dt.date(2027, 10, 13)


def test_the_queue_query_count_does_not_grow_with_the_rows(behandelaar_client, organisatie):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:evaluaties_evaluatie_changelist")
    ingediend(lopend_dossier(organisatie))
    # The first admin page of a minute also notes the staff member's activity in the session.
    behandelaar_client.get(url)
    with CaptureQueriesContext(connection) as een:
        behandelaar_client.get(url)
    for _ in range(4):
        ingediend(lopend_dossier(organisatie))
    with CaptureQueriesContext(connection) as vijf:
        behandelaar_client.get(url)
    assert len(vijf) == len(een), (len(een), len(vijf))


def test_the_staff_dossier_page_links_to_its_evaluation(behandelaar_client, organisatie):
    evaluatie = ingediend(lopend_dossier(organisatie))
    html = behandelaar_client.get(
        reverse("admin:aanvragen_dossier_change", args=[evaluatie.dossier_id])
    ).content
    assert reverse("admin:evaluaties_evaluatie_change", args=[evaluatie.pk]) in html.decode()
    assert "doorbetaling tijdens evaluatie" in html.decode().lower()


def test_deciding_a_change_before_vdab_evaluated_is_refused_in_dutch(behandelaar_client, organisatie):
    evaluatie = ingediend(lopend_dossier(organisatie))
    url = reverse("admin:evaluaties_evaluatie_actie", args=[evaluatie.pk, "beslissen"])
    response = behandelaar_client.post(url, {"uitkomst": "hoogte", "beslist_op": "2027-06-15"})
    assert response.status_code == 200
    assert "Registreer eerst de evaluatie van VDAB" in response.content.decode()
    evaluatie.refresh_from_db()
    assert evaluatie.status == "ontvankelijk" and evaluatie.beslissing is None


def test_unchanged_keeps_the_period_and_tells_the_employer(behandelaar_client, organisatie):
    dossier = lopend_dossier(organisatie)
    evaluatie = ingediend(dossier)
    url = reverse("admin:evaluaties_evaluatie_actie", args=[evaluatie.pk, "beslissen"])
    response = behandelaar_client.post(url, {"uitkomst": "ongewijzigd", "beslist_op": "2027-06-15"})
    assert "Geef de reden op" in response.content.decode()
    response = behandelaar_client.post(
        url,
        {"uitkomst": "ongewijzigd", "beslist_op": "2027-06-15", "reden": "VDAB: de behoefte is dezelfde."},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (
        dossier.status == "lopend" and dossier.einddatum == dt.date(2031, 3, 31) and not dossier.doorbetaling
    )
    bericht = Bericht.objects.get(sleutel=f"evaluatie-beslissing-{evaluatie.pk}")
    assert "ongewijzigd" in bericht.tekst and "VDAB: de behoefte is dezelfde." in bericht.tekst
    assert bericht.bijlagen.get().naam.startswith("beslissing-evaluatie-")
    assert dossier.documenten.filter(soort="beslissingsbrief").count() == 1


def test_a_dossier_in_evaluation_carries_its_120_day_deadline_in_the_dossier_queue(
    behandelaar_client, organisatie
):
    evaluatie = ingediend(lopend_dossier(organisatie))
    response = behandelaar_client.get(reverse("admin:aanvragen_dossier_changelist") + "?status=in_evaluatie")
    rij = next(d for d in response.context["cl"].result_list if d.pk == evaluatie.dossier_id)
    assert rij.lopende_termijn == dt.date(2027, 10, 13)
    assert "13/10/2027" in response.content.decode()


def test_the_staff_dossier_page_shows_the_evaluations_deadline_in_its_header(behandelaar_client, organisatie):
    evaluatie = ingediend(lopend_dossier(organisatie))
    response = behandelaar_client.get(reverse("admin:aanvragen_dossier_change", args=[evaluatie.dossier_id]))
    assert response.context["termijn"] == evaluatie.beslissing_uiterlijk == dt.date(2027, 10, 13)
    assert "Beslissing uiterlijk\n        13/10/2027" in response.content.decode()


def test_the_previous_period_is_shown_as_such_not_as_corrected(behandelaar_client, organisatie):
    dossier = lopend_dossier(organisatie)
    evaluatie = ingediend(dossier)
    services.registreer_vdab_evaluatie(
        evaluatie, door=None, geevalueerd_op=dt.date(2027, 6, 15), duur_jaren=5, percentage=50
    )
    services.beslis(evaluatie, door=maak_medewerker("behandelaar", "beslisser"), uitkomst="hoogte")
    html = behandelaar_client.get(
        reverse("admin:aanvragen_dossier_change", args=[dossier.pk])
    ).content.decode()
    assert "(vorige periode)" in html and "(gecorrigeerd)" not in html

"""The demo world: complete (a dossier in every status), valid identifiers, and created only once."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from aanvragen.models import Dossier, Status
from loket import rules
from loket.models import DmfaLoonlijn, Organisatie, OrganisatieSoort, Persoon, Toegang

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def test_demo_world_has_every_status_kind_and_valid_identifiers():
    output = run()
    assert "demo-wachtwoord-2026" in output
    assert set(Dossier.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Organisatie.objects.values_list("soort", flat=True)) == set(OrganisatieSoort.values)
    for kbo in Organisatie.objects.values_list("kbo_nummer", flat=True):
        assert rules.normalise_kbo(kbo) == kbo
    for insz in Persoon.objects.values_list("insz", flat=True):
        assert rules.normalise_insz(insz) == insz
    for org in Organisatie.objects.all():
        assert org.huidige_rekening() is not None, org
    # Every submitted dossier has its history of status changes, starting with the submission.
    for dossier in Dossier.objects.ingediend().prefetch_related("overgangen"):
        overgangen = list(dossier.overgangen.all())
        assert overgangen[0].naar == "ingediend" and overgangen[-1].naar == dossier.status
    assert DmfaLoonlijn.objects.values("jaar", "kwartaal").distinct().count() == 8
    assert Toegang.objects.actief().values("organisatie").distinct().count() == Organisatie.objects.count()
    # Every decision has what the real decision made: its letter and the mail with it, on its day.
    from aanvragen.models import Beslissing, DocumentSoort
    from loket.models import Bericht

    assert Beslissing.objects.filter(uitkomst="toegekend").exists()
    for beslissing in Beslissing.objects.select_related("dossier"):
        assert beslissing.brief, beslissing
        assert beslissing.dossier.documenten.filter(soort=DocumentSoort.BESLISSINGSBRIEF).exists()
        werkgever = Bericht.objects.get(sleutel=f"beslissing-{beslissing.pk}-werkgever")
        assert werkgever.organisatie_id == beslissing.dossier.organisatie_id
        assert werkgever.bijlagen.count() == 1
        assert timezone.localdate(werkgever.aangemaakt_op) == beslissing.beslist_op


def test_second_run_changes_nothing_and_reset_rebuilds():
    run()
    aantal = Dossier.objects.count()
    assert "bestaat al" in run()
    assert Dossier.objects.count() == aantal
    run("--reset")
    assert Dossier.objects.count() == aantal


def test_demo_staff_sign_in_to_the_admin_with_password_and_the_readme_totp_code(client):
    run()
    code = io.StringIO()
    call_command("staff_totp", "behandelaar", "--code", stdout=code)

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "behandelaar", "password": "demo-wachtwoord-2026", "otp_token": code.getvalue().strip()},
    )

    assert response.status_code == 302 and response.url == "/admin/"
    index = client.get("/admin/aanvragen/dossier/")
    assert index.status_code == 200
    assert client.get("/admin/loket/ggmmibedrag/add/").status_code == 403  # a behandelaar is no supervisor


def test_demo_staff_need_the_second_factor(client):
    run()
    code = io.StringIO()
    call_command("staff_totp", "behandelaar", "--code", stdout=code)
    verkeerd = f"{(int(code.getvalue()) + 1) % 1_000_000:06d}"
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "behandelaar", "password": "demo-wachtwoord-2026", "otp_token": verkeerd},
    )
    assert response.status_code == 200
    assert client.get("/admin/aanvragen/dossier/").status_code == 302


def test_demo_has_a_real_evaluation_request_and_a_dossier_with_the_button():
    from evaluaties import services
    from evaluaties.models import Evaluatie

    output = run()
    assert "evaluaties" in output
    in_evaluatie = Dossier.objects.filter(status="in_evaluatie")
    assert in_evaluatie.exists()
    for dossier in in_evaluatie:
        evaluatie = Evaluatie.objects.get(dossier=dossier)
        assert evaluatie.status == "bij_vdab" and evaluatie.motivatieverslag is not None
        assert evaluatie.motivatie["referentie"] == dossier.referentie
    from django.utils import timezone

    assert any(services.stand(d, timezone.localdate()).knop for d in Dossier.objects.filter(status="lopend"))
    aantal = Evaluatie.objects.count()
    run("--reset")
    assert Evaluatie.objects.count() == aantal


def test_demo_has_a_sent_payout_run_and_one_waiting_for_approval():
    from premies.models import Betaallijn, RunStatus, Uitbetalingsrun

    run()
    assert set(Uitbetalingsrun.objects.values_list("status", flat=True)) == {
        RunStatus.VERZONDEN,
        RunStatus.CONCEPT,
    }
    verzonden = Uitbetalingsrun.objects.get(status=RunStatus.VERZONDEN)
    assert verzonden.sepa_bestand and verzonden.lijnen.exists()
    assert Betaallijn.objects.filter(premie_soort="begeleidingspremie").exists()
    assert Betaallijn.objects.filter(premie_soort="ondersteuningspremie").exists()


def test_demo_has_an_employee_and_a_self_employed_person_ready_for_a_first_application(
    django_capture_on_commit_callbacks,
):
    from aanvragen import services
    from loket.demo import PERSONEN

    run()
    # els.peeters: Tine works at the bakery (Dimona) with a VDAB indication and has no dossier yet.
    tine = next(p for p in PERSONEN if p.sleutel == "tine")
    bakkerij = Organisatie.objects.get(kbo_nummer="0566988259")
    els = get_user_model().objects.get(username="els.peeters")
    assert not Dossier.objects.filter(werknemer_insz=tine.insz).exists()
    concept = services.nieuw_concept(bakkerij, door=els)
    concept.contact_telefoon = "+32 9 123 45 67"
    concept.werknemer_insz = tine.insz
    concept.werknemer_voornaam, concept.werknemer_achternaam = tine.voornaam, tine.achternaam
    concept.werknemer_woonplaats_gewest = tine.gewest
    concept.vestiging = bakkerij.vestigingen.get(gemeente="Gent")
    concept.premie_keuze = "loonpremie"
    concept.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.dien_aanvraag_in(concept, door=els)
    concept.refresh_from_db()
    assert concept.status == "ontvankelijk", concept.ontvankelijkheid_redenen

    # A self-employed login without any dossier: a new application is theirs, for their own premium.
    ines = get_user_model().objects.get(username="ines.declercq")
    toegang = Toegang.objects.actief().get(gebruiker=ines)
    assert toegang.organisatie.soort == OrganisatieSoort.ZELFSTANDIGE
    assert not Dossier.objects.filter(organisatie=toegang.organisatie).exists()
    eigen = services.nieuw_concept(toegang.organisatie, door=ines)
    assert (eigen.premie_keuze, eigen.werknemer_voornaam) == ("ondersteuning", "Ines")

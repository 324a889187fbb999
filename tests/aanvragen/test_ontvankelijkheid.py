"""Admissibility after submission: the Celery task, the service and the confirmation mail."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from celery.exceptions import Retry
from django.core import mail

from aanvragen import rules, services, tasks
from aanvragen.models import Dossier, StatusOvergang
from loket.bronnen import BronNietBeschikbaar, get_bron
from loket.models import Bericht
from tests import factories
from tests.aanvragen.test_dossiers_fixtures import bronnen_in_orde, concept

pytestmark = pytest.mark.django_db

NU = dt.datetime(2026, 5, 12, 10, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _bevroren_tijd():
    with time_machine.travel(NU, tick=False):
        yield


def dien_in(dossier, capture):
    with capture(execute=True):
        services.dien_in(dossier, door=None)
    dossier.refresh_from_db()
    return dossier


def test_admissible_application_gets_confirmation_with_decision_deadline(
    organisatie, django_capture_on_commit_callbacks
):
    dossier = concept(organisatie)
    bronnen_in_orde(dossier)

    dien_in(dossier, django_capture_on_commit_callbacks)

    assert dossier.status == "ontvankelijk"
    assert dossier.ontvankelijk is True
    assert dossier.ontvankelijkheid_redenen == []
    assert dossier.ontvankelijkheid_getoetst_op is not None
    assert dossier.ontvankelijkheid_gemeld_op is not None
    assert list(dossier.overgangen.values_list("van", "naar")) == [
        ("concept", "ingediend"),
        ("ingediend", "ontvankelijk"),
    ]
    bericht = Bericht.objects.get(sleutel=f"ontvankelijkheid-{dossier.pk}")
    assert bericht.aan == dossier.contact_email
    assert bericht.onderwerp_object == dossier
    assert bericht.organisatie == organisatie
    assert dossier.referentie in bericht.onderwerp and "is ontvankelijk" in bericht.onderwerp
    assert "Uw aanvraag is ontvankelijk." in bericht.tekst
    assert "11 juni 2026" in bericht.tekst and "11 juni 2026" in bericht.html  # 30 days
    assert dossier.referentie in bericht.tekst
    assert f"/individueel-maatwerk/dossiers/{dossier.pk}/" in bericht.tekst

    assert len(mail.outbox) == 1
    verzonden = mail.outbox[0]
    assert verzonden.to == [dossier.contact_email]
    assert verzonden.subject == bericht.onderwerp
    assert verzonden.alternatives[0][1] == "text/html"
    assert "ontvankelijk" in verzonden.alternatives[0][0]


def test_wrong_premium_choice_is_not_admissible_and_the_mail_says_what_to_do(
    organisatie, django_capture_on_commit_callbacks
):
    dossier = concept(organisatie, premie="loon_begeleiding")
    bronnen_in_orde(dossier, behoefte="loonpremie")

    dien_in(dossier, django_capture_on_commit_callbacks)

    assert dossier.status == "niet_ontvankelijk"
    assert dossier.ontvankelijk is False
    assert [r["code"] for r in dossier.ontvankelijkheid_redenen] == [rules.PREMIE_WIJKT_AF]
    assert dossier.ontvankelijkheid_redenen[0]["uitleg"]
    bericht = Bericht.objects.get(sleutel=f"ontvankelijkheid-{dossier.pk}")
    assert "is niet ontvankelijk" in bericht.onderwerp
    assert "komt niet overeen met de behoefte" in bericht.tekst
    assert "Dien een nieuwe aanvraag in met de juiste keuze" in bericht.tekst
    assert "Dien een nieuwe aanvraag in met de juiste keuze" in bericht.html
    assert "beslist uiterlijk" not in bericht.tekst
    assert len(mail.outbox) == 1


def test_every_reason_is_named_in_the_mail(organisatie, django_capture_on_commit_callbacks):
    organisatie.in_moeilijkheden = True
    organisatie.save()
    dossier = concept(organisatie)  # no VDAB need, no Dimona relation

    dien_in(dossier, django_capture_on_commit_callbacks)

    codes = [r["code"] for r in dossier.ontvankelijkheid_redenen]
    assert codes == [rules.GEEN_TEWERKSTELLING, rules.GEEN_BEHOEFTE, rules.ONDERNEMING_IN_MOEILIJKHEDEN]
    tekst = mail.outbox[0].body
    assert "U kunt enkel een aanvraag indienen tijdens de tewerkstelling" in tekst
    assert "Pas als VDAB dit heeft vastgesteld" in tekst
    assert "onderneming in moeilijkheden" in tekst
    assert tekst.count("Wat kunt u doen?") == 3
    overgang = StatusOvergang.objects.get(dossier=dossier, naar="niet_ontvankelijk")
    assert rules.GEEN_BEHOEFTE in overgang.reden


def test_dimona_is_checked_on_the_submission_date(organisatie, django_capture_on_commit_callbacks):
    dossier = concept(organisatie)
    factories.VdabIndicatieFactory(insz=dossier.werknemer_insz, behoefte="loonpremie")
    factories.DimonaRelatieFactory(
        werkgever_kbo=organisatie.kbo_nummer,
        insz=dossier.werknemer_insz,
        begin=dt.date(2024, 1, 1),
        einde=dt.date(2026, 5, 11),  # left the day before
    )
    dien_in(dossier, django_capture_on_commit_callbacks)
    assert [r["code"] for r in dossier.ontvankelijkheid_redenen] == [rules.GEEN_TEWERKSTELLING]


def test_employee_residence_from_the_application(organisatie, django_capture_on_commit_callbacks):
    vestiging = factories.VestigingFactory(organisatie=organisatie, gewest="wallonie", gemeente="Namen")
    dossier = concept(organisatie, vestiging=vestiging, werknemer_woonplaats_gewest="wallonie")
    bronnen_in_orde(dossier)
    dien_in(dossier, django_capture_on_commit_callbacks)
    assert [r["code"] for r in dossier.ontvankelijkheid_redenen] == [rules.WOONPLAATS_WERKNEMER]


def test_school_employee_via_departement_onderwijs(django_capture_on_commit_callbacks):
    school = factories.OrganisatieFactory(soort="school")
    dossier = concept(school, via_departement_onderwijs=True)
    bronnen_in_orde(dossier)
    dien_in(dossier, django_capture_on_commit_callbacks)
    assert dossier.status == "niet_ontvankelijk"
    assert "Departement Onderwijs" in mail.outbox[0].body


def test_self_employed_path_checks_kbo_not_dimona(django_capture_on_commit_callbacks):
    zelfstandige = factories.OrganisatieFactory(soort="zelfstandige")
    dossier = concept(zelfstandige, premie="ondersteuning", aanvrager_soort="zelfstandige", vestiging=None)
    bronnen_in_orde(dossier)
    with mock.patch.object(type(get_bron("dimona")), "tewerkstelling") as dimona:
        dien_in(dossier, django_capture_on_commit_callbacks)
    dimona.assert_not_called()
    assert dossier.status == "ontvankelijk"


def test_self_employed_with_inactive_enterprise(django_capture_on_commit_callbacks):
    zelfstandige = factories.OrganisatieFactory(soort="zelfstandige")
    dossier = concept(zelfstandige, premie="ondersteuning", aanvrager_soort="zelfstandige", vestiging=None)
    factories.VdabIndicatieFactory(insz=dossier.werknemer_insz, behoefte="ondersteuning")
    dien_in(dossier, django_capture_on_commit_callbacks)  # not in the KBO registry
    assert [r["code"] for r in dossier.ontvankelijkheid_redenen] == [rules.ONDERNEMING_NIET_ACTIEF]


def test_rerunning_the_task_changes_nothing_and_mails_nothing_twice(
    organisatie, django_capture_on_commit_callbacks
):
    dossier = concept(organisatie)
    bronnen_in_orde(dossier)
    dien_in(dossier, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.toets_ontvankelijkheid.delay(dossier.pk).get() == "overgeslagen"
        assert tasks.toets_ontvankelijkheid.delay(dossier.pk).get() == "overgeslagen"

    assert len(mail.outbox) == 1
    assert Bericht.objects.filter(sleutel=f"ontvankelijkheid-{dossier.pk}").count() == 1
    assert dossier.overgangen.count() == 2


def test_registering_twice_sends_one_mail(organisatie, django_capture_on_commit_callbacks):
    dossier = concept(organisatie)
    with django_capture_on_commit_callbacks(execute=False):
        services.dien_in(dossier, door=None)  # the task is not run
    with django_capture_on_commit_callbacks(execute=True):
        services.registreer_ontvankelijkheid(dossier, [])
        services.registreer_ontvankelijkheid(dossier, [rules.reden(rules.GEEN_BEHOEFTE)])
    dossier.refresh_from_db()
    assert dossier.status == "ontvankelijk"  # the first outcome stays
    assert len(mail.outbox) == 1
    assert Bericht.objects.filter(object_id=dossier.pk).count() == 1


def test_a_run_that_finds_the_dossier_already_checked_under_the_lock_does_nothing(
    organisatie, django_capture_on_commit_callbacks
):
    """Two workers: the other one decides between our source queries and our lock."""
    dossier = concept(organisatie)
    bronnen_in_orde(dossier)
    with django_capture_on_commit_callbacks(execute=False):
        services.dien_in(dossier, door=None)

    echte_vraag = tasks._vraag_bronnen

    def andere_worker_eerst(d, op):
        antwoord = echte_vraag(d, op)
        services.registreer_ontvankelijkheid(Dossier.objects.get(pk=d.pk), [])
        return antwoord

    with django_capture_on_commit_callbacks(execute=True):
        with mock.patch.object(tasks, "_vraag_bronnen", side_effect=andere_worker_eerst):
            assert tasks.toets_ontvankelijkheid.delay(dossier.pk).get() == "overgeslagen"
    assert len(mail.outbox) == 1
    assert dossier.overgangen.filter(naar="ontvankelijk").count() == 1


def _ingediend_zonder_toetsing(dossier, capture):
    with capture(execute=False):  # the task is not run yet
        services.dien_in(dossier, door=None)
    return dossier


def test_source_down_retries_with_growing_countdown_then_succeeds(
    organisatie, django_capture_on_commit_callbacks
):
    dossier = _ingediend_zonder_toetsing(concept(organisatie), django_capture_on_commit_callbacks)
    bronnen_in_orde(dossier)
    vdab = get_bron("vdab")
    with mock.patch.object(vdab, "indicatie", side_effect=BronNietBeschikbaar("VDAB onbereikbaar")):
        for eerdere_pogingen, wachttijd in [(0, 60), (1, 120), (2, 240), (8, 15360), (11, 21600)]:
            with pytest.raises(Retry) as retry:
                tasks.toets_ontvankelijkheid.apply(args=[dossier.pk], retries=eerdere_pogingen, throw=True)
            assert retry.value.when == wachttijd
        with pytest.raises(BronNietBeschikbaar):  # all retries used: left for the daily check
            tasks.toets_ontvankelijkheid.apply(args=[dossier.pk], retries=tasks.MAX_RETRIES, throw=True)
    dossier.refresh_from_db()
    assert dossier.status == "ingediend" and dossier.ontvankelijkheid_gemeld_op is None
    assert not Bericht.objects.exists()

    # The source is back: the next retry decides and mails.
    with django_capture_on_commit_callbacks(execute=True):
        tasks.toets_ontvankelijkheid.apply(args=[dossier.pk], retries=3, throw=True)
    dossier.refresh_from_db()
    assert dossier.status == "ontvankelijk"
    assert len(mail.outbox) == 1


def test_retries_fit_well_within_the_five_days():
    wachttijden = [tasks.retry_countdown(n) for n in range(tasks.MAX_RETRIES)]
    assert wachttijden[:4] == [60, 120, 240, 480]
    assert wachttijden == sorted(wachttijden)
    assert max(wachttijden) <= 6 * 3600
    assert sum(wachttijden) < 2 * 24 * 3600


def test_without_contact_mail_the_organisation_gets_it(organisatie, django_capture_on_commit_callbacks):
    dossier = concept(organisatie, contact_email="")
    bronnen_in_orde(dossier)
    dien_in(dossier, django_capture_on_commit_callbacks)
    assert mail.outbox[0].to == [organisatie.email]


def test_without_any_address_the_message_is_kept_and_not_marked_as_sent(
    django_capture_on_commit_callbacks,
):
    organisatie = factories.OrganisatieFactory(email="")
    dossier = concept(organisatie, contact_email="")
    bronnen_in_orde(dossier)
    dien_in(dossier, django_capture_on_commit_callbacks)
    assert dossier.status == "ontvankelijk"
    assert Bericht.objects.filter(object_id=dossier.pk).count() == 1
    assert dossier.ontvankelijkheid_gemeld_op is None  # the daily check puts it on the staff list
    assert mail.outbox == []

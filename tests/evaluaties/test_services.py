"""The evaluation request from draft to new period, through the services."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase

from aanvragen.models import Beslissing, Dossier
from evaluaties import services
from evaluaties.models import Evaluatie
from loket.models import Bericht
from tests import factories
from tests.evaluaties.conftest import EINDE, ingevuld_verslag, lopend_dossier, upload

pytestmark = pytest.mark.django_db


def ingediend(dossier, gebruiker, *, hoogte=True, duur=False):
    evaluatie = services.start(dossier, door=gebruiker)
    services.bewaar_keuze(evaluatie, hoogte=hoogte, duur=duur, door=gebruiker, laatste_stap="motivatie")
    services.bewaar_motivatieverslag(evaluatie, upload(ingevuld_verslag(dossier)), door=gebruiker)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the admissibility task runs (eager)
        return services.dien_in(evaluatie, door=gebruiker)


def test_a_timely_admissible_request_puts_the_dossier_in_evaluation_with_continued_payment(
    dossier, verantwoordelijke, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evaluatie = ingediend(dossier, verantwoordelijke)
    evaluatie.refresh_from_db()
    dossier.refresh_from_db()
    assert evaluatie.status == "ontvankelijk" and evaluatie.tijdig is True
    assert evaluatie.beslissing_uiterlijk == dt.date(2027, 10, 13)  # 120 days
    assert dossier.status == "in_evaluatie" and dossier.doorbetaling is True
    assert Bericht.objects.filter(sleutel=f"evaluatie-ontvankelijkheid-{evaluatie.pk}").count() == 1
    assert evaluatie.ontvangstbewijs is not None


def test_a_request_filed_less_than_five_months_before_the_end_does_not_continue_payment(
    organisatie, verantwoordelijke
):
    dossier = lopend_dossier(organisatie, start=dt.date(2022, 10, 1))  # ends 2027-09-30
    evaluatie = ingediend(dossier, verantwoordelijke, hoogte=True, duur=True)
    evaluatie.refresh_from_db()
    dossier.refresh_from_db()
    assert evaluatie.status == "ontvankelijk" and evaluatie.tijdig is False
    assert dossier.status == "in_evaluatie" and dossier.doorbetaling is False


def test_too_early_is_refused_with_the_date(organisatie, verantwoordelijke):
    dossier = lopend_dossier(organisatie, start=dt.date(2027, 1, 1))
    with pytest.raises(services.EvaluatieGeweigerd) as fout:
        services.start(dossier, door=verantwoordelijke)
    assert "01/01/2028" in fout.value.messages[0]


def test_an_extension_is_refused_before_the_last_year_naming_the_date(dossier, verantwoordelijke):
    evaluatie = services.start(dossier, door=verantwoordelijke)
    with pytest.raises(services.EvaluatieGeweigerd) as fout:
        services.bewaar_keuze(
            evaluatie, hoogte=False, duur=True, door=verantwoordelijke, laatste_stap="keuze"
        )
    assert "01/04/2030" in fout.value.messages[0]


def test_one_open_request_per_dossier(dossier, verantwoordelijke):
    eerste = services.start(dossier, door=verantwoordelijke)
    assert services.start(dossier, door=verantwoordelijke) == eerste
    ingediend_ = ingediend(dossier, verantwoordelijke)
    assert ingediend_.pk == eerste.pk
    with pytest.raises(services.EvaluatieGeweigerd):
        services.start(Dossier.objects.get(pk=dossier.pk), door=verantwoordelijke)
    assert Evaluatie.objects.filter(dossier=dossier).count() == 1


def test_the_full_way_to_a_new_period(dossier, verantwoordelijke, django_capture_on_commit_callbacks):
    behandelaar = factories.UserFactory(is_staff=True)
    evaluatie = ingediend(dossier, verantwoordelijke)
    services.stuur_naar_vdab(evaluatie, door=behandelaar)
    assert Bericht.objects.get(sleutel=f"evaluatie-vdab-{evaluatie.pk}").aan == "evaluaties-imw@vdab.example"
    from loket.models import VdabEvaluatie

    VdabEvaluatie.objects.create(
        insz=dossier.werknemer_insz, geevalueerd_op=dt.date(2027, 6, 10), percentage=55, duur_jaren=5
    )
    # An evaluation from before the request is not this one.
    VdabEvaluatie.objects.create(
        insz=dossier.werknemer_insz, geevalueerd_op=dt.date(2026, 1, 1), percentage=20, duur_jaren=2
    )
    with pytest.raises(services.EvaluatieGeweigerd):
        # VDAB's evaluation is dated before the request (filed 2027-06-15)? then there is none yet
        Evaluatie.objects.filter(pk=evaluatie.pk).update(ingediend_op=dt.datetime(2027, 6, 11, tzinfo=dt.UTC))
        evaluatie.refresh_from_db()
        VdabEvaluatie.objects.filter(geevalueerd_op=dt.date(2027, 6, 10)).update(
            geevalueerd_op=dt.date(2027, 6, 9)
        )
        services.neem_vdab_evaluatie_over(evaluatie, door=behandelaar)
    VdabEvaluatie.objects.filter(geevalueerd_op=dt.date(2027, 6, 9)).update(
        geevalueerd_op=dt.date(2027, 6, 14)
    )
    services.neem_vdab_evaluatie_over(evaluatie, door=behandelaar)
    evaluatie.refresh_from_db()
    assert (evaluatie.vdab_percentage, evaluatie.vdab_duur_jaren, evaluatie.vdab_bron) == (55, 5, "bron")

    with django_capture_on_commit_callbacks(execute=True):
        services.beslis(evaluatie, door=behandelaar, uitkomst="hoogte", beslist_op=dt.date(2027, 6, 15))
    evaluatie.refresh_from_db()
    dossier.refresh_from_db()
    nieuw = evaluatie.beslissing
    assert nieuw.soort == "evaluatie" and nieuw.vorige_periode.startdatum == dt.date(2026, 4, 1)
    assert (nieuw.startdatum, nieuw.einddatum, nieuw.percentage) == (
        dt.date(2027, 4, 1),
        dt.date(2032, 3, 31),
        55,
    )
    assert nieuw.schijven == [[1, 20, 55]]
    assert (
        dossier.status == "lopend" and dossier.einddatum == dt.date(2032, 3, 31) and not dossier.doorbetaling
    )
    assert nieuw.brief
    assert Bericht.objects.filter(sleutel=f"beslissing-{nieuw.pk}-werkgever").exists()
    assert Bericht.objects.filter(sleutel=f"beslissing-{nieuw.pk}-werknemer").exists()
    assert Beslissing.objects.filter(dossier=dossier).count() == 2


def test_duration_extension_starts_the_quarter_after_the_previous_end(organisatie, verantwoordelijke):
    behandelaar = factories.UserFactory(is_staff=True)
    dossier = lopend_dossier(organisatie, start=dt.date(2022, 10, 1))  # ends 2027-09-30
    evaluatie = ingediend(dossier, verantwoordelijke, hoogte=False, duur=True)
    services.registreer_vdab_evaluatie(
        evaluatie,
        door=behandelaar,
        geevalueerd_op=dt.date(2027, 6, 15),
        duur_jaren=5,
        percentage=40,
        bron="manueel",
        reden="VDAB bezorgde de evaluatie per brief.",
    )
    services.beslis(evaluatie, door=behandelaar, uitkomst="duur")
    evaluatie.refresh_from_db()
    assert (evaluatie.beslissing.startdatum, evaluatie.beslissing.einddatum) == (
        dt.date(2027, 10, 1),
        dt.date(2032, 9, 30),
    )


def test_by_hand_needs_a_reason(dossier, verantwoordelijke):
    evaluatie = ingediend(dossier, verantwoordelijke)
    with pytest.raises(ValidationError) as fout:
        services.registreer_vdab_evaluatie(
            evaluatie,
            door=None,
            geevalueerd_op=dt.date(2027, 6, 15),
            duur_jaren=5,
            percentage=40,
            bron="manueel",
        )
    assert "reden" in fout.value.message_dict


def test_refusal_clears_continued_payment_and_a_past_end_ends_the_dossier(organisatie, verantwoordelijke):
    dossier = lopend_dossier(organisatie, start=dt.date(2022, 10, 1))  # ends 2027-09-30
    evaluatie = ingediend(dossier, verantwoordelijke, hoogte=True, duur=True)
    Dossier.objects.filter(pk=dossier.pk).update(doorbetaling=True)
    with time_machine.travel(dt.datetime(2027, 10, 20, 10, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ValidationError):
            services.beslis(evaluatie, door=None, uitkomst="geweigerd")
        services.beslis(
            evaluatie, door=None, uitkomst="geweigerd", reden="Geen gewijzigde behoefte volgens VDAB."
        )
    dossier.refresh_from_db()
    assert dossier.status == "beeindigd" and dossier.doorbetaling is False
    assert Bericht.objects.filter(sleutel=f"evaluatie-beslissing-{evaluatie.pk}").count() == 1


def test_inadmissible_leaves_the_dossier_running(organisatie, verantwoordelijke):
    dossier = lopend_dossier(organisatie)
    dossier.organisatie.kbo_nummer  # noqa: B018
    from loket.models import DimonaRelatie

    DimonaRelatie.objects.all().delete()
    evaluatie = ingediend(dossier, verantwoordelijke)
    evaluatie.refresh_from_db()
    dossier.refresh_from_db()
    assert evaluatie.status == "niet_ontvankelijk"
    assert [r["code"] for r in evaluatie.redenen] == ["geen_tewerkstelling_dimona"]
    assert dossier.status == "lopend" and not dossier.doorbetaling
    # Staff override with a reason: admissible after all.
    services.herzie_ontvankelijkheid(
        evaluatie, ontvankelijk=True, door=None, reden="Dimona laattijdig aangegeven."
    )
    dossier.refresh_from_db()
    assert dossier.status == "in_evaluatie" and dossier.doorbetaling is True


def test_the_reminder_goes_once_seven_months_before_the_end(organisatie):
    dossier = lopend_dossier(organisatie, start=dt.date(2022, 10, 1))  # ends 2027-09-30
    lopend_dossier(organisatie, start=dt.date(2025, 10, 1), duur=2)  # ends 2027-09-30, 2 years: never
    with time_machine.travel(dt.datetime(2027, 2, 27, 8, tzinfo=dt.UTC), tick=False):
        assert services.herinner() == 0
    gevraagd = lopend_dossier(organisatie, start=dt.date(2022, 10, 1))
    Evaluatie.objects.create(dossier=gevraagd, status="ingediend", hoogte=True)
    with time_machine.travel(dt.datetime(2027, 2, 28, 8, tzinfo=dt.UTC), tick=False):
        assert services.herinner() == 1  # not the 2-year premium, not the one with a request filed
        assert services.herinner() == 0
    assert Bericht.objects.filter(sleutel__startswith=f"evaluatie-herinnering-{dossier.pk}-").count() == 1
    assert EINDE.year == 2031


def test_the_daily_period_task_does_not_end_a_dossier_in_evaluation(organisatie, verantwoordelijke):
    from aanvragen.tasks import werk_periodes_bij

    dossier = lopend_dossier(organisatie, start=dt.date(2022, 10, 1))  # ends 2027-09-30
    ingediend(dossier, verantwoordelijke, hoogte=True, duur=True)
    with time_machine.travel(dt.datetime(2027, 11, 2, 1, tzinfo=dt.UTC), tick=False):
        werk_periodes_bij()
    dossier.refresh_from_db()
    # Filed less than 5 months before the end: still in evaluation, but no continued payment.
    assert dossier.status == "in_evaluatie" and dossier.doorbetaling is False


def test_rerunning_the_admissibility_task_changes_and_mails_nothing_twice(dossier, verantwoordelijke):
    from evaluaties.tasks import toets_ontvankelijkheid

    evaluatie = ingediend(dossier, verantwoordelijke)
    voor = Bericht.objects.count()
    assert toets_ontvankelijkheid.delay(evaluatie.pk).get() == "overgeslagen"
    assert Bericht.objects.count() == voor
    assert dossier.overgangen.filter(naar="in_evaluatie").count() == 1


def test_a_dossier_with_a_decided_evaluation_can_still_be_deleted(dossier, verantwoordelijke):
    """The demo's --reset deletes dossiers: the new period's links must not block that."""
    evaluatie = ingediend(dossier, verantwoordelijke)
    services.registreer_vdab_evaluatie(
        evaluatie, door=None, geevalueerd_op=dt.date(2027, 6, 15), duur_jaren=5, percentage=50
    )
    services.beslis(evaluatie, door=None, uitkomst="hoogte")
    Dossier.objects.filter(pk=dossier.pk).delete()
    assert not Evaluatie.objects.exists() and not Beslissing.objects.exists()


def test_a_request_left_unchecked_is_checked_again_within_the_hour(dossier, verantwoordelijke):
    from evaluaties.tasks import toets_late_evaluaties

    evaluatie = services.start(dossier, door=verantwoordelijke)
    services.bewaar_keuze(
        evaluatie, hoogte=True, duur=False, door=verantwoordelijke, laatste_stap="motivatie"
    )
    services.bewaar_motivatieverslag(evaluatie, upload(ingevuld_verslag(dossier)), door=verantwoordelijke)
    with time_machine.travel(dt.datetime(2027, 6, 15, 10, tzinfo=dt.UTC), tick=False):
        services.dien_in(evaluatie, door=verantwoordelijke)  # the on-commit check never ran
    evaluatie.refresh_from_db()
    assert evaluatie.status == "ingediend"
    with time_machine.travel(dt.datetime(2027, 6, 15, 10, 29, tzinfo=dt.UTC), tick=False):
        assert toets_late_evaluaties() == 0  # its own check may still be running
    with time_machine.travel(dt.datetime(2027, 6, 15, 10, 31, tzinfo=dt.UTC), tick=False):
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert toets_late_evaluaties() == 1
    evaluatie.refresh_from_db()
    assert evaluatie.status == "ontvankelijk"

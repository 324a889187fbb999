"""The daily check for applications without confirmation mail, and the beat schedule."""

import datetime as dt

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.utils import timezone

from aanvragen import tasks
from aanvragen.models import Dossier
from loket.models import Bericht
from tests import factories
from tests.aanvragen.test_dossiers_fixtures import bronnen_in_orde, ingediend

pytestmark = pytest.mark.django_db

VANDAAG = dt.datetime(2026, 5, 20, 6, 15, tzinfo=dt.UTC)


def dagen_geleden(n, uur=15):
    dag = VANDAAG.date() - dt.timedelta(days=n)
    return dt.datetime(dag.year, dag.month, dag.day, uur, 0, tzinfo=dt.UTC)


@pytest.fixture
def situatie(organisatie):
    zonder_adres = factories.OrganisatieFactory(email="")
    d = {
        # submitted 5 days ago (late in the day), sources fine but the check never ran
        "vijf_dagen": ingediend(organisatie, ingediend_op=dagen_geleden(5, uur=21)),
        # 4 days ago: not yet
        "vier_dagen": ingediend(organisatie, ingediend_op=dagen_geleden(4, uur=0)),
        # confirmed in time
        "bevestigd": ingediend(organisatie, status="ontvankelijk", ingediend_op=dagen_geleden(9)),
        # checked, but no address to mail to: stays on the staff list
        "geen_adres": ingediend(
            zonder_adres, status="ontvankelijk", ingediend_op=dagen_geleden(6), contact_email=""
        ),
        "concept": factories_concept(organisatie),
    }
    d["bevestigd"].ontvankelijkheid_gemeld_op = dagen_geleden(8)
    d["bevestigd"].save()
    d["geen_adres"].ontvankelijk = True
    d["geen_adres"].save()
    bronnen_in_orde(d["vijf_dagen"])
    return d


def factories_concept(organisatie):
    from tests.aanvragen.test_dossiers_fixtures import concept

    dossier = concept(organisatie)
    Dossier.objects.filter(pk=dossier.pk).update(aangemaakt_op=dagen_geleden(20))
    return dossier


def test_unconfirmed_after_five_days_goes_on_the_staff_list_and_is_checked_again(
    situatie, django_capture_on_commit_callbacks
):
    with time_machine.travel(VANDAAG, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.signaleer_late_bevestigingen.delay().get() == 1

    for d in situatie.values():
        d.refresh_from_db()
    assert situatie["vijf_dagen"].bevestiging_te_laat_gesignaleerd_op == VANDAAG
    assert situatie["geen_adres"].bevestiging_te_laat_gesignaleerd_op == VANDAAG
    assert situatie["vier_dagen"].bevestiging_te_laat_gesignaleerd_op is None
    assert situatie["bevestigd"].bevestiging_te_laat_gesignaleerd_op is None
    assert situatie["concept"].bevestiging_te_laat_gesignaleerd_op is None

    # The re-queued check ran: the confirmation went out after all.
    assert situatie["vijf_dagen"].status == "ontvankelijk"
    assert [m.to for m in mail.outbox] == [[situatie["vijf_dagen"].contact_email]]
    # The staff list: flagged and still without confirmation.
    assert list(Dossier.objects.te_laat_bevestigd()) == [situatie["geen_adres"]]


def test_rerun_the_same_day_changes_nothing_twice(situatie, django_capture_on_commit_callbacks):
    with time_machine.travel(VANDAAG, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.signaleer_late_bevestigingen.delay()
    with time_machine.travel(VANDAAG + dt.timedelta(hours=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.signaleer_late_bevestigingen.delay().get() == 0
    situatie["geen_adres"].refresh_from_db()
    assert situatie["geen_adres"].bevestiging_te_laat_gesignaleerd_op == VANDAAG
    assert len(mail.outbox) == 1
    assert list(Bericht.objects.values_list("sleutel", flat=True)) == [
        f"ontvankelijkheid-{situatie['vijf_dagen'].pk}"
    ]


def test_a_source_still_down_keeps_it_on_the_list(situatie, django_capture_on_commit_callbacks):
    from unittest import mock

    from loket.bronnen import BronNietBeschikbaar, get_bron

    with (
        time_machine.travel(VANDAAG, tick=False),
        mock.patch.object(get_bron("vdab"), "indicatie", side_effect=BronNietBeschikbaar("plat")),
        mock.patch.object(tasks.toets_ontvankelijkheid, "delay") as delay,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.signaleer_late_bevestigingen()
    delay.assert_called_once_with(situatie["vijf_dagen"].pk)
    assert set(Dossier.objects.te_laat_bevestigd()) == {situatie["vijf_dagen"], situatie["geen_adres"]}


@pytest.mark.parametrize(
    ("ingediend_op", "vandaag", "te_laat"),
    [
        (
            dt.datetime(2026, 5, 15, 23, 59, tzinfo=timezone.get_fixed_timezone(120)),
            dt.date(2026, 5, 20),
            True,
        ),
        (
            dt.datetime(2026, 5, 16, 0, 1, tzinfo=timezone.get_fixed_timezone(120)),
            dt.date(2026, 5, 20),
            False,
        ),
        (dt.datetime(2026, 5, 16, 0, 1, tzinfo=timezone.get_fixed_timezone(120)), dt.date(2026, 5, 21), True),
    ],
)
def test_five_calendar_days_in_brussels_time(organisatie, ingediend_op, vandaag, te_laat):
    dossier = ingediend(organisatie, ingediend_op=ingediend_op)
    assert (dossier in Dossier.objects.zonder_bevestiging_na(5, vandaag=vandaag)) is te_laat


def test_the_daily_check_is_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["signaleer-late-bevestigingen"]
    assert entry["task"] == "aanvragen.tasks.signaleer_late_bevestigingen"
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].hour == {6}
    assert tasks.signaleer_late_bevestigingen.name == entry["task"]


def test_the_hourly_sweeper_checks_an_application_whose_check_was_lost(organisatie):
    """The broker was down at submission (or the worker was killed mid-check): within the hour the
    check runs, mails once, and a second sweep does nothing."""
    nu = dt.datetime(2026, 5, 20, 10, 0, tzinfo=dt.UTC)
    verloren = ingediend(organisatie, ingediend_op=nu - dt.timedelta(minutes=31))
    bronnen_in_orde(verloren)
    net_ingediend = ingediend(organisatie, ingediend_op=nu - dt.timedelta(minutes=5))

    with time_machine.travel(nu, tick=False):
        assert tasks.herneem_verloren_toetsen() == 1
        assert tasks.herneem_verloren_toetsen() == 0

    verloren.refresh_from_db()
    net_ingediend.refresh_from_db()
    assert verloren.status == "ontvankelijk" and net_ingediend.status == "ingediend"
    assert Bericht.objects.count() == 1  # one confirmation mail in the outbox


def test_a_swept_check_with_a_source_down_waits_for_the_next_sweep(organisatie):
    from unittest import mock

    from loket.bronnen import BronNietBeschikbaar, get_bron

    nu = dt.datetime(2026, 5, 20, 10, 0, tzinfo=dt.UTC)
    verloren = ingediend(organisatie, ingediend_op=nu - dt.timedelta(hours=2))
    with (
        time_machine.travel(nu, tick=False),
        mock.patch.object(get_bron("vdab"), "indicatie", side_effect=BronNietBeschikbaar("plat")),
    ):
        assert tasks.herneem_verloren_toetsen() == 1
    verloren.refresh_from_db()
    assert verloren.status == "ingediend" and not Bericht.objects.exists()


def test_the_sweepers_run_hourly_or_more_often():
    for naam, task in [
        ("herneem-verloren-toetsen", "aanvragen.tasks.herneem_verloren_toetsen"),
        ("bezorg-openstaande-berichten", "loket.tasks.bezorg_openstaande_berichten"),
    ]:
        entry = settings.CELERY_BEAT_SCHEDULE[naam]
        assert entry["task"] == task and entry["schedule"] <= 3600

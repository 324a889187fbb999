"""The daily deadline digest for the team (Celery beat): recomputed from the database, once a day."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from aanvragen.models import Wijziging
from aanvragen.tasks_behandeling import mail_termijnen_digest
from loket.models import Bericht

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_digest_met_verlopen_en_bijna_vervallen_termijnen(django_capture_on_commit_callbacks):
    # Deadlines: confirmation = submitted + 7 days; decision = submitted + 30 days.
    bevestiging_te_laat = DossierFactory(status="ingediend", ingediend=dt.date(2026, 5, 1))  # 8/5
    bevestiging_bijna = DossierFactory(status="ingediend", ingediend=dt.date(2026, 5, 9))  # 16/5
    beslissing_te_laat = DossierFactory(status="in_behandeling", ingediend=dt.date(2026, 4, 10))  # 10/5
    beslissing_bijna = DossierFactory(status="ontvankelijk", ingediend=dt.date(2026, 4, 15))  # 15/5
    op_tijd = DossierFactory(status="ontvankelijk", ingediend=dt.date(2026, 5, 1))  # 31/5
    beslist = DossierFactory(status="toegekend", ingediend=dt.date(2026, 3, 1))
    Wijziging.objects.create(dossier=op_tijd, soort="uit_dienst", gegevens={})

    with time_machine.travel("2026-05-14 07:00 +02:00", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert mail_termijnen_digest.delay().get() is True

    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [settings.DWSE_TEAM_EMAIL]
    assert "14/05/2026" in digest.subject and "2 verlopen" in digest.subject
    tekst = digest.body
    blokken = tekst.split("Beslissing (30 dagen)")
    assert bevestiging_te_laat.referentie in blokken[0] and "6 dagen te laat" in blokken[0]
    assert bevestiging_bijna.referentie in blokken[0] and "nog 2 dagen" in blokken[0]
    assert beslissing_te_laat.referentie in blokken[1] and "4 dagen te laat" in blokken[1]
    assert beslissing_bijna.referentie in blokken[2] and "nog 1 dagen" in blokken[2]
    assert op_tijd.referentie not in tekst and beslist.referentie not in tekst
    assert "Gemelde wijzigingen nog te verwerken: 1" in tekst


def test_een_tweede_run_dezelfde_dag_stuurt_niets_opnieuw(django_capture_on_commit_callbacks):
    DossierFactory(status="ingediend", ingediend=dt.date(2026, 5, 1))
    with time_machine.travel("2026-05-14 07:00 +02:00", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            mail_termijnen_digest()
        # A restarted worker runs the task again (later the same day, with new work): no second mail.
        DossierFactory(status="ingediend", ingediend=dt.date(2026, 5, 2))
        with time_machine.travel("2026-05-14 15:00 +02:00", tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                mail_termijnen_digest()
    assert len(mail.outbox) == 1
    assert Bericht.objects.filter(sleutel="termijnen-2026-05-14").count() == 1

    with time_machine.travel("2026-05-15 07:00 +02:00", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            mail_termijnen_digest()
    assert len(mail.outbox) == 2


def test_geen_mail_zonder_termijnen():
    DossierFactory(status="ontvankelijk", ingediend=dt.date(2026, 5, 10))
    with time_machine.travel("2026-05-14 07:00 +02:00", tick=False):
        assert mail_termijnen_digest() is False
    assert not Bericht.objects.exists()


def test_taak_staat_dagelijks_in_de_beat_planning():
    planning = settings.CELERY_BEAT_SCHEDULE["mail-termijnen-digest"]
    assert planning["task"] == "aanvragen.tasks_behandeling.mail_termijnen_digest"
    assert planning["schedule"].hour == {7}

    from loket.celery import app

    app.loader.import_default_modules()
    assert "aanvragen.tasks_behandeling.mail_termijnen_digest" in app.tasks


def test_a_queue_badge_follows_the_day_and_the_language():
    """Badges are kept per deadline, day and language: after midnight the same deadline shows one
    day less, and an English page gets English words."""
    from django.utils import translation

    from aanvragen.admin.werkvoorraad import termijn_badge

    termijn = dt.date(2026, 5, 20)
    with time_machine.travel("2026-05-18 23:30 +02:00", tick=False):
        assert ">2 d (beslissing)<" in termijn_badge(termijn, "beslissing")
        assert "termijn-bijna" in termijn_badge(termijn, "beslissing")
    with time_machine.travel("2026-05-19 00:30 +02:00", tick=False):
        assert ">1 d (beslissing)<" in termijn_badge(termijn, "beslissing")
        with translation.override("en"):
            assert ">1 d (decision)<" in termijn_badge(termijn, "decision")
    with time_machine.travel("2026-05-23 09:00 +02:00", tick=False):
        badge = termijn_badge(termijn)
        assert "termijn-verlopen" in badge and ">3 d te laat<" in badge
        with translation.override("en"):
            assert ">3 d overdue<" in termijn_badge(termijn)

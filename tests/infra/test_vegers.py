"""Sweepers derived from the database, hourly: a task queued on commit that never ran (broker down
at submission, worker killed mid-task; on the file broker its message does not come back) is done
within the hour, once."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.conf import settings

from evaluaties import services
from evaluaties.tasks import toets_late_evaluaties
from loket.models import Bericht
from tests.evaluaties.conftest import ingevuld_verslag, lopend_dossier, upload

pytestmark = pytest.mark.django_db

INGEDIEND_OP = dt.datetime(2027, 6, 15, 10, 0, tzinfo=dt.UTC)


def ingediende_evaluatie(organisatie, gebruiker):
    """Submitted; its on-commit admissibility check never ran (the test runs no on-commit hooks)."""
    with time_machine.travel(INGEDIEND_OP, tick=False):
        dossier = lopend_dossier(organisatie)
        evaluatie = services.start(dossier, door=gebruiker)
        services.bewaar_keuze(evaluatie, hoogte=True, duur=False, door=gebruiker, laatste_stap="motivatie")
        services.bewaar_motivatieverslag(evaluatie, upload(ingevuld_verslag(dossier)), door=gebruiker)
        services.dien_in(evaluatie, door=gebruiker)
    evaluatie.refresh_from_db()
    assert evaluatie.status == "ingediend"
    return evaluatie


def test_an_evaluation_whose_check_was_lost_is_checked_within_the_hour_once(organisatie, verantwoordelijke):
    evaluatie = ingediende_evaluatie(organisatie, verantwoordelijke)

    with time_machine.travel(INGEDIEND_OP + dt.timedelta(minutes=20), tick=False):
        assert toets_late_evaluaties() == 0  # the on-commit check may still be running
    with time_machine.travel(INGEDIEND_OP + dt.timedelta(minutes=31), tick=False):
        assert toets_late_evaluaties() == 1
        assert toets_late_evaluaties() == 0

    evaluatie.refresh_from_db()
    assert evaluatie.status == "ontvankelijk"
    assert Bericht.objects.filter(sleutel=f"evaluatie-ontvankelijkheid-{evaluatie.pk}").count() == 1


def test_a_swept_evaluation_check_with_dimona_down_waits_for_the_next_sweep(organisatie, verantwoordelijke):
    from loket.bronnen import BronNietBeschikbaar, get_bron

    evaluatie = ingediende_evaluatie(organisatie, verantwoordelijke)
    with (
        time_machine.travel(INGEDIEND_OP + dt.timedelta(hours=2), tick=False),
        mock.patch.object(get_bron("dimona"), "tewerkstelling", side_effect=BronNietBeschikbaar("plat")),
    ):
        # No retry chain of its own (that would raise Retry here): the next sweep comes back.
        assert toets_late_evaluaties() == 1
    evaluatie.refresh_from_db()
    assert evaluatie.status == "ingediend"
    with time_machine.travel(INGEDIEND_OP + dt.timedelta(hours=3), tick=False):
        assert toets_late_evaluaties() == 1
    evaluatie.refresh_from_db()
    assert evaluatie.status == "ontvankelijk"


@pytest.mark.parametrize(
    "naam, taak",
    [
        ("toets-late-evaluaties", "evaluaties.tasks.toets_late_evaluaties"),
        ("veeg-betalingsoverzichten", "premies.tasks.betalingsoverzichten.veeg_betalingsoverzichten"),
    ],
)
def test_the_sweepers_run_every_hour(naam, taak):
    entry = settings.CELERY_BEAT_SCHEDULE[naam]
    assert entry["task"] == taak and entry["schedule"] == 3600.0

"""No task lost, no effect twice: a real Celery worker (prefork, on Redis, against the test
PostgreSQL) is killed while a task runs, once only its pool process, once the whole worker. The
message comes back (acks late, rejected when the worker is lost; Redis redelivers after the
visibility timeout) and, after the restart, every effect happened exactly once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from aanvragen.models import Dossier
from loket.models import Bericht
from tests.aanvragen.test_dossiers_fixtures import bronnen_in_orde, ingediend
from tests.infra.kill import VISIBILITY_TIMEOUT, dood_met_kinderen, pool_kind, wacht_tot, werkomgeving

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
def omgeving(transactional_db, tmp_path):
    with werkomgeving(tmp_path) as omgeving:
        yield omgeving


def _ingediend_dossier(organisatie) -> Dossier:
    dossier = ingediend(organisatie, ingediend_op=timezone.now() - dt.timedelta(minutes=1))
    bronnen_in_orde(dossier)
    return dossier


def _aantal(map_: Path, soort: str) -> int:
    return len(list(map_.glob(f"{soort}-*")))


@pytest.mark.parametrize("wat", ["pool_kind", "hele_worker"])
def test_admissibility_check_survives_a_killed_worker_and_mails_once(omgeving, organisatie, wat):
    dossier = _ingediend_dossier(organisatie)
    worker = omgeving["start"]()
    omgeving["verstuur"]("aanvragen.tasks.toets_ontvankelijkheid", dossier.pk)
    assert wacht_tot(lambda: _aantal(omgeving["traag"], "vdab") == 1), "the check never started"

    if wat == "pool_kind":
        os.kill(pool_kind(worker), signal.SIGKILL)  # the master notices and gives the message back
    else:
        dood_met_kinderen(worker)
        omgeving["start"]()  # Redis redelivers after the visibility timeout

    assert wacht_tot(lambda: Bericht.objects.exists()), "the check did not finish after the kill"
    # The confirmation's own delivery task went to the default queue; the sweeper (on this
    # worker's queue) delivers it.
    omgeving["verstuur"]("loket.tasks.bezorg_openstaande_berichten")
    assert wacht_tot(lambda: Bericht.objects.filter(verzonden_op__isnull=False).exists()), "no mail"
    dossier.refresh_from_db()
    assert dossier.status == "ontvankelijk"
    assert _aantal(omgeving["traag"], "vdab") >= 2  # it really ran again
    assert Bericht.objects.count() == 1
    assert dossier.overgangen.filter(naar="ontvankelijk").count() == 1
    assert len(list(omgeving["mail"].iterdir())) == 1


@pytest.mark.parametrize("wat", ["pool_kind", "hele_worker"])
def test_a_mail_whose_delivery_was_killed_before_the_hand_off_is_sent_once(omgeving, wat):
    bericht = Bericht.objects.create(
        sleutel=f"kill-{uuid.uuid4().hex}",
        aan="els@werkgever.example",
        onderwerp="Ontvankelijk",
        tekst="Tekst",
    )
    worker = omgeving["start"]()
    omgeving["verstuur"]("loket.tasks.bezorg_bericht", bericht.pk)
    assert wacht_tot(lambda: _aantal(omgeving["traag"], "mail") == 1), "the delivery never started"
    if wat == "pool_kind":
        os.kill(pool_kind(worker), signal.SIGKILL)
    else:
        dood_met_kinderen(worker)
        omgeving["start"]()
    # The killed delivery holds its claim until the lease expires; the sweeper then sends it.
    Bericht.objects.filter(pk=bericht.pk).update(geclaimd_tot=timezone.now())
    omgeving["verstuur"]("loket.tasks.bezorg_openstaande_berichten")

    assert wacht_tot(lambda: Bericht.objects.filter(pk=bericht.pk, verzonden_op__isnull=False).exists())
    time.sleep(VISIBILITY_TIMEOUT + 3)  # a redelivered copy of the killed task finds it sent
    assert len(list(omgeving["mail"].iterdir())) == 1

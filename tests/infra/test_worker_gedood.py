"""No task lost, no effect twice: a real Celery worker (prefork, on Redis, against the test
PostgreSQL) is killed while a task runs, once only its pool process, once the whole worker. The
message comes back (acks late, rejected when the worker is lost; Redis redelivers after the
visibility timeout) and, after the restart, every effect happened exactly once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from aanvragen.models import Dossier
from loket.models import Bericht
from tests.aanvragen.test_dossiers_fixtures import bronnen_in_orde, ingediend
from tests.conftest import REDIS_URL
from tests.infra.test_celery_worker import ROOT, database_url

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
TIMEOUT = 60
VISIBILITY_TIMEOUT = 3


def start_worker(queue: str, var_dir: Path, traag: Path) -> subprocess.Popen:
    env = os.environ | {
        "DJANGO_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "loket.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "LOKET_VAR_DIR": str(var_dir),
        "LOKET_TRAAG_MAP": str(traag),
        "LOKET_TRAAG_SECONDEN": "2",
        "BRON_VDAB": "tests.infra.traag.TrageVdab",
        "EMAIL_BACKEND": "tests.infra.traag.TrageMail",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "loket", "worker", "-Q", queue, "-n", f"{queue}@%h",
        "--pool=prefork", "--concurrency=1", "--loglevel=INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # its own process group: the whole worker can be killed at once
    )  # fmt: skip


def dood_met_kinderen(worker: subprocess.Popen) -> None:
    """SIGKILL the worker and its pool processes, as a machine that dies would; once the visibility
    timeout has passed, its unacknowledged message goes back to the queue. A worker does this
    itself every ~100 s (kombu's restore interval × throttle); the test does it at once."""
    from kombu import Connection

    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    time.sleep(VISIBILITY_TIMEOUT + 0.5)
    with Connection(REDIS_URL, transport_options={"visibility_timeout": VISIBILITY_TIMEOUT}) as verbinding:
        verbinding.default_channel.qos.restore_visible(num=100, interval=1)


def stop(worker: subprocess.Popen) -> str:
    if worker.poll() is None:
        worker.terminate()
    try:
        return worker.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        worker.kill()
        return worker.communicate()[0]


def wacht_tot(voorwaarde, seconden=TIMEOUT) -> bool:
    deadline = time.monotonic() + seconden
    while time.monotonic() < deadline:
        if voorwaarde():
            return True
        time.sleep(0.2)
    return voorwaarde()


def pool_kind(worker: subprocess.Popen) -> int:
    kinderen = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    return int(kinderen[0])


@pytest.fixture
def omgeving(transactional_db, tmp_path):
    from celery import Celery

    queue = f"test-kill-{uuid.uuid4().hex[:12]}"
    traag = tmp_path / "traag"
    traag.mkdir()
    (tmp_path / "mail").mkdir()
    client = Celery("test-client", broker=REDIS_URL)
    workers = []

    def start():
        worker = start_worker(queue, tmp_path, traag)
        workers.append(worker)
        return worker

    def verstuur(taak, *args):
        client.send_task(taak, args=list(args), queue=queue)

    yield {"start": start, "verstuur": verstuur, "traag": traag, "mail": tmp_path / "mail"}
    uitvoer = [stop(w) for w in workers]
    client.close()
    import redis

    r = redis.Redis.from_url(REDIS_URL)
    for key in r.scan_iter(match=f"*{queue}*"):
        r.delete(key)
    print("\n".join(u[-2000:] for u in uitvoer))


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

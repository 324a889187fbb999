"""A real Celery worker (subprocess on Redis + PostgreSQL) is killed with SIGKILL halfway a payout
run; the run is started again and every due quarter ends up paid exactly once."""

import os
import signal
import time
import uuid

import pytest

from premies.models import Betaallijn, Uitbetalingsrun
from tests.conftest import REDIS_URL
from tests.infra.test_celery_worker import start_worker, stop
from tests.premies.helpers import dmfa, lopend_dossier, zorg_voor_ggmmi

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
TAAK = "premies.tasks.uitbetaling.betaal_wat_verschuldigd_is"
AANTAL = 24
TIMEOUT_SECONDS = 90


def wacht_tot(voorwaarde, worker, seconden=TIMEOUT_SECONDS):
    deadline = time.monotonic() + seconden
    while time.monotonic() < deadline and worker.poll() is None:
        if voorwaarde():
            return True
        time.sleep(0.1)
    return voorwaarde()


def test_a_worker_killed_mid_run_then_a_rerun_pays_every_quarter_once(
    transactional_db, tmp_path, monkeypatch
):
    from celery import Celery

    zorg_voor_ggmmi()
    for _ in range(AANTAL):
        dmfa(lopend_dossier(), 2026, 1)
    queue = f"test-premies-{uuid.uuid4().hex[:12]}"
    client = Celery("test-client", broker=REDIS_URL)
    uitvoer = []
    try:
        # Chunks of 4 dossiers with a pause after each: the kill lands between two chunks.
        monkeypatch.setenv("PREMIES_CHUNK_GROOTTE", "4")
        monkeypatch.setenv("PREMIES_PAUZE_NA_CHUNK", "1.5")
        worker = start_worker(queue, tmp_path)
        client.send_task(TAAK, args=["2026-07-01"], queue=queue)
        halfweg = wacht_tot(lambda: 0 < Betaallijn.objects.count() < AANTAL, worker)
        os.kill(worker.pid, signal.SIGKILL)
        uitvoer.append(worker.communicate(timeout=20)[0])
        assert halfweg, f"the worker never got halfway:\n{uitvoer[-1][-3000:]}"
        betaald_bij_dood = Betaallijn.objects.count()
        assert 0 < betaald_bij_dood < AANTAL

        monkeypatch.setenv("PREMIES_PAUZE_NA_CHUNK", "0")
        worker = start_worker(queue, tmp_path)
        client.send_task(TAAK, args=["2026-07-01"], queue=queue)
        klaar = wacht_tot(lambda: Uitbetalingsrun.objects.filter(aantal_lijnen=AANTAL).exists(), worker)
        uitvoer.append(stop(worker))
        assert klaar, f"the rerun did not finish:\n{uitvoer[-1][-3000:]}"
    finally:
        client.close()
        import redis

        r = redis.Redis.from_url(REDIS_URL)
        for key in r.scan_iter(match=f"*{queue}*"):
            r.delete(key)

    assert Betaallijn.objects.count() == AANTAL
    assert (
        Betaallijn.objects.values("dossier", "jaar", "kwartaal", "premie_soort").distinct().count() == AANTAL
    )
    [run] = Uitbetalingsrun.objects.all()
    assert run.lijnen.count() == AANTAL

"""Split Celery queues: every task has its queue, every queue a worker, and a long payout run on the
payouts worker never delays an admissibility mail (two real workers on Redis + PostgreSQL)."""

import re
import time
from pathlib import Path

import pytest
from django.conf import settings

from loket.celery import app
from loket.models import Bericht
from premies.models import Betaallijn
from tests.conftest import REDIS_URL
from tests.infra.test_celery_worker import start_worker, stop
from tests.infra.test_worker_gedood import _ingediend_dossier
from tests.premies.helpers import dmfa, lopend_dossier, zorg_voor_ggmmi
from tests.premies.test_worker_gedood import wacht_tot

ROOT = Path(__file__).resolve().parents[2]
EIGEN_APPS = ("loket.", "aanvragen.", "premies.", "evaluaties.")


def _queue(taak: str) -> str:
    return app.amqp.router.route({}, taak)["queue"].name


def test_every_task_goes_to_a_known_queue_and_every_route_names_a_task():
    app.loader.import_default_modules()
    taken = [t for t in app.tasks if t.startswith(EIGEN_APPS)]
    assert {t: _queue(t) for t in taken if _queue(t) not in settings.CELERY_QUEUES_ALL} == {}
    for patroon in settings.CELERY_TASK_ROUTES:
        regex = re.compile(re.escape(patroon).replace(r"\*", ".*") + "$")
        assert any(regex.match(t) for t in taken), f"route {patroon} matches no task"
    assert _queue("loket.tasks.bezorg_bericht") == "mail"
    assert _queue("aanvragen.tasks.toets_ontvankelijkheid") == "sources"
    assert _queue("premies.tasks.uitbetaling.betaal_wat_verschuldigd_is") == "payouts"
    assert _queue("premies.tasks.betalingsoverzichten.maak_betalingsoverzichten") == "pdf"


def test_the_embedded_worker_of_make_run_consumes_every_queue():
    run = (ROOT / "scripts" / "run.sh").read_text()
    queues = re.search(r"worker --beat .*?-Q (\S+)", run, re.S).group(1).split(",")
    assert sorted(queues) == sorted(settings.CELERY_QUEUES_ALL)


AANTAL = 24
PAUZE = 1.5  # seconds after each chunk of 4 dossiers: the run takes at least 6 x 1.5 = 9 s
MAIL_BINNEN_SECONDEN = 5.0


@pytest.mark.redis
@pytest.mark.postgres
def test_a_long_payout_run_never_delays_an_admissibility_mail(
    transactional_db, tmp_path, monkeypatch, organisatie
):
    import redis
    from celery import Celery

    zorg_voor_ggmmi()
    for _ in range(AANTAL):
        dmfa(lopend_dossier(), 2026, 1)
    dossier = _ingediend_dossier(organisatie)
    (tmp_path / "mail").mkdir()
    r = redis.Redis.from_url(REDIS_URL)
    r.delete(*settings.CELERY_QUEUES_ALL)  # nothing left over from an earlier run
    # The client routes as the portal does (settings.CELERY_TASK_ROUTES): no queue given here.
    client = Celery("test-client", broker=REDIS_URL)
    client.conf.task_routes = settings.CELERY_TASK_ROUTES
    monkeypatch.setenv("PREMIES_CHUNK_GROOTTE", "4")
    monkeypatch.setenv("PREMIES_PAUZE_NA_CHUNK", str(PAUZE))
    workers = [
        start_worker("payouts", tmp_path, naam="test-payouts"),
        start_worker("celery,mail,pdf,sources", tmp_path, naam="test-overige"),
    ]
    try:
        client.send_task("premies.tasks.uitbetaling.betaal_wat_verschuldigd_is", args=["2026-07-01"])
        assert wacht_tot(lambda: Betaallijn.objects.exists(), workers[0]), "the payout run never started"
        begin = time.monotonic()
        client.send_task("aanvragen.tasks.toets_ontvankelijkheid", args=[dossier.pk])
        assert wacht_tot(lambda: Bericht.objects.exists(), workers[1], seconden=30), "no admissibility mail"
        vertraging = time.monotonic() - begin
        betaald_toen = Betaallijn.objects.count()
        print(f"admissibility mail stored {vertraging:.2f} s after the check was queued; payout run at "
              f"{betaald_toen}/{AANTAL} dossiers")  # fmt: skip
        assert vertraging < MAIL_BINNEN_SECONDEN
        assert betaald_toen < AANTAL  # the payout run was still busy all that time
        # Its delivery went through the mail queue to the same (not the payouts) worker.
        assert wacht_tot(lambda: Bericht.objects.filter(verzonden_op__isnull=False).exists(), workers[1])
        assert Betaallijn.objects.count() < AANTAL
    finally:
        workers[0].kill()  # no need to wait for the rest of the run (its message is purged below)
        uitvoer = [stop(w) for w in workers]
        client.close()
        r.delete(*settings.CELERY_QUEUES_ALL)
        print("\n".join(u[-2000:] for u in uitvoer))

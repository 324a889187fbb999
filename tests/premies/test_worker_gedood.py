"""A payout run killed halfway comes back by itself and pays every due quarter exactly once.

A real prefork worker (one pool process, on Redis, against the test PostgreSQL) gets the run ONCE
and is killed between two chunks: once only its pool process (the master gives the message back:
acks late, rejected when the worker is lost), once the whole worker (Redis gives it back after the
visibility timeout; a new worker takes it). The test never sends the task again: the broker does.

The daily beat starting the run again after a message was lost (the file broker, a Redis that lost
its data) is the same task on the same half-paid database as this redelivery, so it needs no test
of its own; two runs at once are in ``test_gelijktijdig.py``."""

import os
import signal

import pytest

from premies.models import Betaallijn, Betalingsprobleem, Uitbetalingsrun

# wacht_tot is imported from here by tests/infra/test_wachtrijen.py and test_gezondheid.py.
from tests.infra.kill import VISIBILITY_TIMEOUT, dood_met_kinderen, pool_kind, wacht_tot, werkomgeving
from tests.premies.helpers import dmfa, lopend_dossier, zorg_voor_ggmmi

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
TAAK = "premies.tasks.uitbetaling.betaal_wat_verschuldigd_is"
AANTAL = 24  # one due quarter (loonpremie, 2026 Q1) per dossier
CHUNK = 4
PAUZE = "1.5"  # seconds after each chunk: the kill lands between two chunks


@pytest.fixture
def omgeving(transactional_db, tmp_path):
    with werkomgeving(tmp_path, PREMIES_CHUNK_GROOTTE=str(CHUNK), PREMIES_PAUZE_NA_CHUNK=PAUZE) as omgeving:
        yield omgeving


@pytest.mark.parametrize("wat", ["pool_kind", "hele_worker"])
def test_a_payout_run_killed_halfway_is_redelivered_and_pays_every_quarter_once(omgeving, wat):
    zorg_voor_ggmmi()
    for _ in range(AANTAL):
        dmfa(lopend_dossier(), 2026, 1)
    # Killing the pool process: the production visibility timeout (an hour), so the message can only
    # have come back through the master's reject.
    worker = omgeving["start"](visibility_timeout=None if wat == "pool_kind" else VISIBILITY_TIMEOUT)
    omgeving["verstuur"](TAAK, "2026-07-01")
    halfweg = wacht_tot(lambda: Betaallijn.objects.count() >= AANTAL // 2, worker=worker)
    assert halfweg, "the payout run never got halfway"

    if wat == "pool_kind":
        os.kill(pool_kind(worker), signal.SIGKILL)  # the same worker carries on with a new process
    else:
        dood_met_kinderen(worker)
        worker = omgeving["start"](PREMIES_PAUZE_NA_CHUNK="0")  # takes the redelivered message
    # Read at once: a new pool process first passes the chunks already paid, pausing after each.
    betaald_bij_dood = Betaallijn.objects.count()
    assert 0 < betaald_bij_dood < AANTAL, "the kill did not land halfway"

    klaar = wacht_tot(lambda: Uitbetalingsrun.objects.filter(aantal_lijnen=AANTAL).exists(), worker=worker)
    assert klaar, f"the run was not redelivered and finished ({Betaallijn.objects.count()} of {AANTAL} paid)"
    assert Betaallijn.objects.count() == AANTAL
    kwartalen = Betaallijn.objects.values("dossier", "jaar", "kwartaal", "premie_soort").distinct()
    assert kwartalen.count() == AANTAL
    assert not Betaallijn.objects.exclude(volgnummer=1).exists()  # nothing paid a second time
    [run] = Uitbetalingsrun.objects.all()
    assert run.lijnen.count() == AANTAL
    assert not Betalingsprobleem.objects.exists()

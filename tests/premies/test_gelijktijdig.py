"""Two payout runs at once on PostgreSQL (threads, each with its own connection) pay every
quarter once, into the one concept run."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from premies import services
from premies.models import Betaallijn, Uitbetalingsrun
from tests.premies.helpers import dmfa, lopend_dossier, zorg_voor_ggmmi

pytestmark = pytest.mark.postgres


def test_two_concurrent_runs_pay_each_quarter_once(transactional_db, settings):
    settings.PREMIES_CHUNK_GROOTTE = 3
    zorg_voor_ggmmi()
    dossiers = [lopend_dossier() for _ in range(10)]
    for d in dossiers:
        dmfa(d, 2026, 1)
        dmfa(d, 2026, 2)
    start = threading.Barrier(2)
    fouten = []

    def run():
        try:
            start.wait(timeout=10)
            services.voer_run_uit(dt.date(2026, 10, 1))
        except Exception as exc:  # pragma: no cover - reported below
            fouten.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert fouten == []
    assert Betaallijn.objects.count() == 20
    assert Betaallijn.objects.values("dossier", "jaar", "kwartaal", "premie_soort").distinct().count() == 20
    [run] = Uitbetalingsrun.objects.all()
    assert (run.aantal_lijnen, run.totaal) == (20, Decimal("90000.00"))

"""The load test's short form (issue #11): 18 employers and 2 case handlers for 25 seconds against
gunicorn (2 sync workers), PostgreSQL, Redis and 2 Celery workers, on the loopback. Every request
answers without error, and every application submitted during the run gets its admissibility mail
in the outbox from a worker (users still busy when the time is up may finish their task: at most
15 s more). The full run: ``bench/load_test.py`` (see the README)."""

import io
import socket
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Max

from aanvragen.models import Dossier
from tests.infra.test_celery_worker import worker_env

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from load_test import mail_delays, run_locust, start_stack, stop_stack  # noqa: E402

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_employers_and_case_handlers_under_load_get_no_error_and_every_submission_its_mail(
    transactional_db, tmp_path
):
    call_command("seed_bench", dossiers=300, organisaties=25, stdout=io.StringIO())
    laatste = Dossier.objects.aggregate(m=Max("pk"))["m"]
    env = worker_env(tmp_path, email_backend="django.core.mail.backends.locmem.EmailBackend")
    env.pop("TEST_DATABASE_NAME", None)  # the servers use the test database itself
    poort = vrije_poort()
    processen = start_stack(env, poort, tmp_path)
    try:
        rijen = run_locust(
            f"http://127.0.0.1:{poort}",
            18,
            2,
            25,
            300,
            tmp_path,
            spawn_rate=10,
            stop_timeout=2,
            aanvraag_gewicht=4,
        )
        mails = mail_delays(laatste, wait_seconds=20)
    finally:
        stop_stack(processen)

    paginas = {r["page"]: r for r in rijen}
    totaal = paginas["Aggregated"]
    assert totaal["requests"] > 20 and totaal["failures"] == 0, rijen
    for pagina in (
        "GET dashboard",
        "GET actuele stand",
        "GET admin: werkvoorraad",
        "POST aanvraag: indienen",
    ):
        assert paginas.get(pagina, {}).get("requests"), (pagina, sorted(paginas))
    assert mails["submitted"] > 0 and mails["mailed"] == mails["submitted"], mails

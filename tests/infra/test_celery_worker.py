"""A real Celery worker (a subprocess on Redis) delivers a mail from the outbox in PostgreSQL.

Nothing eager here: the test sends the task through Redis to a worker process that uses the
test database, then waits until the effect is visible in PostgreSQL.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from loket.models import Bericht
from tests.conftest import REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 60

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def database_url() -> str:
    """The URL of the database this test (and this xdist worker) runs on."""
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def worker_env(
    var_dir: Path, email_backend: str = "django.core.mail.backends.filebased.EmailBackend"
) -> dict:
    """The environment of a process (worker, web server) that works on this test's database and
    sends its tasks through Redis."""
    return os.environ | {
        "DJANGO_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "loket.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "LOKET_VAR_DIR": str(var_dir),
        "EMAIL_BACKEND": email_backend,
    }


def start_worker(queue: str, var_dir: Path, naam: str | None = None) -> subprocess.Popen:
    """A solo worker consuming ``queue`` (a comma-separated list)."""
    env = worker_env(var_dir)
    command = [
        sys.executable, "-m", "celery", "-A", "loket", "worker",
        "-Q", queue, "-n", f"{naam or queue}@%h", "--pool=solo", "--loglevel=INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def stop(worker: subprocess.Popen) -> str:
    worker.terminate()
    try:
        output, _ = worker.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output


def test_real_worker_delivers_an_outbox_mail_and_the_effect_shows_in_postgresql(transactional_db, tmp_path):
    from celery import Celery

    bericht = Bericht.objects.create(
        sleutel=f"worker-test-{uuid.uuid4().hex}",
        aan="els.peeters@bakkerij-vandenbroeck.example",
        onderwerp="Uw aanvraag is ontvankelijk",
        tekst="Beste Els, uw aanvraag is ontvankelijk.",
    )
    queue = f"test-worker-{uuid.uuid4().hex[:12]}"
    (tmp_path / "mail").mkdir()
    worker = start_worker(queue, tmp_path)
    client = Celery("test-client", broker=REDIS_URL)
    output = ""
    try:
        client.send_task("loket.tasks.bezorg_bericht", args=[bericht.pk], queue=queue)
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while time.monotonic() < deadline and worker.poll() is None:
            bericht.refresh_from_db()
            if bericht.verzonden_op is not None:
                break
            time.sleep(0.3)
    finally:
        output = stop(worker)
        client.close()
        import redis

        r = redis.Redis.from_url(REDIS_URL)
        for key in r.scan_iter(match=f"*{queue}*"):  # the queue and kombu's binding keys
            r.delete(key)

    assert bericht.verzonden_op is not None, f"worker did not deliver the mail:\n{output[-3000:]}"
    assert bericht.pogingen == 1
    mails = list((tmp_path / "mail").iterdir())
    assert len(mails) == 1
    assert "Uw aanvraag is ontvankelijk" in mails[0].read_text()
    assert "loket.tasks.bezorg_bericht" in output and "succeeded" in output

"""Shared by the worker-kill tests (``tests/infra/test_worker_gedood.py``,
``tests/premies/test_worker_gedood.py``): a real prefork worker with one pool process on a private
queue (Redis, the test PostgreSQL), killed in part or whole, and afterwards everything the test and
its workers left in Redis removed, whether the test passed or not."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from tests.conftest import REDIS_URL
from tests.infra.test_celery_worker import ROOT, worker_env

TIMEOUT = 60
# Seconds after which Redis hands an unacknowledged message back (production: 3,900). Lowered so a
# test does not wait an hour for the message of a killed worker.
VISIBILITY_TIMEOUT = 3


def start_worker(
    queue: str,
    var_dir: Path,
    traag: Path,
    visibility_timeout: int | None = VISIBILITY_TIMEOUT,
    **extra_env: str,
) -> subprocess.Popen:
    """``visibility_timeout=None``: the one the settings derive from the time limits."""
    env = worker_env(var_dir, email_backend="tests.infra.traag.TrageMail") | {
        "LOKET_TRAAG_MAP": str(traag),
        "LOKET_TRAAG_SECONDEN": "2",
        "BRON_VDAB": "tests.infra.traag.TrageVdab",
    }
    env.pop("CELERY_VISIBILITY_TIMEOUT", None)
    if visibility_timeout is not None:
        env["CELERY_VISIBILITY_TIMEOUT"] = str(visibility_timeout)
    env |= extra_env
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


def pool_kind(worker: subprocess.Popen) -> int:
    kinderen = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    return int(kinderen[0])


def stop(worker: subprocess.Popen) -> str:
    """Warm shutdown (a running task finishes first); the whole process group if that hangs."""
    if worker.poll() is None:
        worker.terminate()
    try:
        return worker.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        return worker.communicate()[0]


def wacht_tot(voorwaarde, worker: subprocess.Popen | None = None, seconden: float = TIMEOUT) -> bool:
    """Polls ``voorwaarde``; gives up early when ``worker`` has exited. (Also used, through
    ``tests.premies.test_worker_gedood``, by the queue and health tests.)"""
    deadline = time.monotonic() + seconden
    while time.monotonic() < deadline and (worker is None or worker.poll() is None):
        if voorwaarde():
            return True
        time.sleep(0.1)
    return voorwaarde()


def ruim_redis_op(queue: str, taken: set[str]) -> None:
    """Removes the private queue with its bindings and pidboxes, and, from the keys all workers
    share (kombu's unacknowledged messages, the portal's queues), only the messages of this test:
    those on its queue and the tasks its tasks started (same root id). A leftover unacknowledged
    message would otherwise be put back, into a queue nobody reads, by the next short-timeout
    restore."""
    import redis

    r = redis.Redis.from_url(REDIS_URL)

    def van_deze_test(bericht: dict) -> bool:
        return bericht.get("headers", {}).get("root_id") in taken

    for key in r.scan_iter(match=f"*{queue}*"):
        r.delete(key)
    for tag, waarde in r.hgetall("unacked").items():
        bericht, _exchange, routing_key = json.loads(waarde)
        if routing_key == queue or van_deze_test(bericht):
            r.hdel("unacked", tag)
            r.zrem("unacked_index", tag)
    for gedeelde_queue in settings.CELERY_QUEUES_ALL:
        for waarde in r.lrange(gedeelde_queue, 0, -1):
            if van_deze_test(json.loads(waarde)):
                r.lrem(gedeelde_queue, 0, waarde)
    r.close()


@contextlib.contextmanager
def werkomgeving(tmp_path: Path, **env: str) -> Iterator[dict]:
    """``start(**env)`` starts a worker on a private queue (``env`` for its environment, on top of
    the one given here), ``verstuur(taak, *args)`` sends a task there. On leaving: every worker
    stopped, its output printed (pytest shows it when the test failed), Redis cleaned."""
    from celery import Celery

    queue = f"test-kill-{uuid.uuid4().hex[:12]}"
    traag = tmp_path / "traag"
    traag.mkdir()
    (tmp_path / "mail").mkdir()
    client = Celery("test-client", broker=REDIS_URL)
    workers: list[subprocess.Popen] = []
    taken: set[str] = set()

    def start(**extra_env) -> subprocess.Popen:
        worker = start_worker(queue, tmp_path, traag, **(env | extra_env))
        workers.append(worker)
        return worker

    def verstuur(taak: str, *args) -> None:
        taken.add(client.send_task(taak, args=list(args), queue=queue).id)

    try:
        yield {"start": start, "verstuur": verstuur, "traag": traag, "mail": tmp_path / "mail"}
    finally:
        uitvoer = [stop(w) for w in workers]
        client.close()
        ruim_redis_op(queue, taken)
        print("\n".join(u[-3000:] for u in uitvoer))

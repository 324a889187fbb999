"""The load test of issue #11: gunicorn (2 sync workers) + PostgreSQL + Redis + 2 Celery workers,
driven by locust (``bench/locustfile.py``) for a bounded time on the loopback; prints locust's p95
per page, the failures, and the admissibility mail's delay (submission → the mail stored in the
outbox by the worker).

    createdb -h 127.0.0.1 -U postgres bench_imw
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_imw
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_bench --dossiers 50000
    .venv/bin/python bench/load_test.py --werkgevers 200 --behandelaars 20 --seconds 120

Exit status 1 when a request failed or a submitted application got no admissibility mail. The
short form runs in CI: ``tests/infra/test_belasting.py``.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import subprocess  # nosec B404: starts gunicorn, celery and locust with fixed argument lists
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

from serve_and_measure import GUNICORN, portal_env, wait_for_port  # noqa: E402

BIN = Path(sys.executable).parent


def all_queues(env: dict) -> str:
    """Every Celery queue (settings.CELERY_QUEUES_ALL), read with the stack's own environment:
    the workers here consume them all, like the embedded worker of `make run`."""
    code = "import loket.settings as s; print(','.join(s.CELERY_QUEUES_ALL))"
    out = subprocess.run(  # nosec B603: fixed arguments
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1]


def start_stack(env: dict, port: int, log_dir: Path) -> list[subprocess.Popen]:
    """gunicorn with the benchmark's settings and two Celery workers (one process each), all in
    their own process groups so that ``stop_stack`` ends their children too."""
    processen = []

    def start(naam, cmd):
        log = open(log_dir / f"{naam}.log", "w")  # noqa: SIM115 - closed with the process
        processen.append(
            subprocess.Popen(
                cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )  # nosec B603
        )

    start("gunicorn", [*GUNICORN, "--bind", f"127.0.0.1:{port}", "--timeout", "60", "loket.wsgi:application"])
    queues = all_queues(env)
    for i in (1, 2):
        start(
            f"celery-{i}",
            [
                str(BIN / "celery"), "-A", "loket", "worker", "--pool=solo", "-Q", queues,
                "-n", f"bench{i}-{port}@%h",
                "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
        )  # fmt: skip
    wait_for_port(port, 60)
    return processen


def stop_stack(processen: list[subprocess.Popen]) -> None:
    for proc in processen:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for proc in processen:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run_locust(
    host: str,
    werkgevers: int,
    behandelaars: int,
    seconds: int,
    dossiers: int,
    out: Path,
    spawn_rate: float = 2,
    stop_timeout: int = 10,
    aanvraag_gewicht: int = 1,
) -> list[dict]:
    """locust headless; returns its per-page rows (name, requests, failures, p50, p95, max). Users
    start at ``spawn_rate`` per second: a login hashes a password (about half a second of CPU by
    design), so a crowd logging in at once measures the password hasher, not the pages."""
    env = {
        **os.environ,
        "BENCH_WERKGEVERS": str(werkgevers),
        "BENCH_BEHANDELAARS": str(behandelaars),
        "BENCH_DOSSIERS": str(dossiers),
        "BENCH_AANVRAAG_GEWICHT": str(aanvraag_gewicht),
    }
    gebruikers = werkgevers + behandelaars
    cmd = [
        str(BIN / "locust"), "-f", str(BENCH / "locustfile.py"), "--headless", "--host", host,
        "-u", str(gebruikers), "-r", str(spawn_rate), "-t", f"{seconds}s",
        "--stop-timeout", str(stop_timeout), "--csv", str(out / "locust"), "--only-summary",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    subprocess.run(cmd, env=env, cwd=ROOT, check=False, timeout=seconds + 120)  # nosec B603
    rijen = []
    with open(out / "locust_stats.csv") as f:
        for rij in csv.DictReader(f):
            rijen.append(
                {
                    "page": f"{rij['Type']} {rij['Name']}".strip(),
                    "requests": int(rij["Request Count"]),
                    "failures": int(rij["Failure Count"]),
                    "p50_ms": float(rij["50%"] or 0),
                    "p95_ms": float(rij["95%"] or 0),
                    "max_ms": float(rij["Max Response Time"] or 0),
                }
            )
    return rijen


def mail_delays(after_pk: int, wait_seconds: float = 30) -> dict:
    """Per application submitted during the run (a dossier made after ``after_pk``): seconds from
    submission to its admissibility mail in the outbox (``ontvankelijkheid-<pk>``); waits up to
    ``wait_seconds`` for the last ones."""
    from aanvragen.models import Dossier
    from loket.models import Bericht

    deadline = time.monotonic() + wait_seconds
    while True:
        ingediend = dict(
            Dossier.objects.filter(pk__gt=after_pk, ingediend_op__isnull=False).values_list(
                "pk", "ingediend_op"
            )
        )
        sleutels = {f"ontvankelijkheid-{pk}": pk for pk in ingediend}
        mails = dict(Bericht.objects.filter(sleutel__in=sleutels).values_list("sleutel", "aangemaakt_op"))
        if len(mails) == len(ingediend) or time.monotonic() > deadline:
            break
        time.sleep(1)
    vertragingen = sorted(
        (mails[s] - ingediend[pk]).total_seconds() for s, pk in sleutels.items() if s in mails
    )

    def pct(p):
        return vertragingen[min(len(vertragingen) - 1, int(p * len(vertragingen)))] if vertragingen else None

    return {
        "submitted": len(ingediend),
        "mailed": len(vertragingen),
        "p50_s": pct(0.5),
        "p95_s": pct(0.95),
        "max_s": vertragingen[-1] if vertragingen else None,
    }


def report(rijen: list[dict], mails: dict) -> str:
    regels = ["| page | requests | failures | p50 | p95 | max |", "|---|---|---|---|---|---|"]
    for r in rijen:
        regels.append(
            f"| {r['page']} | {r['requests']} | {r['failures']} | {r['p50_ms']:.0f} ms | "
            f"{r['p95_ms']:.0f} ms | {r['max_ms']:.0f} ms |"
        )
    fmt = lambda v: "–" if v is None else f"{v:.1f} s"  # noqa: E731
    regels.append(
        f"\nadmissibility mail: {mails['mailed']} of {mails['submitted']} submitted applications mailed; "
        f"delay p50 {fmt(mails['p50_s'])}, p95 {fmt(mails['p95_s'])}, max {fmt(mails['max_s'])}"
    )
    return "\n".join(regels)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument("--werkgevers", type=int, default=200)
    parser.add_argument("--behandelaars", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=120)
    args = parser.parse_args()

    env = {
        **portal_env(args.database_url),
        "CELERY_BROKER_URL": args.redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    subprocess.run(  # nosec B603
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], env=env, check=True
    )
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "loket.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Max

    from aanvragen.models import Dossier

    dossiers = Dossier.objects.count()
    laatste = Dossier.objects.aggregate(m=Max("pk"))["m"] or 0
    with tempfile.TemporaryDirectory(prefix="imw-load-") as tmp:
        processen = start_stack(env, args.port, Path(tmp))
        try:
            rijen = run_locust(
                f"http://127.0.0.1:{args.port}",
                args.werkgevers,
                args.behandelaars,
                args.seconds,
                dossiers,
                Path(tmp),
            )
            mails = mail_delays(laatste)
        finally:
            stop_stack(processen)
    print(report(rijen, mails))
    totaal = next((r for r in rijen if r["page"].endswith("Aggregated")), {"failures": 1})
    return 1 if totaal["failures"] or mails["mailed"] < mails["submitted"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""Serve the portal and a bare Django view with the same gunicorn settings, drive both with ``wrk``
and print the table of issue #11: per page the queries, the view time, req/s and p95 at 16
connections, and req/s as a share of the bare Django view measured in the same run.

    createdb -h 127.0.0.1 -U postgres bench_imw
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_imw
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_bench --dossiers 50000
    .venv/bin/python bench/serve_and_measure.py --json var/bench-50k.json
    .venv/bin/python bench/serve_and_measure.py --json var/bench-1k.json --against var/bench-50k.json

The portal runs as in production (``DJANGO_ENV=production``: DEBUG off, cached templates, manifest
static files, persistent database connections as docker-compose sets them) except that it speaks
plain HTTP on the loopback. Sessions for an employer (``bench-werkgever-0``, the organisation with
the most dossiers) and a case handler (with a verified TOTP device) are made directly in the
session store, so the login pages and their throttling are not part of the measurement.

View time is the median latency with one connection (nothing queues); CPU per request is this
process's CPU time for the page (in-process, 10 requests, without the database's own time), SQL
time the time its queries take (median of three requests), Python opcodes the bytecode
instructions one request runs (in-process: the same figure on a busy or an idle machine, what to
compare between two versions of the code); req/s and p95 come from 16 connections. The machine may
be shared: absolute times are noisy, the share of bare Django in the same run and the opcodes are
what to compare. Needs Debian's ``wrk``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess  # nosec B404: starts gunicorn and wrk, fixed argument lists
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WARM_REQUESTS = 7
CPU_REQUESTS = 10
GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--worker-class", "sync"]


def portal_env(database_url: str) -> dict[str, str]:
    """Production settings, on plain HTTP on the loopback."""
    return {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",  # nosec B105: a throwaway benchmark server
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_BEHIND_PROXY": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DB_CONN_MAX_AGE": "60",
        "DATABASE_URL": database_url,
        "LOKET_VAR_DIR": str(ROOT / "var" / "bench"),
        # As docker-compose and Kubernetes run it: cache and sessions in Redis.
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
    }


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def start(app: str, port: int, env: dict, chdir: Path) -> subprocess.Popen:
    cmd = [*GUNICORN, "--bind", f"127.0.0.1:{port}", "--chdir", str(chdir), app]
    # Its own process group, so stopping it stops its workers too.
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stderr=subprocess.DEVNULL)  # nosec B603
    wait_for_port(port)
    return proc


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def wrk(url: str, cookie: str, connections: int, seconds: int) -> dict:
    cmd = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / "p95.lua"),
        *(["-H", f"Cookie: {cookie}"] if cookie else []),
        url,
    ]
    uit = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # nosec B603
    resultaat = json.loads(uit.split("BENCH ", 1)[1])
    resultaat["rps"] = resultaat["requests"] / resultaat["seconds"]
    return resultaat


def browser(cookie: str):
    """A test client holding the cookies of ``cookie`` (a Cookie header), as a browser would."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for paar in cookie.split("; "):
        sleutel, waarde = paar.split("=", 1)
        client.cookies[sleutel] = waarde
    return client


def prepare(env: dict) -> tuple:
    """Sessions (cookies per role), the pages to measure, and per page: its queries, CPU and SQL
    time (ms) and Python opcodes."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "loket.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import portal_floor  # noqa: F401  (the floor page, /bench/leeg/, in this process too)
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from aanvragen.models import Dossier
    from loket.middleware import SESSION_KEY_ORGANISATIE
    from loket.models import Toegang

    User = get_user_model()
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore

    def sessie(user, **extra) -> str:
        s = store()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.update(extra)
        s.create()
        return f"{settings.SESSION_COOKIE_NAME}={s.session_key}"

    werkgever = User.objects.get(username="bench-werkgever-0")
    organisatie = Toegang.objects.get(gebruiker=werkgever).organisatie
    behandelaar = User.objects.get(username="bench-behandelaar-0")
    device = TOTPDevice.objects.get(user=behandelaar)
    cookies = {
        "werkgever": sessie(werkgever, **{SESSION_KEY_ORGANISATIE: organisatie.pk}),
        "behandelaar": sessie(behandelaar, **{DEVICE_ID_SESSION_KEY: device.persistent_id}),
    }
    # A browser keeps the CSRF cookie the first page sets, and sends it with every later request.
    for rol, start in (("werkgever", "/"), ("behandelaar", "/admin/")):
        client = browser(cookies[rol])
        client.get(start)
        if settings.CSRF_COOKIE_NAME in client.cookies:
            cookies[rol] += f"; {settings.CSRF_COOKIE_NAME}={client.cookies[settings.CSRF_COOKIE_NAME].value}"
    eigen = Dossier.objects.filter(organisatie=organisatie, status="lopend").order_by("pk").first()
    # the newest submitted dossier of another organisation (a load test leaves concepts behind)
    ander = (
        Dossier.objects.exclude(organisatie=organisatie)
        .filter(referentie__isnull=False)
        .order_by("-pk")
        .first()
    )
    d = f"/individueel-maatwerk/dossiers/{eigen.pk}/"
    q = "/admin/aanvragen/dossier/?q="
    pages = [
        ("floor: signed-in empty page", "werkgever", "/bench/leeg/"),
        ("dashboard", "werkgever", "/"),
        ("'Actuele stand', page 1", "werkgever", "/individueel-maatwerk/dossiers/"),
        ("'Actuele stand', page 50", "werkgever", "/individueel-maatwerk/dossiers/?pagina=50"),
        ("dossier: Overzicht", "werkgever", d),
        ("dossier: Berekeningen", "werkgever", d + "?tab=berekeningen"),
        ("dossier: Documenten", "werkgever", d + "?tab=documenten"),
        ("dossier: Berichten", "werkgever", d + "?tab=berichten"),
        ("admin work queue", "behandelaar", "/admin/aanvragen/dossier/"),
        ("admin search by reference", "behandelaar", q + ander.referentie),
        ("admin search by KBO", "behandelaar", q + ander.organisatie.kbo_nummer),
        ("admin search by INSZ", "behandelaar", q + ander.werknemer_insz),
        ("admin search by name", "behandelaar", q + ander.werknemer_achternaam),
        ("admin dossier page", "behandelaar", f"/admin/aanvragen/dossier/{ander.pk}/change/"),
    ]
    queries, cpu, sql, opcodes = {}, {}, {}, {}
    for naam, rol, url in pages:
        client = browser(cookies[rol])
        # Warm: the first request of a process fills caches; a prepared statement (loket.prepared)
        # is planned anew on its first five runs on a connection, as PostgreSQL does before it
        # settles on a generic plan, and only then costs what it costs in a long-running worker.
        for _ in range(WARM_REQUESTS):
            client.get(url)
        sql_tijden = []
        for _ in range(3):
            # Timed here: the captured queries' own times are rounded to the millisecond each.
            tijd = [0.0]

            def getimed(execute, sql_tekst, params, many, context, tijd=tijd):
                start = time.perf_counter()
                try:
                    return execute(sql_tekst, params, many, context)
                finally:
                    tijd[0] += time.perf_counter() - start

            with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(getimed):
                response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{naam}: {url} answers {response.status_code}")
            sql_tijden.append(tijd[0])
        queries[naam] = len(ctx.captured_queries)
        sql[naam] = 1000 * sorted(sql_tijden)[1]  # the median of three: the database's share
        opcodes[naam] = python_opcodes(client, url)
        # CPU time of this process per request: unlike latency, hardly affected by other work on a
        # shared machine (the database's own time is not in it).
        start = time.process_time()
        for _ in range(CPU_REQUESTS):
            client.get(url)
        cpu[naam] = 1000 * (time.process_time() - start) / CPU_REQUESTS
    connection.close()
    return cookies, pages, queries, cpu, sql, opcodes


def python_opcodes(client, url: str) -> int:
    """The Python bytecode instructions one request runs (this test client included): unlike any
    time, the same on a busy or an idle machine, so two versions of a page compare exactly (C code,
    the database and the network are not in it)."""
    aantal = 0

    def per_opcode(frame, event, arg):
        nonlocal aantal
        if event == "opcode":
            aantal += 1
        return per_opcode

    def per_frame(frame, event, arg):
        frame.f_trace_opcodes = True
        frame.f_trace_lines = False
        return per_opcode

    sys.settrace(per_frame)
    try:
        client.get(url)
    finally:
        sys.settrace(None)
    return aantal


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument("--bare-port", type=int, default=8114)
    parser.add_argument("--seconds", type=int, default=5, help="per page and load level")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument(
        "--page-cache-seconds",
        default="300",
        help="the portal's PAGE_CACHE_SECONDS; 0 renders every page anew (what a page costs after a change)",
    )
    parser.add_argument("--against", help="an earlier --json file (e.g. at 1,000 dossiers): adds its ratio")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url (or DATABASE_URL) must name the seeded PostgreSQL database")
    if shutil.which("wrk") is None:
        parser.error("wrk is missing: apt-get install wrk")

    env = portal_env(args.database_url)
    env["PAGE_CACHE_SECONDS"] = args.page_cache_seconds
    subprocess.run(  # nosec B603: manifest static files, as production serves them
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], env=env, check=True
    )
    cookies, pages, queries, cpu, sql, opcodes = prepare(env)
    pages = [p for p in pages if args.only in p[0]]
    from aanvragen.models import Dossier

    aantal = Dossier.objects.count()

    # The portal plus its floor page (bench/portal_floor.py).
    portal = start("bench.portal_floor:application", args.port, env, ROOT)
    bare = start("bare_django:application", args.bare_port, {**os.environ}, BENCH)
    rijen, kaal = [], []
    try:
        bare_url = f"http://127.0.0.1:{args.bare_port}/"
        wrk(bare_url, "", args.connections, 1)  # warm up
        kaal.append(wrk(bare_url, "", args.connections, args.seconds)["rps"])
        for i, (naam, rol, pad) in enumerate(pages):
            url = f"http://127.0.0.1:{args.port}{pad}"
            wrk(url, cookies[rol], 2, 1)  # warm up both workers
            een = wrk(url, cookies[rol], 1, args.seconds)
            zestien = wrk(url, cookies[rol], args.connections, args.seconds)
            rijen.append(
                {
                    "page": naam,
                    "queries": queries[naam],
                    "cpu_ms": cpu[naam],
                    "opcodes": opcodes[naam],
                    "sql_ms": sql[naam],
                    "view_ms": een["p50_ms"],
                    "rps": zestien["rps"],
                    "p95_ms": zestien["p95_ms"],
                    "errors": een["errors"] + zestien["errors"],
                }
            )
            if i % 5 == 4:  # the bare view again now and then: the machine's load drifts
                kaal.append(wrk(bare_url, "", args.connections, args.seconds)["rps"])
        kaal.append(wrk(bare_url, "", args.connections, args.seconds)["rps"])
    finally:
        stop(portal)
        stop(bare)

    bare_rps = sum(kaal) / len(kaal)
    bare_cpu = float(
        subprocess.run(  # nosec B603
            [sys.executable, str(BENCH / "bare_django.py")], capture_output=True, text=True, check=True
        ).stdout
    )
    eerder = {}
    if args.against and Path(args.against).exists():
        eerder = {r["page"]: r for r in json.loads(Path(args.against).read_text())["pages"]}
    kop = f"view time at {aantal:,}"
    print(
        f"\nbare Django: {bare_rps:.0f} req/s at {args.connections} connections (runs: "
        f"{', '.join(f'{k:.0f}' for k in kaal)}), {bare_cpu:.2f} ms CPU per request in-process\n"
    )
    extra = " view time vs --against |" if eerder else ""
    print(
        f"| page | queries | {kop} | CPU per request | Python opcodes | SQL time | req/s | "
        f"p95 at {args.connections} | share of bare Django (req/s) | (CPU) |{extra}"
    )
    print("|---|---|---|---|---|---|---|---|---|---|" + ("---|" if eerder else ""))
    for r in rijen:
        r["share"] = r["rps"] / bare_rps
        regel = (
            f"| {r['page']} | {r['queries']} | {r['view_ms']:.1f} ms | {r['cpu_ms']:.1f} ms | "
            f"{r['opcodes'] / 1000:.0f}k | {r['sql_ms']:.1f} ms | "
            f"{r['rps']:.0f} | {r['p95_ms']:.0f} ms | {100 * r['share']:.1f} % | "
            f"{100 * bare_cpu / r['cpu_ms']:.1f} % |"
        )
        if eerder:
            ander = eerder.get(r["page"])
            regel += f" {r['view_ms'] / ander['view_ms']:.2f}× |" if ander and ander["view_ms"] else " – |"
        print(regel + (f" ERRORS: {r['errors']}" if r["errors"] else ""))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"dossiers": aantal, "bare_rps": bare_rps, "bare_cpu_ms": bare_cpu, "pages": rijen}, indent=2
            )
        )
    return 1 if any(r["errors"] for r in rijen) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Serve the portal and a bare Django view with the same gunicorn settings, drive both with ``wrk``
and print the table of issue #11: per page the queries, the view time, req/s and p95 at 16
connections, and req/s as a share of the bare Django view measured at the same moment.

    createdb -h 127.0.0.1 -U postgres bench_imw      # and bench_imw_1k, seeded with --dossiers 1000
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_imw
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_bench --dossiers 50000
    .venv/bin/python bench/serve_and_measure.py --json var/bench-50k.json \
        --small-database-url postgres://postgres@127.0.0.1:5432/bench_imw_1k

The portal runs as in production (``DJANGO_ENV=production``: DEBUG off, cached templates, manifest
static files, persistent database connections as docker-compose sets them) except that it speaks
plain HTTP on the loopback. Sessions for an employer (``bench-werkgever-0``, the organisation with
the most dossiers) and a case handler (with a verified TOTP device) are made directly in the
session store, so the login pages and their throttling are not part of the measurement.

View time is the median latency with one connection (nothing queues); CPU per request is this
process's CPU time for the page (in-process, 10 requests, without the database's own time), SQL
time the time its queries take (median of three requests), Python opcodes the bytecode
instructions one request runs (in-process: the same figure on a busy or an idle machine, what to
compare between two versions of the code); req/s and p95 come from 16 connections.

A small VM's speed drifts by tens of per cent within minutes, so nothing is compared across
time: every page is measured in ``--rounds`` rounds, its 16 connections between two runs of the
bare view (its share is of their mean), and, with ``--small-database-url``, on the small
database's portal in the same moment, alternated A B B A (their view times' ratio is the cost's
dependence on the number of dossiers). The table gives each figure's median over the rounds, with
their range. Needs Debian's ``wrk``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess  # nosec B404: starts gunicorn and wrk, fixed argument lists
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WARM_REQUESTS = 7
CPU_REQUESTS = 10
GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--worker-class", "sync"]


def portal_env(database_url: str, cache_db: int = 5) -> dict[str, str]:
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
        "CACHE_URL": f"redis://127.0.0.1:6379/{cache_db}",
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


def process_group_cpu(pgid: int) -> float:
    """CPU seconds used so far by the processes of a process group (Linux's /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    totaal = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(velden[2]) == pgid:  # fields after the name: state, ppid, pgrp, ..., utime, stime
            totaal += (int(velden[11]) + int(velden[12])) / tick
    return totaal


def settle(procs: list[subprocess.Popen], seconds: float = 60) -> None:
    """Wait until the servers' workers have booted: gunicorn listens before its workers have
    imported the application, and a worker importing Django beside a measurement slowed the first
    run of the bare view by two thirds."""
    deadline = time.monotonic() + seconds
    vorige = sum(process_group_cpu(p.pid) for p in procs)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        nu = sum(process_group_cpu(p.pid) for p in procs)
        if nu - vorige < 0.02:  # under 4 % of a core: idle
            return
        vorige = nu


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
        # shared machine (the database's own time is not in it). Garbage collected first: a full
        # collection that the earlier pages' garbage makes due (~120 ms, here the second page's)
        # is not this page's cost.
        gc.collect()
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


def prepared(env: dict) -> dict:
    """``prepare()`` for one database, in a child process: Django is set up once per process, and
    the 1,000-dossier database needs its own sessions and pages."""
    with tempfile.TemporaryDirectory() as tmp:
        uit = Path(tmp) / "prepared.json"
        subprocess.run([sys.executable, __file__, "--prepare-into", str(uit)], env=env, check=True)  # nosec B603
        return json.loads(uit.read_text())


def prepare_into(path: str) -> None:
    cookies, pages, queries, cpu, sql, opcodes = prepare(dict(os.environ))
    from aanvragen.models import Dossier

    Path(path).write_text(
        json.dumps(
            {
                "dossiers": Dossier.objects.count(),
                "cookies": cookies,
                "pages": pages,
                "queries": queries,
                "cpu": cpu,
                "sql": sql,
                "opcodes": opcodes,
            }
        )
    )


def spread(values: list[float], fmt: str = "{:.0f}", factor: float = 1) -> str:
    """The median, and the range when the rounds differ: ``84 (79–91)``."""
    laag, midden, hoog = (factor * v for v in (min(values), statistics.median(values), max(values)))
    tekst = fmt.format(midden)
    laag, hoog = fmt.format(laag), fmt.format(hoog)
    return tekst if laag == hoog else f"{tekst} ({laag}–{hoog})"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--small-database-url",
        help="a second seeded database (e.g. 1,000 dossiers), served beside the first: each page's view "
        "time is measured on both in the same moment of every round, and their ratio printed",
    )
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument("--bare-port", type=int, default=8114)
    parser.add_argument("--seconds", type=int, default=3, help="per page, load level and round")
    parser.add_argument("--rounds", type=int, default=3, help="every page is measured this many times")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--only",
        action="append",
        help="measure only pages whose name contains this (repeat it for several)",
    )
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument(
        "--page-cache-seconds",
        default="300",
        help="the portal's PAGE_CACHE_SECONDS; 0 renders every page anew (what a page costs after a change)",
    )
    parser.add_argument("--against", help="an earlier --json file (e.g. at 1,000 dossiers): adds its ratio")
    parser.add_argument("--prepare-into", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare_into:
        prepare_into(args.prepare_into)
        return 0
    for naam in ("database_url", "small_database_url"):
        url = getattr(args, naam)
        if url is not None and not url.startswith("postgres"):
            parser.error(f"--{naam.replace('_', '-')} must name a seeded PostgreSQL database")
    if shutil.which("wrk") is None:
        parser.error("wrk is missing: apt-get install wrk")

    # One portal per database, each with its own Redis database: the page cache and the sessions
    # are keyed by primary keys, which the two databases share.
    databases = {"groot": args.database_url}
    if args.small_database_url:
        databases["klein"] = args.small_database_url
    poorten = {naam: args.port + i for i, naam in enumerate(databases)}
    envs = {
        naam: {**portal_env(url, cache_db=5 + i), "PAGE_CACHE_SECONDS": args.page_cache_seconds}
        for i, (naam, url) in enumerate(databases.items())
    }
    subprocess.run(  # nosec B603: manifest static files, as production serves them
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=envs["groot"],
        check=True,
    )
    meting = {naam: prepared(env) for naam, env in envs.items()}
    groot = meting["groot"]
    pages = [
        (i, naam)
        for i, (naam, _, _) in enumerate(groot["pages"])
        if not args.only or any(deel in naam for deel in args.only)
    ]

    # The portal plus its floor page (bench/portal_floor.py).
    servers = [start("bench.portal_floor:application", poorten[db], env, ROOT) for db, env in envs.items()]
    bare = start("bare_django:application", args.bare_port, {**os.environ}, BENCH)
    settle([*servers, bare])
    per_page: dict[str, dict[str, list]] = {naam: {} for _, naam in pages}
    try:
        bare_url = f"http://127.0.0.1:{args.bare_port}/"
        wrk(bare_url, "", args.connections, 2)  # warm up
        for ronde in range(args.rounds):
            for i, naam in pages:
                uit = per_page[naam]

                url, cookie = {}, {}
                for db in databases:
                    _, rol, pad = meting[db]["pages"][i]
                    url[db], cookie[db] = f"http://127.0.0.1:{poorten[db]}{pad}", meting[db]["cookies"][rol]
                for db in databases:
                    wrk(url[db], cookie[db], 2, 1)  # warm up both workers
                # Each database twice, for half the time, in the order A B B A (which one is A
                # alternates between rounds): a drift of the machine's speed during the round then
                # weighs the same on both, and each view time is the mean of its two halves.
                volgorde = list(databases) if ronde % 2 == 0 else list(reversed(databases))
                halves: dict[str, list[dict]] = {}
                for db in volgorde + volgorde[::-1]:
                    halves.setdefault(db, []).append(wrk(url[db], cookie[db], 1, max(1, args.seconds // 2)))
                een = {
                    db: {
                        "p50_ms": statistics.mean(run["p50_ms"] for run in runs),
                        "errors": sum(run["errors"] for run in runs),
                    }
                    for db, runs in halves.items()
                }
                # The bare view right before and right after the page: the machine's speed drifts
                # within a run, so each page is compared with bare Django around the same moment
                # (their mean: a drift during the page counts half on either side).
                voor = wrk(bare_url, "", args.connections, args.seconds)
                zestien = wrk(url["groot"], cookie["groot"], args.connections, args.seconds)
                na = wrk(bare_url, "", args.connections, args.seconds)
                kaal_rps = (voor["rps"] + na["rps"]) / 2
                for sleutel, waarde in (
                    ("bare_rps", kaal_rps),
                    ("view_ms", een["groot"]["p50_ms"]),
                    ("rps", zestien["rps"]),
                    ("p95_ms", zestien["p95_ms"]),
                    ("share", zestien["rps"] / kaal_rps),
                    ("errors", sum(r["errors"] for r in (*een.values(), zestien))),
                ):
                    uit.setdefault(sleutel, []).append(waarde)
                if "klein" in een:
                    uit.setdefault("small_view_ms", []).append(een["klein"]["p50_ms"])
                    uit.setdefault("ratio", []).append(een["groot"]["p50_ms"] / een["klein"]["p50_ms"])
    finally:
        for server in servers:
            stop(server)
        stop(bare)

    bare_cpu = float(
        subprocess.run(  # nosec B603
            [sys.executable, str(BENCH / "bare_django.py")], capture_output=True, text=True, check=True
        ).stdout
    )
    eerder = {}
    if args.against and Path(args.against).exists():
        eerder = {r["page"]: r for r in json.loads(Path(args.against).read_text())["pages"]}
    alle_kaal = [k for p in per_page.values() for k in p["bare_rps"]]
    print(
        f"\n{groot['dossiers']:,} dossiers, {args.rounds} rounds of {args.seconds} s per measurement; "
        "bare Django "
        f"{spread(alle_kaal)} req/s at {args.connections} connections, {bare_cpu:.2f} ms CPU per request "
        "in-process. Each figure: the median over the rounds (their range).\n"
    )
    klein = meting.get("klein")
    kolommen = [
        "page",
        "queries",
        "Python opcodes",
        "SQL time",
        "CPU per request",
        f"view time at {groot['dossiers']:,}",
        *([f"at {klein['dossiers']:,}", "ratio"] if klein else []),
        "req/s",
        f"p95 at {args.connections}",
        "share of bare Django (req/s)",
        *(["view time vs --against"] if eerder else []),
    ]
    print("| " + " | ".join(kolommen) + " |\n|" + "---|" * len(kolommen))
    rijen = []
    for _, naam in pages:
        m = per_page[naam]
        rij = {
            "page": naam,
            "queries": groot["queries"][naam],
            "opcodes": groot["opcodes"][naam],
            "sql_ms": groot["sql"][naam],
            "cpu_ms": groot["cpu"][naam],
            **{sleutel: statistics.median(waarden) for sleutel, waarden in m.items()},
            "errors": sum(m["errors"]),
            "rounds": m,
        }
        rijen.append(rij)
        cellen = [
            naam,
            str(rij["queries"]),
            f"{rij['opcodes'] / 1000:.1f}k",
            f"{rij['sql_ms']:.1f} ms",
            f"{rij['cpu_ms']:.1f} ms",
            spread(m["view_ms"], "{:.1f}") + " ms",
        ]
        if klein:
            rij["small_queries"] = klein["queries"][naam]
            rij["small_opcodes"] = klein["opcodes"][naam]
            cellen += [spread(m["small_view_ms"], "{:.1f}") + " ms", spread(m["ratio"], "{:.2f}") + "×"]
        cellen += [spread(m["rps"]), spread(m["p95_ms"]) + " ms", spread(m["share"], "{:.1f}", 100) + " %"]
        if eerder:
            ander = eerder.get(naam)
            cellen.append(f"{rij['view_ms'] / ander['view_ms']:.2f}×" if ander and ander["view_ms"] else "–")
        print("| " + " | ".join(cellen) + " |" + (f" ERRORS: {rij['errors']}" if rij["errors"] else ""))
    if klein:
        verschil = [n for _, n in pages if klein["queries"][n] != groot["queries"][n]]
        gelijk = "yes" if not verschil else "NO: " + ", ".join(verschil)
        print(f"\nQueries per page the same at both sizes: {gelijk}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "dossiers": groot["dossiers"],
                    "small_dossiers": klein["dossiers"] if klein else None,
                    "bare_rps": statistics.median(alle_kaal),
                    "bare_cpu_ms": bare_cpu,
                    "pages": rijen,
                },
                indent=2,
            )
        )
    return 1 if any(r["errors"] for r in rijen) else 0


if __name__ == "__main__":
    sys.exit(main())

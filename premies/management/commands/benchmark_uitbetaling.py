"""Time one payout run over N running dossiers in the configured database.

    python manage.py benchmark_uitbetaling --dossiers 50000

Creates N dossiers (one organisation per ten, each with an account; every tenth dossier also has a
begeleidingspremie) with a grant period from 1 October 2025 and DmfA lines for 2025-Q4 and
2026-Q1, all in bulk; then times, on 1 July 2026, one run: the engine's payment lines and run
record, the four-eyes approval and the validated SEPA file. Earlier benchmark data (references
starting with BENCH-) is removed first. The LAST line printed is exactly
``N dossiers, S s, R dossiers/s, Q queries``.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from aanvragen.models import Beslissing, Document, Dossier
from loket.models import Bankrekening, Bericht, BerichtBijlage, DmfaLoonlijn, Organisatie
from loket.proefnummers import insz, kbo

BEGIN = dt.date(2025, 10, 1)
EIND = dt.date(2030, 9, 30)
VANDAAG = dt.date(2026, 7, 1)
KWARTALEN = [(2025, 4), (2026, 1)]
PREFIX = "BENCH-"
PER_ORGANISATIE = 10
BATCH = 5000


class QueryTeller:
    def __init__(self):
        self.aantal = 0

    def __call__(self, execute, sql, params, many, context):
        self.aantal += 1
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = "Meet één uitbetalingsrun over N lopende dossiers (maakt de dossiers eerst aan)."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=1000)

    def handle(self, *args, dossiers: int, **options):
        from celery import current_app
        from django.contrib.auth import get_user_model

        from premies import receivers, services, signals

        self._ruim_op()
        t0 = time.perf_counter()
        self._maak(dossiers)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics, as a production database has
        self.stdout.write(f"{dossiers} dossiers aangemaakt in {time.perf_counter() - t0:.1f} s")

        supervisor, _nieuw = get_user_model().objects.get_or_create(
            username="benchmark-supervisor", defaults={"is_staff": True, "is_superuser": True}
        )
        # The SEPA file is made on commit of the approval; here, in this process, inside the timing.
        current_app.conf.task_always_eager = True
        teller = QueryTeller()
        start = time.perf_counter()
        # The payment statements (a PDF per organisation) are a separate task that workers make
        # after the release, in parallel; they are not part of the run being measured.
        uid = "premies.betalingsoverzichten"
        signals.run_verzonden.disconnect(dispatch_uid=uid)
        try:
            with connection.execute_wrapper(teller):
                run = services.voer_run_uit(VANDAAG)
                run = services.keur_goed(run, supervisor)
                run.refresh_from_db()
        finally:
            signals.run_verzonden.connect(receivers.plan_betalingsoverzichten, dispatch_uid=uid)
        duur = time.perf_counter() - start
        self.stdout.write(
            f"run {run.pk}: {run.aantal_lijnen} lijnen, € {run.totaal}, status {run.status}, "
            f"{run.overzicht.get('overschrijvingen')} overschrijvingen, bestand {run.sepa_bestand.name}"
        )
        self.stdout.write(
            f"{dossiers} dossiers, {duur:.2f} s, {dossiers / duur:.0f} dossiers/s, {teller.aantal} queries"
        )

    def _ruim_op(self):
        """Remove earlier benchmark data in bulk (raw deletes: no per-row signals for 50,000 rows)."""
        from premies.models import Betaallijn, Betalingsprobleem, Uitbetalingsrun

        with transaction.atomic():
            dossiers = Dossier.objects.filter(referentie__startswith=PREFIX)
            runs = set(Betaallijn.objects.filter(dossier__in=dossiers).values_list("run_id", flat=True))
            for qs in (
                Betaallijn.objects.filter(dossier__in=dossiers),
                Betalingsprobleem.objects.filter(dossier__in=dossiers),
                Uitbetalingsrun.objects.filter(pk__in=runs - {None}),
                Beslissing.objects.filter(dossier__in=dossiers),
                # Statements of an earlier run (made by the worker after it was released).
                Document.objects.filter(dossier__in=dossiers),
                BerichtBijlage.objects.filter(bericht__organisatie__naam__startswith=PREFIX),
                Bericht.objects.filter(organisatie__naam__startswith=PREFIX),
                Dossier.objects.filter(referentie__startswith=PREFIX),
                DmfaLoonlijn.objects.filter(werkgever_kbo__startswith="09"),
                Bankrekening.objects.filter(organisatie__naam__startswith=PREFIX),
                Organisatie.objects.filter(naam__startswith=PREFIX),
            ):
                qs._raw_delete(qs.db)

    def _maak(self, n: int):
        aantal_org = max(1, n // PER_ORGANISATIE)
        with transaction.atomic():
            organisaties = Organisatie.objects.bulk_create(
                [
                    Organisatie(kbo_nummer=kbo(i), naam=f"{PREFIX}werkgever {i}", soort="privaat")
                    for i in range(aantal_org)
                ],
                batch_size=BATCH,
            )
            Bankrekening.objects.bulk_create(
                [
                    Bankrekening(organisatie=o, iban="BE71096123456769", geldig_vanaf=dt.date(2024, 1, 1))
                    for o in organisaties
                ],
                batch_size=BATCH,
            )
            nieuw = Dossier.objects.bulk_create(
                [
                    Dossier(
                        referentie=f"{PREFIX}{i:07d}",
                        organisatie=organisaties[i % aantal_org],
                        status="lopend",
                        premie_keuze="loon_begeleiding" if i % 10 == 0 else "loonpremie",
                        werknemer_insz=insz(i),
                        werknemer_voornaam="Jan",
                        werknemer_achternaam=f"Benchmark {i}",
                        startdatum=BEGIN,
                        einddatum=EIND,
                    )
                    for i in range(n)
                ],
                batch_size=BATCH,
            )
            Beslissing.objects.bulk_create(
                [
                    Beslissing(
                        dossier=d,
                        uitkomst="toegekend",
                        loonpremie=True,
                        begeleidingspremie=i % 10 == 0,
                        begeleidingsnood="midden" if i % 10 == 0 else "",
                        schijven=[[1, 5, 40], [6, 8, 30], [9, 20, 20]],
                        startdatum=BEGIN,
                        einddatum=EIND,
                        beslist_op=BEGIN,
                    )
                    for i, d in enumerate(nieuw)
                ],
                batch_size=BATCH,
            )
            DmfaLoonlijn.objects.bulk_create(
                [
                    DmfaLoonlijn(
                        werkgever_kbo=kbo(i % aantal_org),
                        insz=insz(i),
                        jaar=jaar,
                        kwartaal=kwartaal,
                        brutoloon=Decimal(7000 + i % 5000),
                        werkgeversbijdragen=Decimal("1750.00"),
                        verminderingen=Decimal("0"),
                        arbeidsfractie=Decimal("1") if i % 3 else Decimal("0.8"),
                    )
                    for i in range(n)
                    for jaar, kwartaal in KWARTALEN
                ],
                batch_size=BATCH,
            )

"""Fill an empty database with N submitted dossiers for the page benchmarks (``bench/``).

    python manage.py seed_bench --dossiers 50000

The shape the issue measured: one organisation per 100 dossiers (500 at 50,000), of which the
first ("BENCH werkgever 0") holds 2,000 dossiers (half of N when N is small); about 4 status rows,
2 documents and 3 messages per dossier (230k, 100k and 150k at 50,000); a decision for every
decided dossier. Everything goes in with ``bulk_create`` (no per-row signals or history), so 50,000
dossiers take minutes. ``VACUUM ANALYZE`` afterwards leaves what autovacuum leaves a production
database: the planner's statistics, and the visibility map that lets 'Actuele stand' read a page from
its covering index alone.

Accounts (password ``bench``): ``bench-werkgever-<i>`` acts for organisation i (the first 220
organisations), ``bench-behandelaar-<j>`` (j < 20) are case handlers with a TOTP device whose key
is ``TOTP_SLEUTEL`` (so a load test can compute their codes). Refuses to run twice: create a fresh
database for another N.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from aanvragen import rules
from aanvragen.models import Beslissing, Document, Dossier, StatusOvergang
from loket import data_versions
from loket.models import Bericht, Organisatie, Toegang, Vestiging
from loket.proefnummers import insz, kbo

PREFIX = "BENCH werkgever "
WACHTWOORD = "bench"
# A fixed, public key: only for the benchmark database (never a real account's secret).
TOTP_SLEUTEL = "3132333435363738393031323334353637383930"
WERKGEVERS = 220
BEHANDELAARS = 20
GROOTSTE = 2000  # dossiers of the first organisation
BATCH = 5000

# The status path of a dossier up to its current status (one StatusOvergang row per step). The
# mix below weighs them like a portal some years in service: mostly running and ended dossiers.
PADEN = {
    "ingediend": ["ingediend"],
    "ontvankelijk": ["ingediend", "ontvankelijk"],
    "in_behandeling": ["ingediend", "ontvankelijk", "in_behandeling"],
    "niet_ontvankelijk": ["ingediend", "niet_ontvankelijk"],
    "geweigerd": ["ingediend", "ontvankelijk", "in_behandeling", "geweigerd"],
    "toegekend": ["ingediend", "ontvankelijk", "in_behandeling", "toegekend"],
    "lopend": ["ingediend", "ontvankelijk", "in_behandeling", "toegekend", "lopend"],
    "beeindigd": ["ingediend", "ontvankelijk", "in_behandeling", "toegekend", "lopend", "beeindigd"],
}
MIX = (
    ["lopend"] * 10
    + ["beeindigd"] * 3
    + ["ingediend", "ontvankelijk", "in_behandeling", "niet_ontvankelijk", "geweigerd", "toegekend"]
)
VOORNAMEN = ["Anna", "Bram", "Chloé", "Dries", "Emma", "Finn", "Griet", "Hamza", "Ines", "Jonas"]
ACHTERNAMEN = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens"]


def _in_stukken(rijen, model):
    for start in range(0, len(rijen), BATCH):
        model.objects.bulk_create(rijen[start : start + BATCH])


class Command(BaseCommand):
    help = "Vult een lege databank met N ingediende dossiers voor de benchmarks in bench/."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=50_000)
        parser.add_argument("--organisaties", type=int, help="default: one per 100 dossiers")

    def handle(self, *args, dossiers: int, organisaties: int | None, **options):
        if Organisatie.objects.filter(naam__startswith=PREFIX).exists():
            raise CommandError("Deze databank bevat al benchmarkgegevens: maak een nieuwe databank aan.")
        t0 = time.perf_counter()
        with transaction.atomic():
            organisaties = self._organisaties(organisaties or max(2, dossiers // 100))
            gebruikers = self._gebruikers(organisaties)
            self._dossiers(dossiers, organisaties, gebruikers)
        # As the beat task leaves them: one change row per organisation (loket.data_versions).
        data_versions.compact()
        # VACUUM cannot run inside a transaction (a test's, say): there the statistics stay as they are.
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"{dossiers} dossiers in {time.perf_counter() - t0:.0f} s")

    def _organisaties(self, aantal: int) -> list[Organisatie]:
        organisaties = Organisatie.objects.bulk_create(
            [
                Organisatie(
                    kbo_nummer=kbo(i), naam=f"{PREFIX}{i}", soort="privaat", email=f"org{i}@bench.test"
                )
                for i in range(aantal)
            ]
        )
        # A site to pick in the application form (the load test files applications).
        Vestiging.objects.bulk_create(
            [
                Vestiging(
                    organisatie=o,
                    naam="Hoofdzetel",
                    straat="Markt 1",
                    postcode="9000",
                    gemeente="Gent",
                    gewest="vlaanderen",
                )
                for o in organisaties
            ]
        )
        return organisaties

    def _gebruikers(self, organisaties):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        User = get_user_model()
        wachtwoord = make_password(WACHTWOORD)  # one hash for all: hashing 240 times takes a minute
        werkgevers = User.objects.bulk_create(
            [
                User(username=f"bench-werkgever-{i}", email=f"werkgever{i}@bench.test", password=wachtwoord)
                for i in range(min(WERKGEVERS, len(organisaties)))
            ]
        )
        nu = timezone.now()
        Toegang.objects.bulk_create(
            [
                Toegang(
                    gebruiker=u,
                    organisatie=o,
                    rol="verantwoordelijke",
                    geactiveerd_op=nu,
                    activatie_wijze="dwse",
                )
                for u, o in zip(werkgevers, organisaties, strict=False)
            ]
        )
        behandelaars = User.objects.bulk_create(
            [
                User(username=f"bench-behandelaar-{j}", password=wachtwoord, is_staff=True)
                for j in range(BEHANDELAARS)
            ]
        )
        rechten = Permission.objects.filter(
            content_type__app_label__in=["aanvragen", "premies", "evaluaties"]
        )
        for u in behandelaars:
            u.user_permissions.set(rechten)
        TOTPDevice.objects.bulk_create(
            [TOTPDevice(user=u, name="bench", key=TOTP_SLEUTEL, confirmed=True) for u in behandelaars]
        )
        return werkgevers

    def _dossiers(self, n: int, organisaties, werkgevers):
        grootste = min(GROOTSTE, n // 2)
        rest = organisaties[1:]
        vandaag = timezone.localdate()
        statussen = itertools.cycle(MIX)
        rijen = []
        for i in range(n):
            organisatie = organisaties[0] if i < grootste else rest[i % len(rest)]
            status = next(statussen)
            # Spread over two years; the open ones recently (their deadlines run now).
            dagen = 1 + i % 20 if status in ("ingediend", "ontvankelijk", "in_behandeling") else 30 + i % 700
            ingediend = vandaag - dt.timedelta(days=dagen)
            ontvankelijk_tegen = rules.ontvankelijkheid_uiterlijk(ingediend)
            beslissing_tegen = rules.beslissing_uiterlijk(ingediend)
            rijen.append(
                Dossier(
                    referentie=f"IMW-{ingediend.year}-{i + 1:06d}",
                    organisatie=organisatie,
                    status=status,
                    contact_naam="Contact Bench",
                    contact_email="contact@bench.test",
                    werknemer_insz=insz(i),
                    werknemer_voornaam=VOORNAMEN[i % len(VOORNAMEN)],
                    werknemer_achternaam=f"{ACHTERNAMEN[i % len(ACHTERNAMEN)]}{i}",
                    werknemer_woonplaats_gewest="vlaanderen",
                    premie_keuze="loonpremie" if i % 3 else "loon_begeleiding",
                    iban="BE71096123456769",
                    ingediend_op=timezone.make_aware(dt.datetime.combine(ingediend, dt.time(9, i % 60))),
                    ontvankelijkheid_uiterlijk=ontvankelijk_tegen,
                    beslissing_uiterlijk=beslissing_tegen,
                    # bulk_create skips Dossier.save(), which stores the running deadline.
                    lopende_termijn=rules.lopende_termijn(status, ontvankelijk_tegen, beslissing_tegen),
                    ontvankelijk=status not in ("ingediend", "niet_ontvankelijk"),
                    startdatum=ingediend + dt.timedelta(days=60)
                    if status in PADEN["beeindigd"][3:]
                    else None,
                    einddatum=ingediend + dt.timedelta(days=60 + 3 * 365)
                    if status in PADEN["beeindigd"][3:]
                    else None,
                )
            )
        _in_stukken(rijen, Dossier)
        dossiers = list(Dossier.objects.filter(organisatie__naam__startswith=PREFIX).order_by("pk"))
        self.stdout.write(f"{len(dossiers)} dossiers")
        self._bij_dossiers(dossiers)

    def _bij_dossiers(self, dossiers):
        soort = ContentType.objects.get_for_model(Dossier)
        overgangen, documenten, berichten, beslissingen = [], [], [], []
        for d in dossiers:
            pad = PADEN[d.status]
            vorige = "concept"
            for stap in pad:
                overgangen.append(StatusOvergang(dossier=d, van=vorige, naar=stap, reden=""))
                vorige = stap
            for k, naam in enumerate(("ontvangstbewijs.pdf", "bewijs-kwalificatie.pdf")):
                documenten.append(
                    Document(
                        dossier=d,
                        soort="ontvangstbewijs" if k == 0 else "bewijs_kwalificatie",
                        bestand=f"dossiers/bench/{d.pk}-{k}.pdf",
                        naam=naam,
                        mimetype="application/pdf",
                        grootte=12_345,
                    )
                )
            for k, onderwerp in enumerate(("Uw aanvraag is ingediend", "Ontvankelijkheid", "Beslissing")):
                berichten.append(
                    Bericht(
                        sleutel=f"bench-{d.pk}-{k}",
                        aan="contact@bench.test",
                        onderwerp=f"{onderwerp} ({d.referentie})",
                        tekst="Beste,\n\nDit is een bericht van de benchmark.\n",
                        organisatie_id=d.organisatie_id,
                        content_type=soort,
                        object_id=d.pk,
                        verzonden_op=d.ingediend_op,
                    )
                )
            if d.status in ("geweigerd", "toegekend", "lopend", "beeindigd"):
                toegekend = d.status != "geweigerd"
                beslissingen.append(
                    Beslissing(
                        dossier=d,
                        uitkomst="toegekend" if toegekend else "geweigerd",
                        loonpremie=toegekend,
                        percentage=40 if toegekend else None,
                        pakket="vast" if toegekend else "",
                        schijven=[[1, 20, 40]] if toegekend else [],
                        duur_jaren=5 if toegekend else None,
                        startdatum=d.startdatum,
                        einddatum=d.einddatum,
                        beslist_op=d.ingediend_op.date() + dt.timedelta(days=20),
                    )
                )
        for rijen, model in (
            (overgangen, StatusOvergang),
            (documenten, Document),
            (berichten, Bericht),
            (beslissingen, Beslissing),
        ):
            _in_stukken(rijen, model)
            self.stdout.write(f"{len(rijen)} {model._meta.verbose_name_plural}")

"""Measure PostgreSQL bytes per dossier, for the sizing in the README ('Running on many machines').

    DATABASE_URL=postgres://.../scratch python manage.py benchmark_uitbetaling --dossiers 5000
    DATABASE_URL=postgres://.../scratch python scripts/measure_storage.py

Adds to the benchmark's dossiers what a dossier gathers in its life, in the proportions measured
at 50,000 dossiers (issue 11): 4.6 status changes, 2 documents, 3 mails with their HTML, 5 history
rows; then prints the size of every table (rows, indexes, TOAST) divided by the number of dossiers.
Run it on a scratch database only."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from aanvragen.models import Document, Dossier, StatusOvergang  # noqa: E402
from loket.models import Bericht  # noqa: E402

dossiers = list(Dossier.objects.filter(referentie__startswith="BENCH-"))
n = len(dossiers)
ct = ContentType.objects.get_for_model(Dossier)
tekst = "Beste Els Peeters,\n\n" + "Uw aanvraag voor Jan Janssens is ontvankelijk. " * 20
html = render_to_string("aanvragen/mail/ontvankelijkheid.html", {"dossier": dossiers[0]}) if dossiers else ""
overgangen, documenten, berichten = [], [], []
for d in dossiers:
    for i, (van, naar) in enumerate(
        [("concept", "ingediend"), ("ingediend", "ontvankelijk"), ("ontvankelijk", "in_behandeling"),
         ("in_behandeling", "toegekend"), ("toegekend", "lopend")][: 4 + d.pk % 2]
    ):  # fmt: skip
        overgangen.append(
            StatusOvergang(dossier=d, van=van, naar=naar, reden="" if i else "Ingediend via het loket")
        )
    for soort in ("ontvangstbewijs", "beslissingsbrief"):
        documenten.append(
            Document(dossier=d, soort=soort, bestand=f"dossiers/2026/05/{d.pk:032x}.pdf",
                     naam=f"{soort}-{d.referentie}.pdf", mimetype="application/pdf", grootte=48_000)
        )  # fmt: skip
    for i in range(3):
        berichten.append(
            Bericht(sleutel=f"meting-{d.pk}-{i}", aan="els.peeters@werkgever.example",
                    onderwerp=f"Uw aanvraag {d.referentie}", tekst=tekst, html=html,
                    content_type=ct, object_id=d.pk, organisatie_id=d.organisatie_id)
        )  # fmt: skip
StatusOvergang.objects.bulk_create(overgangen, batch_size=5000)
Document.objects.bulk_create(documenten, batch_size=5000)
Bericht.objects.bulk_create(berichten, batch_size=2000)
historiek = Dossier.history.model


def _kopie(d):
    return historiek(
        **{f.attname: getattr(d, f.attname) for f in Dossier._meta.fields},
        history_date=d.aangemaakt_op,
        history_type="~",
    )


for _ in range(5):  # what simple_history writes on each save of a dossier
    historiek.objects.bulk_create([_kopie(d) for d in dossiers], batch_size=5000)

with connection.cursor() as c:
    c.execute("VACUUM ANALYZE")  # up-to-date row counts; sizes include indexes and TOAST
    c.execute(
        "SELECT relname, n_live_tup, pg_total_relation_size(relid) FROM pg_stat_user_tables "
        "ORDER BY pg_total_relation_size(relid) DESC LIMIT 15"
    )
    rijen = c.fetchall()
    c.execute("SELECT pg_database_size(current_database())")
    totaal = c.fetchone()[0]
print(f"{n} dossiers; database {totaal / 1e6:.1f} MB = {totaal / n / 1024:.1f} KiB per dossier")
for naam, rows, grootte in rijen:
    print(f"{naam:40} {rows:>9} rows {grootte / 1e6:8.1f} MB {grootte / n:8.0f} B/dossier")

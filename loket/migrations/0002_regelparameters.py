"""Seed the dated rule parameters with the values of domain.md; staff edit them in the admin."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

GGMMI = [
    (dt.date(2022, 12, 1), dt.date(2023, 10, 31), Decimal("1954.99")),
    (dt.date(2023, 11, 1), dt.date(2024, 3, 31), Decimal("1994.18")),
    (dt.date(2024, 4, 1), None, Decimal("2029.88")),
]
START = dt.date(2023, 7, 3)
PAKKETTEN = [
    ("2 jaar", 2, False, [(1, 8, 20)]),
    ("5 jaar", 5, False, [(1, 5, 40), (6, 8, 30), (9, 20, 20)]),
    ("5 jaar verhoogd", 5, True, [(1, 5, 55), (6, 8, 50), (9, 20, 40)]),
]


def seed(apps, schema_editor):
    GgmmiBedrag = apps.get_model("loket", "GgmmiBedrag")
    DegressiefPakket = apps.get_model("loket", "DegressiefPakket")
    PakketSchijf = apps.get_model("loket", "PakketSchijf")
    BegeleidingspremieBedrag = apps.get_model("loket", "BegeleidingspremieBedrag")
    BegeleidingspremieOpstart = apps.get_model("loket", "BegeleidingspremieOpstart")
    for vanaf, tot, bedrag in GGMMI:
        GgmmiBedrag.objects.create(geldig_vanaf=vanaf, geldig_tot=tot, bedrag_per_maand=bedrag)
    for naam, duur, verhoogd, schijven in PAKKETTEN:
        pakket = DegressiefPakket.objects.create(naam=naam, duur_jaren=duur, verhoogd=verhoogd, geldig_vanaf=START)
        for van, tot, pct in schijven:
            PakketSchijf.objects.create(pakket=pakket, van_kwartaal=van, tot_kwartaal=tot, percentage=pct)
    BegeleidingspremieBedrag.objects.create(geldig_vanaf=START, van_kwartaal=1, tot_kwartaal=5, bedrag_per_kwartaal=Decimal("1200"))
    BegeleidingspremieBedrag.objects.create(geldig_vanaf=START, van_kwartaal=6, tot_kwartaal=None, bedrag_per_kwartaal=Decimal("600"))
    for nood, bedrag in [("laag", "430"), ("midden", "730"), ("hoog", "1280")]:
        BegeleidingspremieOpstart.objects.create(geldig_vanaf=START, begeleidingsnood=nood, bedrag=Decimal(bedrag))


class Migration(migrations.Migration):
    dependencies = [("loket", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

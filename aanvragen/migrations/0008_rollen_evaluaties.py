"""Data migration: the staff roles get the evaluation requests and VDAB's evaluation registry."""

from django.db import migrations


def zet_rollen(apps, schema_editor):
    from aanvragen.rollen import zet_rollen

    zet_rollen(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("aanvragen", "0007_dossier_overgangsmaatregelen_doorbetaling"),
        ("evaluaties", "0001_initial"),
        ("loket", "0004_vdabevaluatie"),
    ]

    operations = [migrations.RunPython(zet_rollen, migrations.RunPython.noop)]

"""Data migration: the staff groups get the payout permissions (aanvragen.rollen)."""

from django.db import migrations


def zet_rollen(apps, schema_editor):
    from aanvragen.rollen import zet_rollen

    zet_rollen(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("premies", "0002_een_conceptrun_overzicht"),
        ("loket", "0005_ondersteuning_referentiebedrag"),
        ("aanvragen", "0007_dossier_overgangsmaatregelen_doorbetaling"),
    ]

    operations = [migrations.RunPython(zet_rollen, migrations.RunPython.noop)]

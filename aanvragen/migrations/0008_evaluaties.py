"""For the evaluations (``evaluaties``): the staff roles get the evaluation requests and VDAB's
evaluation registry; a period that another follows may go with its dossier (RESTRICT)."""

import django.db.models.deletion
from django.db import migrations, models


def zet_rollen(apps, schema_editor):
    from aanvragen.rollen import zet_rollen

    zet_rollen(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("aanvragen", "0007_dossier_overgangsmaatregelen_doorbetaling"),
        ("evaluaties", "0001_initial"),
        ("loket", "0006_vdabevaluatie"),
    ]

    operations = [
        migrations.AlterField(
            model_name="beslissing",
            name="vorige_periode",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="volgende_periodes",
                to="aanvragen.beslissing",
                verbose_name="volgt op periode",
            ),
        ),
        migrations.RunPython(zet_rollen, migrations.RunPython.noop),
    ]

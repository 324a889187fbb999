"""Existing grants had one percentage: they become a fixed-percentage schedule over their period."""

from django.db import migrations


def _aantal_kwartalen(start, eind):
    return (eind.year * 4 + (eind.month - 1) // 3) - (start.year * 4 + (start.month - 1) // 3) + 1


def schema_voor_bestaande(apps, schema_editor):
    Beslissing = apps.get_model("aanvragen", "Beslissing")
    for b in Beslissing.objects.filter(uitkomst="toegekend").exclude(percentage=None):
        if b.schijven:
            continue
        aantal = _aantal_kwartalen(b.startdatum, b.einddatum) if b.startdatum and b.einddatum else 1
        b.pakket = "vast"
        b.schijven = [[1, max(1, aantal), b.percentage]]
        b.save(update_fields=["pakket", "schijven"])


class Migration(migrations.Migration):
    dependencies = [("aanvragen", "0005_beslissing_schema")]
    operations = [migrations.RunPython(schema_voor_bestaande, migrations.RunPython.noop)]

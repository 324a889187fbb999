"""Data migration: the staff groups 'behandelaar' and 'supervisor' with their permissions."""

from django.db import migrations


def maak_rollen(apps, schema_editor):
    from aanvragen.rollen import zet_rollen

    zet_rollen(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("aanvragen", "0002_dossier_werknemer_woonplaats"),
        ("loket", "0003_maatregel_aanmoedigingspremies"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(maak_rollen, migrations.RunPython.noop)]

"""Fill the English catalogue from locale/en/translations/*.json and report what is missing.

Part of ``make messages`` (scripts/messages.sh): makemessages, this command, compilemessages.
"""

from django.core.management.base import BaseCommand, CommandError

from loket import translations


class Command(BaseCommand):
    help = "Fill locale/en/LC_MESSAGES/django.po from the JSON translation tables."

    def add_arguments(self, parser):
        parser.add_argument("--extract", action="store_true", help="first run makemessages (update the .po)")
        parser.add_argument("--compile", action="store_true", help="afterwards run compilemessages (the .mo)")
        parser.add_argument("--check", action="store_true", help="fail when a string has no translation")

    def handle(self, *args, extract=False, compile=False, check=False, **options):
        import polib
        from django.core.management import call_command

        if extract:
            call_command("makemessages", *translations.MAKEMESSAGES_ARGS)

        po = polib.pofile(str(translations.PO_PATH), wrapwidth=79)
        changed = translations.fill(po, translations.load_tables())
        po.save()
        missing = translations.untranslated(po)
        errors = translations.placeholder_errors(po)
        self.stdout.write(f"{changed} entries filled; {len(po)} entries, {len(missing)} without English.")
        for msgid in missing:
            self.stdout.write(f"  missing: {msgid!r}")
        for error in errors:
            self.stdout.write(f"  placeholders differ: {error}")
        if compile:
            call_command("compilemessages", "--locale=en", "--ignore=.venv", "--ignore=var")
        if check and (missing or errors):
            raise CommandError(
                f"{len(missing)} strings without English, {len(errors)} with other placeholders"
            )

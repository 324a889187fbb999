"""Load a local registry of an authentic source from CSV: all rows, or none if one is bad."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.csv_import import BRONNEN, importeer, velden


class Command(BaseCommand):
    help = (
        "Importeer een CSV-bestand in het register van een authentieke bron (vdab, dimona, dmfa, kbo). "
        "Kopregel met de veldnamen; ; of , als scheidingsteken. Bevat één regel een fout, dan wordt "
        "niets geïmporteerd en krijgt u elke foute regel te zien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "bron", choices=sorted(BRONNEN), help="Het register: vdab, vdab_evaluatie, dimona, dmfa of kbo."
        )
        parser.add_argument("pad", help="Pad naar het CSV-bestand.")

    def handle(self, *args, bron, pad, **options):
        bestand = Path(pad)
        if not bestand.is_file():
            raise CommandError(f"Bestand niet gevonden: {pad}")
        resultaat = importeer(bron, bestand.read_bytes())
        model = resultaat.model
        if not resultaat.ok:
            for fout in resultaat.fouten:
                self.stderr.write(str(fout))
            kolommen = ", ".join(f.name for f in velden(model))
            raise CommandError(
                f"Niets geïmporteerd: {len(resultaat.foute_regels)} regel(s) met fouten in {pad}. "
                f"Kolommen van {model._meta.verbose_name_plural}: {kolommen}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{resultaat.geimporteerd} rij(en) geïmporteerd in {model._meta.verbose_name_plural}."
            )
        )

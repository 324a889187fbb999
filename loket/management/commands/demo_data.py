"""``manage.py demo_data``: a realistic demo world for the portal, created once.

``make run`` calls this on every start: when the demo world is already there it says so and does
nothing. ``--reset`` removes the demo world (everything tied to its KBO numbers, INSZ numbers and
usernames) and builds it again.

Each app contributes its own part in ``<app>.demo`` (``bouw_demo(vandaag) -> {what: count}`` and,
for ``--reset``, ``verwijder_demo()``), built in app order on what the apps below it made; so
``loket`` never needs to know the apps above it.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from loket.demo import ACCOUNTS, DEMO_WACHTWOORD, demo_bestaat


def demo_modules() -> list:
    """The ``demo`` module of every installed app that has one, in app order (loket first)."""
    return [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if find_spec(f"{config.name}.demo") is not None
    ]


class Command(BaseCommand):
    help = "Maakt een realistische demowereld (organisaties, registers, accounts, dossiers). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Verwijder de demowereld en bouw ze opnieuw."
        )

    def handle(self, *args, reset=False, **options):
        if demo_bestaat() and not reset:
            self.stdout.write(
                "Demodata bestaat al: niets gewijzigd (gebruik --reset om ze opnieuw op te bouwen)."
            )
            return
        with transaction.atomic():
            modules = demo_modules()
            if reset:
                for module in reversed(modules):  # the apps above first: they point to what is below
                    if hasattr(module, "verwijder_demo"):
                        module.verwijder_demo()
            vandaag = timezone.localdate()
            aantallen: dict[str, int] = {}
            for module in modules:
                aantallen.update(module.bouw_demo(vandaag))
        self.stdout.write(
            self.style.SUCCESS("Demodata aangemaakt: " + ", ".join(f"{v} {k}" for k, v in aantallen.items()))
        )
        self.stdout.write(f"Demo-accounts (wachtwoord voor iedereen: {DEMO_WACHTWOORD}):")
        for a in ACCOUNTS:
            self.stdout.write(f"  {a.username:<18} {a.rol_beschrijving}")

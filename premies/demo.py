"""The payouts of the demo world (picked up by ``manage.py demo_data``): what the engine paid for
the demo's running dossiers from their DmfA lines, so 'Berekeningen' and the admin show real runs.

Two runs: one of three months ago, approved by the demo supervisor and sent (SEPA file and payment
statements), and today's, still a concept waiting for the four-eyes approval.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count

from loket.demo import ORGANISATIES

from . import services
from .models import Betaallijn, Betalingsblokkering, Betalingsprobleem, Uitbetalingsrun


def bouw_demo(vandaag: dt.date) -> dict[str, int]:
    supervisor = get_user_model().objects.get(username="supervisor")
    vorige = services.voer_run_uit(vandaag - dt.timedelta(days=91))
    if vorige.aantal_lijnen:
        services.keur_goed(vorige, supervisor)
        services.verzend(Uitbetalingsrun.objects.get(pk=vorige.pk), vorige.betaaldatum)
    services.voer_run_uit(vandaag)
    demo = Betaallijn.objects.filter(dossier__organisatie__kbo_nummer__in=[o.kbo for o in ORGANISATIES])
    return {
        "betaallijnen": demo.count(),
        "uitbetalingsruns": Uitbetalingsrun.objects.filter(lijnen__in=demo).distinct().count(),
    }


def verwijder_demo() -> None:
    """Payment lines protect their dossiers: remove the demo's lines (and runs left empty) first."""
    kbos = [o.kbo for o in ORGANISATIES]
    Betaallijn.objects.filter(dossier__organisatie__kbo_nummer__in=kbos).delete()
    Betalingsprobleem.objects.filter(dossier__organisatie__kbo_nummer__in=kbos).delete()
    Betalingsblokkering.objects.filter(dossier__organisatie__kbo_nummer__in=kbos).delete()
    Uitbetalingsrun.objects.annotate(aantal=Count("lijnen")).filter(aantal=0).delete()

"""Deadlines of the handling: the 7-day confirmation and the 30-day decision of applications, and
the 7-day confirmation and 120-day decision of evaluation requests (``evaluaties``), the 60-day
decision of appeals (``Beroep``).

Recomputed from the database every time (nothing is kept in memory between runs), so a restarted
worker or beat loses nothing; the digest mail has a key per day, so a rerun sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation

from loket.mail import absolute_url, verstuur_bericht

from . import rules
from .models import Dossier, Wijziging


@dataclass
class Termijnoverzicht:
    datum: dt.date
    bevestiging_verlopen: list = field(default_factory=list)
    bevestiging_bijna: list = field(default_factory=list)
    beslissing_verlopen: list = field(default_factory=list)
    beslissing_bijna: list = field(default_factory=list)
    open_wijzigingen: int = 0
    # Evaluation requests (``evaluaties.Evaluatie``, with ``.dossier``): 7 days, then 120 days.
    evaluatie_bevestiging_verlopen: list = field(default_factory=list)
    evaluatie_bevestiging_bijna: list = field(default_factory=list)
    evaluatie_beslissing_verlopen: list = field(default_factory=list)
    evaluatie_beslissing_bijna: list = field(default_factory=list)
    # Appeals (``Beroep``, with ``.dossier``): 60 days to decide.
    beroep_verlopen: list = field(default_factory=list)
    beroep_bijna: list = field(default_factory=list)

    @property
    def aantal_verlopen(self) -> int:
        return (
            len(self.bevestiging_verlopen)
            + len(self.beslissing_verlopen)
            + len(self.evaluatie_bevestiging_verlopen)
            + len(self.evaluatie_beslissing_verlopen)
            + len(self.beroep_verlopen)
        )

    @property
    def leeg(self) -> bool:
        return not (
            self.bevestiging_verlopen
            or self.bevestiging_bijna
            or self.beslissing_verlopen
            or self.beslissing_bijna
            or self.evaluatie_bevestiging_verlopen
            or self.evaluatie_bevestiging_bijna
            or self.evaluatie_beslissing_verlopen
            or self.evaluatie_beslissing_bijna
            or self.beroep_verlopen
            or self.beroep_bijna
        )


def termijnoverzicht(vandaag: dt.date | None = None) -> Termijnoverzicht:
    """Applications to confirm and dossiers to decide whose deadline is past or at most two days
    away, overdue first."""
    vandaag = vandaag or timezone.localdate()
    grens = vandaag + dt.timedelta(days=rules.BIJNA_VERVALLEN_DAGEN)
    dossiers = (
        Dossier.objects.filter(
            Q(status="ingediend", ontvankelijkheid_uiterlijk__lte=grens)
            | Q(status__in=rules.BESLISBARE_STATUSSEN, beslissing_uiterlijk__lte=grens)
        )
        .select_related("organisatie")
        .order_by("pk")
    )
    overzicht = Termijnoverzicht(datum=vandaag)
    for dossier in dossiers:
        termijn = rules.lopende_termijn(
            dossier.status, dossier.ontvankelijkheid_uiterlijk, dossier.beslissing_uiterlijk
        )
        dossier.termijn = termijn
        dossier.dagen_over = rules.dagen_over(termijn, vandaag)
        stand = rules.termijn_stand(termijn, vandaag)
        soort = "bevestiging" if dossier.status == "ingediend" else "beslissing"
        if stand in ("verlopen", "bijna"):
            getattr(overzicht, f"{soort}_{stand}").append(dossier)
    for lijst in (
        overzicht.bevestiging_verlopen,
        overzicht.bevestiging_bijna,
        overzicht.beslissing_verlopen,
        overzicht.beslissing_bijna,
    ):
        lijst.sort(key=lambda d: (d.termijn, d.pk))
    overzicht.open_wijzigingen = Wijziging.objects.filter(verwerkt_op__isnull=True).count()
    _evaluaties(overzicht, vandaag, grens)
    _beroepen(overzicht, vandaag, grens)
    return overzicht


def _beroepen(overzicht: Termijnoverzicht, vandaag: dt.date, grens: dt.date) -> None:
    """Appeals to decide (60 days), past or near, overdue first."""
    from .models import Beroep, BeroepStatus

    for beroep in (
        Beroep.objects.filter(status=BeroepStatus.INGEDIEND, beslissing_uiterlijk__lte=grens)
        .select_related("dossier__organisatie")
        .order_by("beslissing_uiterlijk", "pk")
    ):
        beroep.termijn = beroep.beslissing_uiterlijk
        beroep.dagen_over = rules.dagen_over(beroep.termijn, vandaag)
        stand = rules.termijn_stand(beroep.termijn, vandaag)
        if stand in ("verlopen", "bijna"):
            getattr(overzicht, f"beroep_{stand}").append(beroep)


def _evaluaties(overzicht: Termijnoverzicht, vandaag: dt.date, grens: dt.date) -> None:
    """Evaluation requests to confirm (7 days) and to decide (120 days), past or near."""
    from evaluaties.models import TE_BEHANDELEN_STATUSSEN, Evaluatie

    evaluaties = (
        Evaluatie.objects.filter(
            Q(status="ingediend", ontvankelijkheid_uiterlijk__lte=grens)
            | Q(status__in=TE_BEHANDELEN_STATUSSEN, beslissing_uiterlijk__lte=grens)
        )
        .select_related("dossier__organisatie")
        .order_by("pk")
    )
    for evaluatie in evaluaties:
        soort = "bevestiging" if evaluatie.status == "ingediend" else "beslissing"
        termijn = (
            evaluatie.ontvankelijkheid_uiterlijk if soort == "bevestiging" else evaluatie.beslissing_uiterlijk
        )
        evaluatie.termijn = termijn
        evaluatie.dagen_over = rules.dagen_over(termijn, vandaag)
        stand = rules.termijn_stand(termijn, vandaag)
        if stand in ("verlopen", "bijna"):
            getattr(overzicht, f"evaluatie_{soort}_{stand}").append(evaluatie)
    for lijst in (
        overzicht.evaluatie_bevestiging_verlopen,
        overzicht.evaluatie_bevestiging_bijna,
        overzicht.evaluatie_beslissing_verlopen,
        overzicht.evaluatie_beslissing_bijna,
    ):
        lijst.sort(key=lambda e: (e.termijn, e.pk))


def verstuur_termijnen_digest(vandaag: dt.date | None = None):
    """Mail the team the deadlines near or past (nothing when there are none). Returns the
    message, or None; once per day whatever the number of runs."""
    overzicht = termijnoverzicht(vandaag)
    if overzicht.leeg:
        return None
    with translation.override("nl"):
        bericht, _nieuw = verstuur_bericht(
            sleutel=f"termijnen-{overzicht.datum.isoformat()}",
            aan=settings.DWSE_TEAM_EMAIL,
            template="aanvragen/admin/mail/termijnen",
            context={"overzicht": overzicht, "admin_url": absolute_url("/admin/")},
        )
    return bericht


def beheerscijfers(vandaag: dt.date | None = None) -> dict:
    """The figures a manager asks for: open dossiers per status, decided this month, the share
    decided within the 30-day deadline and the median handling time (submission → decision).

    Only first decisions count (a correction is not a new handling)."""
    import statistics

    from django.db.models import Count

    from .models import Beslissing, Status

    vandaag = vandaag or timezone.localdate()
    per_status = dict(
        Dossier.objects.filter(status__in=rules.OPEN_STATUSSEN)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    open_per_status = [
        (label, per_status.get(waarde, 0))
        for waarde, label in Status.choices
        if waarde in rules.OPEN_STATUSSEN
    ]
    eerste = Beslissing.objects.filter(vervangt__isnull=True, dossier__ingediend_op__isnull=False)
    deze_maand = eerste.filter(beslist_op__gte=vandaag.replace(day=1), beslist_op__lte=vandaag).count()
    doorlooptijden = []
    op_tijd = 0
    for beslist_op, ingediend_op, uiterlijk in eerste.values_list(
        "beslist_op", "dossier__ingediend_op", "dossier__beslissing_uiterlijk"
    ):
        ingediend = timezone.localdate(ingediend_op)
        doorlooptijden.append((beslist_op - ingediend).days)
        grens = uiterlijk or rules.beslissing_uiterlijk(ingediend)
        op_tijd += beslist_op <= grens
    return {
        "datum": vandaag,
        "open_per_status": open_per_status,
        "open_totaal": sum(n for _label, n in open_per_status),
        "beslist_deze_maand": deze_maand,
        "beslist_totaal": len(doorlooptijden),
        "aandeel_binnen_termijn": round(100 * op_tijd / len(doorlooptijden)) if doorlooptijden else None,
        "mediaan_doorlooptijd": statistics.median(doorlooptijden) if doorlooptijden else None,
    }

"""Retention: the personal data of dossiers whose retention period is over are removed for good.

What goes: names, INSZ, contact details, the employee's address, free texts (motivations, reasons,
reported changes), uploaded and generated documents (rows and files), the mails' addresses, bodies
and attachments, and the same fields in the change history (django-simple-history). The IBAN of
payment lines is masked. What stays, for statistics: statuses, dates, amounts, percentages,
premiums, region. Nothing is copied elsewhere first, so nobody can undo it.

Safe to rerun: an anonymised dossier is marked (``geanonimiseerd_op``) and skipped; each batch is
one transaction, so a run that stops halfway leaves whole dossiers done or untouched.

The same daily job deletes the staff access log (``DossierInzage``) older than its own period
(``settings.BEWAARTERMIJN_INZAGELOG_JAREN``), whatever the state of the dossier: the privacy
statement promises that period for the log."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat, Left, LPad, Right
from django.utils import timezone

from . import rules
from .models import Beroep, Beslissing, Document, Dossier, DossierInzage, StatusOvergang, Wijziging

logger = logging.getLogger(__name__)
BATCH = 200

# The dossier's personal fields, in the row and in its history rows.
DOSSIER_LEEG = {
    "contact_naam": "",
    "contact_email": "",
    "contact_telefoon": "",
    "werknemer_insz": "",
    "werknemer_voornaam": "",
    "werknemer_achternaam": "",
    "begeleider_naam": "",
    "collega_coach_naam": "",
    "iban": "",
}
BEROEP_LEEG = {"motivering": "", "uitkomst_reden": ""}
EVALUATIE_LEEG = {"motivatie": {}, "vdab_reden": "", "reden": ""}


def _verwijder_bestand(storage, naam: str) -> None:
    if naam:
        transaction.on_commit(lambda: storage.delete(naam))


def _anonimiseer(ids: list[int], nu: dt.datetime) -> int:
    from evaluaties.models import Evaluatie
    from loket.models import Bericht, BerichtBijlage, Persoon
    from premies.models import Betaallijn, Betalingsblokkering, Betalingsprobleem

    with transaction.atomic():
        ids = list(
            Dossier.objects.select_for_update()
            .filter(pk__in=ids, geanonimiseerd_op__isnull=True)
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        personen = set(
            Dossier.objects.filter(pk__in=ids, werknemer__isnull=False).values_list("werknemer", flat=True)
        )
        # Queryset updates: no new history row keeps a copy of what is being removed.
        Dossier.objects.filter(pk__in=ids).update(**DOSSIER_LEEG, geanonimiseerd_op=nu)
        Dossier.history.filter(id__in=ids).update(**DOSSIER_LEEG)
        Beroep.objects.filter(dossier__in=ids).update(**BEROEP_LEEG)
        Beroep.history.filter(dossier_id__in=ids).update(**BEROEP_LEEG)
        Evaluatie.objects.filter(dossier__in=ids).update(**EVALUATIE_LEEG)
        Evaluatie.history.filter(dossier_id__in=ids).update(**EVALUATIE_LEEG)
        Wijziging.objects.filter(dossier__in=ids).update(gegevens={}, reden="")
        StatusOvergang.objects.filter(dossier__in=ids).update(reden="")
        Beslissing.objects.filter(dossier__in=ids).update(reden="")
        Betalingsblokkering.objects.filter(dossier__in=ids).update(reden="", reden_opheffing="")
        Betalingsprobleem.objects.filter(dossier__in=ids).update(reden="")
        # Payment lines stay (accounting): the account number is masked, country and check digits kept.
        Betaallijn.objects.filter(dossier__in=ids).exclude(iban="").exclude(iban__contains="*").update(
            iban=Concat(Left("iban", 4), Value("********"), Right("iban", 2))
        )

        for beslissing in Beslissing.objects.filter(dossier__in=ids).exclude(brief=""):
            _verwijder_bestand(beslissing.brief.storage, beslissing.brief.name)
        Beslissing.objects.filter(dossier__in=ids).update(brief="")
        for document in Document.objects.filter(dossier__in=ids):
            _verwijder_bestand(document.bestand.storage, document.bestand.name)
        Document.objects.filter(dossier__in=ids).delete()

        onderwerpen = Q()
        for model, object_ids in (
            (Dossier, ids),
            (Beslissing, Beslissing.objects.filter(dossier__in=ids).values("pk")),
            (Beroep, Beroep.objects.filter(dossier__in=ids).values("pk")),
            (Evaluatie, Evaluatie.objects.filter(dossier__in=ids).values("pk")),
            (Wijziging, Wijziging.objects.filter(dossier__in=ids).values("pk")),
        ):
            onderwerpen |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=object_ids)
        berichten = Bericht.objects.filter(onderwerpen)
        for bijlage in BerichtBijlage.objects.filter(bericht__in=berichten):
            _verwijder_bestand(bijlage.inhoud.storage, bijlage.inhoud.name)
        BerichtBijlage.objects.filter(bericht__in=berichten).delete()
        berichten.update(aan="", onderwerp="-", tekst="", html="")

        # The employee as a person: only once no dossier still within its period refers to them.
        nog_nodig = Dossier.objects.filter(werknemer=OuterRef("pk"), geanonimiseerd_op__isnull=True)
        Persoon.objects.filter(pk__in=personen).exclude(Exists(nog_nodig)).exclude(
            ondernemingen__isnull=False
        ).update(
            # Never a valid INSZ (it starts with a letter), unique through the primary key.
            insz=Concat(
                Value("X"), LPad(Cast(F("pk"), output_field=Persoon._meta.get_field("insz")), 10, Value("0"))
            ),
            voornaam="",
            achternaam="",
            email="",
            straat="",
            postcode="",
            gemeente="",
        )
        return len(ids)


def verwijder_verlopen_inzages(vandaag: dt.date | None = None, *, batch: int = 5000) -> int:
    """Delete the access log rows kept ``BEWAARTERMIJN_INZAGELOG_JAREN`` years on ``vandaag`` (a
    row of day D goes once ``jaren_later(D, jaren)`` has come, as for a dossier); the number
    deleted. In batches, so a large log never holds one long transaction."""
    vandaag = vandaag or timezone.localdate()
    jaren = settings.BEWAARTERMIJN_INZAGELOG_JAREN
    # Rows before the start (local time) of the day after this one are due.
    tot = timezone.make_aware(dt.datetime.combine(rules.jaren_later(vandaag, -jaren), dt.time.min))
    tot += dt.timedelta(days=1)
    totaal = 0
    while True:
        verlopen = DossierInzage.objects.filter(op__lt=tot).order_by("pk")
        ids = list(verlopen.values_list("pk", flat=True)[:batch])
        if not ids:
            break
        totaal += DossierInzage.objects.filter(pk__in=ids).delete()[0]
    return totaal


def anonimiseer_verlopen_dossiers(
    vandaag: dt.date | None = None, *, door: str = "beat", batch: int = BATCH
) -> int:
    """Anonymise every dossier whose retention period is over on ``vandaag`` and delete the access
    log past its own period (``verwijder_verlopen_inzages``); the number of dossiers done."""
    vandaag = vandaag or timezone.localdate()
    jaren = settings.BEWAARTERMIJN_DOSSIER_JAREN
    # A coarse filter in SQL (two days of margin for 29 February and time zones); the rule decides.
    grens = rules.jaren_later(vandaag, -jaren) + dt.timedelta(days=2)
    kandidaten = (
        Dossier.objects.filter(status__in=rules.AFGESLOTEN_STATUSSEN, geanonimiseerd_op__isnull=True)
        .annotate(afgesloten=Max("overgangen__op"))
        .filter(Q(einddatum__lte=grens) | Q(afgesloten__date__lte=grens))
        .order_by("pk")
    )
    totaal, vorige = 0, 0
    while True:
        rijen = list(
            kandidaten.filter(pk__gt=vorige).values_list("pk", "status", "einddatum", "afgesloten")[:batch]
        )
        if not rijen:
            break
        vorige = rijen[-1][0]
        ids = [
            pk
            for pk, status, einddatum, afgesloten in rijen
            if rules.te_anonimiseren(
                status, einddatum, timezone.localdate(afgesloten) if afgesloten else None, vandaag, jaren
            )
        ]
        totaal += _anonimiseer(ids, timezone.now())
    inzages = verwijder_verlopen_inzages(vandaag)
    # Who, when (the record's time) and how many; never which person.
    logger.info(
        "retention: %d dossiers anonymised, %d access log rows deleted",
        totaal,
        inzages,
        extra={
            "door": door,
            "aantal": totaal,
            "bewaartermijn_jaren": jaren,
            "inzages_verwijderd": inzages,
            "bewaartermijn_inzagelog_jaren": settings.BEWAARTERMIJN_INZAGELOG_JAREN,
        },
    )
    return totaal

"""Sending mail and letters through the outbox (``loket.Bericht``).

``verstuur_bericht`` is idempotent by its ``sleutel``: calling it twice with the same key stores
and sends one message. Delivery happens after the surrounding transaction commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Bericht, BerichtBijlage
from .models.berichten import Kanaal


def absolute_url(pad: str) -> str:
    """A link for a mail or letter: the portal's public address (``SITE_URL``) plus ``pad``."""
    return settings.SITE_URL.rstrip("/") + pad


def verstuur_bericht(
    *,
    sleutel: str,
    aan: str,
    template: str,
    context: dict,
    organisatie=None,
    persoon=None,
    onderwerp_object=None,
    bijlagen: list[tuple[str, bytes, str]] | None = None,
    kanaal: str = Kanaal.EMAIL,
) -> tuple[Bericht, bool]:
    """Store a message rendered from ``<template>_onderwerp.txt``, ``.txt`` and ``.html``, in the
    language of the account with address ``aan`` (Dutch without one, and for a letter by post; see
    ``loket.taal``). Translated values in ``context`` must be lazy to follow that language.

    Returns (bericht, created). Mail is delivered on commit; a letter for the post waits in
    the outbox until staff print it.
    """
    existing = Bericht.objects.filter(sleutel=sleutel).first()
    if existing:
        return existing, False
    from .taal import met_wettelijke_noot, met_wettelijke_noot_tekst, taal_van_adres

    taal = taal_van_adres(aan if kanaal == Kanaal.EMAIL else "")
    context = {**context, "LANGUAGE_CODE": taal}
    with translation.override(taal):
        onderwerp = render_to_string(f"{template}_onderwerp.txt", context).strip()
        tekst = met_wettelijke_noot_tekst(render_to_string(f"{template}.txt", context), taal)
        html = met_wettelijke_noot(render_to_string(f"{template}.html", context), taal)
    bericht = Bericht.objects.create(
        sleutel=sleutel,
        kanaal=kanaal,
        aan=aan if kanaal == Kanaal.EMAIL else "",
        onderwerp=onderwerp,
        tekst=tekst,
        html=html,
        organisatie=organisatie,
        persoon=persoon,
        content_type=ContentType.objects.get_for_model(onderwerp_object)
        if onderwerp_object is not None
        else None,
        object_id=onderwerp_object.pk if onderwerp_object is not None else None,
    )
    for naam, inhoud, mimetype in bijlagen or []:
        bijlage = BerichtBijlage(bericht=bericht, naam=naam, mimetype=mimetype)
        bijlage.inhoud.save(naam, ContentFile(inhoud), save=True)
    if kanaal == Kanaal.EMAIL and aan:
        from .tasks import bezorg_bericht

        transaction.on_commit(lambda: bezorg_bericht.delay(bericht.pk))
    return bericht, True


def message_id(sleutel: str) -> str:
    """A Message-ID derived from the outbox key: the same message always carries the same one, so
    a receiving system can drop a copy that a crash after the hand-off made us send again."""
    domein = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "imw-loket.invalid"
    return f"<{hashlib.sha256(sleutel.encode()).hexdigest()[:40]}@{domein}>"


def claim(bericht_id: int) -> bool:
    """Atomically claim an undelivered mail for ``MAIL_CLAIM_LEASE_SECONDS``; True for the one
    claimant that wins. A claim expires, so a crash between claim and delivery is retried later."""
    nu = timezone.now()
    gewonnen = (
        _vrij_om_te_bezorgen(nu)
        .filter(pk=bericht_id)
        .update(
            geclaimd_tot=nu + dt.timedelta(seconds=settings.MAIL_CLAIM_LEASE_SECONDS),
            pogingen=F("pogingen") + 1,
        )
    )
    return gewonnen == 1


def bezorg(bericht: Bericht) -> bool:
    """Deliver one stored mail, exactly once: claim it, hand it to the backend, mark it sent.

    Returns False when it was delivered before or another delivery holds the claim. If the
    hand-off fails the claim is released at once so a retry can send; if marking it sent fails
    after the hand-off (the database is gone), the claim stays until it expires and the sweeper
    sends it again with the same Message-ID (see the README on what is guaranteed).
    """
    if not claim(bericht.pk):
        return False
    bericht = Bericht.objects.get(pk=bericht.pk)
    mail = EmailMultiAlternatives(
        subject=bericht.onderwerp,
        body=bericht.tekst,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[bericht.aan],
        headers={"Message-ID": message_id(bericht.sleutel)},
    )
    if bericht.html:
        mail.attach_alternative(bericht.html, "text/html")
    try:
        for bijlage in bericht.bijlagen.all():
            with bijlage.inhoud.open("rb") as fh:
                mail.attach(bijlage.naam, fh.read(), bijlage.mimetype)
        mail.send()
    except Exception:
        Bericht.objects.filter(pk=bericht.pk, verzonden_op__isnull=True).update(geclaimd_tot=None)
        raise
    _markeer_verzonden(bericht.pk)
    return True


def _markeer_verzonden(bericht_id: int, pogingen: int = 5) -> None:
    """The mail is with the backend: record it, waiting out a briefly locked database (SQLite)."""
    for poging in range(pogingen):
        try:
            Bericht.objects.filter(pk=bericht_id).update(verzonden_op=timezone.now(), geclaimd_tot=None)
            return
        except OperationalError:
            if poging == pogingen - 1:
                raise
            time.sleep(0.5 * 2**poging)


def te_bezorgen():
    """Mails still to deliver whose claim (if any) has expired: what the sweeper picks up."""
    return _vrij_om_te_bezorgen(timezone.now()).order_by("aangemaakt_op", "id")


def _vrij_om_te_bezorgen(nu):
    """Mails not delivered yet that no delivery holds a live claim on at ``nu``."""
    return (
        Bericht.objects.filter(verzonden_op__isnull=True, kanaal=Kanaal.EMAIL)
        .exclude(aan="")
        .filter(Q(geclaimd_tot__isnull=True) | Q(geclaimd_tot__lt=nu))
    )

"""Sending mail and letters through the outbox (``loket.Bericht``).

``verstuur_bericht`` is idempotent by its ``sleutel``: calling it twice with the same key stores
and sends one message. Delivery happens after the surrounding transaction commits.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

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
    """Store a message rendered from ``<template>_onderwerp.txt``, ``.txt`` and ``.html``.

    Returns (bericht, created). Mail is delivered on commit; a letter for the post waits in
    the outbox until staff print it.
    """
    existing = Bericht.objects.filter(sleutel=sleutel).first()
    if existing:
        return existing, False
    onderwerp = render_to_string(f"{template}_onderwerp.txt", context).strip()
    tekst = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
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


def bezorg(bericht: Bericht) -> bool:
    """Deliver one stored mail; does nothing if it was delivered before."""
    with transaction.atomic():
        bericht = Bericht.objects.select_for_update().get(pk=bericht.pk)
        if bericht.verzonden_op or bericht.kanaal != Kanaal.EMAIL or not bericht.aan:
            return False
        mail = EmailMultiAlternatives(
            subject=bericht.onderwerp,
            body=bericht.tekst,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[bericht.aan],
        )
        if bericht.html:
            mail.attach_alternative(bericht.html, "text/html")
        for bijlage in bericht.bijlagen.all():
            with bijlage.inhoud.open("rb") as fh:
                mail.attach(bijlage.naam, fh.read(), bijlage.mimetype)
        bericht.pogingen += 1
        mail.send()
        bericht.verzonden_op = timezone.now()
        bericht.save(update_fields=["verzonden_op", "pogingen"])
    return True

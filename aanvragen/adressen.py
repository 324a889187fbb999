"""Where a dossier lives and who hears about it: the one place for the dossier link in mails and
for the recipient of mails about a dossier."""

from __future__ import annotations

from django.urls import reverse

from loket.mail import absolute_url


def dossier_pad(pk: int) -> str:
    """The employer's dossier page."""
    return reverse("aanvragen:dossier", args=[pk])


def dossier_url(dossier) -> str:
    """Absolute link to the employer's dossier page, for mails and letters."""
    return absolute_url(dossier_pad(dossier.pk))


def ontvanger(dossier) -> str:
    """Mails about a dossier go to the contact person of the application, else the organisation."""
    return dossier.contact_email or dossier.organisatie.email

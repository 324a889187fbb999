"""Uploads of evidence: checked by content (never by name or browser type), stored privately.

``controleer`` raises a ValidationError with a Dutch message; ``bewaar`` stores a checked file as
a ``Document`` of the dossier (replacing an earlier one of the same kind); ``verwijder`` removes
the row and its file.
"""

from __future__ import annotations

import os
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Document

# Content type detected from the bytes -> extension used in storage.
TOEGELATEN_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
KOP_BYTES = 8192  # filetype needs at most the first 8 KiB


def max_megabytes() -> int:
    return settings.UPLOAD_MAX_BYTES // (1024 * 1024)


def controleer(bestand) -> str:
    """Return the detected content type of ``bestand`` (PDF, JPEG or PNG) or raise ValidationError."""
    if bestand.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Dit bestand is groter dan %(mb)s MB.") % {"mb": max_megabytes()}, code="te_groot"
        )
    bestand.seek(0)
    kop = bestand.read(KOP_BYTES)
    bestand.seek(0)
    soort = filetype.guess(kop)
    if soort is None or soort.mime not in TOEGELATEN_TYPES:
        raise ValidationError(_("Dit bestand is geen PDF, JPEG of PNG."), code="type")
    return soort.mime


def _weergavenaam(naam: str, extensie: str) -> str:
    """The user's file name (without path), cut to fit, with the extension of its real content."""
    basis = os.path.splitext(os.path.basename(naam or ""))[0].strip() or _("bestand")
    return f"{basis[:180]}.{extensie}"


@transaction.atomic
def bewaar(dossier, soort: str, bestand, *, door=None, vervang: bool = True) -> Document:
    """Check ``bestand`` and store it as a Document of ``dossier`` in private storage."""
    mimetype = controleer(bestand)
    extensie = TOEGELATEN_TYPES[mimetype]
    if vervang:
        for oud in dossier.documenten.filter(soort=soort):
            verwijder(oud)
    document = Document(
        dossier=dossier,
        soort=soort,
        naam=_weergavenaam(bestand.name, extensie),
        mimetype=mimetype,
        grootte=bestand.size,
        opgeladen_door=door,
    )
    # Stored under a random name: the user's file name never becomes a path.
    bestand.seek(0)
    document.bestand.save(f"{uuid.uuid4().hex}.{extensie}", bestand, save=False)
    document.save()
    return document


def bewaar_inhoud(dossier, soort: str, naam: str, inhoud: bytes, mimetype: str, *, door=None) -> Document:
    """Store generated content (e.g. the receipt PDF) as a Document; no content check needed."""
    from django.core.files.base import ContentFile

    document = Document(
        dossier=dossier, soort=soort, naam=naam, mimetype=mimetype, grootte=len(inhoud), opgeladen_door=door
    )
    extensie = os.path.splitext(naam)[1] or ".bin"
    document.bestand.save(f"{uuid.uuid4().hex}{extensie}", ContentFile(inhoud), save=False)
    document.save()
    return document


def verwijder(document: Document) -> None:
    """Delete the row, and the file once the transaction commits."""
    storage, naam = document.bestand.storage, document.bestand.name
    document.delete()
    if naam:
        transaction.on_commit(lambda: storage.delete(naam))

"""``Idempotency-Key`` on every POST: the first request's answer is stored with the change, in
one transaction; a retry with the same key gets that answer again and changes nothing."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from .models import IdempotencyKey

HEADER = "Idempotency-Key"


class Herhaling(Exception):
    """A retry: answer with the stored response (``handle_exception`` turns it into one)."""

    def __init__(self, record: IdempotencyKey):
        self.record = record


def _vingerafdruk(request) -> str:
    h = hashlib.sha256()
    h.update(request.method.encode())
    h.update(request.path.encode())
    h.update(request._request.body if not request._request._read_started else b"")
    return h.hexdigest()


def claim(request, client) -> IdempotencyKey:
    """Insert the key (in the caller's transaction), or raise Herhaling / a 4xx for a reuse."""
    sleutel = (request.headers.get(HEADER) or "").strip()
    if not sleutel or len(sleutel) > 255:
        raise exceptions.ValidationError(
            {HEADER: [_("Elke POST heeft een header Idempotency-Key nodig (hoogstens 255 tekens).")]}
        )
    vingerafdruk = _vingerafdruk(request)
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                client=client,
                sleutel=sleutel,
                methode=request.method,
                pad=request.path,
                vingerafdruk=vingerafdruk,
            )
    except IntegrityError:
        # Taken: by a request that committed (the insert waited for it), so its answer is there.
        record = IdempotencyKey.objects.get(client=client, sleutel=sleutel)
    if record.vingerafdruk != vingerafdruk:
        raise exceptions.ValidationError(
            {HEADER: [_("Deze Idempotency-Key werd al gebruikt voor een andere oproep.")]}
        )
    raise Herhaling(record)


def bewaar(record: IdempotencyKey, response) -> None:
    record.status = response.status_code
    record.antwoord = getattr(response, "data", None)
    record.content_type = getattr(response, "content_type", None) or ""
    record.save(update_fields=["status", "antwoord", "content_type"])


def herhaal(record: IdempotencyKey) -> Response:
    response = Response(
        record.antwoord, status=record.status or status.HTTP_200_OK, content_type=record.content_type or None
    )
    response["Idempotent-Replayed"] = "true"
    return response

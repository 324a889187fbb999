"""Webhook events: recorded with the change (same transaction), delivered at least once.

The body is JSON ``{"id", "type", "dossier", "organisatie", "tijd", "data"}``. The header
``Loket-Signature: t=<unix time>,v1=<hex>`` carries HMAC-SHA256 over ``"<t>.<body>"`` with the
webhook's secret; a receiver recomputes it, compares in constant time and rejects an old ``t``.
A delivery is claimed atomically (like ``loket.mail``): only one worker sends an event at a
time; a failure sets the next attempt with exponential backoff; the sweeper in the beat schedule
picks up whatever a lost task left behind. The event id never changes, so a receiver drops copies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
import urllib.request

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import Maatregel, Mandaat
from . import ssrf
from .access import handelt_voor, scope_voor_event
from .models import ApiClient, Event

SIGNATURE_HEADER = "Loket-Signature"


def clients_voor(organisatie_id: int, type: str | None = None) -> list[ApiClient]:
    """Active clients with a webhook that may see ``organisatie_id``'s dossiers and, given a
    ``type``, have the scope its events need (a payment: 'payments')."""
    secretariaten = (
        Mandaat.objects.actief()
        .filter(organisatie_id=organisatie_id, maatregel=Maatregel.IMW)
        .values("secretariaat_id")
    )
    clients = ApiClient.objects.filter(
        Q(organisatie_id=organisatie_id) | Q(organisatie_id__in=secretariaten),
        ingetrokken_op__isnull=True,
        webhook__isnull=False,
    ).order_by("pk")
    if type is None:
        return list(clients)
    scope = scope_voor_event(type)
    return [client for client in clients if scope in client.scope_set]


def mag_ontvangen(event: Event) -> bool:
    """Whether the event's client may still get it: not revoked, still acting for the event's
    organisation (a revoked mandate ends that), with the scope of its type."""
    client = event.client
    return (
        client.ingetrokken_op is None
        and scope_voor_event(event.type) in client.scope_set
        and handelt_voor(client, event.organisatie_id)
    )


# Why a delivery stopped for good (the event's 'laatste fout' in the admin; like the other errors
# stored there, not translated).
GEEN_TOEGANG = "Niet afgeleverd: de client heeft geen toegang meer tot deze gebeurtenis."


def registreer(
    type: str, *, dossier_id: int, organisatie_id: int, data: dict | None = None, sleutel: str = ""
) -> list[Event]:
    """Record the event for every interested client, inside the caller's transaction; delivery
    starts after the commit (so a rolled-back change sends nothing). With a ``sleutel`` an event
    already recorded for that client, type and dossier is not recorded again (unique constraint)."""
    nu = timezone.now()
    events = []
    for client in clients_voor(organisatie_id, type):
        velden = {"data": data or {}, "organisatie_id": organisatie_id, "op": nu, "volgende_poging_op": nu}
        if sleutel:
            event, nieuw = Event.objects.get_or_create(
                client=client, type=type, dossier_id=dossier_id, sleutel=sleutel, defaults=velden
            )
        else:
            event, nieuw = (
                Event.objects.create(client=client, type=type, dossier_id=dossier_id, **velden),
                True,
            )
        if nieuw:
            events.append(event)
    if events:
        from .tasks import bezorg_event

        ids = [str(e.pk) for e in events]
        transaction.on_commit(lambda: [bezorg_event.delay(i) for i in ids])
    return events


def payload(event: Event) -> dict:
    return {
        "id": str(event.pk),
        "type": event.type,
        "dossier": event.dossier_id,
        "organisatie": event.organisatie.kbo_nummer,
        "tijd": event.op.isoformat(),
        "data": event.data,
    }


def onderteken(geheim: str, body: bytes, tijdstip: int) -> str:
    digest = hmac.new(geheim.encode(), f"{tijdstip}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={tijdstip},v1={digest}"


def handtekening_geldig(geheim: str, body: bytes, header: str, *, tolerantie: int = 300, nu=None) -> bool:
    """What a receiver does (used by the tests and shown in the README)."""
    delen = dict(deel.split("=", 1) for deel in header.split(",") if "=" in deel)
    try:
        tijdstip = int(delen["t"])
    except (KeyError, ValueError):
        return False
    if abs((nu or time.time()) - tijdstip) > tolerantie:
        return False
    verwacht = onderteken(geheim, body, tijdstip).split("v1=", 1)[1]
    return hmac.compare_digest(verwacht, delen.get("v1", ""))


def backoff(pogingen: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, ... up to 6 hours between attempts."""
    return dt.timedelta(seconds=min(30 * 2 ** max(pogingen - 1, 0), 6 * 3600))


def _vrij(nu):
    return Event.objects.filter(afgeleverd_op__isnull=True, volgende_poging_op__lte=nu).filter(
        Q(geclaimd_tot__isnull=True) | Q(geclaimd_tot__lt=nu)
    )


def claim(event_id) -> bool:
    nu = timezone.now()
    return (
        _vrij(nu)
        .filter(pk=event_id)
        .update(
            geclaimd_tot=nu + dt.timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 3),
            pogingen=F("pogingen") + 1,
        )
        == 1
    )


def te_bezorgen():
    """Events due whose claim (if any) expired: what the sweeper picks up."""
    return _vrij(timezone.now()).order_by("op")


def _stop(event: Event, fout: str | None = None) -> None:
    """No further attempt (the sweeper skips an event without a next attempt)."""
    velden = {"geclaimd_tot": None, "volgende_poging_op": None}
    if fout is not None:
        velden["laatste_fout"] = fout
    Event.objects.filter(pk=event.pk).update(**velden)


def bezorg(event_id) -> bool | None:
    """Deliver one event. True: delivered; False: failed (next attempt planned); None: not ours
    (delivered, not due, or claimed by another worker) or no longer the client's to get (no
    webhook, revoked, its mandate for the organisation revoked: delivery and retries stop)."""
    if not claim(event_id):
        return None
    event = Event.objects.select_related("client__webhook", "organisatie").get(pk=event_id)
    webhook = getattr(event.client, "webhook", None)
    if webhook is None or event.client.ingetrokken_op is not None:
        _stop(event)
        return None
    if not mag_ontvangen(event):
        _stop(event, GEEN_TOEGANG)
        return None
    body = json.dumps(payload(event), cls=DjangoJSONEncoder).encode()
    verzoek = urllib.request.Request(  # noqa: S310 - an http(s) URLField, its peer checked by ssrf
        webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "imw-loket-webhooks",
            SIGNATURE_HEADER: onderteken(webhook.geheim, body, int(time.time())),
            "Loket-Event-Id": str(event.pk),
        },
    )
    try:
        with ssrf.opener().open(verzoek, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as antwoord:
            ok = 200 <= antwoord.status < 300
            fout = "" if ok else f"HTTP {antwoord.status}"
    except Exception as exc:  # any failure of the receiver or the network: retry later
        ok, fout = False, str(exc)[:500]
    nu = timezone.now()
    if ok:
        Event.objects.filter(pk=event.pk).update(afgeleverd_op=nu, geclaimd_tot=None, laatste_fout="")
    else:
        Event.objects.filter(pk=event.pk).update(
            geclaimd_tot=None, volgende_poging_op=nu + backoff(event.pogingen), laatste_fout=fout
        )
    return ok


def herhaal(event: Event) -> Event:
    """Replay: deliver the same event (same id) once more, now."""
    Event.objects.filter(pk=event.pk).update(afgeleverd_op=None, volgende_poging_op=timezone.now())
    from .tasks import bezorg_event

    transaction.on_commit(lambda: bezorg_event.delay(str(event.pk)))
    event.refresh_from_db()
    return event

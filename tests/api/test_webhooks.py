"""End to end: an application filed through the API becomes admissible, and the client's
webhook receives the events at a local HTTP receiver, signed with its secret."""

import json

import pytest

from aanvragen.models import Dossier
from loket.api import webhooks
from loket.api.models import Event
from tests import factories

from .helpers import headers, nieuwe_client, sleutel, token
from .test_api import vul_in

pytestmark = pytest.mark.django_db


def test_filed_application_gets_admissible_and_the_webhook_arrives_signed(
    client, ontvanger, django_capture_on_commit_callbacks
):
    werkgever = factories.OrganisatieFactory()
    api_client, geheim = nieuwe_client(werkgever)
    bearer = token(client, api_client, geheim)
    response = client.post(
        "/api/v1/webhook/",
        {"url": f"http://127.0.0.1:{ontvanger.port}/imw"},
        content_type="application/json",
        **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel()),
    )
    assert response.status_code == 201
    webhook_geheim = response.json()["geheim"]

    pk = client.post(
        "/api/v1/aanvragen/",
        {},
        content_type="application/json",
        **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel()),
    ).json()["id"]
    vul_in(client, bearer, werkgever, pk)
    dossier = Dossier.objects.get(pk=pk)
    factories.VdabIndicatieFactory(insz=dossier.werknemer_insz, behoefte="loonpremie")
    factories.DimonaRelatieFactory(werkgever_kbo=werkgever.kbo_nummer, insz=dossier.werknemer_insz)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/aanvragen/{pk}/indienen/", **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel())
        )
    assert response.status_code == 201
    assert client.get(f"/api/v1/dossiers/{pk}/", **headers(bearer)).json()["status"] == "ontvankelijk"

    ontvangen = [(h, json.loads(b), b) for h, b in ontvanger.ontvangen]
    statussen = [p["data"]["naar"] for _h, p, _b in ontvangen if p["type"] == "dossier.status"]
    assert statussen == ["ingediend", "ontvankelijk"]
    for kop, payload, body in ontvangen:
        assert payload["dossier"] == pk and payload["organisatie"] == werkgever.kbo_nummer
        assert webhooks.handtekening_geldig(webhook_geheim, body, kop["Loket-Signature"])
        assert not webhooks.handtekening_geldig("ander-geheim", body, kop["Loket-Signature"])
    assert {p["type"] for _h, p, _b in ontvangen} >= {"dossier.status", "dossier.bericht"}
    assert not Event.objects.filter(client=api_client, afgeleverd_op__isnull=True).exists()

    # The client lists its events and replays one: the same id arrives again.
    events = client.get("/api/v1/events/", **headers(bearer)).json()["results"]
    assert len(events) == len(ontvangen)
    ontvanger.ontvangen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/events/{events[0]['id']}/opnieuw/", **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel())
        )
    assert response.status_code == 202
    assert [json.loads(b)["id"] for _h, b in ontvanger.ontvangen] == [events[0]["id"]]


def test_a_failed_delivery_is_retried_later_by_the_sweeper_with_the_same_id(client, ontvanger):
    import time_machine
    from django.utils import timezone

    from loket.api.tasks import veeg_events

    werkgever = factories.OrganisatieFactory()
    api_client, _geheim = nieuwe_client(werkgever)
    from loket.api.models import Webhook

    Webhook.objects.create(client=api_client, url=f"http://127.0.0.1:{ontvanger.port}/imw")
    event = webhooks.registreer("dossier.status", dossier_id=1, organisatie_id=werkgever.pk)[0]
    ontvanger.status = 503
    assert webhooks.bezorg(event.pk) is False
    event.refresh_from_db()
    assert event.afgeleverd_op is None and event.pogingen == 1 and "503" in event.laatste_fout
    assert veeg_events() == 0  # not due yet: backoff
    ontvanger.status = 200
    with time_machine.travel(timezone.now() + webhooks.backoff(1), tick=False):
        assert veeg_events() == 1
    event.refresh_from_db()
    assert event.afgeleverd_op is not None and event.pogingen == 2
    ids = {json.loads(b)["id"] for _h, b in ontvanger.ontvangen}
    assert ids == {str(event.pk)}

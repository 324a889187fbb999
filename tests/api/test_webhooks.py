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


def _secretariaat_met_mandaat(werkgever, scopes=("read", "write", "payments")):
    """A social secretariat acting for ``werkgever``: its client (with a webhook), the mandate and
    who granted it."""
    from loket import toegangsbeheer
    from loket.api.models import Webhook

    secretariaat = factories.OrganisatieFactory(naam="Sociaal Secretariaat vzw")
    door = factories.ToegangFactory(organisatie=werkgever).gebruiker
    mandaat = toegangsbeheer.verleen_mandaat(
        organisatie=werkgever,
        secretariaat=toegangsbeheer.Onderneming(kbo_nummer=secretariaat.kbo_nummer, naam=secretariaat.naam),
        door=door,
    )
    api_client, geheim = nieuwe_client(secretariaat, scopes=scopes)
    Webhook.objects.create(client=api_client, url="http://127.0.0.1:9/imw")
    return api_client, geheim, mandaat, door


def test_a_secretariat_whose_mandate_was_revoked_no_longer_sees_or_gets_the_events(client, ontvanger):
    """Its events of the organisation leave its list and detail (no replay), and what was still
    to be delivered or retried is not sent: delivery stops for good, the sweeper leaves it."""
    from loket import toegangsbeheer
    from loket.api.models import Webhook
    from loket.api.tasks import veeg_events

    werkgever = factories.OrganisatieFactory()
    api_client, geheim, mandaat, door = _secretariaat_met_mandaat(werkgever)
    Webhook.objects.filter(client=api_client).update(url=f"http://127.0.0.1:{ontvanger.port}/imw")
    eigen = webhooks.registreer(
        "dossier.status", dossier_id=2, organisatie_id=api_client.organisatie_id, data={"naar": "lopend"}
    )[0]
    geleverd, te_leveren = (
        webhooks.registreer("dossier.status", dossier_id=1, organisatie_id=werkgever.pk, data={"naar": n})[0]
        for n in ("ingediend", "ontvankelijk")
    )
    assert webhooks.bezorg(geleverd.pk) is True
    bearer = token(client, api_client, geheim)
    lijst = client.get("/api/v1/events/", **headers(bearer)).json()["results"]
    assert {e["id"] for e in lijst} == {str(eigen.pk), str(geleverd.pk), str(te_leveren.pk)}

    toegangsbeheer.trek_mandaat_in(mandaat, door)

    lijst = client.get("/api/v1/events/", **headers(bearer)).json()["results"]
    assert [e["id"] for e in lijst] == [str(eigen.pk)]  # its own organisation's event stays
    for event in (geleverd, te_leveren):
        assert client.get(f"/api/v1/events/{event.pk}/", **headers(bearer)).status_code == 404
        response = client.post(
            f"/api/v1/events/{event.pk}/opnieuw/", **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel())
        )
        assert response.status_code == 404
    ontvanger.ontvangen.clear()
    assert webhooks.bezorg(te_leveren.pk) is None
    te_leveren.refresh_from_db()
    assert te_leveren.afgeleverd_op is None and te_leveren.volgende_poging_op is None
    assert te_leveren.laatste_fout == webhooks.GEEN_TOEGANG
    # The sweeper leaves it; the event of the secretariat's own organisation still goes out.
    assert veeg_events() == 1
    assert veeg_events() == 0
    assert [json.loads(b)["id"] for _h, b in ontvanger.ontvangen] == [str(eigen.pk)]


def test_a_failing_delivery_stops_retrying_once_the_mandate_is_revoked(client, ontvanger):
    import time_machine
    from django.utils import timezone

    from loket import toegangsbeheer
    from loket.api.models import Webhook
    from loket.api.tasks import veeg_events

    werkgever = factories.OrganisatieFactory()
    api_client, _geheim, mandaat, door = _secretariaat_met_mandaat(werkgever)
    Webhook.objects.filter(client=api_client).update(url=f"http://127.0.0.1:{ontvanger.port}/imw")
    event = webhooks.registreer("dossier.status", dossier_id=1, organisatie_id=werkgever.pk)[0]
    ontvanger.status = 503
    assert webhooks.bezorg(event.pk) is False
    toegangsbeheer.trek_mandaat_in(mandaat, door)
    ontvanger.status = 200
    ontvanger.ontvangen.clear()
    with time_machine.travel(timezone.now() + webhooks.backoff(1), tick=False):
        assert veeg_events() == 1  # due: claimed once, then stopped
        assert veeg_events() == 0
    event.refresh_from_db()
    assert event.afgeleverd_op is None and event.volgende_poging_op is None
    assert ontvanger.ontvangen == []


def test_payment_events_only_reach_clients_with_the_payments_scope(client):
    from loket.api.models import Webhook

    werkgever = factories.OrganisatieFactory()
    betaler, betaler_geheim = nieuwe_client(werkgever, scopes=("read", "payments"))
    lezer, lezer_geheim = nieuwe_client(werkgever, scopes=("read",))
    for api_client in (betaler, lezer):
        Webhook.objects.create(client=api_client, url="http://127.0.0.1:9/imw")
    # A secretariat with a mandate but without 'payments' gets no payment event either.
    secretariaat_client, _g, _m, _d = _secretariaat_met_mandaat(werkgever, scopes=("read",))

    events = webhooks.registreer(
        "dossier.betaling", dossier_id=1, organisatie_id=werkgever.pk, data={"bedrag": "1234.56"}
    )
    assert [e.client for e in events] == [betaler]
    status = webhooks.registreer("dossier.status", dossier_id=1, organisatie_id=werkgever.pk)
    assert {e.client for e in status} == {betaler, lezer, secretariaat_client}

    # One recorded anyway (e.g. before this rule) is neither listed nor delivered to a reader.
    oud = Event.objects.create(
        client=lezer, type="dossier.betaling", dossier_id=1, organisatie=werkgever, op=events[0].op,
        data={"bedrag": "1234.56"}, volgende_poging_op=events[0].op,
    )  # fmt: skip
    bearer = token(client, lezer, lezer_geheim)
    lijst = client.get("/api/v1/events/", **headers(bearer)).json()["results"]
    assert [e["type"] for e in lijst] == ["dossier.status"]
    assert client.get(f"/api/v1/events/{oud.pk}/", **headers(bearer)).status_code == 404
    assert webhooks.bezorg(oud.pk) is None
    # The payments client sees it, but not with a token that leaves 'payments' out.
    met = client.get("/api/v1/events/", **headers(token(client, betaler, betaler_geheim))).json()
    assert {e["type"] for e in met["results"]} == {"dossier.betaling", "dossier.status"}
    zonder = client.get("/api/v1/events/", **headers(token(client, betaler, betaler_geheim, scope="read")))
    assert {e["type"] for e in zonder.json()["results"]} == {"dossier.status"}


def test_events_are_listed_newest_first_page_after_page(client):
    """By their time, not by their (random) UUID; the same time is ordered by id, stably."""
    import datetime as dt
    import uuid

    from django.utils import timezone

    werkgever = factories.OrganisatieFactory()
    api_client, geheim = nieuwe_client(werkgever)
    nu = timezone.now()
    # UUIDs in the opposite order of time, and two events of the same moment.
    ids = sorted((uuid.uuid4() for _ in range(5)), reverse=True)
    momenten = [
        nu - dt.timedelta(minutes=4),
        nu - dt.timedelta(minutes=3),
        nu,
        nu,
        nu + dt.timedelta(minutes=1),
    ]
    for pk, op in zip(ids, momenten, strict=True):
        Event.objects.create(
            id=pk, client=api_client, type="dossier.status", dossier_id=1, organisatie=werkgever, op=op
        )
    bearer = token(client, api_client, geheim)
    verwacht = [str(ids[4]), str(max(ids[2], ids[3])), str(min(ids[2], ids[3])), str(ids[1]), str(ids[0])]

    gezien, url = [], "/api/v1/events/?aantal=2"
    while url:
        pagina = client.get(url, **headers(bearer)).json()
        gezien += [e["id"] for e in pagina["results"]]
        url = pagina["next"]
    assert gezien == verwacht
    assert [e["id"] for e in client.get("/api/v1/events/", **headers(bearer)).json()["results"]] == verwacht

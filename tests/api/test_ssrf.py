"""Webhook URLs that point into the portal's own network are refused, at registration and (a host
that now resolves elsewhere: DNS rebinding) at delivery; the allow-list exempts a local receiver."""

import socket

import pytest

from loket.api import webhooks
from loket.api.models import Webhook
from tests import factories

from .helpers import headers, nieuwe_client, sleutel, token

pytestmark = pytest.mark.django_db

INTERN = (
    "http://127.0.0.1:8111/imw",
    "http://10.1.2.3/imw",
    "http://172.16.0.1/imw",
    "http://192.168.1.1/imw",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/imw",
    "http://[fd00::1]/imw",
    "http://[fe80::1]/imw",
    "http://[::ffff:127.0.0.1]/imw",
    "http://0.0.0.0/imw",
    "http://localhost/imw",
    "http://intern.example/imw",  # a name that resolves to 10.0.0.5 (below)
)


@pytest.fixture
def dns(monkeypatch):
    """Names resolve to what the test says; everything else as usual."""
    namen = {"intern.example": "10.0.0.5", "ontvanger.example": "93.184.216.34"}
    echt = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in namen:
            return echt(namen[host], port, *args, **kwargs)
        return echt(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return namen


def _registreer(client, bearer, url, taal="nl"):
    return client.post(
        "/api/v1/webhook/",
        {"url": url},
        content_type="application/json",
        **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel(), HTTP_ACCEPT_LANGUAGE=taal),
    )


def test_internal_addresses_are_refused_at_registration_and_the_allow_list_exempts_a_host(
    client, settings, dns
):
    settings.API_WEBHOOK_ALLOWED_HOSTS = []
    api_client, geheim = nieuwe_client(factories.OrganisatieFactory())
    bearer = token(client, api_client, geheim)
    for url in INTERN:
        response = _registreer(client, bearer, url)
        assert response.status_code == 400, url
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"]["url"] == [
            "Deze URL wijst naar een intern of privé netwerkadres; gebruik een publiek bereikbaar adres."
        ], url
    assert not Webhook.objects.exists()
    response = _registreer(client, bearer, "http://10.1.2.3/imw", taal="en")
    assert response.json()["errors"]["url"] == [
        "This URL points to an internal or private network address; use a publicly reachable address."
    ]
    response = _registreer(client, bearer, "http://bestaat-niet.invalid/imw", taal="en")
    assert response.json()["errors"]["url"] == ["The host of this URL does not exist."]

    assert _registreer(client, bearer, "https://ontvanger.example/imw").status_code == 201
    settings.API_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    assert _registreer(client, bearer, "http://127.0.0.1:8111/imw").status_code == 201
    assert Webhook.objects.get().url == "http://127.0.0.1:8111/imw"


def test_a_host_that_resolves_to_an_internal_address_at_delivery_gets_nothing(settings, dns, ontvanger):
    """DNS rebinding: public when registered, 127.0.0.1 now. The receiver there gets no request."""
    settings.API_WEBHOOK_ALLOWED_HOSTS = []
    werkgever = factories.OrganisatieFactory()
    api_client, _geheim = nieuwe_client(werkgever)
    Webhook.objects.create(client=api_client, url=f"http://ontvanger.example:{ontvanger.port}/imw")
    dns["ontvanger.example"] = "127.0.0.1"
    event = webhooks.registreer("dossier.status", dossier_id=1, organisatie_id=werkgever.pk)[0]
    assert webhooks.bezorg(event.pk) is False
    event.refresh_from_db()
    assert ontvanger.ontvangen == []
    assert event.afgeleverd_op is None and "internal address" in event.laatste_fout

    # The same receiver, allowed by name: delivered.
    settings.API_WEBHOOK_ALLOWED_HOSTS = ["ontvanger.example"]
    event = webhooks.registreer("dossier.status", dossier_id=1, organisatie_id=werkgever.pk)[0]
    assert webhooks.bezorg(event.pk) is True
    assert len(ontvanger.ontvangen) == 1


def test_a_redirect_from_the_receiver_is_not_followed(settings, ontvanger):
    settings.API_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    werkgever = factories.OrganisatieFactory()
    api_client, _geheim = nieuwe_client(werkgever)
    Webhook.objects.create(client=api_client, url=f"http://127.0.0.1:{ontvanger.port}/imw")
    ontvanger.status = 302
    ontvanger.location = f"http://127.0.0.1:{ontvanger.port}/elders"
    event = webhooks.registreer("dossier.status", dossier_id=1, organisatie_id=werkgever.pk)[0]
    assert webhooks.bezorg(event.pk) is False
    event.refresh_from_db()
    assert len(ontvanger.ontvangen) == 1 and "302" in event.laatste_fout

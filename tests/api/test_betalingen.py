"""Payments and 'Berekeningen' through the API, and the payment webhook event when a run is sent."""

import datetime as dt

import pytest
import time_machine

from loket.api.models import Event, Webhook
from premies import services
from tests.premies.helpers import dmfa, lopend_dossier
from tests.premies.test_run_workflow import supervisor

from .helpers import headers, nieuwe_client, token

pytestmark = pytest.mark.django_db
JULI = dt.date(2026, 7, 1)


def test_a_sent_run_is_listed_per_organisation_with_its_event_and_berekeningen(
    client, django_capture_on_commit_callbacks
):
    dossier = lopend_dossier()
    ander = lopend_dossier()
    dmfa(dossier, 2026, 1)
    dmfa(ander, 2026, 1)
    api_client, geheim = nieuwe_client(dossier.organisatie)
    Webhook.objects.create(client=api_client, url="http://127.0.0.1:9/niet-bereikbaar")
    run = services.voer_run_uit(JULI)
    with django_capture_on_commit_callbacks(execute=False):
        services.keur_goed(run, supervisor("sup"))
        services.verzend(run, vandaag=JULI)
    event = Event.objects.get(client=api_client, type="dossier.betaling")
    assert event.dossier_id == dossier.pk and event.data["run"] == run.pk
    # A rerun of the task, or any later save of the sent run, records the payment no second time.
    services.verzend(run, vandaag=JULI)
    run.refresh_from_db()
    run.save()
    assert Event.objects.filter(client=api_client, type="dossier.betaling").count() == 1

    bearer = token(client, api_client, geheim)
    lijnen = client.get(f"/api/v1/betalingen/?run={run.pk}", **headers(bearer)).json()["results"]
    assert [lijn["dossier"] for lijn in lijnen] == [dossier.pk]  # not the other organisation's
    assert lijnen[0]["uitbetaald"] == str(dossier.betaallijnen.get().uitbetaald)

    with time_machine.travel(dt.datetime(2026, 7, 10, 12, tzinfo=dt.UTC)):
        kwartalen = client.get(f"/api/v1/dossiers/{dossier.pk}/berekeningen/", **headers(bearer)).json()
    betaald = [k for k in kwartalen if k["jaar"] == 2026 and k["kwartaal"] == 1]
    assert betaald and betaald[0]["status"] == "betaald"
    assert betaald[0]["premies"][0]["lijnen"][0]["run"] == run.pk
    assert client.get(f"/api/v1/dossiers/{ander.pk}/berekeningen/", **headers(bearer)).status_code == 404


def test_berekeningen_need_the_payments_scope(client):
    dossier = lopend_dossier()
    api_client, geheim = nieuwe_client(dossier.organisatie, scopes=("read", "payments"))
    url = f"/api/v1/dossiers/{dossier.pk}/berekeningen/"
    lezer = token(client, api_client, geheim, scope="read")
    response = client.get(url, **headers(lezer))
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert client.get(url, **headers(token(client, api_client, geheim))).status_code == 200


def test_an_unreachable_source_is_a_503_problem_in_the_requests_language(client, monkeypatch):
    from loket.bronnen import BronNietBeschikbaar

    dossier = lopend_dossier()
    api_client, geheim = nieuwe_client(dossier.organisatie)
    bearer = token(client, api_client, geheim)

    def plat(*args, **kwargs):
        raise BronNietBeschikbaar("RSZ time-out")

    monkeypatch.setattr(services, "kwartaaloverzicht", plat)
    url = f"/api/v1/dossiers/{dossier.pk}/berekeningen/"
    nl = client.get(url, **headers(bearer))
    assert nl.status_code == 503 and nl["Content-Type"] == "application/problem+json"
    assert nl["Retry-After"] == "60"
    assert nl.json()["type"] == "urn:imw-loket:probleem:niet-beschikbaar"
    assert nl.json()["title"] == "Tijdelijk niet beschikbaar."
    assert nl.json()["detail"].startswith("De berekening kan nu niet getoond worden")
    en = client.get(url, **headers(bearer, HTTP_ACCEPT_LANGUAGE="en")).json()
    assert en["title"] == "Temporarily unavailable."
    assert en["detail"].startswith("The calculation cannot be shown right now")

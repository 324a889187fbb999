"""The token endpoint is rate limited per client_id and per address: 429, Retry-After, a problem."""

import base64

import pytest
from django.core.cache import cache

from tests import factories

from .helpers import nieuwe_client

pytestmark = pytest.mark.django_db


def _vraag_token(http, client_id, geheim, adres, taal="nl"):
    basic = base64.b64encode(f"{client_id}:{geheim}".encode()).decode()
    return http.post(
        "/api/v1/oauth/token/",
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION=f"Basic {basic}",
        REMOTE_ADDR=adres,
        HTTP_ACCEPT_LANGUAGE=taal,
    )


def test_guessing_a_secret_is_throttled_per_client_id_then_per_address(client, settings):
    cache.clear()
    settings.API_TOKEN_RATE_PER_CLIENT = "3/minute"
    settings.API_TOKEN_RATE_PER_ADDRESS = "5/minute"
    api_client, geheim = nieuwe_client(factories.OrganisatieFactory())
    ander, ander_geheim = nieuwe_client(factories.OrganisatieFactory())

    # Three wrong guesses for one client_id (from different addresses), then even the right one waits.
    for i in range(3):
        assert _vraag_token(client, api_client.client_id, f"fout-{i}", f"198.51.100.{i}").status_code == 401
    response = _vraag_token(client, api_client.client_id, geheim, "198.51.100.9")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60
    probleem = response.json()
    assert probleem["status"] == 429 and probleem["title"] == "Te veel oproepen."
    assert (
        probleem["detail"]
        == f"Te veel tokenaanvragen. Probeer opnieuw over {response['Retry-After']} seconden."
    )
    engels = _vraag_token(client, api_client.client_id, geheim, "198.51.100.9", taal="en").json()
    assert engels["detail"].startswith("Too many token requests.")

    # Another client is not hindered by that, until its address has asked too often.
    assert _vraag_token(client, ander.client_id, ander_geheim, "203.0.113.7").status_code == 200
    for i in range(4):
        _vraag_token(client, f"bestaat-niet-{i}", "x", "203.0.113.7")
    assert _vraag_token(client, ander.client_id, ander_geheim, "203.0.113.7").status_code == 429
    assert _vraag_token(client, ander.client_id, ander_geheim, "203.0.113.8").status_code == 200
    cache.clear()


@pytest.mark.parametrize(("proxies", "adres"), [(0, "10.0.0.1"), (1, "10.0.0.9")])
def test_the_token_endpoint_throttles_the_address_the_proxies_saw_not_a_forged_one(
    rf, settings, proxies, adres
):
    # DRF's default (NUM_PROXIES None) would take the whole header, which the client writes itself.
    from loket.api.throttles import TokenAddressThrottle

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    request = rf.post("/api/v1/token/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.9", REMOTE_ADDR="10.0.0.1")
    assert TokenAddressThrottle().get_ident(request) == adres


def test_the_api_trusts_as_many_proxies_as_the_login():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.LOKET_PROXY_COUNT

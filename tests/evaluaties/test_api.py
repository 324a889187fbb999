"""Requesting an evaluation through the API: the same rules, documents and receipt as the portal."""

import datetime as dt

import pytest

from evaluaties.models import Evaluatie
from tests.api.helpers import headers, nieuwe_client, sleutel, token
from tests.evaluaties.conftest import ingevuld_verslag, lopend_dossier, upload

pytestmark = pytest.mark.django_db


def test_an_evaluation_is_requested_uploaded_and_submitted_through_the_api(client, organisatie, dossier):
    api_client, geheim = nieuwe_client(organisatie)
    bearer = token(client, api_client, geheim)
    url = f"/api/v1/dossiers/{dossier.pk}/evaluaties/"
    response = client.post(
        url,
        {"hoogte": True},
        content_type="application/json",
        **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel()),
    )
    assert response.status_code == 201, response.json()
    evaluatie = response.json()
    assert (
        evaluatie["hoogte"] is True and "Laad het ingevulde motivatieverslag op." in evaluatie["ontbrekend"]
    )

    response = client.post(
        f"{url}{evaluatie['id']}/documenten/",
        {"soort": "motivatieverslag", "bestand": upload(ingevuld_verslag(dossier))},
        **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel()),
    )
    assert response.status_code == 201, response.json()
    response = client.post(
        f"{url}{evaluatie['id']}/indienen/", **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel())
    )
    assert response.status_code == 201, response.json()
    assert Evaluatie.objects.get(pk=evaluatie["id"]).status == "ingediend"


def test_too_early_is_refused_with_the_portals_message(client, organisatie):
    dossier = lopend_dossier(organisatie, start=dt.date(2027, 1, 1))
    api_client, geheim = nieuwe_client(organisatie)
    bearer = token(client, api_client, geheim)
    response = client.post(
        f"/api/v1/dossiers/{dossier.pk}/evaluaties/",
        {"hoogte": True},
        content_type="application/json",
        **headers(bearer, HTTP_IDEMPOTENCY_KEY=sleutel()),
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "01/01/2028" in response.json()["detail"]
    assert not Evaluatie.objects.exists()

"""API clients and tokens for the API tests."""

import base64
import uuid

from loket.api import clients
from tests import factories


def nieuwe_client(organisatie, scopes=("read", "write", "payments")):
    door = factories.UserFactory()
    return clients.maak_client(organisatie=organisatie, naam="Salarispakket", scopes=list(scopes), door=door)


def token(http, client, geheim, scope=None) -> str:
    basic = base64.b64encode(f"{client.client_id}:{geheim}".encode()).decode()
    data = {"grant_type": "client_credentials"}
    if scope:
        data["scope"] = scope
    response = http.post("/api/v1/oauth/token/", data, HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def headers(bearer: str, **extra) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {bearer}", **extra}


def sleutel() -> str:
    return str(uuid.uuid4())

"""Schemathesis against the running portal (a live server): every operation of the served
schema, called with generated input by a client with every scope. No server error, and every
response conforms to the schema. Bounded (a few examples per operation) to stay well under 60 s."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests import factories
from tests.aanvragen.test_dossiers_fixtures import ingediend

from .helpers import nieuwe_client

VOORBEELDEN = 3


@pytest.fixture
def api_schema(live_server, transactional_db, django_settings_for_live):
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/")


@pytest.fixture
def django_settings_for_live(settings):
    settings.API_RATE_PER_CLIENT = "100000/minute"
    return settings


@pytest.fixture
def bearer(live_server, transactional_db):
    import base64

    import requests

    werkgever = factories.OrganisatieFactory()
    ingediend(werkgever)
    api_client, geheim = nieuwe_client(werkgever)
    basic = base64.b64encode(f"{api_client.client_id}:{geheim}".encode()).decode()
    response = requests.post(
        f"{live_server.url}/api/v1/oauth/token/",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
        timeout=10,
    )
    return response.json()["access_token"]


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=VOORBEELDEN,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_call_as_its_schema_says(case, bearer):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {bearer}"},
        checks=[not_a_server_error, response_schema_conformance],
    )

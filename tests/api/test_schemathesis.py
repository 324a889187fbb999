"""Schemathesis against the running portal (a live server): every operation of the served
schema, called by a client with every scope, in every phase the pytest integration runs
(examples, coverage, fuzzing) and both generation modes (positive and negative data), with all of
schemathesis's default checks: no server error, every status code, media type, header and body
as documented (errors as problem details), schema-valid input accepted and invalid input refused,
405 with Allow for an undeclared method, 401 without a token. Bounded (a few generated examples
per operation) to stay well under 60 s."""

import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from loket.api.idempotency import HEADER
from tests import factories
from tests.aanvragen.test_dossiers_fixtures import ingediend

from .helpers import nieuwe_client

VOORBEELDEN = 2

# One adjustment of a default check, per operation: schema-valid input must be accepted
# (positive_data_acceptance), but the schema describes the shape of a request, not the dossier it
# is about. A well-formed request the domain refuses in the dossier's current state is a 422 (an
# evaluation of a premium that is not running, a submission of an incomplete application); the
# bodies checked by the portal's own forms and services beyond their shape (a wizard step's rules,
# the document types of this application and a file's content, the changes this dossier allows, a
# webhook host that must resolve to a public address) are refused per field with a 400. Every other
# case of every check keeps schemathesis's defaults.
_STANDAARD = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
_DOOR_HET_LOKET_GECONTROLEERD = r"/(stappen/\{stap\}|documenten|wijzigingen|webhook)/$"
CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                "include-path-regex": _DOOR_HET_LOKET_GECONTROLEERD,
                "checks": {"positive_data_acceptance": {"expected-statuses": [*_STANDAARD, "400", "422"]}},
            },
            {
                "include-method": "POST",
                "exclude-path-regex": _DOOR_HET_LOKET_GECONTROLEERD,
                "checks": {"positive_data_acceptance": {"expected-statuses": [*_STANDAARD, "422"]}},
            },
        ]
    }
)


@pytest.fixture
def api_schema(live_server, transactional_db, django_settings_for_live):
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/", config=CONFIG)


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


def _eigen_sleutel(case) -> None:
    """A schema-valid Idempotency-Key made unique: the schema cannot say that a key is used for one
    call only, and a generated '0' sent again with another body is (rightly) refused with a 400.
    An invalid or missing key (negative data) is left as generated."""
    sleutel = (case.headers or {}).get(HEADER)
    if isinstance(sleutel, str) and sleutel.strip() and len(sleutel) <= 255:
        case.headers[HEADER] = str(uuid.uuid4())


@schema.parametrize()
@settings(max_examples=VOORBEELDEN, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_call_as_its_schema_says(case, bearer):
    _eigen_sleutel(case)
    case.call_and_validate(headers={"Authorization": f"Bearer {bearer}"})

"""Staff create an API client in the admin: the secret is shown once (in the message after saving),
stored hashed, and works for a token; the client's page never shows it again."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.api.models import ApiClient
from tests import factories
from tests.behandeling.conftest import meld_aan_met_otp

from .helpers import token

pytestmark = pytest.mark.django_db


def _beheerder(client):
    gebruiker = factories.UserFactory(is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=gebruiker, name="test", confirmed=True)
    meld_aan_met_otp(client, gebruiker)
    return gebruiker


def test_staff_create_a_client_in_the_admin_and_see_its_secret_once(client):
    beheerder = _beheerder(client)
    organisatie = factories.OrganisatieFactory(naam="Sociaal Secretariaat vzw")

    response = client.post(
        "/admin/api/apiclient/add/",
        {"organisatie": organisatie.pk, "naam": "Payroll", "scopes": ["read", "payments"]},
        follow=True,
    )

    assert response.status_code == 200
    api_client = ApiClient.objects.get()
    assert api_client.organisatie == organisatie and api_client.naam == "Payroll"
    assert api_client.scope_set == {"read", "payments"} and api_client.aangemaakt_door == beheerder
    meldingen = [str(m) for m in response.context["messages"]]
    getoond = [m for m in meldingen if api_client.client_id in m]
    assert len(getoond) == 1 and "Het geheim wordt niet meer getoond." in getoond[0]
    geheim = re.search(r"geheim (\S+)\. Het geheim", getoond[0]).group(1)
    assert geheim not in api_client.application.client_secret  # stored hashed only
    assert token(client, api_client, geheim)  # the secret shown is the one that works

    for pad in (f"/admin/api/apiclient/{api_client.pk}/change/", "/admin/api/apiclient/"):
        html = client.get(pad).content.decode()
        assert "Payroll" in html and geheim not in html, pad

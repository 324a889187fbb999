"""Staff find organisations, persons and source records however they type a KBO or INSZ number."""

import pytest
from django.urls import reverse

from loket.rules import format_insz, format_kbo
from tests import factories

pytestmark = pytest.mark.django_db


def zoek(client, model: str, q: str) -> str:
    response = client.get(reverse(f"admin:loket_{model}_changelist"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_search_by_formatted_kbo_and_insz(supervisor_client):
    gezocht = factories.OrganisatieFactory(naam="Bakkerij Gezocht")
    factories.OrganisatieFactory(naam="Brouwerij Anders")
    persoon = factories.PersoonFactory(achternaam="Gevonden")
    factories.PersoonFactory(achternaam="Niemand")
    factories.VdabIndicatieFactory(insz=persoon.insz, percentage=55)
    andere_indicatie = factories.VdabIndicatieFactory()

    organisaties = zoek(supervisor_client, "organisatie", format_kbo(gezocht.kbo_nummer))
    assert "Bakkerij Gezocht" in organisaties and "Brouwerij Anders" not in organisaties

    personen = zoek(supervisor_client, "persoon", format_insz(persoon.insz))
    assert "Gevonden" in personen and "Niemand" not in personen

    indicaties = zoek(supervisor_client, "vdabindicatie", format_insz(persoon.insz))
    assert persoon.insz in indicaties and andere_indicatie.insz not in indicaties


def test_names_are_still_searched_as_text(supervisor_client):
    factories.OrganisatieFactory(naam="Bakkerij Gezocht")
    assert "Bakkerij Gezocht" in zoek(supervisor_client, "organisatie", "gezocht")

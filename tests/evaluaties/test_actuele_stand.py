"""'Actuele stand van uw dossier' and the dossier page for a dossier in evaluation: the deadline
that runs is the evaluation's 120 days, not the 30 days of the original application."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import handelt_voor
from tests.evaluaties.conftest import lopend_dossier
from tests.evaluaties.test_behandeling import ingediend

pytestmark = pytest.mark.django_db

LIJST = reverse("aanvragen:dossiers")
# Submitted (and admissible) on 15/06/2027: DWSE decides on 13/10/2027 at the latest.
UITERLIJK = "13/10/2027"


def rij(html: str, dossier) -> str:
    return html.split(f'data-testid="dossier-{dossier.pk}"')[1].split("</tr>")[0]


def lijst(client) -> str:
    return client.get(LIJST).content.decode()


def test_a_dossier_in_evaluation_shows_the_evaluations_deadline_and_when_it_passed(
    employer_client, organisatie, verantwoordelijke
):
    dossier = lopend_dossier(organisatie)
    evaluatie = ingediend(dossier)
    dossier.refresh_from_db()
    assert dossier.status == "in_evaluatie" and evaluatie.beslissing_uiterlijk == dt.date(2027, 10, 13)
    # The application's own 30-day deadline, long past, is not the one that runs.
    toepassing = f"{dossier.beslissing_uiterlijk:%d/%m/%Y}"
    assert toepassing != UITERLIJK

    nu = rij(lijst(employer_client), dossier)
    assert UITERLIJK in nu and toepassing not in nu and "verstreken" not in nu

    for dag, verstreken in ((dt.date(2027, 10, 13), False), (dt.date(2027, 10, 14), True)):
        with time_machine.travel(dt.datetime.combine(dag, dt.time(10), tzinfo=dt.UTC), tick=False):
            handelt_voor(employer_client, verantwoordelijke, organisatie)  # a new day, a new session
            cel = rij(lijst(employer_client), dossier)
        assert UITERLIJK in cel
        assert (f"{UITERLIJK} – verstreken" in cel) is verstreken, (dag, cel)


def test_the_dossier_page_shows_the_evaluations_deadline_not_the_applications(employer_client, organisatie):
    dossier = lopend_dossier(organisatie)
    ingediend(dossier)
    dossier.refresh_from_db()
    html = employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk])).content.decode()
    tijdlijn = html.split('data-testid="tijdlijn"')[1].split("</ol>")[0]
    evaluatie = html.split('data-testid="evaluatie-tijdlijn"')[1].split("</ol>")[0]
    assert f"uiterlijk {dossier.beslissing_uiterlijk:%d/%m/%Y}" not in tijdlijn
    assert f"uiterlijk {UITERLIJK}" in evaluatie


def test_the_list_keeps_its_queries_with_dossiers_in_evaluation(
    employer_client, organisatie, django_assert_max_num_queries
):
    for _ in range(3):
        ingediend(lopend_dossier(organisatie))
    # session, access with the user (middleware), count, page: as for any list.
    with django_assert_max_num_queries(4):
        html = lijst(employer_client)
    assert html.count(f"{UITERLIJK}</td>") == 3

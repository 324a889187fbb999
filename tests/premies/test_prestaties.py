"""The run's queries grow with the number of chunks, never with the number of dossiers; the
benchmark command runs end to end."""

import datetime as dt
import re

import pytest
from django.core.management import call_command

from premies import services
from premies.models import Betaallijn
from tests.premies.helpers import dmfa, lopend_dossier

pytestmark = pytest.mark.django_db
JULI = dt.date(2026, 7, 1)


def maak(aantal):
    for i in range(aantal):
        dossier = lopend_dossier(begeleidingspremie=i % 2 == 0, begeleidingsnood="laag")
        dmfa(dossier, 2026, 1)


@pytest.mark.parametrize("aantal", [3, 12])
def test_a_run_needs_the_same_number_of_queries_for_3_or_12_dossiers_in_one_chunk(
    aantal, settings, django_assert_max_num_queries
):
    settings.PREMIES_CHUNK_GROOTTE = 50
    maak(aantal)
    with django_assert_max_num_queries(27):
        services.voer_run_uit(JULI)
    assert Betaallijn.objects.count() == aantal + (aantal + 1) // 2


def test_queries_grow_with_the_chunks_not_the_dossiers(settings, django_assert_max_num_queries):
    # 12 dossiers in chunks of 4: 27 queries for one chunk, 13 more for each further chunk.
    settings.PREMIES_CHUNK_GROOTTE = 4
    maak(12)
    with django_assert_max_num_queries(27 + 2 * 13 + 1):
        services.voer_run_uit(JULI)
    assert Betaallijn.objects.count() == 18


def test_benchmark_command_prints_its_figures_last(capsys):
    call_command("benchmark_uitbetaling", dossiers=20)
    laatste = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"20 dossiers, [\d.]+ s, \d+ dossiers/s, \d+ queries", laatste), laatste
    assert Betaallijn.objects.filter(dossier__referentie__startswith="BENCH-").count() == 20 * 2 + 2 * 2

"""Leaving service reported late ends with the same money as reported in time: whatever the day
the employee left, a dossier whose leaving became known after its quarters were paid has, after
the next runs, paid net per quarter and premium exactly what a dossier that knew it from the start
was paid."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from premies import services
from premies.models import Betaallijn
from tests.premies.helpers import dmfa, lopend_dossier

pytestmark = pytest.mark.django_db

KWARTALEN_2026 = [(2026, 1), (2026, 2), (2026, 3), (2026, 4)]


def netto_per_kwartaal(dossier) -> dict:
    netto: dict = defaultdict(Decimal)
    for lijn in Betaallijn.objects.filter(dossier=dossier):
        netto[(lijn.jaar, lijn.kwartaal, lijn.premie_soort)] += lijn.uitbetaald
    return {sleutel: bedrag for sleutel, bedrag in netto.items() if bedrag}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    vertrek=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 30)),
    begeleiding=st.booleans(),
)
def test_a_late_report_of_leaving_converges_to_the_money_of_a_timely_one(vertrek, begeleiding):
    with transaction.atomic():
        premies = {"begeleidingspremie": begeleiding, "begeleidingsnood": "midden" if begeleiding else ""}
        laat = lopend_dossier(**premies)
        tijdig = lopend_dossier(**premies, uit_dienst=vertrek)
        for dossier in (laat, tijdig):
            for kwartaal in KWARTALEN_2026:
                dmfa(dossier, *kwartaal)
        services.voer_run_uit(dt.date(2027, 4, 1))  # pays 2026-Q1 to Q4

        laat.einddatum = vertrek  # reported now, as processing 'uit dienst' sets it
        laat.save(update_fields=["einddatum"])
        services.voer_run_uit(dt.date(2027, 4, 2))
        services.voer_run_uit(dt.date(2027, 4, 3))  # and a rerun changes nothing

        assert netto_per_kwartaal(laat) == netto_per_kwartaal(tijdig)
        transaction.set_rollback(True)

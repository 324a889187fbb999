"""Evaluations and the payout engine together: after a height change every quarter is paid under
the period it falls in (the new schedule from its own quarter 1); while a timely request is
undecided past the end date, payment continues under the old schedule and the tab says so."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.test import TestCase

from evaluaties import services
from premies import services as premies
from premies.models import Betaallijn
from tests import factories
from tests.evaluaties.conftest import ingevuld_verslag, lopend_dossier, upload
from tests.premies.helpers import dmfa, zorg_voor_ggmmi

pytestmark = pytest.mark.django_db


def ingediend(dossier, gebruiker, *, hoogte=True, duur=False):
    evaluatie = services.start(dossier, door=gebruiker)
    services.bewaar_keuze(evaluatie, hoogte=hoogte, duur=duur, door=gebruiker, laatste_stap="motivatie")
    services.bewaar_motivatieverslag(evaluatie, upload(ingevuld_verslag(dossier)), door=gebruiker)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the admissibility check runs (eager)
        return services.dien_in(evaluatie, door=gebruiker)


def loonpremie(dossier, jaar, kwartaal) -> Betaallijn:
    return Betaallijn.objects.get(dossier=dossier, jaar=jaar, kwartaal=kwartaal, premie_soort="loonpremie")


def test_after_a_height_change_each_quarter_is_paid_under_its_own_period(organisatie, verantwoordelijke):
    zorg_voor_ggmmi()
    dossier = lopend_dossier(organisatie)  # 40 % from 2026-04-01 for 5 years
    factories.BankrekeningFactory(organisatie=organisatie)
    behandelaar = factories.UserFactory(is_staff=True)
    evaluatie = ingediend(dossier, verantwoordelijke)
    services.registreer_vdab_evaluatie(
        evaluatie, door=behandelaar, geevalueerd_op=dt.date(2027, 6, 15), duur_jaren=5, percentage=55,
        bron="manueel", reden="VDAB bezorgde de evaluatie per brief.",
    )  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.beslis(evaluatie, door=behandelaar, uitkomst="hoogte", beslist_op=dt.date(2027, 6, 15))
    for kwartaal in (1, 2):  # Q1 under the old period, Q2 (the decision's quarter) under the new one
        dmfa(dossier, 2027, kwartaal, brutoloon="3000.00", werkgeversbijdragen="750.00")

    with time_machine.travel(dt.datetime(2027, 10, 2, 10, tzinfo=dt.UTC), tick=False):
        premies.voer_run_uit(dt.date(2027, 10, 2))

    oud, nieuw = loonpremie(dossier, 2027, 1), loonpremie(dossier, 2027, 2)
    assert (oud.percentage, oud.kwartaalnummer, oud.bedrag) == (40, 4, Decimal("1500.00"))
    assert (nieuw.percentage, nieuw.kwartaalnummer, nieuw.bedrag) == (55, 1, Decimal("2062.50"))
    assert nieuw.periode == evaluatie.__class__.objects.get(pk=evaluatie.pk).beslissing


def test_payment_continues_past_the_end_while_a_timely_request_is_undecided(organisatie, verantwoordelijke):
    zorg_voor_ggmmi()
    # A 5-year premium ending 2027-09-30; the request is filed 6.5 months before the end (in time).
    dossier = lopend_dossier(organisatie, start=dt.date(2022, 10, 1))
    factories.BankrekeningFactory(organisatie=organisatie)
    with time_machine.travel(dt.datetime(2027, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        ingediend(dossier, verantwoordelijke, hoogte=False, duur=True)
    dossier.refresh_from_db()
    assert dossier.doorbetaling and dossier.status == "in_evaluatie"
    dmfa(dossier, 2027, 4, brutoloon="3000.00", werkgeversbijdragen="750.00")  # after the end date

    with time_machine.travel(dt.datetime(2028, 4, 2, 10, tzinfo=dt.UTC), tick=False):
        premies.voer_run_uit(dt.date(2028, 4, 2))

    lijn = loonpremie(dossier, 2027, 4)
    assert lijn.doorbetaling and lijn.percentage == 40 and lijn.bedrag == Decimal("1500.00")


def test_no_payment_past_the_end_without_a_timely_request(organisatie, verantwoordelijke):
    zorg_voor_ggmmi()
    dossier = lopend_dossier(organisatie, start=dt.date(2022, 10, 1))  # ends 2027-09-30
    factories.BankrekeningFactory(organisatie=organisatie)
    with time_machine.travel(dt.datetime(2027, 6, 15, 10, tzinfo=dt.UTC), tick=False):
        ingediend(dossier, verantwoordelijke, hoogte=False, duur=True)  # 3.5 months before: late
    dossier.refresh_from_db()
    assert not dossier.doorbetaling
    dmfa(dossier, 2027, 4, brutoloon="3000.00", werkgeversbijdragen="750.00")

    with time_machine.travel(dt.datetime(2028, 4, 2, 10, tzinfo=dt.UTC), tick=False):
        premies.voer_run_uit(dt.date(2028, 4, 2))

    assert not Betaallijn.objects.filter(dossier=dossier, jaar=2027, kwartaal=4).exists()

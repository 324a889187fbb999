"""Dated parameters the engine reads: the ondersteuningspremie reference amount and the GGMMI in bulk."""

import datetime as dt
from decimal import Decimal

import pytest

from loket import parameters
from loket.models import GgmmiBedrag, OndersteuningReferentiebedrag

pytestmark = pytest.mark.django_db


def test_ondersteuning_referentiebedrag_is_none_until_staff_set_it():
    op = dt.date(2026, 5, 15)
    assert parameters.ondersteuning_referentiebedrag(op) is None
    OndersteuningReferentiebedrag.objects.create(
        geldig_vanaf=dt.date(2026, 4, 1), bedrag_per_kwartaal=Decimal("5000")
    )
    assert parameters.ondersteuning_referentiebedrag(op) == Decimal("5000")
    assert parameters.ondersteuning_referentiebedrag(dt.date(2026, 3, 31)) is None


def test_ggmmi_for_many_dates_in_one_query(django_assert_num_queries):
    data = [
        dt.date(2023, 10, 1),
        dt.date(2023, 11, 1),
        dt.date(2024, 4, 1),
        dt.date(2026, 1, 1),
        dt.date(2022, 1, 1),
    ]
    with django_assert_num_queries(1):
        bedragen = parameters.ggmmi_op_data(data)
    assert bedragen == {
        dt.date(2022, 1, 1): None,
        dt.date(2023, 10, 1): Decimal("1954.99"),
        dt.date(2023, 11, 1): Decimal("1994.18"),
        dt.date(2024, 4, 1): Decimal("2029.88"),
        dt.date(2026, 1, 1): Decimal("2029.88"),
    }
    assert all(parameters.ggmmi(d) == b for d, b in bedragen.items())


def test_the_run_snapshot_answers_like_the_single_readers(django_assert_num_queries):
    GgmmiBedrag.objects.create(geldig_vanaf=dt.date(2026, 9, 1), bedrag_per_maand=Decimal("2100.00"))
    with django_assert_num_queries(4):
        stand = parameters.Parameterstand.laad()
    for op in (dt.date(2023, 7, 3), dt.date(2026, 8, 31), dt.date(2026, 9, 1), dt.date(2027, 1, 1)):
        assert stand.ggmmi(op) == parameters.ggmmi(op)
        assert stand.begeleidingspremie_bedragen(op) == parameters.begeleidingspremie_bedragen(op)
        assert stand.begeleidingspremie_opstart(op) == parameters.begeleidingspremie_opstart(op)
        assert stand.ondersteuning_referentiebedrag(op) == parameters.ondersteuning_referentiebedrag(op)


def test_pages_share_one_stand_until_staff_change_a_parameter(django_assert_num_queries):
    op = dt.date(2026, 9, 15)
    eerst = parameters.Parameterstand.gedeeld()
    with django_assert_num_queries(0):
        assert parameters.Parameterstand.gedeeld() == eerst  # the same for every page and user

    nieuw = GgmmiBedrag.objects.create(geldig_vanaf=dt.date(2026, 9, 1), bedrag_per_maand=Decimal("2100"))
    assert parameters.Parameterstand.gedeeld().ggmmi(op) == Decimal("2100")  # saved: read again

    nieuw.bedrag_per_maand = Decimal("2150")
    nieuw.save()
    assert parameters.Parameterstand.gedeeld().ggmmi(op) == Decimal("2150")

    nieuw.delete()
    assert parameters.Parameterstand.gedeeld().ggmmi(op) == parameters.ggmmi(op) != Decimal("2150")

    OndersteuningReferentiebedrag.objects.create(
        geldig_vanaf=dt.date(2026, 4, 1), bedrag_per_kwartaal=Decimal("5000")
    )
    assert parameters.Parameterstand.gedeeld().ondersteuning_referentiebedrag(op) == Decimal("5000")

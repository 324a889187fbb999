"""premies.rules at their boundaries, with Hypothesis for the amount properties."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from premies import rules

GGMMI = [Decimal("2029.88")] * 3
PLAFOND = Decimal("12179.28")


@pytest.mark.parametrize(
    ("kwartaal", "maand"),
    [
        ((2026, 1), dt.date(2026, 7, 1)),
        ((2026, 2), dt.date(2026, 10, 1)),
        ((2026, 3), dt.date(2027, 1, 1)),
        ((2026, 4), dt.date(2027, 4, 1)),
    ],
)
def test_betaalmaand_is_the_fourth_month_after_the_quarter(kwartaal, maand):
    assert rules.betaalmaand(*kwartaal) == maand


@pytest.mark.parametrize("kwartaal", [0, 5])
def test_betaalmaand_refuses_a_quarter_number_outside_1_to_4(kwartaal):
    with pytest.raises(ValueError):
        rules.betaalmaand(2026, kwartaal)


def test_kwartaalnummer_counts_from_the_quarter_of_the_start_date():
    start = dt.date(2026, 2, 15)  # in 2026-Q1
    assert rules.kwartaalnummer(start, 2026, 1) == 1
    assert rules.kwartaalnummer(start, 2026, 4) == 4
    assert rules.kwartaalnummer(start, 2027, 1) == 5
    assert rules.kwartaalnummer(start, 2025, 4) == 0


def test_kwartalen_van_periode_and_aantal():
    kwartalen = rules.kwartalen_van_periode(dt.date(2026, 3, 31), dt.date(2026, 4, 1))
    assert [str(k) for k in kwartalen] == ["2026-Q1", "2026-Q2"]
    assert rules.aantal_kwartalen(dt.date(2026, 1, 1), dt.date(2030, 12, 31)) == 20
    assert rules.kwartalen_van_periode(dt.date(2026, 1, 2), dt.date(2026, 1, 1)) == []


def test_eerste_dagen_van_maanden():
    assert rules.eerste_dagen_van_maanden(2026, 4) == [
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 1),
    ]


@pytest.mark.parametrize(
    ("van", "tot", "verwacht"),
    [
        (None, None, (90, 90)),
        (None, dt.date(2027, 2, 15), (46, 90)),
        (dt.date(2027, 3, 31), None, (1, 90)),
        (None, dt.date(2026, 12, 31), (0, 90)),  # left before the quarter
        (None, dt.date(2027, 3, 31), (90, 90)),
    ],
)
def test_dagen_in_periode(van, tot, verwacht):
    assert rules.dagen_in_periode(2027, 1, van, tot) == verwacht


def test_dagen_in_periode_in_a_leap_year():
    assert rules.dagen_in_periode(2028, 1, None, None) == (91, 91)


SCHEMA = [(1, 5, 40), (6, 8, 30), (9, 20, 20)]


@pytest.mark.parametrize(
    ("nr", "pct"), [(1, 40), (5, 40), (6, 30), (8, 30), (9, 20), (20, 20), (21, 20), (40, 20)]
)
def test_percentage_per_bracket_and_the_last_past_the_schedule(nr, pct):
    assert rules.percentage(SCHEMA, nr) == pct


def test_percentage_refuses_quarter_zero_an_empty_schedule_and_a_gap():
    with pytest.raises(ValueError):
        rules.percentage(SCHEMA, 0)
    with pytest.raises(ValueError):
        rules.percentage([], 1)
    with pytest.raises(ValueError):
        rules.percentage([(2, 4, 40)], 1)


def test_schedules_fixed_cut_and_text():
    assert rules.vaste_schijven(40, 8) == [(1, 8, 40)]
    assert rules.vaste_schijven(40, 0) == [(1, 1, 40)]
    assert rules.schijven_tot(SCHEMA, 8) == [(1, 5, 40), (6, 8, 30)]
    assert rules.schijven_tot(SCHEMA, 7) == [(1, 5, 40), (6, 7, 30)]
    assert rules.schema_tekst([(1, 1, 40), (2, 8, 30)]) == "40 % kwartaal 1, 30 % kwartaal 2–8"


def test_schijven_fouten():
    assert rules.schijven_fouten(SCHEMA) == []
    assert rules.schijven_fouten([]) == ["Geef minstens één schijf op."]
    assert len(rules.schijven_fouten([(1, 4, 40), (6, 8, 30)])) == 1  # gap at 5
    assert len(rules.schijven_fouten([(1, 4, 80)])) == 1
    assert len(rules.schijven_fouten([(1, 4, 42)])) == 1
    assert len(rules.schijven_fouten([(1, 4, 15)])) == 1
    assert len(rules.schijven_fouten([(1, 4, 75), (5, 4, 20)])) >= 1


def test_afgerond_rounds_half_up():
    assert rules.afgerond(Decimal("0.005")) == Decimal("0.01")
    assert rules.afgerond(Decimal("0.0049")) == Decimal("0.00")


def test_referteloon_plafond_and_loonpremie_with_worked_numbers():
    assert rules.referteloon(Decimal("9000"), Decimal("2250"), Decimal("500")) == Decimal("10750")
    assert rules.plafond(GGMMI, Decimal("1")) == PLAFOND
    assert rules.plafond(GGMMI, Decimal("0.5")) == Decimal("6089.64")
    assert rules.loonpremie(Decimal("11250"), PLAFOND, 40) == Decimal("4500.00")
    assert rules.loonpremie(Decimal("20000"), PLAFOND, 40) == Decimal("4871.71")  # 40 % of the cap
    assert rules.loonpremie(Decimal("-5"), PLAFOND, 40) == Decimal("0.00")


def test_the_cap_is_exact_and_the_loonpremie_rounded_once_at_the_end():
    # 2 × (2,070.48 + 2,070.48 + 2,070.49) × 0.25 = 3,105.725: rounding the cap first (3,105.73)
    # would pay 1,552.87 at 50 % instead of 1,552.86.
    cap = rules.plafond([Decimal("2070.48"), Decimal("2070.48"), Decimal("2070.49")], Decimal("0.25"))
    assert cap == Decimal("3105.725")
    assert rules.loonpremie(Decimal("5000"), cap, 50) == Decimal("1552.86")


@pytest.mark.parametrize("breuk", [Decimal("0"), Decimal("1.0001"), Decimal("-1")])
def test_plafond_refuses_a_fraction_outside_0_to_1(breuk):
    with pytest.raises(ValueError):
        rules.plafond(GGMMI, breuk)


def test_plafond_needs_the_ggmmi_and_loonpremie_a_percentage_of_0_to_100():
    with pytest.raises(ValueError):
        rules.plafond([], Decimal("1"))
    with pytest.raises(ValueError):
        rules.loonpremie(Decimal("1"), PLAFOND, 101)


BEDRAGEN = [(1, 5, Decimal("1200")), (6, None, Decimal("600"))]


@pytest.mark.parametrize(("nr", "bedrag"), [(1, "1930.00"), (5, "1930.00"), (6, "600.00"), (40, "600.00")])
def test_begeleidingspremie_start_up_only_in_the_first_bracket(nr, bedrag):
    assert rules.begeleidingspremie(BEDRAGEN, Decimal("730"), nr) == Decimal(bedrag)


def test_begeleidingspremie_without_a_bracket_is_zero():
    assert rules.begeleidingspremie([(1, 5, Decimal("1200"))], Decimal("730"), 6) == Decimal("0")


def test_ondersteuningspremie_and_default_reference():
    assert rules.standaard_referentiebedrag_zelfstandige(GGMMI) == Decimal("6089.64")
    assert rules.ondersteuningspremie(Decimal("6089.64"), 40) == Decimal("2435.86")
    assert rules.ondersteuningspremie(Decimal("-1"), 40) == Decimal("0.00")


@pytest.mark.parametrize(
    ("dagen", "totaal", "bedrag"),
    [(46, 90, "986.44"), (0, 90, "0.00"), (90, 90, "1930.00"), (95, 90, "1930.00")],
)
def test_pro_rata(dagen, totaal, bedrag):
    assert rules.pro_rata(Decimal("1930"), dagen, totaal) == Decimal(bedrag)


def test_loonlijn_versie_changes_with_any_amount_and_ignores_trailing_zeros():
    basis = rules.LoonlijnBedragen(Decimal("9000"), Decimal("2250"), Decimal("0"), Decimal("1"))
    gelijk = rules.LoonlijnBedragen(Decimal("9000.00"), Decimal("2250.0"), Decimal("0.00"), Decimal("1.0000"))
    assert rules.loonlijn_versie(basis) == rules.loonlijn_versie(gelijk)
    for ander in (
        rules.LoonlijnBedragen(Decimal("9000.01"), Decimal("2250"), Decimal("0"), Decimal("1")),
        rules.LoonlijnBedragen(Decimal("9000"), Decimal("2250"), Decimal("0"), Decimal("0.8")),
    ):
        assert rules.loonlijn_versie(ander) != rules.loonlijn_versie(basis)


def test_loonlijn_fouten():
    assert (
        rules.loonlijn_fouten(rules.LoonlijnBedragen(Decimal("1"), Decimal("0"), Decimal("0"), Decimal("1")))
        == []
    )
    fouten = rules.loonlijn_fouten(
        rules.LoonlijnBedragen(Decimal("-1"), Decimal("-1"), Decimal("0"), Decimal("1.5"))
    )
    assert len(fouten) == 3


# --- Properties -----------------------------------------------------------------------------------

bedragen = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("100000"), places=2)
breuken = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1"), places=4)
ggmmis = st.lists(
    st.decimals(min_value=Decimal("1500"), max_value=Decimal("3000"), places=2), min_size=3, max_size=3
)
percentages = st.integers(min_value=20, max_value=75)


@given(bedragen, ggmmis, breuken, percentages)
def test_loonpremie_never_above_75_percent_of_the_cap_and_never_negative(loon, ggmmi, breuk, pct):
    cap = rules.plafond(ggmmi, breuk)
    premie = rules.loonpremie(loon, cap, pct)
    assert Decimal("0") <= premie <= rules.afgerond(cap * Decimal("0.75"))


@given(bedragen, bedragen, ggmmis, breuken, percentages)
def test_loonpremie_is_monotone_in_the_wage_up_to_the_cap(a, b, ggmmi, breuk, pct):
    laag, hoog = sorted((a, b))
    cap = rules.plafond(ggmmi, breuk)
    assert rules.loonpremie(laag, cap, pct) <= rules.loonpremie(hoog, cap, pct)
    if hoog >= cap:
        assert rules.loonpremie(hoog, cap, pct) == rules.afgerond(cap * pct / Decimal(100))


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=4))
def test_betaalmaand_is_always_after_the_quarter_and_three_months_later(jaar, kwartaal):
    maand = rules.betaalmaand(jaar, kwartaal)
    laatste_maand_kwartaal = 3 * kwartaal
    assert (maand.year - jaar) * 12 + maand.month - laatste_maand_kwartaal == 4
    assert maand.day == 1


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("5000"), places=2), st.integers(0, 92))
def test_pro_rata_never_exceeds_the_full_amount(bedrag, dagen):
    assert Decimal("0") <= rules.pro_rata(bedrag, dagen, 92) <= rules.afgerond(bedrag)


@given(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_the_engine_stops_at_the_latest_quarter_whose_payment_month_began(vandaag):
    from loket.rules import Kwartaal
    from premies.uitbetaling import laatste_verschuldigde_dag

    laatste = Kwartaal.van(laatste_verschuldigde_dag(vandaag))
    assert rules.betaalmaand(laatste.jaar, laatste.nummer) <= vandaag
    volgende = laatste.volgende()
    assert rules.betaalmaand(volgende.jaar, volgende.nummer) > vandaag

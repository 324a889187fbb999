"""Pure rules the portal adds: the degressive package codes and the simulator's estimate from
plain values (when a quarter is due: the engine, ``test_engine``)."""

import datetime as dt
from decimal import Decimal

from loket.rules import Kwartaal
from premies import rules, simulator


def test_pakketcodes_van_de_beslissing():
    from aanvragen.models import Pakket

    assert set(rules.DEGRESSIEVE_PAKKETTEN) == {p for p in Pakket.values if p != Pakket.VAST}
    assert rules.DEGRESSIEVE_PAKKETTEN["5j_verhoogd"] == (5, True)


def ggmmi(invoer, bedrag="2029.88"):
    return dict.fromkeys(simulator.maanden(invoer), Decimal(bedrag))


def test_raming_loonpremie_met_begeleiding_uit_gewone_waarden():
    invoer = simulator.Invoer(
        premie=simulator.LOON_EN_BEGELEIDING,
        startkwartaal=Kwartaal(2026, 4),
        aantal_kwartalen=8,
        brutoloon=Decimal("4000"),
        werkgeversbijdragen=Decimal("1000"),
        verminderingen=Decimal("0"),
        arbeidsfractie=Decimal("0.5"),
    )
    parameters = simulator.Parameters(
        schijven=[(1, 8, 20)],
        ggmmi=ggmmi(invoer),
        begeleiding_bedragen=[(1, 5, Decimal("1200")), (6, None, Decimal("600"))],
        opstartbedrag=Decimal("430"),
    )
    raming = simulator.raming(invoer, parameters)
    eerste, zesde = raming.kwartalen[0], raming.kwartalen[5]
    # Below the half-time cap of 6,089.64: 20 % of 5,000.
    assert (eerste.plafond, eerste.loonpremie, eerste.begeleidingspremie) == (
        Decimal("6089.64"),
        Decimal("1000.00"),
        Decimal("1630.00"),
    )
    assert (zesde.kwartaal, zesde.begeleidingspremie, zesde.betaalmaand) == (
        Kwartaal(2028, 1),
        Decimal("600.00"),
        dt.date(2028, 7, 1),
    )
    assert raming.totaal == 8 * Decimal("1000") + 5 * Decimal("1630") + 3 * Decimal("600")
    assert [j for j, _r, _t in raming.per_jaar()] == [2026, 2027, 2028]


def test_raming_zonder_ggmmi_voor_een_maand_laat_dat_kwartaal_weg():
    invoer = simulator.Invoer(
        premie=simulator.ONDERSTEUNING, startkwartaal=Kwartaal(2026, 1), aantal_kwartalen=2
    )
    waarden = ggmmi(invoer)
    waarden[dt.date(2026, 5, 1)] = None
    raming = simulator.raming(invoer, simulator.Parameters(schijven=[(1, 2, 30)], ggmmi=waarden))
    assert [k.kwartaal for k in raming.kwartalen] == [Kwartaal(2026, 1)]
    assert raming.ontbrekende_ggmmi == [dt.date(2026, 5, 1)]

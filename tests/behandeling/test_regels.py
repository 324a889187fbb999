"""Pure rules of deciding: validation of a decision and the running deadline."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from aanvragen import rules

GOED = {
    "uitkomst": "toegekend",
    "loonpremie": True,
    "percentage": 40,
    "duur_jaren": 5,
    "startdatum": dt.date(2026, 4, 1),
    "einddatum": dt.date(2031, 3, 31),
}


def test_een_volledige_toekenning_is_geldig():
    assert rules.valideer_beslissing(**GOED) == {}


@given(st.integers(min_value=-10, max_value=120))
def test_percentage_tussen_20_en_75_en_veelvoud_van_5(percentage):
    fouten = rules.valideer_beslissing(**{**GOED, "percentage": percentage})
    assert ("percentage" not in fouten) == (20 <= percentage <= 75 and percentage % 5 == 0)


@given(st.dates(min_value=dt.date(2023, 7, 3), max_value=dt.date(2040, 12, 31)), st.integers(1, 5))
def test_berekende_periode_is_altijd_geldig(beslist_op, duur):
    start = rules.startdatum(beslist_op)
    eind = rules.einddatum(start, duur)
    assert start <= beslist_op and start.day == 1 and start.month in (1, 4, 7, 10)
    assert (
        rules.valideer_beslissing(**{**GOED, "duur_jaren": duur, "startdatum": start, "einddatum": eind})
        == {}
    )


def test_foute_beslissingen():
    assert "einddatum" in rules.valideer_beslissing(**{**GOED, "einddatum": dt.date(2026, 4, 1)})
    assert "einddatum" in rules.valideer_beslissing(**{**GOED, "einddatum": dt.date(2031, 4, 1)})
    assert "duur_jaren" in rules.valideer_beslissing(**{**GOED, "duur_jaren": 6})
    assert "begeleidingspremie" in rules.valideer_beslissing(
        **{**GOED, "loonpremie": False, "begeleidingspremie": True}
    )
    ondersteuning = {**GOED, "loonpremie": False, "ondersteuningspremie": True}
    assert rules.valideer_beslissing(**{**ondersteuning, "percentage": 55}) == {}
    assert "percentage" in rules.valideer_beslissing(**{**ondersteuning, "percentage": 60})
    assert "ondersteuningspremie" in rules.valideer_beslissing(**{**GOED, "ondersteuningspremie": True})
    assert rules.valideer_beslissing(uitkomst="geweigerd", reden="Geen behoefte.") == {}
    assert "reden" in rules.valideer_beslissing(uitkomst="geweigerd", reden="  ")
    assert "reden" in rules.valideer_beslissing(**GOED, correctie=True)
    assert rules.valideer_beslissing(**GOED, correctie=True, reden="Tikfout") == {}


def test_lopende_termijn_en_stand():
    bevestiging, beslissing = dt.date(2026, 5, 8), dt.date(2026, 5, 31)
    assert rules.lopende_termijn("ingediend", bevestiging, beslissing) == bevestiging
    assert rules.lopende_termijn("ontvankelijk", bevestiging, beslissing) == beslissing
    assert rules.lopende_termijn("in_behandeling", bevestiging, beslissing) == beslissing
    assert rules.lopende_termijn("toegekend", bevestiging, beslissing) is None
    vandaag = dt.date(2026, 5, 14)
    assert rules.termijn_stand(dt.date(2026, 5, 13), vandaag) == "verlopen"
    assert rules.termijn_stand(vandaag, vandaag) == "bijna"
    assert rules.termijn_stand(dt.date(2026, 5, 16), vandaag) == "bijna"
    assert rules.termijn_stand(dt.date(2026, 5, 17), vandaag) == "op_tijd"
    assert rules.termijn_stand(None, vandaag) is None
    assert rules.dagen_over(dt.date(2026, 5, 10), vandaag) == -4


def test_premies_voor_keuze():
    assert rules.premies_voor_keuze("loonpremie") == {
        "loonpremie": True,
        "begeleidingspremie": False,
        "ondersteuningspremie": False,
    }
    assert rules.premies_voor_keuze("loon_begeleiding")["begeleidingspremie"]
    assert rules.premies_voor_keuze("ondersteuning") == {
        "loonpremie": False,
        "begeleidingspremie": False,
        "ondersteuningspremie": True,
    }

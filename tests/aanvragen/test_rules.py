"""The pure rules of the application procedure: dates and admissibility."""

import calendar
import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aanvragen import rules
from aanvragen.rules import AanvraagFeiten
from loket.bronnen.dimona import Tewerkstelling
from loket.bronnen.kbo import Onderneming
from loket.bronnen.vdab import Indicatie

datums = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))

# --- startdatum ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("beslissing", "start"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1)),
        (dt.date(2026, 3, 31), dt.date(2026, 1, 1)),
        (dt.date(2026, 4, 1), dt.date(2026, 4, 1)),
        (dt.date(2026, 6, 30), dt.date(2026, 4, 1)),
        (dt.date(2026, 7, 15), dt.date(2026, 7, 1)),
        (dt.date(2026, 9, 30), dt.date(2026, 7, 1)),
        (dt.date(2026, 10, 1), dt.date(2026, 10, 1)),
        (dt.date(2026, 11, 12), dt.date(2026, 10, 1)),
        (dt.date(2026, 12, 31), dt.date(2026, 10, 1)),
        (dt.date(2024, 2, 29), dt.date(2024, 1, 1)),
    ],
)
def test_start_is_the_first_day_of_the_quarter_of_the_decision(beslissing, start):
    assert rules.startdatum(beslissing) == start


def test_start_follows_the_decision_not_the_application():
    ingediend = dt.date(2026, 3, 25)
    beslist = ingediend + dt.timedelta(days=20)  # decided in the next quarter
    assert rules.startdatum(beslist) == dt.date(2026, 4, 1)


@given(datums)
def test_start_is_on_or_before_the_decision_in_the_same_quarter(datum):
    start = rules.startdatum(datum)
    assert start <= datum
    assert start.day == 1 and start.month in (1, 4, 7, 10)
    assert start.year == datum.year
    assert (start.month - 1) // 3 == (datum.month - 1) // 3
    assert (datum - start).days < 92


@given(datums)
def test_start_is_idempotent(datum):
    assert rules.startdatum(rules.startdatum(datum)) == rules.startdatum(datum)


# --- einddatum -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "jaren", "einde"),
    [
        (dt.date(2026, 10, 1), 2, dt.date(2028, 9, 30)),  # the example of the issue
        (dt.date(2026, 10, 1), 5, dt.date(2031, 9, 30)),
        (dt.date(2026, 1, 1), 2, dt.date(2027, 12, 31)),
        (dt.date(2026, 1, 1), 5, dt.date(2030, 12, 31)),
        (dt.date(2026, 4, 1), 2, dt.date(2028, 3, 31)),
        (dt.date(2027, 3, 1), 1, dt.date(2028, 2, 29)),  # the day before lands on a leap day
        (dt.date(2024, 2, 29), 2, dt.date(2026, 2, 28)),  # no 29 February in 2026
        (dt.date(2024, 2, 29), 4, dt.date(2028, 2, 28)),  # a leap year again: the day before
        (dt.date(2023, 3, 1), 5, dt.date(2028, 2, 29)),
    ],
)
def test_end_is_the_day_before_the_anniversary(start, jaren, einde):
    assert rules.einddatum(start, jaren) == einde


@pytest.mark.parametrize("jaren", [0, -1])
def test_end_needs_at_least_one_year(jaren):
    with pytest.raises(ValueError):
        rules.einddatum(dt.date(2026, 1, 1), jaren)


@given(datums.filter(lambda d: (d.month, d.day) != (2, 29)), st.integers(min_value=1, max_value=10))
def test_end_is_always_the_day_before_an_anniversary(start, jaren):
    einde = rules.einddatum(start, jaren)
    assert einde + dt.timedelta(days=1) == start.replace(year=start.year + jaren)


@given(st.sampled_from([2, 5]), datums)
def test_the_period_is_exactly_n_years(jaren, datum):
    start = rules.startdatum(datum)
    einde = rules.einddatum(start, jaren)
    dagen = (einde - start).days + 1
    schrikkeldagen = sum(
        1
        for jaar in range(start.year, start.year + jaren + 1)
        if calendar.isleap(jaar) and start <= dt.date(jaar, 2, 29) <= einde
    )
    assert dagen == 365 * jaren + schrikkeldagen
    # A period starting on a quarter's first day ends on a quarter's last day.
    assert (einde + dt.timedelta(days=1)).day == 1
    assert (einde + dt.timedelta(days=1)).month == start.month


@given(st.integers(min_value=2000, max_value=2090), st.integers(min_value=1, max_value=10))
def test_a_period_from_a_leap_day_ends_on_the_last_day_of_february(jaar, jaren):
    start = dt.date(2000 + 4 * ((jaar - 2000) // 4), 2, 29)
    einde = rules.einddatum(start, jaren)
    # Whether or not the end year has a 29 February, the period ends on 28 February.
    assert einde == dt.date(start.year + jaren, 2, 28)


# --- deadlines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ingediend", "ontvankelijkheid", "beslissing"),
    [
        (dt.date(2026, 1, 5), dt.date(2026, 1, 12), dt.date(2026, 2, 4)),
        (dt.date(2026, 12, 28), dt.date(2027, 1, 4), dt.date(2027, 1, 27)),
        (dt.date(2024, 2, 25), dt.date(2024, 3, 3), dt.date(2024, 3, 26)),  # leap year
        (dt.date(2026, 2, 25), dt.date(2026, 3, 4), dt.date(2026, 3, 27)),
    ],
)
def test_deadlines(ingediend, ontvankelijkheid, beslissing):
    assert rules.ontvankelijkheid_uiterlijk(ingediend) == ontvankelijkheid
    assert rules.beslissing_uiterlijk(ingediend) == beslissing


@given(datums)
def test_deadlines_are_7_and_30_calendar_days(datum):
    assert (rules.ontvankelijkheid_uiterlijk(datum) - datum).days == 7
    assert (rules.beslissing_uiterlijk(datum) - datum).days == 30
    assert rules.ontvankelijkheid_uiterlijk(datum) < rules.beslissing_uiterlijk(datum)


# --- admissibility --------------------------------------------------------------------------------

INGEDIEND = dt.date(2026, 5, 12)
INSZ = "93051822361"
KBO = "0566988259"


def indicatie(behoefte="loonpremie", erkend=True) -> Indicatie:
    return Indicatie(
        insz=INSZ,
        arbeidshandicap_erkend=erkend,
        doelgroep="pmah",
        behoefte=behoefte,
        percentage=40,
        duur_jaren=5,
        geldig_van=dt.date(2025, 1, 1),
        geldig_tot=None,
        begeleidingsnood="",
    )


TEWERKSTELLING = Tewerkstelling(KBO, INSZ, dt.date(2024, 1, 1), None, Decimal("1"))
ACTIEF = Onderneming(KBO, "Zelfstandige Els", "Eenmanszaak", True)


def werkgever(**kwargs) -> AanvraagFeiten:
    waarden = {
        "aanvrager_soort": "werkgever",
        "premie_keuze": "loonpremie",
        "organisatie_soort": "privaat",
        "in_moeilijkheden": False,
        "via_departement_onderwijs": None,
        "vestiging_gewest": "vlaanderen",
        "woonplaats_gewest": "vlaanderen",
    }
    return AanvraagFeiten(**{**waarden, **kwargs})


def zelfstandige(**kwargs) -> AanvraagFeiten:
    waarden = {
        "aanvrager_soort": "zelfstandige",
        "premie_keuze": "ondersteuning",
        "organisatie_soort": "zelfstandige",
        "vestiging_gewest": None,
    }
    return werkgever(**{**waarden, **kwargs})


def codes(aanvraag, ind=None, tw=TEWERKSTELLING, ond=None, *, standaard_indicatie=True):
    if ind is None and standaard_indicatie:
        ind = indicatie(aanvraag.premie_keuze)
    return [r.code for r in rules.redenen_niet_ontvankelijk(aanvraag, ind, tw, ond)]


def test_a_matching_employer_application_is_admissible():
    assert codes(werkgever()) == []
    assert codes(werkgever(premie_keuze="loon_begeleiding")) == []


def test_a_matching_self_employed_application_is_admissible():
    assert codes(zelfstandige(), tw=None, ond=ACTIEF) == []


def test_reason_1_premium_differs_from_vdab_need():
    redenen = rules.redenen_niet_ontvankelijk(
        werkgever(premie_keuze="loon_begeleiding"), indicatie("loonpremie"), TEWERKSTELLING
    )
    assert [r.code for r in redenen] == [rules.PREMIE_WIJKT_AF]
    assert "nieuwe aanvraag" in redenen[0].wat_nu and "juiste keuze" in redenen[0].wat_nu
    assert "VDAB" in redenen[0].uitleg


def test_reason_2_no_dimona_relation_on_the_submission_date():
    redenen = rules.redenen_niet_ontvankelijk(werkgever(), indicatie(), None)
    assert [r.code for r in redenen] == [rules.GEEN_TEWERKSTELLING]
    assert "Dimona" in redenen[0].uitleg
    assert "enkel een aanvraag indienen tijdens de tewerkstelling" in redenen[0].wat_nu


@pytest.mark.parametrize(
    "ind",
    [None, indicatie(behoefte=""), indicatie(erkend=False)],
    ids=["geen indicering", "geen behoefte", "handicap niet erkend"],
)
def test_reason_3_vdab_has_not_set_a_valid_need(ind):
    redenen = rules.redenen_niet_ontvankelijk(werkgever(), ind, TEWERKSTELLING)
    assert [r.code for r in redenen] == [rules.GEEN_BEHOEFTE]
    assert redenen[0].wat_nu.startswith("Pas als VDAB dit heeft vastgesteld")


def test_no_need_is_not_also_reported_as_a_different_choice():
    assert codes(werkgever(), ind=indicatie(behoefte="", erkend=False)) == [rules.GEEN_BEHOEFTE]


def test_all_three_procedure_reasons_together_in_the_order_of_the_procedure():
    assert codes(werkgever(), ind=None, tw=None, standaard_indicatie=False) == [
        rules.GEEN_TEWERKSTELLING,
        rules.GEEN_BEHOEFTE,
    ]
    assert codes(werkgever(premie_keuze="loon_begeleiding"), ind=indicatie("loonpremie"), tw=None) == [
        rules.PREMIE_WIJKT_AF,
        rules.GEEN_TEWERKSTELLING,
    ]


def test_employer_in_difficulty():
    assert codes(werkgever(in_moeilijkheden=True)) == [rules.ONDERNEMING_IN_MOEILIJKHEDEN]


def test_other_governments_are_not_eligible_but_local_governments_and_schools_are():
    assert codes(werkgever(organisatie_soort="andere_overheid")) == [rules.ANDERE_OVERHEID]
    assert codes(werkgever(organisatie_soort="lokaal_bestuur")) == []
    assert codes(werkgever(organisatie_soort="school", via_departement_onderwijs=False)) == []


@pytest.mark.parametrize("soort", ["school", "scholengroep"])
def test_school_employee_via_departement_onderwijs_is_not_admissible(soort):
    redenen = rules.redenen_niet_ontvankelijk(
        werkgever(organisatie_soort=soort, via_departement_onderwijs=True), indicatie(), TEWERKSTELLING
    )
    assert [r.code for r in redenen] == [rules.VIA_DEPARTEMENT_ONDERWIJS]
    assert "Departement Onderwijs" in redenen[0].uitleg


def test_school_must_say_whether_via_departement_onderwijs():
    assert codes(werkgever(organisatie_soort="school")) == [rules.ONDERWIJS_NIET_AANGEDUID]
    # Only schools are asked.
    assert codes(werkgever(organisatie_soort="privaat", via_departement_onderwijs=None)) == []


@pytest.mark.parametrize("gewest", ["brussel", "wallonie", "eu_eer", "buiten_eu"])
def test_begeleidingspremie_only_for_an_establishment_in_the_flemish_region(gewest):
    found = codes(werkgever(premie_keuze="loon_begeleiding", vestiging_gewest=gewest))
    assert found[0] == rules.BEGELEIDING_BUITEN_VLAANDEREN


@pytest.mark.parametrize("gewest", ["vlaanderen", "brussel", "wallonie", "eu_eer"])
def test_loonpremie_in_belgium_or_eu_eer_for_an_employee_living_in_flanders(gewest):
    assert codes(werkgever(vestiging_gewest=gewest)) == []


def test_loonpremie_not_for_an_establishment_outside_the_eu_eer():
    assert codes(werkgever(vestiging_gewest="buiten_eu")) == [rules.VESTIGING_BUITEN_EER]


@pytest.mark.parametrize(
    ("woonplaats", "vestiging", "ok"),
    [
        ("vlaanderen", "vlaanderen", True),
        ("vlaanderen", "wallonie", True),
        ("vlaanderen", "eu_eer", True),  # employer established abroad, employee lives in Flanders
        ("brussel", "vlaanderen", True),
        ("wallonie", "vlaanderen", True),
        ("eu_eer", "vlaanderen", True),  # lives in the EU/EEA and works in Flanders
        ("brussel", "brussel", False),
        ("wallonie", "wallonie", False),
        ("eu_eer", "eu_eer", False),
        ("eu_eer", "brussel", False),
        ("buiten_eu", "vlaanderen", False),
        (None, "wallonie", True),  # unknown: checked by staff, not held against the applicant
    ],
)
def test_employee_residence(woonplaats, vestiging, ok):
    assert rules.woonplaats_in_orde(woonplaats, vestiging) is ok
    found = codes(werkgever(woonplaats_gewest=woonplaats, vestiging_gewest=vestiging))
    assert (rules.WOONPLAATS_WERKNEMER not in found) is ok


def test_missing_establishment():
    assert codes(werkgever(vestiging_gewest=None)) == [rules.GEEN_VESTIGING]


def test_self_employed_needs_ondersteuning_and_an_active_enterprise():
    assert codes(zelfstandige(), tw=None, ond=None) == [rules.ONDERNEMING_NIET_ACTIEF]
    gestopt = Onderneming(KBO, "Gestopt", "Eenmanszaak", False)
    assert codes(zelfstandige(), tw=None, ond=gestopt) == [rules.ONDERNEMING_NIET_ACTIEF]
    # VDAB set a need for a wage premium (as an employee), not support as self-employed.
    assert codes(zelfstandige(), ind=indicatie("loonpremie"), tw=None, ond=ACTIEF) == [rules.PREMIE_WIJKT_AF]


def test_self_employed_is_not_checked_against_dimona_residence_or_establishment():
    assert codes(zelfstandige(woonplaats_gewest="buiten_eu"), tw=None, ond=ACTIEF) == []


def test_the_premium_must_fit_the_applicant():
    assert rules.PREMIE_PAST_NIET_BIJ_AANVRAGER in codes(werkgever(premie_keuze="ondersteuning"))
    assert rules.PREMIE_PAST_NIET_BIJ_AANVRAGER in codes(
        zelfstandige(premie_keuze="loonpremie"), tw=None, ond=ACTIEF
    )


def test_many_reasons_are_all_reported():
    aanvraag = werkgever(
        premie_keuze="loon_begeleiding",
        organisatie_soort="school",
        via_departement_onderwijs=True,
        in_moeilijkheden=True,
        vestiging_gewest="wallonie",
        woonplaats_gewest="wallonie",
    )
    assert codes(aanvraag, ind=indicatie("loonpremie"), tw=None) == [
        rules.PREMIE_WIJKT_AF,
        rules.GEEN_TEWERKSTELLING,
        rules.ONDERNEMING_IN_MOEILIJKHEDEN,
        rules.VIA_DEPARTEMENT_ONDERWIJS,
        rules.BEGELEIDING_BUITEN_VLAANDEREN,
        rules.WOONPLAATS_WERKNEMER,
    ]


ALLE_CODES = [
    rules.PREMIE_WIJKT_AF,
    rules.GEEN_TEWERKSTELLING,
    rules.GEEN_BEHOEFTE,
    rules.PREMIE_PAST_NIET_BIJ_AANVRAGER,
    rules.ONDERNEMING_IN_MOEILIJKHEDEN,
    rules.ANDERE_OVERHEID,
    rules.VIA_DEPARTEMENT_ONDERWIJS,
    rules.ONDERWIJS_NIET_AANGEDUID,
    rules.GEEN_VESTIGING,
    rules.BEGELEIDING_BUITEN_VLAANDEREN,
    rules.VESTIGING_BUITEN_EER,
    rules.WOONPLAATS_WERKNEMER,
    rules.ONDERNEMING_NIET_ACTIEF,
]


@pytest.mark.parametrize("code", ALLE_CODES)
def test_every_reason_has_a_dutch_explanation_and_a_next_step(code):
    r = rules.reden(code)
    assert r.code == code
    assert len(r.uitleg) > 20 and len(r.wat_nu) > 15
    assert r.als_dict() == {"code": code, "uitleg": r.uitleg, "wat_nu": r.wat_nu}


# Property tests: an application that matches the sources in every respect has no reasons;
# breaking one condition yields exactly that reason.

werkgever_soorten = st.sampled_from(["privaat", "natuurlijk_persoon", "buitenlands", "lokaal_bestuur"])
passende_keuzes = st.sampled_from(["loonpremie", "loon_begeleiding"])


@st.composite
def passende_werkgeversaanvragen(draw):
    keuze = draw(passende_keuzes)
    school = draw(st.booleans())
    soort = draw(st.sampled_from(["school", "scholengroep"])) if school else draw(werkgever_soorten)
    if keuze == "loon_begeleiding":
        vestiging = "vlaanderen"
    else:
        vestiging = draw(st.sampled_from(sorted(rules.GEWESTEN_EU_EER)))
    if vestiging == "vlaanderen":
        woonplaats = draw(st.sampled_from([None, *sorted(rules.GEWESTEN_EU_EER)]))
    else:
        woonplaats = draw(st.sampled_from([None, "vlaanderen"]))
    return werkgever(
        premie_keuze=keuze,
        organisatie_soort=soort,
        via_departement_onderwijs=False if school else draw(st.sampled_from([None, False])),
        vestiging_gewest=vestiging,
        woonplaats_gewest=woonplaats,
    )


@given(passende_werkgeversaanvragen(), datums)
def test_a_fully_matching_application_has_no_reasons(aanvraag, datum):
    ind = replace(indicatie(aanvraag.premie_keuze), geldig_van=datum)
    tw = Tewerkstelling(KBO, INSZ, datum, None, Decimal("0.5"))
    assert rules.redenen_niet_ontvankelijk(aanvraag, ind, tw) == []


@given(passende_werkgeversaanvragen())
def test_breaking_one_condition_gives_exactly_that_reason(aanvraag):
    ind = indicatie(aanvraag.premie_keuze)
    andere_keuze = "loonpremie" if aanvraag.premie_keuze == "loon_begeleiding" else "loon_begeleiding"
    assert codes(aanvraag, ind=indicatie(andere_keuze)) == [rules.PREMIE_WIJKT_AF]
    assert codes(aanvraag, ind=ind, tw=None) == [rules.GEEN_TEWERKSTELLING]
    assert codes(aanvraag, ind=indicatie(aanvraag.premie_keuze, erkend=False)) == [rules.GEEN_BEHOEFTE]
    assert codes(replace(aanvraag, in_moeilijkheden=True), ind=ind) == [rules.ONDERNEMING_IN_MOEILIJKHEDEN]


@given(
    st.sampled_from(["loonpremie", "loon_begeleiding", "ondersteuning"]),
    st.sampled_from(["werkgever", "zelfstandige"]),
    st.sampled_from(["privaat", "school", "andere_overheid", "zelfstandige", "lokaal_bestuur"]),
    st.booleans(),
    st.sampled_from([None, True, False]),
    st.sampled_from([None, "vlaanderen", "brussel", "wallonie", "eu_eer", "buiten_eu"]),
    st.sampled_from([None, "vlaanderen", "brussel", "wallonie", "eu_eer", "buiten_eu"]),
    st.sampled_from(["", "loonpremie", "loon_begeleiding", "ondersteuning"]),
    st.booleans(),
    st.booleans(),
)
def test_reasons_are_unique_known_and_complete_texts(
    keuze, aanvrager, soort, moeilijk, onderwijs, vestiging, woonplaats, behoefte, dimona, kbo_actief
):
    aanvraag = AanvraagFeiten(aanvrager, keuze, soort, moeilijk, onderwijs, vestiging, woonplaats)
    redenen = rules.redenen_niet_ontvankelijk(
        aanvraag,
        indicatie(behoefte),
        TEWERKSTELLING if dimona else None,
        Onderneming(KBO, "X", "", kbo_actief),
    )
    gevonden = [r.code for r in redenen]
    assert len(gevonden) == len(set(gevonden))
    assert set(gevonden) <= set(ALLE_CODES)
    assert all(r.uitleg and r.wat_nu for r in redenen)
    assert (rules.ONDERNEMING_IN_MOEILIJKHEDEN in gevonden) is moeilijk
    assert (rules.ANDERE_OVERHEID in gevonden) is (soort == "andere_overheid")

"""The evaluation rules at every boundary (the day before, the day, the day after) and as
properties."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aanvragen import rules as aanvraag_rules
from evaluaties import rules

D = dt.date
START = D(2026, 4, 1)  # a 5-year premium: 2026-04-01 .. 2031-03-31
EINDE = D(2031, 3, 31)


# --- Height: from the second year, not within 2 years of the previous VDAB evaluation ----------


@pytest.mark.parametrize(
    ("vandaag", "mogelijk"),
    [(D(2027, 3, 31), False), (D(2027, 4, 1), True), (D(2027, 4, 2), True)],
)
def test_height_from_the_start_of_the_second_year(vandaag, mogelijk):
    assert rules.hoogte_evaluatie_mogelijk(START, 5, None, vandaag) is mogelijk


@pytest.mark.parametrize(
    ("vandaag", "mogelijk"),
    [(D(2029, 6, 14), False), (D(2029, 6, 15), True), (D(2029, 6, 16), True)],
)
def test_height_not_within_two_years_of_the_previous_vdab_evaluation(vandaag, mogelijk):
    assert rules.hoogte_evaluatie_mogelijk(START, 5, D(2027, 6, 15), vandaag) is mogelijk


def test_height_never_for_a_two_year_premium_unless_vop_or_lde():
    assert not rules.hoogte_evaluatie_mogelijk(START, 2, None, D(2028, 1, 1))
    assert not rules.hoogte_evaluatie_mogelijk(START, None, None, D(2028, 1, 1))
    assert rules.hoogte_evaluatie_mogelijk(START, None, None, D(2028, 1, 1), vop_onbepaalde_duur=True)
    assert rules.hoogte_evaluatie_mogelijk(START, 2, None, D(2028, 1, 1), lde_tijdelijke_regeling=True)


@pytest.mark.parametrize(
    ("vandaag", "mogelijk"),
    [(D(2031, 3, 30), True), (D(2031, 3, 31), True), (D(2031, 4, 1), False), (D(2035, 1, 1), False)],
)
def test_height_only_while_the_premium_runs(vandaag, mogelijk):
    # The award's period ends on START + 5 years - 1 day; the day after, nothing runs to evaluate.
    assert rules.hoogte_evaluatie_mogelijk(START, 5, None, vandaag) is mogelijk
    assert rules.hoogte_evaluatie_mogelijk(START, 5, None, vandaag, lde_tijdelijke_regeling=True) is mogelijk


@pytest.mark.parametrize("duur", [None, 2, 5])
def test_height_of_a_vop_of_indefinite_duration_has_no_end(duur):
    # Whatever duration a VOP of indefinite duration was recorded with, it does not end it.
    assert rules.hoogte_evaluatie_mogelijk(START, duur, None, D(2031, 4, 1), vop_onbepaalde_duur=True)
    assert rules.hoogte_evaluatie_mogelijk(START, duur, None, D(2040, 1, 1), vop_onbepaalde_duur=True)


def test_height_of_a_period_starting_on_29_february_ends_on_28_february():
    assert rules.hoogte_evaluatie_mogelijk(D(2024, 2, 29), 5, None, D(2029, 2, 28))
    assert not rules.hoogte_evaluatie_mogelijk(D(2024, 2, 29), 5, None, D(2029, 3, 1))


def test_height_from_29_february():
    assert not rules.hoogte_evaluatie_mogelijk(D(2024, 2, 29), 5, None, D(2025, 2, 28))
    assert rules.hoogte_evaluatie_mogelijk(D(2024, 2, 29), 5, None, D(2025, 3, 1))


# --- Duration: in the last year, up to and including the end date --------------------------------


@pytest.mark.parametrize(
    ("vandaag", "mogelijk"),
    [
        (D(2030, 3, 31), False),
        (D(2030, 4, 1), True),
        (D(2030, 4, 2), True),
        (D(2031, 3, 30), True),
        (D(2031, 3, 31), True),
        (D(2031, 4, 1), False),
    ],
)
def test_extension_in_the_last_year(vandaag, mogelijk):
    assert rules.verlenging_mogelijk(EINDE, 5, vandaag) is mogelijk


def test_extension_never_for_two_years():
    assert not rules.verlenging_mogelijk(D(2028, 3, 31), 2, D(2028, 1, 1))
    assert rules.verlenging_mogelijk(D(2028, 3, 31), 2, D(2028, 1, 1), vop_onbepaalde_duur=True)


def test_extension_of_a_premium_ending_on_29_february():
    assert not rules.verlenging_mogelijk(D(2028, 2, 29), 5, D(2027, 2, 28))
    assert rules.verlenging_mogelijk(D(2028, 2, 29), 5, D(2027, 3, 1))


# --- When the button comes ---------------------------------------------------------------------


def test_first_day_of_the_button():
    assert rules.evaluatie_mogelijk_vanaf(START, EINDE, 5, None, D(2026, 6, 1)) == D(2027, 4, 1)
    assert rules.evaluatie_mogelijk_vanaf(START, EINDE, 5, None, D(2027, 3, 31)) == D(2027, 4, 1)
    assert rules.evaluatie_mogelijk_vanaf(START, EINDE, 5, None, D(2027, 4, 1)) == D(2027, 4, 1)
    assert rules.evaluatie_mogelijk_vanaf(START, EINDE, 5, None, D(2027, 4, 2)) == D(2027, 4, 2)
    # A recent VDAB evaluation: only the extension in the last year remains.
    assert rules.evaluatie_mogelijk_vanaf(START, EINDE, 5, D(2029, 1, 10), D(2029, 2, 1)) == D(2030, 4, 1)
    assert rules.evaluatie_mogelijk_vanaf(START, EINDE, 2, None, D(2027, 1, 1)) is None
    assert rules.evaluatie_mogelijk_vanaf(START, EINDE, 5, None, D(2031, 3, 31)) == D(2031, 3, 31)
    assert rules.evaluatie_mogelijk_vanaf(START, EINDE, 5, None, D(2031, 4, 1)) is None


def test_no_first_day_once_the_height_window_is_over_and_no_end_date_is_known():
    # A period known only by its start and duration: the button never comes back after it ended.
    assert rules.evaluatie_mogelijk_vanaf(START, None, 5, None, D(2031, 3, 31)) == D(2031, 3, 31)
    assert rules.evaluatie_mogelijk_vanaf(START, None, 5, None, D(2031, 4, 1)) is None
    # A previous VDAB evaluation pushing the height past the period's end leaves only the extension.
    assert rules.evaluatie_mogelijk_vanaf(START, EINDE, 5, D(2030, 1, 1), D(2030, 2, 1)) == D(2030, 4, 1)


def test_possible_kinds():
    assert rules.mogelijke_soorten(START, EINDE, 5, None, D(2027, 3, 31)) == []
    assert rules.mogelijke_soorten(START, EINDE, 5, None, D(2027, 4, 1)) == ["hoogte"]
    assert rules.mogelijke_soorten(START, EINDE, 5, None, D(2030, 4, 1)) == ["hoogte", "duur"]
    assert rules.mogelijke_soorten(START, EINDE, 5, D(2029, 6, 1), D(2030, 4, 1)) == ["duur"]
    assert rules.mogelijke_soorten(START, EINDE, 5, None, D(2031, 4, 1)) == []


def test_the_reason_names_the_date_or_why_never():
    assert "01/04/2027" in rules.reden_niet_mogelijk(START, EINDE, 5, None, D(2026, 7, 1))
    assert "2 jaar" in rules.reden_niet_mogelijk(START, D(2028, 3, 31), 2, None, D(2027, 1, 1))
    assert "nieuwe aanvraag" in rules.reden_niet_mogelijk(START, D(2028, 3, 31), 2, None, D(2027, 1, 1))
    assert rules.reden_niet_mogelijk(START, EINDE, 5, None, D(2027, 4, 1)) == ""
    assert "01/04/2030" in rules.weigering_soort("duur", D(2030, 4, 1))


# --- New start date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("beslist", "start"),
    [(D(2028, 3, 31), D(2028, 1, 1)), (D(2028, 4, 1), D(2028, 4, 1)), (D(2028, 4, 2), D(2028, 4, 1))],
)
def test_height_changed_starts_in_the_quarter_of_the_decision(beslist, start):
    assert rules.startdatum_na_evaluatie("hoogte", beslist, EINDE) == start


@pytest.mark.parametrize(
    ("vorige_einde", "start"),
    [
        (D(2031, 3, 30), D(2031, 4, 1)),
        (D(2031, 3, 31), D(2031, 4, 1)),
        (D(2031, 4, 1), D(2031, 7, 1)),
        (D(2031, 12, 31), D(2032, 1, 1)),
    ],
)
def test_duration_changed_starts_the_quarter_after_the_previous_end(vorige_einde, start):
    assert rules.startdatum_na_evaluatie("duur", D(2030, 11, 5), vorige_einde) == start


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        rules.startdatum_na_evaluatie("beide", D(2030, 1, 1), EINDE)


# --- Continued payment, reminder, deadlines ------------------------------------------------------


@pytest.mark.parametrize(
    ("ingediend", "door"),
    [(D(2030, 10, 30), True), (D(2030, 10, 31), True), (D(2030, 11, 1), False)],
)
def test_payment_continues_when_filed_at_least_five_months_before_the_end(ingediend, door):
    assert rules.doorbetaling(ingediend, EINDE) is door


def test_five_months_before_the_end_of_july_is_the_end_of_february():
    assert rules.doorbetaling(D(2031, 2, 28), D(2031, 7, 31))
    assert not rules.doorbetaling(D(2031, 3, 1), D(2031, 7, 31))
    assert not rules.doorbetaling(D(2030, 1, 1), None)


@pytest.mark.parametrize(
    ("vandaag", "verschuldigd"),
    [
        (D(2030, 8, 30), False),
        (D(2030, 8, 31), True),
        (D(2030, 9, 1), True),
        (D(2030, 10, 31), True),
        (D(2030, 11, 1), False),
    ],
)
def test_reminder_seven_months_before_the_end(vandaag, verschuldigd):
    assert rules.herinnering_verschuldigd(EINDE, 5, vandaag) is verschuldigd
    assert not rules.herinnering_verschuldigd(EINDE, 2, vandaag)


def test_deadlines_7_and_120_days():
    assert rules.ontvankelijkheid_uiterlijk(D(2026, 5, 4)) == D(2026, 5, 11)
    assert rules.beslissing_uiterlijk(D(2026, 5, 4)) == D(2026, 9, 1)


def test_the_7_day_deadline_is_the_applications_rule():
    # One place for the rule: the evaluation's names are the application's.
    assert rules.ontvankelijkheid_uiterlijk is aanvraag_rules.ontvankelijkheid_uiterlijk
    assert rules.ONTVANKELIJKHEID_TERMIJN_DAGEN == aanvraag_rules.ONTVANKELIJKHEID_TERMIJN_DAGEN == 7


@pytest.mark.parametrize(
    ("ingediend", "uiterlijk"),
    [
        # Submitted the day before, on, and the day after 22 February of a leap year.
        (D(2028, 2, 21), D(2028, 2, 28)),
        (D(2028, 2, 22), D(2028, 2, 29)),
        (D(2028, 2, 23), D(2028, 3, 1)),
        # Over the turn of the year.
        (D(2026, 12, 24), D(2026, 12, 31)),
        (D(2026, 12, 25), D(2027, 1, 1)),
    ],
)
def test_the_7_day_deadline_by_submission_day(ingediend, uiterlijk):
    assert rules.ontvankelijkheid_uiterlijk(ingediend) == uiterlijk


@pytest.mark.parametrize(
    ("ingediend", "uiterlijk"),
    [
        (D(2027, 6, 14), D(2027, 10, 12)),
        (D(2027, 6, 15), D(2027, 10, 13)),
        (D(2027, 6, 16), D(2027, 10, 14)),
        # 120 days across 29 February.
        (D(2027, 11, 30), D(2028, 3, 29)),
        (D(2027, 12, 1), D(2028, 3, 30)),
        (D(2027, 12, 2), D(2028, 3, 31)),
    ],
)
def test_the_120_day_deadline_by_submission_day(ingediend, uiterlijk):
    assert rules.beslissing_uiterlijk(ingediend) == uiterlijk


@pytest.mark.parametrize(
    ("vandaag", "dagen", "stand"),
    # A request of 15/06/2027: the confirmation is due on 22/06, the decision on 13/10/2027.
    [(D(2027, 6, 21), 1, "bijna"), (D(2027, 6, 22), 0, "bijna"), (D(2027, 6, 23), -1, "verlopen")],
)
def test_the_7_day_deadline_passes_the_day_after(vandaag, dagen, stand):
    termijn = rules.ontvankelijkheid_uiterlijk(D(2027, 6, 15))
    assert aanvraag_rules.dagen_over(termijn, vandaag) == dagen
    assert aanvraag_rules.termijn_stand(termijn, vandaag) == stand


@pytest.mark.parametrize(
    ("vandaag", "dagen", "stand"),
    [(D(2027, 10, 12), 1, "bijna"), (D(2027, 10, 13), 0, "bijna"), (D(2027, 10, 14), -1, "verlopen")],
)
def test_the_120_day_deadline_passes_the_day_after(vandaag, dagen, stand):
    termijn = rules.beslissing_uiterlijk(D(2027, 6, 15))
    assert aanvraag_rules.dagen_over(termijn, vandaag) == dagen
    assert aanvraag_rules.termijn_stand(termijn, vandaag) == stand


def test_admissibility_reasons():
    kwargs = dict(
        soorten=["hoogte"],
        toegelaten_soorten=["hoogte"],
        vanaf={"hoogte": D(2027, 4, 1)},
        dossier_status="lopend",
        aanvrager_soort="werkgever",
        premie_keuze="loon_begeleiding",
        tewerkstelling=object(),
        documenten={"motivatieverslag", "ondersteuningsplan"},
    )
    assert rules.redenen_niet_ontvankelijk(**kwargs) == []
    redenen = rules.redenen_niet_ontvankelijk(
        **{**kwargs, "toegelaten_soorten": [], "tewerkstelling": None, "documenten": set()}
    )
    assert [r.code for r in redenen] == [
        rules.SOORT_NIET_MOGELIJK,
        rules.GEEN_TEWERKSTELLING,
        rules.MOTIVATIEVERSLAG_ONTBREEKT,
        rules.ONDERSTEUNINGSPLAN_ONTBREEKT,
    ]
    assert "01/04/2027" in redenen[0].uitleg


# --- Properties ------------------------------------------------------------------------------------

datums = st.dates(min_value=D(2020, 1, 1), max_value=D(2040, 12, 31))
misschien = st.none() | datums
duren = st.sampled_from([None, 1, 2, 5])


@given(datums, misschien, duren, misschien, datums, st.booleans(), st.booleans())
def test_the_first_day_is_the_first_day(start, eind, duur, vorige, vandaag, vop, lde):
    """On the day returned an evaluation is possible, and on no day between today and then; none
    returned: none possible today (nor, by the rules' windows, later)."""
    vlaggen = {"vop_onbepaalde_duur": vop, "lde_tijdelijke_regeling": lde}
    vanaf = rules.evaluatie_mogelijk_vanaf(start, eind, duur, vorige, vandaag, **vlaggen)
    soorten = rules.mogelijke_soorten(start, eind, duur, vorige, vandaag, **vlaggen)
    if vanaf is None:
        assert soorten == []
        return
    assert vanaf >= vandaag
    assert rules.mogelijke_soorten(start, eind, duur, vorige, vanaf, **vlaggen)
    assert bool(soorten) is (vanaf == vandaag)
    if vanaf > vandaag:
        dag_ervoor = vanaf - dt.timedelta(days=1)
        assert not rules.mogelijke_soorten(start, eind, duur, vorige, dag_ervoor, **vlaggen)


@given(datums, duren, misschien, datums, st.booleans())
def test_height_once_possible_stays_possible_while_the_premium_runs(start, duur, vorige, vandaag, vop):
    mogelijk = rules.hoogte_evaluatie_mogelijk(start, duur, vorige, vandaag, vop_onbepaalde_duur=vop)
    if not mogelijk:
        return
    morgen = vandaag + dt.timedelta(days=1)
    einde = None if vop or duur is None else aanvraag_rules.einddatum(start, duur)
    # Never after the last day of the award's period; up to it, possible every day.
    assert einde is None or vandaag <= einde
    assert rules.hoogte_evaluatie_mogelijk(start, duur, vorige, morgen, vop_onbepaalde_duur=vop) is (
        einde is None or morgen <= einde
    )


@given(datums)
def test_the_evaluation_deadlines_as_properties(ingediend):
    """7 and 120 calendar days, whatever the day; each passes only the day after it."""
    ontvankelijk = rules.ontvankelijkheid_uiterlijk(ingediend)
    beslissing = rules.beslissing_uiterlijk(ingediend)
    assert (ontvankelijk - ingediend).days == 7 and (beslissing - ingediend).days == 120
    dag = dt.timedelta(days=1)
    assert rules.ontvankelijkheid_uiterlijk(ingediend + dag) == ontvankelijk + dag
    assert rules.beslissing_uiterlijk(ingediend + dag) == beslissing + dag
    for termijn in (ontvankelijk, beslissing):
        assert aanvraag_rules.termijn_stand(termijn, termijn) != "verlopen"
        assert aanvraag_rules.termijn_stand(termijn, termijn + dag) == "verlopen"


@given(datums, datums)
def test_the_extension_window_is_one_year_long(eind, vandaag):
    if rules.verlenging_mogelijk(eind, 5, vandaag):
        assert eind - dt.timedelta(days=366) < vandaag <= eind
    assert not rules.verlenging_mogelijk(eind, 2, vandaag)


@given(st.sampled_from(rules.SOORTEN), datums, datums)
def test_a_new_period_starts_on_the_first_day_of_a_quarter(soort, beslist, vorige_einde):
    start = rules.startdatum_na_evaluatie(soort, beslist, vorige_einde)
    assert start.day == 1 and start.month in (1, 4, 7, 10)
    if soort == "duur":
        assert vorige_einde < start <= vorige_einde + dt.timedelta(days=92)
    else:
        assert beslist - dt.timedelta(days=92) < start <= beslist


@given(datums, datums)
def test_payment_continues_is_monotone(ingediend, eind):
    if rules.doorbetaling(ingediend, eind):
        assert rules.doorbetaling(ingediend - dt.timedelta(days=1), eind)
        assert ingediend < eind

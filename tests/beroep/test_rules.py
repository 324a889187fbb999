"""The appeal period: 45 days from the decision, day 45 included."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from aanvragen import rules

BESLIST = dt.date(2027, 1, 15)


def test_the_period_ends_45_days_after_the_decision():
    assert rules.beroep_mogelijk_tot(BESLIST) == dt.date(2027, 3, 1)


def test_boundaries():
    assert rules.beroep_mogelijk(BESLIST, BESLIST)
    assert rules.beroep_mogelijk(BESLIST, BESLIST + dt.timedelta(days=45))
    assert not rules.beroep_mogelijk(BESLIST, BESLIST + dt.timedelta(days=46))
    assert not rules.beroep_mogelijk(BESLIST, BESLIST - dt.timedelta(days=1))


def test_the_appeal_is_decided_within_60_days():
    assert rules.beroep_beslissing_uiterlijk(dt.date(2027, 3, 1)) == dt.date(2027, 4, 30)


@given(
    beslist_op=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 1, 1)),
    dagen=st.integers(min_value=-400, max_value=400),
)
def test_possible_exactly_from_the_decision_up_to_the_last_day(beslist_op, dagen):
    vandaag = beslist_op + dt.timedelta(days=dagen)
    assert rules.beroep_mogelijk(beslist_op, vandaag) == (0 <= dagen <= rules.BEROEPSTERMIJN_DAGEN)
    assert rules.beroep_mogelijk(beslist_op, vandaag) == (
        beslist_op <= vandaag <= rules.beroep_mogelijk_tot(beslist_op)
    )

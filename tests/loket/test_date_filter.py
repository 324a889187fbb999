"""loket.date_filter: the portal's |date writes what Django's filter writes, for every date, moment,
format and language; numeric formats without Django's formatter."""

import datetime as dt
import zoneinfo

from django.template import defaultfilters as django_filters
from django.template import engines
from django.test import override_settings
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from loket import date_filter

NUMERIEK = st.text(alphabet="djmnYHGis/:-. ,{}()", max_size=12)
ANDER = st.sampled_from(
    ["j F Y", "F Y", "j F Y H:i", "D d/m/Y", "y", "\\d d", "DATE_FORMAT", "", None, "N j, Y"]
)
DATUMS = st.dates(min_value=dt.date(1, 1, 1))
MOMENTEN = st.datetimes(min_value=dt.datetime(1, 1, 2))


@given(
    waarde=st.one_of(DATUMS, MOMENTEN), formaat=st.one_of(NUMERIEK, ANDER), taal=st.sampled_from(["nl", "en"])
)
def test_every_date_and_format_as_djangos_filter(waarde, formaat, taal):
    with translation.override(taal):
        try:
            verwacht = django_filters.date(waarde, formaat)
        except TypeError as fout:  # a date with a time specifier: Django refuses it
            verwacht = fout
        try:
            gekregen = date_filter.date(waarde, formaat)
        except TypeError as fout:
            gekregen = fout
    if isinstance(verwacht, TypeError):
        assert isinstance(gekregen, TypeError) and str(gekregen) == str(verwacht)
    else:
        assert gekregen == verwacht


def test_numeric_formats_take_the_fast_path_and_others_go_to_django():
    assert date_filter.pattern("d/m/Y H:i") == (
        "{0.day:02d}/{0.month:02d}/{0.year:04d} {0.hour:02d}:{0.minute:02d}",
        True,
    )
    assert date_filter.pattern("d/m/Y") == ("{0.day:02d}/{0.month:02d}/{0.year:04d}", False)
    assert date_filter.pattern("{d}") == ("{{{0.day:02d}}}", False)
    for ander in ("j F Y", "\\d", "DATE_FORMAT", "", None, 12):
        assert date_filter.pattern(ander) is None
    assert date_filter.date(dt.date(987, 3, 4), "d/m/Y") == "04/03/0987"
    assert date_filter.date(dt.datetime(2026, 11, 24, 9, 5, 7), "j/n/Y G:i:s") == "24/11/2026 9:05:07"
    for geen_datum in (None, "", "24/11/2026", 20261124):
        assert date_filter.date(geen_datum, "d/m/Y") == django_filters.date(geen_datum, "d/m/Y")


@override_settings(TIME_ZONE="Europe/Brussels", USE_TZ=True)
def test_templates_use_it_and_show_a_moment_in_belgian_time():
    """The filter is the engine's |date (a builtin), and gets the moment in local time first."""
    template = engines["django"].from_string(
        '{{ op|date:"d/m/Y H:i" }}|{{ op|date:"j F Y" }}|{{ dag|date:"d/m/Y" }}'
    )
    assert template.template.engine.template_builtins[-1].filters["date"] is date_filter.date
    middernacht_utc = dt.datetime(2026, 3, 28, 23, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with translation.override("nl"):
        assert template.render({"op": middernacht_utc, "dag": dt.date(2026, 3, 1)}) == (
            "29/03/2026 00:30|29 maart 2026|01/03/2026"
        )
    with timezone.override("UTC"), translation.override("en"):
        assert template.render({"op": middernacht_utc}).startswith("28/03/2026 23:30|28 March 2026")

"""loket.pg_timestamps: a ``timestamptz`` read through psycopg's C loader is what Django's own
loader (psycopg's Python parser) gives, in Django's time zone or naive, for any moment and offset
PostgreSQL writes; and the portal's connections use it."""

import datetime as dt

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql import psycopg_any
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.pq import Format

from loket import pg_timestamps

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

VASTE = [
    "2026-11-25 10:00:00+01",
    "2026-03-29 02:30:00.5 Europe/Brussels",
    "2026-10-25 02:30:00.000001+02",
    "1900-01-01 00:00:00 Europe/Brussels",  # local mean time: an offset with seconds
    "2000-02-29 12:00:00+05:30",
    "1969-12-31 23:59:59.123456-03:00",
]
# Python's first and last years: a value in UTC, beyond them in Brussels or Newfoundland.
RANDEN = ["9999-12-31 23:59:59.999999+00", "0001-01-01 00:00:00+00"]


def _gelezen(basis, tijdzone, teksten: list[str], sessie_tijdzone: str = "UTC") -> list | str:
    class Lader(basis):
        timezone = tijdzone

    with connection.cursor() as cursor:
        ruw = cursor.cursor
        ruw.execute(f"SET TIME ZONE '{sessie_tijdzone}'")
        try:
            ruw.adapters.register_loader("timestamptz", Lader)
            ruw.execute("SELECT unnest(%s::text[])::timestamptz", [teksten])
            return [rij[0] for rij in ruw.fetchall()]
        except psycopg.DataError as fout:  # beyond Python's years 1-9999 in that time zone
            return str(fout)
        finally:
            ruw.execute("SET TIME ZONE 'UTC'")


def _zoals_django(teksten, sessie_tijdzone="UTC"):
    for tijdzone in (dt.UTC, None):
        django = _gelezen(pg_timestamps._DJANGO_BASE_TZ_LOADER, tijdzone, teksten, sessie_tijdzone)
        eigen = _gelezen(pg_timestamps.BaseTzLoader, tijdzone, teksten, sessie_tijdzone)
        assert eigen == django
        if isinstance(django, list):
            assert [w.tzinfo for w in eigen] == [w.tzinfo for w in django]


@pytest.mark.parametrize("sessie_tijdzone", ["UTC", "Europe/Brussels", "America/St_Johns"])
def test_known_moments_read_as_djangos_loader_reads_them(sessie_tijdzone):
    _zoals_django(VASTE, sessie_tijdzone)
    for tekst in RANDEN:  # the same value, or the same error
        _zoals_django([tekst], sessie_tijdzone)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.datetimes(
            min_value=dt.datetime(1, 1, 2),
            max_value=dt.datetime(9999, 12, 30),
            timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-9, minutes=-30))]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_any_moment_reads_as_djangos_loader_reads_it(momenten):
    _zoals_django([m.isoformat() for m in momenten])


def test_the_portals_connections_read_timestamps_in_c():
    with connection.cursor() as cursor:
        lader = cursor.cursor.adapters.get_loader(
            cursor.cursor.adapters.types["timestamptz"].oid, Format.TEXT
        )
        assert issubclass(lader, pg_timestamps.BaseTzLoader)
        assert lader.timezone == connection.timezone
        cursor.execute("SELECT '2026-11-25 10:00:00.25+01'::timestamptz")
        assert cursor.fetchone()[0] == dt.datetime(2026, 11, 25, 9, 0, 0, 250000, tzinfo=dt.UTC)
    assert psycopg_any.BaseTzLoader is pg_timestamps.BaseTzLoader

"""The plan PostgreSQL picks for a queryset, with a scan of the table ruled out: on the few rows of a
test it is always cheapest, so only without it does the plan show which index fits."""

from django.db import connection


def plan(qs, *, bitmap_scans: bool = True) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if not bitmap_scans:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())

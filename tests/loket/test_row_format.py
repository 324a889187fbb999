"""The per-row formatting of long tables shows exactly what the template tags it replaces showed."""

import datetime as dt

from django.template import Context, Template
from django.urls import reverse

from loket.row_format import dag_maand_jaar, url_per_pk


def test_dag_maand_jaar_toont_wat_de_date_filter_toont():
    # 23:30 UTC on 31 December is already 1 January in Brussels: the page shows the local day.
    waarden = [
        dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 6, 30, 22, 15, tzinfo=dt.UTC),
        dt.date(2026, 3, 5),
        None,
    ]
    sjabloon = Template('{{ w|date:"d/m/Y" }}')
    for w in waarden:
        assert dag_maand_jaar(w) == sjabloon.render(Context({"w": w}))
    assert dag_maand_jaar(waarden[0]) == "01/01/2026"


def test_url_per_pk_is_reverse():
    url_van = url_per_pk("aanvragen:dossier")
    for pk in (1, 42, 987654321, 1234567890):
        assert url_van(pk) == reverse("aanvragen:dossier", args=[pk])

"""The work queue sorts on the stored deadline with an index that matches its ORDER BY, so its cost
does not grow with the number of dossiers (no sort of every dossier per request)."""

import datetime as dt

import pytest
from django.db import connection

from aanvragen.models import Dossier
from aanvragen.rules import lopende_termijn

from .factories import DossierFactory


@pytest.mark.django_db
def test_the_stored_deadline_follows_the_status():
    dossier = DossierFactory(status="ingediend", ingediend=dt.date(2026, 5, 4))
    assert dossier.lopende_termijn == dt.date(2026, 5, 11)  # 7 days to confirm
    dossier.status = "ontvankelijk"
    dossier.save(update_fields=["status"])
    dossier.refresh_from_db()
    assert (
        dossier.lopende_termijn
        == dt.date(2026, 6, 3)
        == lopende_termijn("ontvankelijk", dossier.ontvankelijkheid_uiterlijk, dossier.beslissing_uiterlijk)
    )
    dossier.status = "toegekend"
    dossier.save()
    assert Dossier.objects.get(pk=dossier.pk).lopende_termijn is None


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_queue_order_is_read_from_its_index():
    DossierFactory.create_batch(3)
    from django.contrib.admin.sites import site

    from aanvragen.models import Dossier as Model

    admin = site._registry[Model]
    qs = admin.get_queryset(None).order_by(*admin.get_ordering(None))[:100]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "werkvoorraad_volgorde" in plan and "Sort" not in plan.split("\n")[0], plan

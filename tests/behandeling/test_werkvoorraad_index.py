"""The work queue sorts on the stored deadline with an index that matches its ORDER BY, searches
through indexes and counts no further than a cap, so its cost does not grow with the number of
dossiers (no sort, scan or count of every dossier per request)."""

import datetime as dt

import pytest

from aanvragen.models import Dossier
from aanvragen.rules import lopende_termijn
from tests.query_plans import plan

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
    # Nor a bitmap scan: on three rows, one of 'Actuele stand's partial indexes (submitted
    # dossiers, as the queue) plus a sort is estimated cheaper. At 50,000 dossiers the queue
    # reads werkvoorraad_volgorde with all of them allowed (README, issue 11).
    volgorde = plan(qs, bitmap_scans=False)
    assert "werkvoorraad_volgorde" in volgorde and "Sort" not in volgorde.split("\n")[0], volgorde


def _zoek(term):
    from django.contrib.admin.sites import site

    admin = site._registry[Dossier]
    qs, _dubbels = admin.get_search_results(None, admin.get_queryset(None), term)
    return qs.order_by(*admin.get_ordering(None))


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_search_by_reference_kbo_insz_or_name_reads_an_index():
    dossiers = DossierFactory.create_batch(3)
    d = dossiers[1]
    kbo = d.organisatie.kbo_nummer
    termen = {
        "referentie": d.referentie,
        "KBO met punten": f"{kbo[:4]}.{kbo[4:7]}.{kbo[7:]}",
        "INSZ met punten": f"{d.werknemer_insz[:2]}.{d.werknemer_insz[2:4]}.{d.werknemer_insz[4:6]}-"
        f"{d.werknemer_insz[6:9]}.{d.werknemer_insz[9:]}",
        "begin van de achternaam": d.werknemer_achternaam[:4].lower(),
    }
    for wat, term in termen.items():
        qs = _zoek(term)
        assert qs.filter(pk=d.pk).exists(), wat
        gevonden = plan(qs[:50])
        assert "Seq Scan on aanvragen_dossier" not in gevonden, (wat, gevonden)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_queue_counts_at_most_its_cap_through_the_index():
    from loket.admin import CappedCountPaginator

    DossierFactory.create_batch(3)
    qs = _zoek("")
    paginator = CappedCountPaginator(qs, 50)
    assert paginator.count == 3 and not paginator.afgetopt
    geteld = plan(qs.values("pk")[: CappedCountPaginator.CAP + 1])
    assert "Limit" in geteld and "Seq Scan on aanvragen_dossier" not in geteld, geteld

"""loket.prepared: a queryset compiled once and run with other keys gives what the queryset gives."""

import datetime as dt

import pytest
from django.db.models import Count

from loket.middleware import ACTIEVE_TOEGANG
from loket.models import Organisatie, Rol, Toegang
from loket.prepared import PreparedQuery
from tests import factories

pytestmark = pytest.mark.django_db


def _velden(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_same_objects_as_the_queryset_with_select_related_and_constants(django_assert_num_queries):
    a, b = factories.ToegangFactory(), factories.ToegangFactory()
    ingetrokken = factories.ToegangFactory(
        gebruiker=a.gebruiker, organisatie=b.organisatie, rol=Rol.MEDEWERKER
    )
    ingetrokken.ingetrokken_op = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    ingetrokken.save()
    for toegang in (a, b):
        verwacht = Toegang.objects.select_related("organisatie").get(pk=toegang.pk)
        with django_assert_num_queries(1):  # the organisation comes with it
            gevonden = ACTIEVE_TOEGANG.first(
                gebruiker_id=toegang.gebruiker_id, organisatie_id=toegang.organisatie_id
            )
            assert _velden(gevonden.organisatie) == _velden(verwacht.organisatie)
        assert _velden(gevonden) == _velden(verwacht)
        assert gevonden._state.adding is False and gevonden._state.db == "default"
    # the constant conditions of the queryset still hold: a revoked grant gives no access
    assert ACTIEVE_TOEGANG.first(gebruiker_id=a.gebruiker_id, organisatie_id=b.organisatie_id) is None
    # and the keys are really substituted: another user's grant is not found for this one
    assert ACTIEVE_TOEGANG.first(gebruiker_id=b.gebruiker_id, organisatie_id=a.organisatie_id) is None


def test_all_keeps_the_order_and_annotations():
    eerste, tweede = factories.OrganisatieFactory(naam="A"), factories.OrganisatieFactory(naam="B")
    factories.ToegangFactory(organisatie=tweede)
    factories.ToegangFactory(organisatie=tweede, rol=Rol.MEDEWERKER)
    query = PreparedQuery(
        lambda vanaf: (
            Organisatie.objects.filter(pk__gte=vanaf).annotate(aantal=Count("toegangen")).order_by("-naam")
        )
    )
    rijen = query.all(vanaf=eerste.pk)
    assert [(o.naam, o.aantal) for o in rijen] == [("B", 2), ("A", 0)]
    assert [o.naam for o in query.all(vanaf=tweede.pk)] == ["B"]


@pytest.mark.parametrize("sleutel", [2**63, -(2**63) - 1, 10**20])
def test_a_key_no_column_can_hold_finds_nothing(sleutel, django_assert_num_queries):
    toegang = factories.ToegangFactory()
    with django_assert_num_queries(0):
        assert ACTIEVE_TOEGANG.first(gebruiker_id=sleutel, organisatie_id=toegang.organisatie_id) is None


def test_a_dossier_url_beyond_every_key_is_not_found(employer_client):
    assert employer_client.get("/individueel-maatwerk/dossiers/99999999999999999999/").status_code == 404


@pytest.mark.parametrize("waarde", [None, "1", 1.0, True])
def test_only_integer_keys(waarde):
    with pytest.raises(ValueError, match="integer keys"):
        ACTIEVE_TOEGANG.first(gebruiker_id=waarde, organisatie_id=1)


def test_every_key_must_be_given_and_used():
    with pytest.raises(ValueError, match="integer keys"):
        ACTIEVE_TOEGANG.first(gebruiker_id=1)
    ongebruikt = PreparedQuery(lambda pk, naam_id: Organisatie.objects.filter(pk=pk))
    with pytest.raises(ValueError, match="naam_id"):
        ongebruikt.all(pk=1, naam_id=2)
    waarden = PreparedQuery(lambda pk: Organisatie.objects.filter(pk=pk).values("naam"))
    with pytest.raises(ValueError, match="model instances"):
        waarden.all(pk=1)


def test_columns_read_through_a_converter_come_back_converted(django_assert_num_queries):
    """A JSON column is text on the wire and becomes a list through its field's converter; the
    converters are settled when the query is compiled and applied to every run's rows."""
    from aanvragen.models import Dossier
    from tests.behandeling.factories import DossierFactory

    redenen = [{"code": "geen_indicatie", "uitleg": "Geen indicering"}]
    eerste = DossierFactory(ontvankelijkheid_redenen=redenen)
    tweede = DossierFactory(ontvankelijkheid_redenen=[])
    query = PreparedQuery(lambda dossier_id: Dossier.objects.filter(pk=dossier_id)[:1])
    for dossier, verwacht in ((eerste, redenen), (tweede, [])):
        with django_assert_num_queries(1):
            gevonden = query.first(dossier_id=dossier.pk)
        assert gevonden.ontvankelijkheid_redenen == verwacht
        assert _velden(gevonden) == _velden(Dossier.objects.get(pk=dossier.pk))

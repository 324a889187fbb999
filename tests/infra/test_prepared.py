"""loket.prepared: a queryset compiled once and run with other keys gives what the queryset gives."""

import datetime as dt

import pytest
from django.db.models import Count

from loket.middleware import ACTIEVE_TOEGANG
from loket.models import Organisatie, Rol, Toegang, VdabIndicatie
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
    with pytest.raises(ValueError, match=r"pass the keys \(gebruiker_id: int, organisatie_id: int\)"):
        ACTIEVE_TOEGANG.first(gebruiker_id=waarde, organisatie_id=1)


def test_every_key_must_be_given_and_used():
    with pytest.raises(ValueError, match="pass the keys"):
        ACTIEVE_TOEGANG.first(gebruiker_id=1)
    ongebruikt = PreparedQuery(lambda pk, naam_id: Organisatie.objects.filter(pk=pk))
    with pytest.raises(ValueError, match="naam_id"):
        ongebruikt.all(pk=1, naam_id=2)
    waarden = PreparedQuery(lambda pk: Organisatie.objects.filter(pk=pk).values("naam"))
    with pytest.raises(ValueError, match="model instances or values_list"):
        waarden.all(pk=1)
    verplaatst = PreparedQuery(
        lambda pk: Organisatie.objects.filter(pk=pk).annotate(n=Count("vestigingen")).values_list("n", "naam")
    )
    with pytest.raises(ValueError, match="select order"):
        verplaatst.all(pk=1)


def test_values_list_rows_and_a_slice_from_a_key_as_the_queryset_gives_them():
    """Rows (plain or named tuples) through the columns' converters, a page by its offset, the
    count of a group: what the querysets give, for every offset (past the end too)."""
    organisatie = factories.OrganisatieFactory()
    for naam in ("Delta", "Alfa", "Echo", "Charlie", "Bravo"):
        factories.ToegangFactory(organisatie=organisatie, gebruiker__first_name=naam, rol=Rol.MEDEWERKER)
    factories.ToegangFactory()  # another organisation's

    def lijst(organisatie_id):
        return Toegang.objects.filter(organisatie_id=organisatie_id).order_by("gebruiker__first_name", "pk")

    pagina = PreparedQuery(
        lambda organisatie_id, vanaf: lijst(organisatie_id).values_list(
            "pk", "gebruiker__first_name", "geactiveerd_op", named=True
        )[vanaf : vanaf + 2]
    )
    assert "OFFSET %s" in pagina._compile("default").sql
    for vanaf in range(7):
        verwacht = list(
            lijst(organisatie.pk).values_list("pk", "gebruiker__first_name", "geactiveerd_op", named=True)[
                vanaf : vanaf + 2
            ]
        )
        gevonden = pagina.all(organisatie_id=organisatie.pk, vanaf=vanaf)
        assert gevonden == verwacht and [r._fields for r in gevonden] == [r._fields for r in verwacht]
    assert [r.gebruiker__first_name for r in pagina.all(organisatie_id=organisatie.pk, vanaf=1)] == [
        "Bravo",
        "Charlie",
    ]
    assert isinstance(pagina.all(organisatie_id=organisatie.pk, vanaf=0)[0].geactiveerd_op, dt.datetime)

    aantal = PreparedQuery(
        lambda organisatie_id: (
            Toegang.objects.filter(organisatie_id=organisatie_id)
            .values("organisatie_id")
            .annotate(n=Count("pk"))
            .values_list("n")
        )
    )
    assert aantal.all(organisatie_id=organisatie.pk) == [(5,)]
    assert aantal.all(organisatie_id=organisatie.pk + 1000) == []


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


@pytest.mark.postgres
def test_postgresql_prepares_the_statement_and_each_run_takes_its_own_keys(django_assert_num_queries):
    """From its second run on a connection the query is a server-side prepared statement (the
    server no longer plans it); the runs after that still answer for their own keys, and the
    captured SQL shows the values, as for any other query."""
    from django.db import connection

    a, b = factories.ToegangFactory(), factories.ToegangFactory()
    query = PreparedQuery(
        lambda gebruiker_id: Toegang.objects.filter(gebruiker_id=gebruiker_id).select_related("organisatie")
    )

    def voorbereid() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ['%FROM "loket_toegang" INNER JOIN "loket_organisatie"%"gebruiker_id" = $1%'],
            )
            return cursor.fetchone()[0]

    assert voorbereid() == 0
    for toegang in (a, b, a):
        with django_assert_num_queries(1) as queries:
            (gevonden,) = query.all(gebruiker_id=toegang.gebruiker_id)
        assert gevonden.pk == toegang.pk and gevonden.organisatie == toegang.organisatie
        assert f'"gebruiker_id" = {toegang.gebruiker_id}' in queries.captured_queries[0]["sql"]
    assert voorbereid() == 1


def test_without_prepared_statements_django_cursor_runs_it(settings, monkeypatch):
    """DB_PREPARED_STATEMENTS=false (a pooler that cannot keep them): the query runs on Django's
    own cursor, with the same answer."""
    from django.db import connection

    toegang = factories.ToegangFactory()
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "prepare_threshold", None)
    query = PreparedQuery(lambda gebruiker_id: Toegang.objects.filter(gebruiker_id=gebruiker_id))
    assert [t.pk for t in query.all(gebruiker_id=toegang.gebruiker_id)] * 2 == [
        t.pk for _ in range(2) for t in query.all(gebruiker_id=toegang.gebruiker_id)
    ]


def _indicatie(insz="85073003328", op=dt.date(1900, 1, 1)):
    from django.db.models import Q

    return (
        VdabIndicatie.objects.filter(insz=insz, geldig_van__lte=op)
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=op))
        .order_by("-geldig_van", "-id")
    )


def test_text_and_date_keys_answer_as_the_queryset():
    """A key with a default is a text or date key: each run compares the persons and days it is
    given, the same date key in two conditions, as the queryset with those values does."""
    eerste = factories.VdabIndicatieFactory(geldig_van=dt.date(2024, 1, 1), geldig_tot=dt.date(2024, 12, 31))
    later = factories.VdabIndicatieFactory(insz=eerste.insz, geldig_van=dt.date(2025, 1, 1))
    ander = factories.VdabIndicatieFactory(geldig_van=dt.date(2024, 6, 1))
    query = PreparedQuery(_indicatie)
    for insz in (eerste.insz, ander.insz, "85073003328"):
        for op in (dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2024, 7, 1), dt.date(2026, 1, 1)):
            assert [i.pk for i in query.all(insz=insz, op=op)] == [i.pk for i in _indicatie(insz, op)]
    assert [i.pk for i in query.all(insz=eerste.insz, op=dt.date(2025, 3, 1))] == [later.pk]


def test_a_text_key_is_normalised_and_validated_by_its_field_as_the_orm_does():
    from django.core.exceptions import ValidationError

    indicatie = factories.VdabIndicatieFactory(insz="85073003328")
    query = PreparedQuery(_indicatie)
    gevonden = query.all(insz="85.07.30-033.28", op=dt.date(2025, 1, 1))  # as a user types it
    assert [i.pk for i in gevonden] == [indicatie.pk]
    with pytest.raises(ValidationError):
        list(_indicatie("85.07.30-033.29", dt.date(2025, 1, 1)))  # a wrong check digit
    with pytest.raises(ValidationError):
        query.all(insz="85.07.30-033.29", op=dt.date(2025, 1, 1))


@pytest.mark.parametrize(
    "keys",
    [
        {"insz": 85073003328, "op": dt.date(2025, 1, 1)},
        {"insz": "85073003328", "op": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)},
        {"insz": "85073003328", "op": "2025-01-01"},
        {"insz": None, "op": dt.date(2025, 1, 1)},
    ],
)
def test_text_and_date_keys_take_only_their_own_type(keys):
    with pytest.raises(ValueError, match=r"pass the keys \(insz: str, op: date\)"):
        PreparedQuery(_indicatie).all(**keys)


def test_a_placeholder_the_field_would_change_or_an_unsupported_key_is_refused():
    niet_opgeslagen = PreparedQuery(lambda insz="85.07.30-033.28": VdabIndicatie.objects.filter(insz=insz))
    with pytest.raises(ValueError, match="keeps as it is"):
        niet_opgeslagen.all(insz="85073003328")
    begint_met = PreparedQuery(lambda insz="85073003328": VdabIndicatie.objects.filter(insz__startswith=insz))
    with pytest.raises(ValueError, match="compared with ="):
        begint_met.all(insz="85073003328")
    with pytest.raises(ValueError, match="an integer, a text or a date"):
        PreparedQuery(lambda percentage=1.5: VdabIndicatie.objects.filter(percentage=percentage))

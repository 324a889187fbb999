"""The staff lists' table and filters come from ``snelle_lijst`` (templates/admin/change_list.html):
the same markup as Django's own ``result_list`` and ``admin_list_filter``, byte for byte, for every
list of the admin."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from aanvragen.models import Dossier
from loket.templatetags.snelle_lijst import rijen, snelle_filter, snelle_result_list
from tests import factories

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def _lijst(model_admin, gebruiker, query=""):
    opts = model_admin.model._meta
    pad = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    request = RequestFactory().get(pad + (f"?{query}" if query else ""))
    request.user = gebruiker
    request.resolver_match = resolve(pad)  # the rows' links keep the filters of the list itself
    cl = model_admin.get_changelist_instance(request)
    cl.formset = None  # as changelist_view sets it for a list without editable columns
    return cl


def _zoals_django(cl) -> list[str]:
    return ["".join(rij) for rij in admin_list.results(cl)]


@pytest.fixture
def beheerder():
    return factories.UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def dossiers():
    groep = factories.OrganisatieFactory(naam="Scholengroep <Brugge> & co", soort="scholengroep")
    return [
        DossierFactory(status="ingediend", organisatie=groep, werknemer_achternaam="Peeters"),
        DossierFactory(status="in_behandeling", premie_keuze="loon_begeleiding"),
        DossierFactory(status="lopend", ingediend_op=None, premie_keuze=""),
        DossierFactory(status="geweigerd"),
    ]


@pytest.mark.parametrize(
    "query", ["", "q=Peeters", "status__exact=ingediend", "o=-3.1", "premie_keuze__exact=loonpremie"]
)
@pytest.mark.parametrize("taal", ["nl", "en"])
def test_the_work_queue_rows_are_djangos_rows(beheerder, dossiers, query, taal):
    with translation.override(taal):
        cl = _lijst(admin.site._registry[Dossier], beheerder, query)
        snel = rijen(cl)
        assert snel == _zoals_django(cl)
    assert snel  # every query above finds at least one dossier


def test_the_rows_escape_what_users_typed(beheerder, dossiers):
    cl = _lijst(admin.site._registry[Dossier], beheerder, "q=Peeters")
    [rij] = rijen(cl)
    assert "Scholengroep &lt;Brugge&gt; &amp; co" in rij
    assert "<Brugge>" not in rij
    assert "_changelist_filters=q%3DPeeters" in rij  # the row's link keeps the search


def test_every_list_of_the_admin_gives_djangos_rows(beheerder, dossiers):
    import datetime as dt

    from tests.premies.factories import run

    run(dt.date(2026, 7, 20))  # a list with actions: each row has its checkbox
    gezien, met_vinkjes = 0, 0
    for model_admin in admin.site._registry.values():
        cl = _lijst(model_admin, beheerder)
        snel = rijen(cl)
        assert snel == _zoals_django(cl), type(model_admin).__name__
        gezien += bool(snel)
        met_vinkjes += any('class="action-select"' in rij for rij in snel)
    assert gezien >= 3 and met_vinkjes >= 1


def test_the_queue_page_shows_its_rows(client, beheerder, dossiers):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.behandeling.conftest import meld_aan_met_otp

    TOTPDevice.objects.create(user=beheerder, name="authenticator", confirmed=True)
    antwoord = meld_aan_met_otp(client, beheerder).get("/admin/aanvragen/dossier/")
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    for dossier in dossiers:
        link = f'<a href="/admin/aanvragen/dossier/{dossier.pk}/change/">'
        assert f'<th class="field-referentie">{link}' in html
    assert html.count('<td class="field-status">') == len(dossiers)


def _tabel_zoals_django(cl) -> str:
    from django.template.loader import get_template

    return get_template("admin/change_list_results.html").render(admin_list.result_list(cl))


@pytest.mark.parametrize(
    "query",
    ["", "q=Peeters", "status__exact=ingediend", "o=-3.1", "o=2.-5.1", "q=niemand", "termijn=verlopen"],
)
@pytest.mark.parametrize("taal", ["nl", "en"])
def test_the_work_queue_table_and_filters_are_djangos(beheerder, dossiers, query, taal):
    """Headers (sorted on one and on several columns, with their priorities), rows, an empty
    result, and every filter with its selected choice."""
    with translation.override(taal):
        cl = _lijst(admin.site._registry[Dossier], beheerder, query)
        assert snelle_result_list(cl) == _tabel_zoals_django(cl)
        assert cl.filter_specs
        for spec in cl.filter_specs:
            assert snelle_filter(cl, spec) == admin_list.admin_list_filter(cl, spec), spec.title


def test_every_list_of_the_admin_gives_djangos_table_and_filters(beheerder, dossiers):
    filters = 0
    for model_admin in admin.site._registry.values():
        for query in ("", "o=1"):
            cl = _lijst(model_admin, beheerder, query)
            naam = type(model_admin).__name__
            assert snelle_result_list(cl) == _tabel_zoals_django(cl), naam
            for spec in cl.filter_specs:
                assert snelle_filter(cl, spec) == admin_list.admin_list_filter(cl, spec), naam
                filters += 1
    assert filters >= 10


def test_the_filters_escape_what_users_typed(beheerder, dossiers):
    from aanvragen.models import Dossier as D

    D.objects.filter(pk=dossiers[0].pk).update(werknemer_achternaam='<b>"Peeters"</b>')
    cl = _lijst(admin.site._registry[Dossier], beheerder, "q=%3Cb%3E")
    html = "".join(snelle_filter(cl, spec) for spec in cl.filter_specs)
    assert "q=%3Cb%3E" in html and "<b>" not in html


@pytest.mark.parametrize("query", ["", "q=Peeters", "o=2.-5.1"])
def test_the_queue_rows_read_only_their_columns_and_load_nothing_more(
    beheerder, dossiers, query, django_assert_num_queries
):
    """ModelAdmin.list_columns: the page's rows come in one query of the columns they show;
    writing them (names, organisation, deadline badge, the checkbox's label) loads nothing more,
    and shows what full dossiers show."""
    model_admin = admin.site._registry[Dossier]
    cl = _lijst(model_admin, beheerder, query)
    with django_assert_num_queries(1) as queries:
        snel = rijen(cl)
    assert snel and '"aanvragen_dossier"."werknemer_insz"' not in queries.captured_queries[0]["sql"]
    volledig = _lijst(model_admin, beheerder, query)
    volledig.result_list = volledig.result_list.defer(None)  # every column
    assert rijen(volledig) == snel


def test_the_lists_links_keep_djangos_query_strings(beheerder, dossiers, monkeypatch):
    """Every filter choice's and column header's link, as Django's ChangeList writes it: the queue
    searched, filtered and sorted, and every list of the admin searched and sorted."""
    from django.contrib.admin.views.main import ChangeList

    from loket.admin import FiltersInRijenChangeList

    lijsten = [
        (admin.site._registry[Dossier], query)
        for query in ("status__exact=ingediend&o=-3.1", "termijn=verlopen&q=a%2Bb&o=2.-5.1")
    ] + [
        (model_admin, query)
        for model_admin in admin.site._registry.values()
        for query in ("", "q=P+%26+z%C3%B6n&o=1")
    ]
    for model_admin, query in lijsten:
        cl = _lijst(model_admin, beheerder, query)
        eigen = [snelle_result_list(cl), *(snelle_filter(cl, spec) for spec in cl.filter_specs)]
        with monkeypatch.context() as m:
            m.setattr(FiltersInRijenChangeList, "get_query_string", ChangeList.get_query_string)
            zoals_django = [snelle_result_list(cl), *(snelle_filter(cl, spec) for spec in cl.filter_specs)]
        assert eigen == zoals_django, (type(model_admin).__name__, query)


@given(
    st.dictionaries(
        st.text(min_size=1),
        st.one_of(st.text(), st.lists(st.text(), max_size=3), st.tuples(st.text()), st.integers()),
        max_size=5,
    )
)
def test_a_query_string_is_djangos_urlencode(paren):
    from django.utils.http import urlencode

    from loket.admin import _query_string

    for _ in range(2):  # the second time from the memory of quoted texts
        assert _query_string(sorted(paren.items())) == urlencode(sorted(paren.items()), doseq=True)

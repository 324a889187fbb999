"""loket.url_resolve: the root resolver's kept match is Django's own match for the path, under
whatever URL configuration or language it was asked; a path that does not resolve still gives a
404 and is not kept."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, get_resolver, path, resolve
from django.utils import translation
from django.utils.translation import gettext_lazy as _

import loket.urls
from loket import url_resolve

PADEN = (
    "/",
    "/individueel-maatwerk/dossiers/",
    "/individueel-maatwerk/dossiers/12/",
    "/hulp/opvolgen/",
    "/toegang/7/intrekken/",
    "/admin/",
    "/admin/aanvragen/dossier/5/change/",
    "/aanmelden/",
    "/health/ready",
)


def _wat(match):
    """Everything a ResolverMatch tells the handler, the views and the templates."""
    return (
        match.func,
        match.args,
        match.kwargs,
        match.url_name,
        match.app_names,
        match.namespaces,
        match.view_name,
        match.route,
        match.captured_kwargs,
        match.extra_kwargs,
        match._func_path,
    )


def test_every_path_resolves_as_django_resolves_it_and_is_kept():
    resolver = get_resolver()
    for pad in PADEN:
        eerste = resolve(pad)
        assert _wat(eerste) == _wat(url_resolve._DJANGO_RESOLVE(resolver, pad)), pad
        assert resolve(pad) is eerste, pad  # the second time from memory


def test_a_path_that_does_not_resolve_gives_a_404_each_time_and_is_not_kept():
    voor = url_resolve._kept_match.cache_info().currsize
    for _keer in range(2):
        with pytest.raises(Resolver404):
            resolve("/bestaat-niet/")
    assert url_resolve._kept_match.cache_info().currsize == voor


def test_a_request_is_answered_by_the_view_of_its_path(client):
    assert client.get("/aanmelden/").status_code == 200
    assert client.get("/bestaat-niet/").status_code == 404
    assert client.get("/aanmelden/").resolver_match.url_name == "login"


def test_another_url_configuration_is_resolved_by_its_own_routes():
    assert resolve("/").url_name == "dashboard"
    with override_settings(ROOT_URLCONF="tests.loket.urls_anders"):
        assert resolve("/elders/").view_name == "loket:dashboard"
        with pytest.raises(Resolver404):
            resolve("/")
    assert resolve("/").url_name == "dashboard"


def test_a_route_added_after_clear_url_caches_is_found():
    assert resolve("/").url_name == "dashboard"
    loket.urls.urlpatterns.insert(0, path("", lambda request: HttpResponse(), name="nieuw"))
    clear_url_caches()
    try:
        assert resolve("/").url_name == "nieuw"
    finally:
        loket.urls.urlpatterns.pop(0)
        clear_url_caches()
    assert resolve("/").url_name == "dashboard"


# A translated route: its path differs per language.
urlpatterns = [path(_("Hulp bij deze pagina"), lambda request: HttpResponse(), name="vertaald")]


@override_settings(ROOT_URLCONF=__name__)
def test_a_translated_route_resolves_in_its_own_language_only():
    with translation.override("en"):
        assert resolve("/Help with this page").url_name == "vertaald"
    with translation.override("nl"):
        with pytest.raises(Resolver404):
            resolve("/Help with this page")
        assert resolve("/Hulp bij deze pagina").url_name == "vertaald"
    with translation.override("en"):
        with pytest.raises(Resolver404):
            resolve("/Hulp bij deze pagina")

"""loket.url_tag: a {% url %} of fixed arguments gives what Django's own tag gives, whatever
namespace, script prefix, URL configuration, language or escaping it is rendered under; other
forms render as Django's, and a route that does not reverse still fails."""

from types import SimpleNamespace

import pytest
from django.template import Context, engines
from django.template.defaulttags import URLNode
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, set_script_prefix

from loket import url_tag
from tests.loket.portaal_templates import knopen_zoals_django

VORMEN = (
    "{% url 'loket:dashboard' %}|{% url \"loket:hulp_onderwerp\" 'opvolgen' %}|"
    "{% url 'loket:hulp_onderwerp' onderwerp='opvolgen' %}|{% url 'aanvragen:dossier' 12 %}|"
    "{% url 'aanvragen:dossier' pk %}|{% url naam %}|{% url 'loket:hulp_onderwerp' onderwerp|lower %}|"
    "{% url 'loket:dashboard' as start %}[{{ start }}]"
)


def _knopen(template):
    return template.nodelist.get_nodes_by_type(URLNode)


def _context(**extra):
    return Context({"pk": 7, "naam": "loket:privacy", "onderwerp": "OPVOLGEN", **extra})


def _django(node, context):
    return url_tag._DJANGO_RENDER(node, context)


def test_every_form_gives_djangos_address_and_only_fixed_ones_are_kept():
    template = engines["django"].from_string(VORMEN).template
    eerste = template.render(_context())
    assert eerste == template.render(_context())  # the second time from memory
    assert eerste.startswith("/|/hulp/opvolgen/|/hulp/opvolgen/|/individueel-maatwerk/dossiers/12/|")
    for knoop in _knopen(template):
        assert knoop.render(_context()) == _django(knoop, _context()), knoop
    vast = [knoop.token.contents for knoop in _knopen(template) if url_tag._fixed(knoop)]
    assert vast == [
        "url 'loket:dashboard'",
        "url \"loket:hulp_onderwerp\" 'opvolgen'",
        "url 'loket:hulp_onderwerp' onderwerp='opvolgen'",
        "url 'aanvragen:dossier' 12",
    ]
    # A variable's address follows the variable.
    assert "/individueel-maatwerk/dossiers/8/" in template.render(_context(pk=8))


def test_a_fixed_address_follows_the_script_prefix_and_the_url_configuration():
    template = engines["django"].from_string("{% url 'loket:privacy' %}")
    assert template.render({}) == "/privacy/"
    set_script_prefix("/loket/")
    try:
        assert template.render({}) == "/loket/privacy/"
    finally:
        clear_script_prefix()
    assert template.render({}) == "/privacy/"
    with override_settings(ROOT_URLCONF="tests.loket.urls_anders"):
        assert template.render({}) == "/elders/privacy/"
    assert template.render({}) == "/privacy/"


@override_settings(ROOT_URLCONF="tests.loket.urls_anders")
def test_a_fixed_address_follows_the_current_application():
    """{% url 'admin:index' %} on a page of the second admin instance points to that instance."""
    template = engines["django"].from_string("{% url 'admin:index' %}").template

    def op_pagina_van(request):
        context = Context()
        context.request = request  # as a RequestContext carries it
        return template.render(context)

    for _ in range(2):
        assert op_pagina_van(SimpleNamespace(current_app="admin")) == "/admin/"
        assert op_pagina_van(SimpleNamespace(current_app="tweede")) == "/tweede-admin/"
        # Without current_app, the namespace of the route that answered the request.
        assert op_pagina_van(SimpleNamespace(resolver_match=SimpleNamespace(namespace="tweede"))) == (
            "/tweede-admin/"
        )
        assert op_pagina_van(None) == "/admin/"


def test_a_route_that_does_not_reverse_still_fails_every_time():
    template = engines["django"].from_string("{% url 'loket:bestaat_niet' %}")
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            template.render({})


@override_settings(ROOT_URLCONF="tests.loket.urls_anders")
def test_escaping_is_part_of_what_is_kept():
    template = engines["django"].from_string("{% url 'tekst' 'a&b' %}").template
    for _ in range(2):
        assert template.render(Context(autoescape=True)) == "/tekst/a&amp;b/"
        assert template.render(Context(autoescape=False)) == "/tekst/a&b/"


def test_every_fixed_url_of_the_portals_templates_gives_djangos_address():
    """Each fixed {% url %} in the project's templates, rendered alone in Dutch and English."""
    assert knopen_zoals_django(URLNode, url_tag._fixed, url_tag._DJANGO_RENDER) > 40

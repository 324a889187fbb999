"""loket.translate_tag: a {% translate %} of a plain text gives what Django's own tag gives, in
every language and escaping, also after a switch of language; other forms render as Django's."""

import pytest
from django.template import Context, engines
from django.templatetags.i18n import TranslateNode
from django.utils import translation

from loket import translate_tag
from tests.loket.portaal_templates import knopen_zoals_django

VORMEN = (
    '{% load i18n %}<p title="{% translate "Afmelden" %}">{% translate "Afmelden" %}</p>'
    '{% translate \'Naar de inhoud\' %} {% translate "100% & <b>" %} {% translate "Hulp"|upper %}'
    '{% translate "Vorige" as vorige %}[{{ vorige }}] {% translate "mei" context "maand" %}'
    '{% translate "Wissel" noop %} {% translate tekst %}'
)


def _django(node, context):
    return translate_tag._DJANGO_RENDER(node, context)


def _knopen(template):
    return [n for n in template.nodelist.get_nodes_by_type(TranslateNode)]


@pytest.mark.parametrize("autoescape", [True, False])
def test_every_form_gives_djangos_text_in_both_languages_and_after_a_switch(autoescape):
    template = engines["django"].from_string(VORMEN).template
    for _ in range(2):  # the second round from memory
        for taal in ("nl", "en", "nl"):
            with translation.override(taal):
                context = Context({"tekst": "Afmelden"}, autoescape=autoescape)
                geschreven = template.render(context)
                for knoop in _knopen(template):
                    assert knoop.render(Context({"tekst": "Afmelden"}, autoescape=autoescape)) == _django(
                        knoop, Context({"tekst": "Afmelden"}, autoescape=autoescape)
                    )
            assert ("Sign out" in geschreven) == (taal == "en"), geschreven
    assert "100% & <b>" in geschreven  # a template's own text is safe: never escaped


def test_every_translate_of_the_portals_templates_gives_djangos_text():
    """Each {% translate %} in the project's templates, rendered alone in Dutch and English."""

    def vaste_tekst(knoop):  # a variable's translation needs the page's context
        return isinstance(getattr(knoop.filter_expression.var, "literal", None), str)

    assert knopen_zoals_django(TranslateNode, vaste_tekst, translate_tag._DJANGO_RENDER) > 300

"""loket's |per_rij: rows written into the template's markup show what a {% for %} loop with
{{ }} showed, escaped, localised and in the page's language."""

import zoneinfo

import pytest
from django.template import Context, TemplateSyntaxError, engines
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

FILTER = engines["django"].from_string("{% load per_rij %}{{ rijen|per_rij:'<dt>{0}</dt><dd>{1}</dd>' }}")
LUS = engines["django"].from_string("{% for a, b in rijen %}<dt>{{ a }}</dt><dd>{{ b }}</dd>{% endfor %}")
WAARDEN = st.one_of(
    st.text(),
    st.text().map(mark_safe),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.none(),
    st.dates(),
    st.datetimes(timezones=st.just(zoneinfo.ZoneInfo("UTC"))),
)


@given(rijen=st.lists(st.tuples(WAARDEN, WAARDEN), max_size=5), taal=st.sampled_from(["nl", "en"]))
@override_settings(USE_TZ=True, TIME_ZONE="Europe/Brussels")
def test_rows_show_what_the_loop_showed(rijen, taal):
    with translation.override(taal):
        assert FILTER.render({"rijen": rijen}) == LUS.render({"rijen": rijen})


def test_values_are_escaped_and_safe_markup_and_translations_kept():
    rijen = [("<b>Naam</b> & co", mark_safe("<em>ja</em>")), (gettext_lazy("Afmelden"), 3)]
    with translation.override("en"):
        assert FILTER.render({"rijen": rijen}) == (
            "<dt>&lt;b&gt;Naam&lt;/b&gt; &amp; co</dt><dd><em>ja</em></dd><dt>Sign out</dt><dd>3</dd>"
        )


def test_one_value_per_row_and_no_escaping_where_the_template_turns_it_off():
    template = engines["django"].from_string(
        "{% load per_rij %}{% autoescape off %}{{ rijen|per_rij:'[{0}]' }}{% endautoescape %}"
    )
    assert template.render({"rijen": ["a<b", "c"]}) == "[a<b][c]"
    assert template.render({"rijen": []}) == ""


def test_the_markup_is_written_in_the_template_never_taken_from_a_value():
    template = engines["django"].from_string("{% load per_rij %}{{ rijen|per_rij:opmaak }}").template
    with pytest.raises(TemplateSyntaxError):
        template.render(Context({"rijen": [("x",)], "opmaak": "<script>{0}</script>"}))

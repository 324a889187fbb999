"""loket.html_escape: escaping gives what Django's escape gives, for any text or value, and a lazy
text stays lazy; conditional_escape and format_html use it."""

from django.utils import html as django_html
from django.utils.functional import Promise, lazystr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override
from hypothesis import given
from hypothesis import strategies as st

from loket import html_escape

WAARDEN = st.one_of(
    st.text(), st.text().map(mark_safe), st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()
)


@given(WAARDEN)
def test_every_value_escapes_as_with_django(waarde):
    verwacht = html_escape._DJANGO_ESCAPE(waarde)
    gekregen = django_html.escape(waarde)
    assert gekregen == verwacht
    assert type(gekregen) is type(verwacht) is SafeString
    verwacht = html_escape._DJANGO_CONDITIONAL_ESCAPE(waarde)
    gekregen = django_html.conditional_escape(waarde)
    assert gekregen == verwacht
    assert type(gekregen) is type(verwacht)


def test_a_lazy_text_stays_lazy_and_follows_the_language():
    gekregen = django_html.escape(gettext_lazy("Afmelden"))
    assert isinstance(gekregen, Promise)
    with override("en"):
        assert str(gekregen) == "Sign out"
    with override("nl"):
        assert str(gekregen) == "Afmelden"
    assert str(django_html.escape(lazystr("<b>&"))) == "&lt;b&gt;&amp;"


def test_django_uses_it():
    assert django_html.escape is html_escape.escape
    assert django_html.conditional_escape is html_escape.conditional_escape
    assert str(django_html.conditional_escape(gettext_lazy("Afmelden"))) == "Afmelden"
    assert django_html.conditional_escape("<a href='x'>") == "&lt;a href=&#x27;x&#x27;&gt;"
    assert django_html.conditional_escape(mark_safe("<b>")) == "<b>"
    assert django_html.format_html("<p>{}</p>{}", "a & b", mark_safe("<br>")) == "<p>a &amp; b</p><br>"

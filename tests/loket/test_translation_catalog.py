"""loket.translation_catalog: the message catalogues merged per plural rule, every translation the
one Django's own (unmerged) lookup gives."""

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from loket import translation_catalog


def _django_build(taal: str) -> trans_real.DjangoTranslation:
    """The catalogue as Django 5.2 builds it, one dictionary per app."""
    huidige = trans_real.TranslationCatalog.update
    trans_real.TranslationCatalog.update = translation_catalog._DJANGO_UPDATE
    try:
        return trans_real.DjangoTranslation(taal)
    finally:
        trans_real.TranslationCatalog.update = huidige


@pytest.mark.parametrize(("taal", "hoogstens"), [("nl", 1), ("en", 2)])
def test_one_dictionary_per_plural_rule_and_the_same_translations(taal, hoogstens):
    django_eigen = _django_build(taal)
    samengevoegd = trans_real.DjangoTranslation(taal)
    assert len(django_eigen._catalog._catalogs) > hoogstens  # what the merge is for
    assert len(samengevoegd._catalog._catalogs) <= hoogstens
    sleutels = set(django_eigen._catalog.keys())
    assert len(sleutels) > 500
    for sleutel in sleutels:  # singular msgids and (msgid, plural form) pairs
        assert samengevoegd._catalog.get(sleutel) == django_eigen._catalog.get(sleutel), sleutel
    assert set(samengevoegd._catalog.keys()) == sleutels


def test_the_pages_translate_through_the_merged_catalogue():
    with translation.override("en"):
        assert translation.gettext("Beslissing") == "Decision"
        assert translation.gettext("Select this object for an action - {}").startswith("Select")
        bericht = "Deze activatiecode klopt niet. U kunt het nog %(over)s keer proberen."
        assert translation.ngettext(bericht, bericht, 1) == (
            "This activation code is not correct. You can try %(over)s more time."
        )
        assert translation.ngettext(bericht, bericht, 2).endswith("more times.")
    with translation.override("nl"):
        selecteer = translation.gettext("Select this object for an action - {}")
        assert selecteer == "Selecteer dit object voor een actie - {}"
        assert translation.gettext("Beslissing") == "Beslissing"
        assert len(trans_real._translations["nl"]._catalog._catalogs) == 1


def test_a_later_catalogue_with_another_plural_rule_is_looked_up_too():
    """One catalogue is looked up with its dictionary's own get; one added later under another
    plural rule (a third language's app, say) is found as well, and a missing key gives the default."""
    from types import SimpleNamespace

    catalogus = trans_real.TranslationCatalog()
    catalogus.update(SimpleNamespace(_catalog={"a": "A"}, plural=lambda n: int(n != 1)))
    assert (catalogus.get("a"), catalogus.get("b", "-")) == ("A", "-")
    catalogus.update(SimpleNamespace(_catalog={"b": "B", "a": "A2"}, plural=lambda n: int(n > 1)))
    assert (catalogus.get("a"), catalogus.get("b"), catalogus.get("c", "-")) == ("A2", "B", "-")
    catalogus["c"] = "C"
    assert catalogus.get("c") == "C"

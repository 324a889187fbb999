"""loket.gettext_memo: gettext answered from each translation object's memory gives what Django's
own gettext gives, for every message of every catalogue and for messages no catalogue holds, in
both languages, and keeps Django's handling of safe strings, empty messages and line ends."""

import pytest
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import trans_real

from loket import gettext_memo

VREEMD = ["Geen vertaling voor deze zin", "Beslissing", "Dossier\r\nnummer", "January", "%(n)s dagen"]


@pytest.mark.parametrize("taal", ["nl", "en", "nl-be"])
def test_every_message_translates_as_djangos_gettext_twice_over(taal):
    with translation.override(taal):
        catalogus = trans_real._active.value._catalog
        berichten = [k for k in catalogus.keys() if isinstance(k, str)] + VREEMD
        assert len(berichten) > 500
        for _keer in range(2):  # the second time from the memory
            for bericht in berichten:
                assert gettext_memo.gettext(bericht) == gettext_memo._DJANGO_GETTEXT(bericht), bericht


def test_the_portal_translates_through_it_and_each_language_keeps_its_own_memory():
    assert trans_real.gettext is gettext_memo.gettext
    with translation.override("en"):
        assert translation.gettext("Beslissing") == "Decision"
    with translation.override("nl"):
        assert translation.gettext("Beslissing") == "Beslissing"
        assert "Beslissing" in trans_real._active.value.__dict__[gettext_memo._MEMO]
    with translation.override("en"):
        assert translation.gettext("Beslissing") == "Decision"


def test_safe_strings_empty_messages_and_line_ends_as_django():
    with translation.override("en"):
        veilig = translation.gettext(mark_safe("Beslissing"))
        assert isinstance(veilig, SafeString) and veilig == "Decision"
        assert translation.gettext("") == ""
        assert translation.gettext("a\r\nb") == gettext_memo._DJANGO_GETTEXT("a\r\nb") == "a\nb"
    with translation.override(None):  # deactivated: the default language, Django's own way
        assert translation.gettext("Beslissing") == gettext_memo._DJANGO_GETTEXT("Beslissing")


def test_the_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr(gettext_memo, "_MAX_MESSAGES", 3)
    with translation.override("en"):
        for i in range(10):
            assert translation.gettext(f"Tekst {i}") == f"Tekst {i}"
        assert len(trans_real._active.value.__dict__[gettext_memo._MEMO]) <= 3
        assert translation.gettext("Beslissing") == "Decision"

"""loket.settings_access: Django's settings read as plain attributes still answer what the settings
module, an override or a change at run time says, and a missing setting is still missing."""

import pytest
from django.conf import LazySettings, Settings, settings
from django.test import override_settings

from loket import settings as instellingen
from loket import settings_access


def test_the_settings_object_is_the_faster_lazy_settings():
    assert type(settings) is settings_access.FastLazySettings
    assert isinstance(settings, LazySettings)
    assert settings.__class__ is Settings  # what LazyObject answers: the wrapped object's class
    assert settings.configured
    assert settings.__module__ == "django.conf"  # where Django looks for its own translations


def test_djangos_own_dutch_translations_are_found():
    from django.utils import translation

    with translation.override("nl"):
        assert translation.gettext("This field is required.") == "Dit veld is verplicht."
        assert translation.gettext("January") == "januari"


def test_a_setting_reads_what_the_settings_module_says_and_an_override_while_it_lasts():
    assert settings.PAGE_CACHE_SECONDS == instellingen.PAGE_CACHE_SECONDS  # read before: kept
    with override_settings(PAGE_CACHE_SECONDS=7, LOKET_NIEUW="ja"):
        assert (settings.PAGE_CACHE_SECONDS, settings.LOKET_NIEUW) == (7, "ja")
        with override_settings(PAGE_CACHE_SECONDS=8):
            assert settings.PAGE_CACHE_SECONDS == 8
        assert settings.PAGE_CACHE_SECONDS == 7
    assert settings.PAGE_CACHE_SECONDS == instellingen.PAGE_CACHE_SECONDS
    with pytest.raises(AttributeError):
        settings.LOKET_NIEUW  # noqa: B018


def test_a_setting_changed_or_deleted_at_run_time_reads_so(settings):  # pytest-django's fixture
    settings.PAGE_CACHE_SECONDS = 11
    from django.conf import settings as django_settings

    assert django_settings.PAGE_CACHE_SECONDS == 11
    del settings.PAGE_CACHE_SECONDS
    with pytest.raises(AttributeError):
        django_settings.PAGE_CACHE_SECONDS  # noqa: B018

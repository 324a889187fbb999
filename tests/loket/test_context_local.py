"""loket.context_local: the active language, time zone, URL configuration and script prefix, kept in
a context variable, stay what Django's asgiref locals made them: per thread, per async task,
carried into sync_to_async and async_to_sync, restored after an override."""

import asyncio
import threading
import zoneinfo
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.urls import base as urls
from django.urls import get_script_prefix, get_urlconf, set_script_prefix, set_urlconf
from django.utils import timezone, translation
from django.utils.translation import trans_real

from loket.context_local import ContextLocal, install

BRUSSEL = zoneinfo.ZoneInfo("Europe/Brussels")
TOKIO = zoneinfo.ZoneInfo("Asia/Tokyo")


def test_the_four_locals_are_context_locals():
    install()  # a test changing LANGUAGES has Django put an asgiref Local back
    for module, name in (
        (trans_real, "_active"),
        (timezone, "_active"),
        (urls, "_prefixes"),
        (urls, "_urlconfs"),
    ):
        assert isinstance(getattr(module, name), ContextLocal), (module, name)


def test_the_merged_catalogues_install_keeps_the_context_local():
    from loket import translation_catalog

    install()
    translation_catalog.install()  # forgets the active translation, not the local that holds it
    assert isinstance(trans_real._active, ContextLocal)
    with translation.override("en"):
        assert translation.gettext("Beslissing") == "Decision"


def test_a_value_set_before_it_was_installed_is_kept():
    from asgiref.local import Local

    oud = urls._prefixes
    try:
        urls._prefixes = Local()
        set_script_prefix("/loket/")
        install()
        assert isinstance(urls._prefixes, ContextLocal) and get_script_prefix() == "/loket/"
    finally:
        urls._prefixes = oud


def test_set_read_overridden_and_removed_as_with_djangos_locals():
    install()
    with translation.override("en"):
        assert translation.get_language() == "en"
        with translation.override("nl"):
            assert translation.gettext("January") == "januari"
        assert translation.get_language() == "en"
    with timezone.override(TOKIO):
        assert timezone.get_current_timezone() == TOKIO
    assert timezone.get_current_timezone() == timezone.get_default_timezone()
    set_urlconf("tests.loket.urls_anders")
    assert get_urlconf() == "tests.loket.urls_anders"
    set_urlconf(None)  # removed: the default again
    assert get_urlconf() is None and get_urlconf("standaard") == "standaard"
    local = ContextLocal("test")
    assert getattr(local, "value", "geen") == "geen" and not hasattr(local, "value")
    local.value = 1
    del local.value
    try:
        del local.value
    except AttributeError:
        pass
    else:
        raise AssertionError("deleting a missing value raises AttributeError, as asgiref's Local")


def test_another_thread_does_not_see_this_threads_language():
    install()
    gezien = []
    with translation.override("en"):
        draad = threading.Thread(target=lambda: gezien.append(translation.get_language()))
        draad.start()
        draad.join()
        assert translation.get_language() == "en"
    assert gezien == [settings.LANGUAGE_CODE]  # a new thread: no language activated in it


def test_async_tasks_keep_their_own_language_and_share_it_with_the_sync_code_they_call():
    install()

    async def taak(taal: str) -> tuple:
        translation.activate(taal)
        await asyncio.sleep(0)  # the other task runs, and activates its language
        in_sync = await sync_to_async(translation.get_language)()
        return translation.get_language(), in_sync

    async def beide():
        return await asyncio.gather(taak("en"), taak("nl"))

    async def lees():
        return translation.get_language()

    def in_een_draad():
        uitkomsten = asyncio.run(beide())
        translation.activate("en")
        return uitkomsten, async_to_sync(lees)()

    # In a thread of its own: the test's thread may already run a loop (after the browser tests).
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(in_een_draad).result() == ([("en", "en"), ("nl", "nl")], "en")

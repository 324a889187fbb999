"""Employer pages come from the cache while nothing they show changed (loket.page_cache): the
second view of a page runs only the access check, and whatever changes, by whom or how, the
next view shows it. A stored page is answered right after the access check
(``PageCacheMiddleware``), exactly as the rendered page was."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from prometheus_client import REGISTRY

from aanvragen.models import Dossier
from loket import page_cache
from loket.middleware import ACTIEVE_TOEGANG, SESSION_KEY_ORGANISATIE
from loket.models import Rol
from tests import factories
from tests.aanvragen.test_dossiers_fixtures import ingediend
from tests.conftest import handelt_voor

pytestmark = pytest.mark.django_db

LIJST = reverse("aanvragen:dossiers")
NU = dt.datetime(2026, 5, 12, 10, 0, tzinfo=dt.UTC)
BRUSSEL = zoneinfo.ZoneInfo("Europe/Brussels")


@pytest.fixture(autouse=True)
def _bevroren_tijd():
    with time_machine.travel(NU, tick=False):
        yield


def bekijk(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_page_seen_again_costs_only_the_access_check(employer_client, organisatie):
    dossier = ingediend(organisatie, werknemer_achternaam="Maes")
    for url in (LIJST, reverse("aanvragen:dossier", args=[dossier.pk]), reverse("loket:dashboard")):
        eerste, vragen_eerst = bekijk(employer_client, url)
        tweede, vragen_daarna = bekijk(employer_client, url)
        assert tweede == eerste
        # The session, and the grant with the user and the data versions.
        assert vragen_daarna <= 2 < vragen_eerst, url


def test_a_change_by_anyone_shows_at_the_next_view(employer_client, organisatie):
    dossier = ingediend(organisatie)
    detail = reverse("aanvragen:dossier", args=[dossier.pk])
    assert "Ingediend" in bekijk(employer_client, LIJST)[0]
    bekijk(employer_client, detail)
    # As a task or the admin would: an update that sends no signal.
    Dossier.objects.filter(pk=dossier.pk).update(status="ontvankelijk")
    assert "Ontvankelijk" in bekijk(employer_client, LIJST)[0]
    assert "Ontvankelijk" in bekijk(employer_client, detail)[0]


def test_a_change_of_what_every_organisation_sees_renders_anew(employer_client, organisatie):
    ingediend(organisatie)
    bekijk(employer_client, LIJST)
    _, vragen = bekijk(employer_client, LIJST)
    factories.DmfaLoonlijnFactory()
    assert bekijk(employer_client, LIJST)[1] > vragen


def test_another_session_of_the_same_organisation_gets_its_own_page(client, organisatie):
    ingediend(organisatie)
    eerste = factories.ToegangFactory(organisatie=organisatie, gebruiker__first_name="Eerste").gebruiker
    tweede = factories.ToegangFactory(
        organisatie=organisatie, gebruiker__first_name="Tweede", rol=Rol.MEDEWERKER
    ).gebruiker
    assert "Eerste" in bekijk(handelt_voor(client, eerste, organisatie), LIJST)[0]
    client.logout()
    inhoud = bekijk(handelt_voor(client, tweede, organisatie), LIJST)[0]
    assert "Tweede" in inhoud and "Eerste" not in inhoud


def test_acting_for_another_organisation_never_shows_the_first_one(client):
    a, b = factories.OrganisatieFactory(naam="Alfa bv"), factories.OrganisatieFactory(naam="Beta bv")
    ingediend(a, werknemer_achternaam="Alfawerknemer")
    gebruiker = factories.ToegangFactory(organisatie=a).gebruiker
    factories.ToegangFactory(organisatie=b, gebruiker=gebruiker)
    assert "Alfawerknemer" in bekijk(handelt_voor(client, gebruiker, a), LIJST)[0]
    session = client.session  # the same session switches to the other organisation
    session[SESSION_KEY_ORGANISATIE] = b.pk
    session.save()
    inhoud = bekijk(client, LIJST)[0]
    assert "Beta bv" in inhoud and "Alfawerknemer" not in inhoud


def test_after_midnight_the_page_shows_a_deadline_passed(client, organisatie, verantwoordelijke):
    dossier = ingediend(organisatie)
    laatste_dag = dt.datetime.combine(dossier.beslissing_uiterlijk, dt.time(23, 58), tzinfo=BRUSSEL)
    with time_machine.travel(laatste_dag, tick=False):
        handelt_voor(client, verantwoordelijke, organisatie)  # a session of this evening
        assert "verstreken" not in bekijk(client, LIJST)[0]
        assert "verstreken" not in bekijk(client, LIJST)[0]
    with time_machine.travel(laatste_dag + dt.timedelta(minutes=4), tick=False):
        assert "verstreken" in bekijk(client, LIJST)[0]


def test_english_is_its_own_page(employer_client, organisatie, settings):
    ingediend(organisatie)
    assert "Ingediend" in bekijk(employer_client, LIJST)[0]
    employer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Submitted" in bekijk(employer_client, LIJST)[0]


def test_turned_off_every_view_renders(employer_client, organisatie, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ingediend(organisatie)
    eerste = bekijk(employer_client, LIJST)[1]
    assert bekijk(employer_client, LIJST)[1] == eerste


def _aanvraag(organisatie, gebruiker, method="get"):
    request = getattr(RequestFactory(), method)(LIJST)
    request.session = SessionStore()
    request.session.create()
    request.user = gebruiker
    request._messages = FallbackStorage(request)
    request.toegang = ACTIEVE_TOEGANG.first(gebruiker_id=gebruiker.pk, organisatie_id=organisatie.pk)
    return request


def test_no_key_for_a_waiting_message_a_post_or_no_organisation(organisatie, verantwoordelijke):
    assert page_cache.page_key(_aanvraag(organisatie, verantwoordelijke)) is not None
    assert page_cache.page_key(_aanvraag(organisatie, verantwoordelijke, "post")) is None
    met_bericht = _aanvraag(organisatie, verantwoordelijke)
    messages.success(met_bericht, "Uw wijziging is goed ontvangen.")
    assert page_cache.page_key(met_bericht) is None
    zonder = _aanvraag(organisatie, verantwoordelijke)
    zonder.toegang = None
    assert page_cache.page_key(zonder) is None


def test_the_key_changes_with_the_release(organisatie, verantwoordelijke, settings):
    request = _aanvraag(organisatie, verantwoordelijke)
    voor = page_cache.page_key(request)
    settings.RELEASE = "2026.12.1"
    page_cache.release.cache_clear()
    try:
        assert page_cache.page_key(request) != voor
    finally:
        page_cache.release.cache_clear()


def _geteld(resultaat: str) -> float:
    return REGISTRY.get_sample_value("loket_page_cache_total", {"result": resultaat}) or 0


def _per_view(view: str) -> float:
    labels = {"status": "200", "view": view, "method": "GET"}
    naam = "django_http_responses_total_by_status_view_method_total"
    return REGISTRY.get_sample_value(naam, labels) or 0


def test_a_stored_page_is_answered_as_the_rendered_one_with_every_header(employer_client, organisatie):
    dossier = ingediend(organisatie)
    for url in (LIJST, reverse("aanvragen:dossier", args=[dossier.pk]), reverse("loket:dashboard")):
        gerenderd = employer_client.get(url)
        view = gerenderd.wsgi_request.resolver_match.view_name
        per_view = _per_view(view)
        treffers = _geteld("hit")
        bewaard = employer_client.get(url)
        assert _geteld("hit") == treffers + 1, url
        assert bewaard.status_code == gerenderd.status_code == 200
        # Counted in django-prometheus' responses per status and view as the rendered page was.
        assert _per_view(view) == per_view + 1
        assert bewaard.content == gerenderd.content
        # Those of the security middleware, the page's language, no caching by the browser, no
        # framing, the CSP: all there, with the same values (the clock stands still here).
        zonder_id = [
            {k: v for k, v in r.headers.items() if k != "X-Request-ID"} for r in (gerenderd, bewaard)
        ]
        assert zonder_id[1] == zonder_id[0], url
        for naam in ("Content-Security-Policy", "X-Frame-Options", "Cache-Control", "Expires", "Vary"):
            assert naam in bewaard.headers, (url, naam)


def test_a_stored_page_expires_at_the_moment_it_is_served(employer_client, organisatie):
    ingediend(organisatie)
    employer_client.get(LIJST)
    with time_machine.travel(NU + dt.timedelta(hours=1), tick=False):
        bewaard = employer_client.get(LIJST)
    assert _geteld("hit") and bewaard["Expires"] == "Tue, 12 May 2026 11:00:00 GMT"


def test_a_message_waiting_is_shown_on_the_page_not_a_stored_one(employer_client, organisatie):
    ingediend(organisatie)
    bekijk(employer_client, LIJST)
    # As a form does before it redirects here: the message waits (in a cookie).
    request = RequestFactory().get(LIJST)
    request.session = employer_client.session
    storage = FallbackStorage(request)
    storage.add(messages.SUCCESS, "Uw wijziging is goed ontvangen.")
    response = HttpResponse()
    storage.update(response)
    employer_client.cookies.update(response.cookies)
    assert "Uw wijziging is goed ontvangen." in bekijk(employer_client, LIJST)[0]
    assert "Uw wijziging is goed ontvangen." not in bekijk(employer_client, LIJST)[0]  # shown once


def test_a_password_changed_elsewhere_ends_the_session_before_any_stored_page(
    employer_client, organisatie, verantwoordelijke
):
    ingediend(organisatie)
    bekijk(employer_client, LIJST)
    verantwoordelijke.set_password("een-nieuw-wachtwoord-van-elders")
    verantwoordelijke.save()
    response = employer_client.get(LIJST)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(django_settings.LOGIN_URL))


def test_a_revoked_grant_gets_no_stored_page(employer_client, organisatie, verantwoordelijke):
    ingediend(organisatie)
    bekijk(employer_client, LIJST)
    verantwoordelijke.toegangen.update(ingetrokken_op=NU)
    response = employer_client.get(LIJST)
    assert response.status_code == 302 and "Ingediend" not in response.content.decode()


def test_the_page_cache_answers_after_what_decides_who_and_what_and_before_what_it_stores():
    volgorde = django_settings.MIDDLEWARE
    plaats = volgorde.index("loket.page_cache.PageCacheMiddleware")
    voor = {
        "django.middleware.security.SecurityMiddleware",  # redirects to HTTPS, its headers
        "django.contrib.sessions.middleware.SessionMiddleware",
        "loket.taal.LanguageMiddleware",  # part of the key
        "django.middleware.csrf.CsrfViewMiddleware",  # its cookie, part of the key
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",  # a message waiting: no stored page
        "loket.middleware.ActingOrganisationMiddleware",  # the access check, the data versions
    }
    na = {  # their headers are stored with the page
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "loket.middleware.SecurityHeadersMiddleware",
    }
    assert all(volgorde.index(m) < plaats for m in voor)
    assert all(volgorde.index(m) > plaats for m in na)

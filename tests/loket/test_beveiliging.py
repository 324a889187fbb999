"""Signed-in pages are not cached; password spraying from one address is slowed down."""

import pytest
import time_machine
from django.http import HttpResponse
from django.urls import reverse
from django.utils import cache

from loket.middleware import set_never_cache_headers

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_never_cached(employer_client):
    response = employer_client.get(reverse("loket:dashboard"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize("expires", [None, "Wed, 01 Jan 2025 00:00:00 GMT"])
def test_the_never_cache_headers_are_djangos(expires):
    for moment in ("2026-11-24 23:59:59.999", "2026-11-25 00:00:00.001", "2026-03-29 01:30:00"):
        with time_machine.travel(moment, tick=False):
            ons, django = HttpResponse(), HttpResponse()
            for response in (ons, django):
                if expires:
                    response["Expires"] = expires
            set_never_cache_headers(ons)
            cache.add_never_cache_headers(django)
            assert dict(ons.headers) == dict(django.headers), moment


def test_password_spraying_across_usernames_from_one_address_is_locked_out(
    client, settings, verantwoordelijke
):
    settings.AXES_ENABLED = True
    verantwoordelijke.set_password("juist-wachtwoord-2026")
    verantwoordelijke.save()
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": f"slachtoffer{i}", "password": "Zomer2026!"})

    response = client.post(
        reverse("login"), {"username": verantwoordelijke.username, "password": "juist-wachtwoord-2026"}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_query_reads_the_grant_and_the_signed_in_user_who_is_still_verified(
    client, organisatie, verantwoordelijke, django_assert_max_num_queries
):
    """The acting organisation's grant brings its user along (loket.middleware, loket.backends),
    yet Django's checks still apply: a changed password ends the session, a deactivated account
    is signed out, and the grant of the user the session names counts for nobody else."""
    from tests.conftest import handelt_voor

    handelt_voor(client, verantwoordelijke, organisatie)
    with django_assert_max_num_queries(2):  # the session, the grant with its user
        assert client.get("/bench-geen-pagina/").status_code == 404
    assert client.get(reverse("loket:dashboard")).status_code == 200
    verantwoordelijke.set_password("een-heel-ander-wachtwoord-2026")
    verantwoordelijke.save()
    assert client.get(reverse("loket:dashboard")).status_code == 302  # to the login page

    handelt_voor(client, verantwoordelijke, organisatie)
    verantwoordelijke.is_active = False
    verantwoordelijke.save()
    assert client.get(reverse("loket:dashboard")).status_code == 302

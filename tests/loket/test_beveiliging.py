"""Signed-in pages are not cached; password spraying from one address is slowed down."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_never_cached(employer_client):
    response = employer_client.get(reverse("loket:dashboard"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


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

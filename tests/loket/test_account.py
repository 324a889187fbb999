"""Account creation: there is no federal login here, so the portal makes its own accounts."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db
User = get_user_model()

GOED = {
    "username": "sofie.claes",
    "first_name": "Sofie",
    "last_name": "Claes",
    "email": "sofie@bakkerij.be",
    "password1": "Brood-en-Spelen-2026",
    "password2": "Brood-en-Spelen-2026",
}


def test_login_page_links_to_account_creation(client):
    response = client.get(reverse("login"))
    assert reverse("account_aanmaken") in response.content.decode()


def test_new_account_is_signed_in_and_sent_to_registration(client):
    response = client.post(reverse("account_aanmaken"), GOED)
    assert response.status_code == 302
    assert response.url == reverse("loket:registreren")
    user = User.objects.get(username="sofie.claes")
    assert (user.first_name, user.last_name, user.email) == ("Sofie", "Claes", "sofie@bakkerij.be")
    assert client.get(reverse("loket:registreren")).status_code == 200  # signed in


def test_account_creation_keeps_next_for_an_invitation(client):
    doel = reverse("loket:uitnodiging", args=["abc"])
    response = client.post(f"{reverse('account_aanmaken')}?next={doel}", {**GOED, "next": doel})
    assert response.url == doel


@pytest.mark.parametrize(
    ("wijziging", "veld", "melding"),
    [
        ({"password2": "Iets-anders-2026"}, "password2", "De twee wachtwoordvelden komen niet overeen"),
        ({"password1": "kort1", "password2": "kort1"}, "password2", "te kort"),
        ({"password1": "wachtwoord", "password2": "wachtwoord"}, "password2", "te algemeen"),
        ({"password1": "83749203847", "password2": "83749203847"}, "password2", "alleen cijfers"),
        ({"email": "geen-adres"}, "email", "geldig e-mailadres"),
        ({"first_name": ""}, "first_name", "Dit veld is verplicht"),
    ],
)
def test_bad_input_gets_a_dutch_message_at_the_field_and_keeps_the_rest(client, wijziging, veld, melding):
    response = client.post(reverse("account_aanmaken"), {**GOED, **wijziging})
    assert response.status_code == 200
    form = response.context["form"]
    assert melding in " ".join(form.errors[veld])
    html = response.content.decode()
    assert 'value="sofie.claes"' in html
    if veld != "email":
        assert 'value="sofie@bakkerij.be"' in html
    assert not User.objects.filter(username="sofie.claes").exists()


def test_an_email_address_gets_one_account(client):
    factories.UserFactory(email="Sofie@Bakkerij.be")
    response = client.post(reverse("account_aanmaken"), GOED)
    assert "Er bestaat al een account met dit e-mailadres" in " ".join(
        response.context["form"].errors["email"]
    )

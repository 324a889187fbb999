"""E-mail verification: an invitation is accepted only by an account that proved, with a signed,
expiring, single-use link, to read the mail of the invited address."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from loket import emailbevestiging, rules
from loket.models import Bericht, EmailBevestiging, Toegang, Uitnodiging
from tests import factories
from tests.loket.test_account import GOED

pytestmark = pytest.mark.django_db
NU = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def bevestigingslink(email: str) -> str:
    """The path of the link in the latest verification mail to ``email`` (from the outbox)."""
    bericht = Bericht.objects.filter(aan=email, sleutel__startswith="emailbevestiging-").latest("pk")
    return re.search(r"/account/e-mailadres/bevestigen/[^/\s]+/", bericht.tekst).group(0)


def uitnodiging_voor(email: str) -> Uitnodiging:
    verantwoordelijke = factories.ToegangFactory(rol="verantwoordelijke").gebruiker
    return Uitnodiging.objects.create(
        organisatie=Toegang.objects.get(gebruiker=verantwoordelijke).organisatie,
        uitgenodigd_door=verantwoordelijke,
        email=email,
        geldig_tot=timezone.now() + dt.timedelta(days=14),
    )


def test_a_new_account_gets_a_verification_mail_and_then_accepts_its_invitation(client):
    uitnodiging = uitnodiging_voor("sofie@bakkerij.be")
    client.post(reverse("account_aanmaken"), GOED)
    sofie = get_user_model().objects.get(username="sofie.claes")
    assert not emailbevestiging.is_bevestigd(sofie)
    bericht = Bericht.objects.get(sleutel__startswith="emailbevestiging-")
    assert bericht.aan == "sofie@bakkerij.be" and "werkt maar één keer" in bericht.tekst

    # Not verified yet: the invitation says why and offers a new mail; accepting does nothing.
    pagina = client.post(f"/uitnodiging/{uitnodiging.token}/")
    tekst = pagina.content.decode()
    assert pagina.status_code == 410 and "Bevestig eerst uw e-mailadres sofie@bakkerij.be" in tekst
    assert 'data-testid="email-onbevestigd"' in tekst and "Stuur een nieuwe bevestigingsmail" in tekst
    assert not Toegang.objects.filter(gebruiker=sofie).exists()

    response = client.get(bevestigingslink("sofie@bakkerij.be"))
    assert response.status_code == 302 and response.url == reverse("loket:emailadres")
    assert "is bevestigd" in client.get(response.url).content.decode()
    assert emailbevestiging.is_bevestigd(sofie)

    assert client.post(f"/uitnodiging/{uitnodiging.token}/").status_code == 302
    assert Toegang.objects.actief().filter(gebruiker=sofie, organisatie=uitnodiging.organisatie).exists()


def test_the_link_works_once_and_expires(client):
    with time_machine.travel(NU, tick=False) as reis:
        gebruiker = factories.UserFactory(email="an@bakkerij.be", email_bevestigd=False)
        client.force_login(gebruiker)
        emailbevestiging.stuur_bevestiging(gebruiker)
        link = bevestigingslink("an@bakkerij.be")
        reis.shift(rules.EMAIL_BEVESTIGING_GELDIG + dt.timedelta(seconds=1))
        client.force_login(gebruiker)  # the session itself ends after 8 hours
        verlopen = client.get(link)
        assert verlopen.status_code == 410 and "verlopen" in verlopen.content.decode()
        assert not emailbevestiging.is_bevestigd(gebruiker)

        # A new mail from the page; its link works, once.
        assert client.post(reverse("loket:emailadres")).status_code == 302
        nieuw = bevestigingslink("an@bakkerij.be")
        assert client.get(nieuw).status_code == 302
        nog_eens = client.get(nieuw)
        assert nog_eens.status_code == 410 and "al gebruikt" in nog_eens.content.decode()


def test_a_tampered_link_and_another_accounts_link_verify_nothing(client):
    eigenaar = factories.UserFactory(email="eigenaar@bakkerij.be", email_bevestigd=False)
    emailbevestiging.stuur_bevestiging(eigenaar)
    link = bevestigingslink("eigenaar@bakkerij.be")
    # Another account with the same (unverified) address opens the owner's link.
    indringer = factories.UserFactory(email="eigenaar@bakkerij.be", email_bevestigd=False)
    client.force_login(indringer)

    ander = client.get(link)
    assert ander.status_code == 403 and "hoort bij een ander account" in ander.content.decode()
    token = link.rstrip("/").rpartition("/")[2]
    vervalst = client.get(reverse("loket:emailadres_bevestigen", args=[token[:-2] + "xx"]))
    assert vervalst.status_code == 400 and "ongeldig" in vervalst.content.decode()
    onzin = client.get(reverse("loket:emailadres_bevestigen", args=["abc:def"]))
    assert onzin.status_code == 400
    assert not EmailBevestiging.objects.filter(bevestigd_op__isnull=False).exists()


def test_an_older_link_is_replaced_by_a_resend_and_resends_are_limited(client):
    gebruiker = factories.UserFactory(email="jonas@bakkerij.be", email_bevestigd=False)
    client.force_login(gebruiker)
    client.post(reverse("loket:emailadres"))
    oud = bevestigingslink("jonas@bakkerij.be")
    for _i in range(rules.EMAIL_BEVESTIGING_MAX_PER_DAG - 1):
        client.post(reverse("loket:emailadres"))
    te_veel = client.post(reverse("loket:emailadres"), follow=True).content.decode()
    assert "al 5 keer een bevestigingsmail" in te_veel
    assert Bericht.objects.filter(aan="jonas@bakkerij.be").count() == rules.EMAIL_BEVESTIGING_MAX_PER_DAG

    vervangen = client.get(oud)
    assert vervangen.status_code == 410 and "nieuwere bevestigingsmail" in vervangen.content.decode()


def test_a_changed_address_is_unverified_until_its_own_link_is_opened(client):
    gebruiker = factories.UserFactory(email="oud@bakkerij.be")
    assert emailbevestiging.is_bevestigd(gebruiker)
    emailbevestiging_oud = EmailBevestiging.objects.create(gebruiker=gebruiker, email="oud@bakkerij.be")

    gebruiker.email = "nieuw@bakkerij.be"
    gebruiker.save()

    assert not emailbevestiging.is_bevestigd(gebruiker)
    client.force_login(gebruiker)
    oud = client.get(
        reverse(
            "loket:emailadres_bevestigen",
            args=[emailbevestiging.link(emailbevestiging_oud).rstrip("/").rpartition("/")[2]],
        )
    )
    assert oud.status_code == 410
    assert client.get(bevestigingslink("nieuw@bakkerij.be")).status_code == 302
    assert emailbevestiging.is_bevestigd(gebruiker)


def test_a_login_does_not_count_as_an_address_change(client):
    gebruiker = factories.UserFactory(email="els@bakkerij.be")
    client.post(reverse("login"), {"username": gebruiker.username, "password": "Geheim-wachtwoord-1"})
    assert not Bericht.objects.exists()

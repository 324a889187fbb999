"""The federal login (OpenID Connect) against a real local provider (django-oidc-provider in
``tests/oidc/``, a server process of its own): the authorization-code flow from the portal's login
page to the provider and back, the account and its KBO mandates as access *in naam van*."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from loket import emailbevestiging
from loket.models import ActivatieWijze, Organisatie, Rol, Toegang
from tests import factories

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, SECRET = "wse-loket", "test-geheim-van-het-loket"
TERUG = "http://testserver/aanmelden/federaal/terug/"
BAKKERIJ = "0566988259"


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The provider as a server process; ``personen.json`` says who logs in with which mandates."""
    werkmap = tmp_path_factory.mktemp("oidc-provider")
    personen = werkmap / "personen.json"
    personen.write_text("{}")
    poort = vrije_poort()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    proces = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc.provider", str(poort), CLIENT_ID, SECRET, TERUG],
        cwd=ROOT,
        env={**env, "OIDC_TEST_DIR": str(werkmap), "DJANGO_ENV_FILE": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    basis = f"http://127.0.0.1:{poort}"
    try:
        for _i in range(120):
            try:
                if requests.get(f"{basis}/openid/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                assert proces.poll() is None, proces.stderr.read().decode()
                time.sleep(0.25)
        else:
            pytest.fail("the OIDC provider did not start")
        yield {"basis": basis, "personen": personen}
    finally:
        proces.terminate()
        proces.wait(timeout=10)


@pytest.fixture
def federaal(settings, provider):
    """The portal configured by environment-like settings for the local provider."""
    basis = provider["basis"]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{basis}/openid/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{basis}/openid/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{basis}/openid/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{basis}/openid/jwks"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "loket.federale_aanmelding.FederaleAanmeldingBackend",
    ]
    settings.AXES_ENABLED = False

    def persoon(naam, *, email, mandaten=(), voornaam="Els", achternaam="Peeters"):
        personen = json.loads(provider["personen"].read_text())
        personen[naam] = {
            "email": email,
            "voornaam": voornaam,
            "achternaam": achternaam,
            "mandaten": list(mandaten),
        }
        provider["personen"].write_text(json.dumps(personen))

    return {"persoon": persoon, "basis": basis}


def naar_provider(client, persoon: str, basis: str) -> str:
    """Login page → button → the provider (who signs ``persoon`` in) → the callback URL with the
    code and state the provider sends the browser back with."""
    login = client.get(reverse("login")).content.decode()
    assert "Aanmelden met eID / itsme (federale aanmelding)" in login
    start = client.get(reverse("federale_aanmelding"))
    assert start.status_code == 302 and start.url.startswith(f"{basis}/openid/authorize")
    browser = requests.Session()
    stap = browser.get(start.url, allow_redirects=False, timeout=10)
    assert stap.status_code == 302 and "/aanmelden/" in stap.headers["Location"]  # the provider's login
    stap = browser.get(
        f"{basis}{stap.headers['Location']}&persoon={persoon}", allow_redirects=False, timeout=10
    )
    stap = browser.get(f"{basis}{stap.headers['Location']}", allow_redirects=False, timeout=10)
    terug = stap.headers["Location"]
    assert terug.startswith(TERUG), terug
    return terug.removeprefix("http://testserver")


def test_the_button_is_not_there_and_the_urls_are_gone_when_it_is_off(client):
    assert "federale aanmelding" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("federale_aanmelding")).status_code == 404
    assert client.get(reverse("federale_aanmelding_terug")).status_code == 404


def test_federal_login_creates_the_account_with_access_from_the_mandate(client, federaal):
    factories.KboInschrijvingFactory(kbo_nummer=BAKKERIJ, naam="Bakkerij Van den Broeck bv")
    federaal["persoon"](
        "els",
        email="els@bakkerij.example",
        mandaten=[{"kbo": "0566.988.259", "rol": "wettelijk_vertegenwoordiger"}, "niet-een-kbo-nummer"],
    )

    response = client.get(naar_provider(client, "els", federaal["basis"]))

    assert response.status_code == 302 and response.url == reverse("loket:dashboard")
    els = get_user_model().objects.get(email="els@bakkerij.example")
    assert (els.first_name, els.last_name, els.has_usable_password()) == ("Els", "Peeters", False)
    assert emailbevestiging.is_bevestigd(els)  # the provider's address counts as verified
    toegang = Toegang.objects.actief().get(gebruiker=els)
    assert (toegang.organisatie.kbo_nummer, toegang.rol, toegang.activatie_wijze) == (
        BAKKERIJ,
        Rol.VERANTWOORDELIJKE,
        ActivatieWijze.MANDAAT,
    )
    assert toegang.organisatie.naam == "Bakkerij Van den Broeck bv"  # from the KBO
    assert not toegang.activatiecodes.exists()  # no letter: the mandate is the proof
    dashboard = client.get(reverse("loket:dashboard"), follow=True).content.decode()
    assert 'data-testid="tegel-imw"' in dashboard and "Bakkerij Van den Broeck bv" in dashboard


def test_a_vanished_mandate_ends_the_access_at_the_next_login(client, federaal):
    andere = factories.OrganisatieFactory(kbo_nummer="0403170701", naam="Vandaele Logistics nv")
    federaal["persoon"]("lotte", email="lotte@secretariaat.example", mandaten=[BAKKERIJ, "0403.170.701"])
    client.get(naar_provider(client, "lotte", federaal["basis"]))
    lotte = get_user_model().objects.get(email="lotte@secretariaat.example")
    assert Toegang.objects.actief().filter(gebruiker=lotte).count() == 2
    # Invited access (not from a mandate) is not the provider's to end.
    uitgenodigd = factories.ToegangFactory(gebruiker=lotte, rol=Rol.MEDEWERKER)

    client.logout()
    federaal["persoon"]("lotte", email="lotte@secretariaat.example", mandaten=[BAKKERIJ])
    client.get(naar_provider(client, "lotte", federaal["basis"]))

    actief = set(
        Toegang.objects.actief().filter(gebruiker=lotte).values_list("organisatie__kbo_nummer", flat=True)
    )
    assert actief == {BAKKERIJ, uitgenodigd.organisatie.kbo_nummer}
    weg = Toegang.objects.get(gebruiker=lotte, organisatie=andere)
    assert weg.ingetrokken_op is not None
    assert weg.history.first().history_change_reason == "Mandaat niet meer gemeld door de federale aanmelding"
    assert get_user_model().objects.filter(email="lotte@secretariaat.example").count() == 1  # same account


def test_a_mandate_activates_a_claim_waiting_for_the_letter(client, federaal):
    organisatie = Organisatie.objects.create(kbo_nummer=BAKKERIJ, naam="Bakkerij", soort="privaat")
    federaal["persoon"](
        "els", email="els@bakkerij.example", mandaten=[{"kbo": BAKKERIJ, "rol": "verantwoordelijke"}]
    )
    client.get(naar_provider(client, "els", federaal["basis"]))
    els = get_user_model().objects.get(email="els@bakkerij.example")
    client.logout()
    # A stranger claimed the organisation meanwhile and waits for the code: the mandate wins.
    wachtend = factories.ToegangFactory(
        organisatie=organisatie, rol=Rol.VERANTWOORDELIJKE, geactiveerd_op=None, activatie_wijze=""
    )
    Toegang.objects.filter(gebruiker=els).update(ingetrokken_op="2026-01-01T00:00Z")
    client.get(naar_provider(client, "els", federaal["basis"]))

    assert Toegang.objects.actief().get(organisatie=organisatie, rol=Rol.VERANTWOORDELIJKE).gebruiker == els
    wachtend.refresh_from_db()
    assert wachtend.ingetrokken_op is not None


def test_a_forged_state_or_a_replayed_callback_logs_nobody_in(client, federaal):
    federaal["persoon"]("els", email="els@bakkerij.example", mandaten=[BAKKERIJ])
    terug = naar_provider(client, "els", federaal["basis"])
    code = parse_qs(urlsplit(terug).query)["code"][0]

    vervalst = client.get(reverse("federale_aanmelding_terug"), {"code": code, "state": "vervalst"})
    assert vervalst.status_code == 400
    assert "Aanmelden via de federale aanmelding is mislukt" in vervalst.content.decode()
    assert "_auth_user_id" not in client.session

    assert client.get(terug).status_code == 302  # the real one still works, once
    client.logout()
    opnieuw = client.get(terug)
    assert opnieuw.status_code == 400 and "_auth_user_id" not in client.session


def test_an_id_token_with_another_nonce_logs_nobody_in(client, federaal):
    federaal["persoon"]("els", email="els@bakkerij.example", mandaten=[BAKKERIJ])
    terug = naar_provider(client, "els", federaal["basis"])
    sessie = client.session
    state = parse_qs(urlsplit(terug).query)["state"][0]
    sessie["oidc_states"][state]["nonce"] = "een-andere-nonce"
    sessie.save()

    response = client.get(terug)

    assert response.status_code == 400
    assert "U bent niet aangemeld" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(email="els@bakkerij.example").exists()


def test_the_provider_refusing_is_a_dutch_page(client, federaal):
    response = client.get(reverse("federale_aanmelding_terug"), {"error": "access_denied", "state": "x"})
    assert response.status_code == 400 and "mislukt" in response.content.decode()

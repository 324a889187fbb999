"""Claiming an organisation: a new Organisatieverantwoordelijke waits for an activation code sent
by post to the registered seat in the KBO (or a DWSE supervisor's approval)."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from aanvragen.models import Dossier
from loket import rules, toegangsbeheer
from loket.middleware import SESSION_KEY_ORGANISATIE
from loket.models import ActivatieWijze, Bankrekening, Bericht, OrganisatieSoort, Toegang
from loket.models.berichten import Kanaal
from tests import factories
from tests.behandeling.conftest import maak_medewerker, meld_aan_met_otp
from tests.conftest import handelt_voor

pytestmark = pytest.mark.django_db
REGISTREREN = "/registreren/"
ACTIVEREN = "/registreren/activeren/"
CODE = re.compile(r"\b([A-Z2-9]{5}-[A-Z2-9]{5})\b")


@pytest.fixture(autouse=True)
def _geen_axes(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def kbo(db):
    return factories.KboInschrijvingFactory(
        kbo_nummer="0566988259",
        naam="Bakkerij Zonnebloem bv",
        straat="Veldstraat 7",
        postcode="9000",
        gemeente="Gent",
    )


def brief_tekst(bericht: Bericht) -> str:
    bijlage = bericht.bijlagen.get()
    with bijlage.inhoud.open("rb") as fh:
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)


def code_uit(bericht: Bericht) -> str:
    return CODE.search(brief_tekst(bericht)).group(1)


def registreer(client, gebruiker):
    handelt_voor(client, gebruiker)
    return client.post(REGISTREREN, {"kbo_nummer": "0566.988.259", "soort": OrganisatieSoort.PRIVAAT})


def test_activation_url_is_dutch():
    assert reverse("loket:activeren") == ACTIVEREN


def test_registration_puts_a_letter_with_the_code_in_the_post_queue_to_the_kbo_seat(client, gebruiker, kbo):
    registreer(client, gebruiker)
    toegang = Toegang.objects.get(gebruiker=gebruiker)
    bericht = Bericht.objects.get()
    assert bericht.kanaal == Kanaal.POST and bericht.verzonden_op is None
    assert bericht.onderwerp_object == toegang.activatiecodes.get()
    from aanvragen.beslissingen import postbrieven

    assert list(postbrieven()) == [bericht]  # the queue staff print
    tekst = brief_tekst(bericht)
    assert "Bakkerij Zonnebloem bv" in tekst
    assert "Veldstraat 7" in tekst and "9000 Gent" in tekst
    assert "Sofie Claes" in tekst and gebruiker.email in tekst  # who asked
    assert "Kent u deze persoon niet" in tekst  # what to do if it was not them
    code = code_uit(bericht)
    # only a hash is stored; the outbox text has no code
    activatiecode = toegang.activatiecodes.get()
    assert code.replace("-", "") not in activatiecode.code_hash
    assert code not in bericht.tekst and code not in bericht.html
    looptijd = activatiecode.geldig_tot - activatiecode.aangemaakt_op
    assert abs(looptijd - rules.ACTIVATIECODE_GELDIG) < dt.timedelta(seconds=5)


def test_the_tile_says_why_it_is_not_usable_yet(client, gebruiker, kbo):
    registreer(client, gebruiker)
    response = client.get(reverse("loket:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    uitleg = re.sub(r"\s+", " ", html)
    assert "wacht op de activatiecode die per post naar de maatschappelijke zetel" in uitleg
    assert "Veldstraat 7, 9000 Gent" in uitleg
    assert timezone.localdate().strftime("%Y") in uitleg
    assert 'aria-disabled="true" data-testid="tegel-imw"' in html
    assert f'href="{reverse("aanvragen:start")}"' not in html


def test_a_wrong_code_is_refused_and_counted(client, gebruiker, kbo):
    registreer(client, gebruiker)
    response = client.post(ACTIVEREN, {"code": "AAAAA-BBBBB"})
    assert response.status_code == 200
    fout = " ".join(response.context["form"].errors["code"])
    assert "Deze activatiecode klopt niet" in fout and "nog 4 keer" in fout
    toegang = Toegang.objects.get(gebruiker=gebruiker)
    assert toegang.in_afwachting and toegang.activatiecodes.get().pogingen == 1


def test_a_malformed_code_is_explained_and_not_counted(client, gebruiker, kbo):
    registreer(client, gebruiker)
    response = client.post(ACTIVEREN, {"code": "123"})
    assert "heeft 10 tekens" in " ".join(response.context["form"].errors["code"])
    assert Toegang.objects.get(gebruiker=gebruiker).activatiecodes.get().pogingen == 0


def test_too_many_wrong_codes_lock_it_even_for_the_right_code(client, gebruiker, kbo):
    registreer(client, gebruiker)
    code = code_uit(Bericht.objects.get())
    for _poging in range(rules.ACTIVATIECODE_MAX_POGINGEN):
        response = client.post(ACTIVEREN, {"code": "AAAAA-BBBBB"})
    assert "Deze code is geblokkeerd" in response.content.decode()
    response = client.post(ACTIVEREN, {"code": code})
    assert "geblokkeerd" in response.content.decode()
    assert Toegang.objects.get(gebruiker=gebruiker).in_afwachting
    # a new letter may be asked; the new code works
    client.post(ACTIVEREN, {"actie": "nieuwe_brief"})
    nieuw = Bericht.objects.order_by("-pk").first()
    assert Bericht.objects.count() == 2
    client.post(ACTIVEREN, {"code": code_uit(nieuw)})
    assert not Toegang.objects.get(gebruiker=gebruiker).in_afwachting


def test_an_expired_code_asks_for_a_new_letter(client, gebruiker, kbo):
    registreer(client, gebruiker)
    code = code_uit(Bericht.objects.get())
    toegang = Toegang.objects.get(gebruiker=gebruiker)
    toegang.activatiecodes.update(geldig_tot=timezone.now() - dt.timedelta(seconds=1))

    response = client.post(ACTIVEREN, {"code": code})
    html = response.content.decode()
    assert "is verlopen op" in html and "Nieuwe brief met activatiecode aanvragen" in html
    assert Toegang.objects.get(pk=toegang.pk).in_afwachting

    response = client.post(ACTIVEREN, {"actie": "nieuwe_brief"}, follow=True)
    assert "Er gaat een nieuwe brief" in response.content.decode()
    assert client.post(ACTIVEREN, {"code": code}).status_code == 200  # the old code no longer works
    assert Toegang.objects.get(pk=toegang.pk).in_afwachting


def test_a_new_letter_is_refused_while_the_code_is_valid(client, gebruiker, kbo):
    registreer(client, gebruiker)
    response = client.post(ACTIVEREN, {"actie": "nieuwe_brief"}, follow=True)
    assert "nog geldig" in response.content.decode()
    assert Bericht.objects.count() == 1


def test_the_right_code_activates_and_the_tile_works(client, gebruiker, kbo):
    registreer(client, gebruiker)
    code = code_uit(Bericht.objects.get())
    response = client.post(ACTIVEREN, {"code": code.lower().replace("-", " ")}, follow=True)
    html = response.content.decode()
    assert "Uw registratie is geactiveerd" in html
    assert f'href="{reverse("aanvragen:start")}"' in html
    toegang = Toegang.objects.get(gebruiker=gebruiker)
    assert toegang.geactiveerd_door == gebruiker and toegang.activatie_wijze == ActivatieWijze.CODE
    assert toegang.history.first().history_user == gebruiker  # recorded who/when
    assert client.session[SESSION_KEY_ORGANISATIE] == toegang.organisatie_id
    assert client.get(reverse("aanvragen:start")).status_code == 200
    assert toegang.activatiecodes.get().gebruikt_op is not None


def test_the_first_activated_claim_wins_and_ends_the_others(client, kbo):
    indringer, echte = factories.UserFactory(), factories.UserFactory()
    registreer(client, indringer)
    registreer(client, echte)  # a pending claim blocks nobody
    code = code_uit(Bericht.objects.filter(object_id__isnull=False).order_by("-pk").first())
    handelt_voor(client, echte)
    client.post(ACTIVEREN, {"code": code})
    assert Toegang.objects.actief().get().gebruiker == echte
    claim = Toegang.objects.get(gebruiker=indringer)
    assert claim.ingetrokken_op is not None
    handelt_voor(client, indringer)
    assert client.get(ACTIVEREN).status_code == 302  # nothing left to activate


def test_an_attacker_with_a_pending_claim_reaches_no_imw_page_and_sets_no_iban(client, kbo):
    aanvaller = factories.UserFactory()
    registreer(client, aanvaller)
    toegang = Toegang.objects.get(gebruiker=aanvaller)
    handelt_voor(client, aanvaller, toegang.organisatie)  # forces the organisation into the session
    for naam in ("aanvragen:start", "aanvragen:dossiers", "loket:toegang"):
        response = client.get(reverse(naam))
        assert response.status_code in (302, 403), naam
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("loket:kies_organisatie"))
    client.post(reverse("aanvragen:start"), {"aanvrager_soort": "werkgever"})
    assert not Dossier.objects.exists()
    assert not Bankrekening.objects.exists()
    assert SESSION_KEY_ORGANISATIE not in client.session


def test_a_registration_without_a_seat_address_waits_for_dwse(client, gebruiker):
    factories.KboInschrijvingFactory(kbo_nummer="0566988259", straat="", postcode="", gemeente="")
    response = registreer(client, gebruiker)
    assert not Bericht.objects.exists()
    html = client.get(response.url).content.decode()
    assert "kent geen adres van de maatschappelijke zetel" in html
    assert Toegang.objects.get(gebruiker=gebruiker).in_afwachting


def test_an_invitation_replaces_a_pending_claim(client, gebruiker, kbo):
    registreer(client, gebruiker)
    organisatie = Toegang.objects.get(gebruiker=gebruiker).organisatie
    echte = factories.ToegangFactory(organisatie=organisatie).gebruiker
    uitnodiging = toegangsbeheer.nodig_uit(organisatie=organisatie, email=gebruiker.email, door=echte)
    toegang = toegangsbeheer.aanvaard_uitnodiging(uitnodiging, gebruiker)
    assert toegang.geactiveerd_op and toegang.activatie_wijze == ActivatieWijze.UITNODIGING
    assert Toegang.objects.lopend().filter(gebruiker=gebruiker).count() == 1


def test_a_supervisor_activates_without_code_with_a_reason(client, gebruiker, kbo, rollen):
    registreer(client, gebruiker)
    toegang = Toegang.objects.get(gebruiker=gebruiker)
    supervisor = maak_medewerker("supervisor", "supervisor1")
    meld_aan_met_otp(client, supervisor)
    url = reverse("admin:loket_toegang_changelist")
    assert "In afwachting van activatie" in client.get(url + "?status=in_afwachting").content.decode()
    actie = {"action": "activeren_zonder_code", "_selected_action": [toegang.pk]}
    response = client.post(url, actie)
    assert response.status_code == 200 and "Reden" in response.content.decode()
    assert Toegang.objects.get(pk=toegang.pk).in_afwachting
    response = client.post(url, {**actie, "bevestigd": "1", "reden": ""})
    assert "Geef een reden op" in response.content.decode()
    client.post(url, {**actie, "bevestigd": "1", "reden": "Zaakvoerder telefonisch bevestigd via KBO-nummer"})
    toegang.refresh_from_db()
    assert toegang.geactiveerd_door == supervisor and toegang.activatie_wijze == ActivatieWijze.DWSE
    assert toegang.activatie_reden == "Zaakvoerder telefonisch bevestigd via KBO-nummer"
    assert toegang.history.first().history_user == supervisor


def test_a_behandelaar_cannot_activate_without_code(client, gebruiker, kbo, rollen):
    registreer(client, gebruiker)
    toegang = Toegang.objects.get(gebruiker=gebruiker)
    meld_aan_met_otp(client, maak_medewerker("behandelaar", "behandelaar1"))
    client.post(
        reverse("admin:loket_toegang_changelist"),
        {"action": "activeren_zonder_code", "_selected_action": [toegang.pk], "bevestigd": "1", "reden": "x"},
    )
    assert Toegang.objects.get(pk=toegang.pk).in_afwachting


@pytest.fixture
def rollen(db):
    from aanvragen.rollen import zet_rollen

    zet_rollen()


def test_the_post_queue_shows_the_organisation_and_its_seat(client, gebruiker, kbo, rollen):
    registreer(client, gebruiker)
    meld_aan_met_otp(client, maak_medewerker("behandelaar", "behandelaar1"))
    html = client.get(reverse("admin:aanvragen_dossier_postbrieven")).content.decode()
    assert "Bakkerij Zonnebloem bv" in html and "Veldstraat 7, 9000 Gent" in html
    assert "Activatiecode WSE-loket" in html


def test_the_migration_keeps_existing_grants_active():
    import importlib

    from django.apps import apps

    migratie = importlib.import_module("loket.migrations.0007_activatie")
    oud = factories.ToegangFactory(geactiveerd_op=None, activatie_wijze="")
    assert not Toegang.objects.actief().filter(pk=oud.pk).exists()
    migratie.bestaande_toegang_blijft_actief(apps, None)
    oud.refresh_from_db()
    assert oud.geactiveerd_op == oud.verleend_op and oud.activatie_wijze == ActivatieWijze.BESTAAND
    assert Toegang.objects.actief().filter(pk=oud.pk).exists()

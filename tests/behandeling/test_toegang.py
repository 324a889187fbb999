"""Who reaches the backoffice: staff with a second factor, by role; employers never."""

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from aanvragen.models import DossierInzage
from tests import factories

from .conftest import maak_medewerker
from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def token(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_werkgever_komt_nooit_in_de_backoffice(employer_client):
    dossier = DossierFactory()
    for url in (
        "/admin/",
        reverse("admin:aanvragen_dossier_change", args=[dossier.pk]),
        "/admin/aanvragen/dossier/",
    ):
        response = employer_client.get(url)
        assert response.status_code == 302 and response.url.startswith("/admin/login/"), url
    assert not DossierInzage.objects.exists()


def test_medewerker_zonder_tweede_factor_komt_er_niet_in(client, behandelaar):
    client.force_login(behandelaar)  # password only
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


def test_aanmelden_met_wachtwoord_en_verificatiecode(client, behandelaar):
    device = TOTPDevice.objects.get(user=behandelaar)
    gegevens = {"username": "behandelaar1", "password": "Geheim-wachtwoord-1", "next": "/admin/"}

    fout = client.post(
        "/admin/login/", {**gegevens, "otp_token": "000000" if token(device) != "000000" else "111111"}
    )
    assert fout.status_code == 200
    assert "De verificatiecode is niet juist of verlopen." in fout.content.decode()
    leeg = client.post("/admin/login/", gegevens)
    assert "Vul de verificatiecode van uw authenticator-app in." in leeg.content.decode()

    # After a wrong code the device is throttled for a moment (brute force), then the right code works.
    geblokkeerd = client.post("/admin/login/", {**gegevens, "otp_token": token(device)})
    assert "is aanmelden even geblokkeerd" in geblokkeerd.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post("/admin/login/", {**gegevens, "otp_token": token(device)})
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_loginpagina_vraagt_de_verificatiecode(client):
    html = client.get("/admin/login/").content.decode()
    assert "Verificatiecode" in html and 'name="otp_token"' in html


def test_sessie_verloopt_na_inactiviteit(behandelaar_client, settings):
    settings.ADMIN_IDLE_TIMEOUT_SECONDS = 1800
    with time_machine.travel("2026-05-14 09:00 +02:00", tick=False) as reis:
        assert behandelaar_client.get("/admin/").status_code == 200
        reis.shift(29 * 60)
        assert behandelaar_client.get("/admin/").status_code == 200
        reis.shift(31 * 60)
        response = behandelaar_client.get("/admin/aanvragen/dossier/")
        assert response.status_code == 302 and response.url.startswith("/admin/login/")
        assert behandelaar_client.get("/admin/").status_code == 302  # logged out, not just redirected


def test_behandelaar_beheert_geen_parameters_supervisor_wel(behandelaar_client, supervisor):
    for url in (
        "/admin/loket/ggmmibedrag/add/",
        "/admin/aanvragen/erkendedienstverlener/add/",
        "/admin/auth/user/add/",
    ):
        assert behandelaar_client.get(url).status_code == 403, url
    assert behandelaar_client.get("/admin/loket/ggmmibedrag/").status_code == 200  # may read them
    assert behandelaar_client.get("/admin/loket/vdabindicatie/").status_code == 200  # the sources

    from .conftest import meld_aan_met_otp

    behandelaar_client.logout()
    supervisor_client = meld_aan_met_otp(behandelaar_client, supervisor)
    for url in (
        "/admin/loket/ggmmibedrag/add/",
        "/admin/aanvragen/erkendedienstverlener/add/",
        "/admin/auth/user/add/",
    ):
        assert supervisor_client.get(url).status_code == 200, url


def test_inzagelog_enkel_voor_supervisor(client, rollen):
    from .conftest import meld_aan_met_otp

    dossier = DossierFactory()
    behandelaar = maak_medewerker("behandelaar", "b2")
    supervisor = maak_medewerker("supervisor", "s2")
    meld_aan_met_otp(client, behandelaar)
    client.get(reverse("admin:aanvragen_dossier_change", args=[dossier.pk]))
    client.get(reverse("admin:aanvragen_dossier_change", args=[dossier.pk]))
    assert DossierInzage.objects.filter(door=behandelaar, dossier=dossier).count() == 2
    assert client.get("/admin/aanvragen/dossierinzage/").status_code == 403
    assert "Inzagelog" not in client.get("/admin/").content.decode()

    client.logout()
    meld_aan_met_otp(client, supervisor)
    html = client.get("/admin/aanvragen/dossierinzage/").content.decode()
    assert "b2" in html and dossier.referentie in html
    assert (
        client.get(f"/admin/aanvragen/dossierinzage/{DossierInzage.objects.first().pk}/delete/").status_code
        == 403
    )


def test_rollen_bestaan_na_de_migratie(rollen):
    behandelaar = Group.objects.get(name="behandelaar").permissions.values_list("codename", flat=True)
    supervisor = Group.objects.get(name="supervisor").permissions.values_list("codename", flat=True)
    assert {"view_dossier", "change_dossier", "change_wijziging", "view_vdabindicatie"} <= set(behandelaar)
    assert "change_ggmmibedrag" not in behandelaar and "view_dossierinzage" not in behandelaar
    assert {"change_ggmmibedrag", "add_erkendedienstverlener", "add_user", "view_dossierinzage"} <= set(
        supervisor
    )


def test_staff_totp_commando(capsys):
    medewerker = factories.UserFactory(username="an", is_staff=True)
    call_command("staff_totp", "an", "--geen-qr")
    uit = capsys.readouterr().out
    device = TOTPDevice.objects.get(user=medewerker)
    assert device.confirmed and "otpauth://totp/" in uit and "Geheime sleutel (base32):" in uit
    call_command("staff_totp", "an", "--geen-qr")
    assert TOTPDevice.objects.filter(user=medewerker).count() == 1
    call_command("staff_totp", "an", "--geen-qr", "--opnieuw", "--rol", "behandelaar")
    assert medewerker.groups.filter(name="behandelaar").exists()
    assert TOTPDevice.objects.filter(user=medewerker).count() == 1
    assert TOTPDevice.objects.get(user=medewerker).pk != device.pk

    factories.UserFactory(username="werkgever")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="geen medewerker"):
        call_command("staff_totp", "werkgever")


def test_elke_pagina_en_download_met_persoonsgegevens_staat_in_het_inzagelog(behandelaar_client, behandelaar):
    from django.core.files.base import ContentFile

    from aanvragen.models import Document

    dossier = DossierFactory()
    document = Document(
        dossier=dossier, soort="ander", naam="plan.pdf", mimetype="application/pdf", grootte=3
    )
    document.bestand.save("plan.pdf", ContentFile(b"pdf"), save=True)
    urls = [
        reverse("admin:aanvragen_dossier_history", args=[dossier.pk]),
        reverse("admin:aanvragen_dossier_actie", args=[dossier.pk, "informatie"]),
        reverse("admin:aanvragen_dossier_document", args=[dossier.pk, document.pk]),
    ]
    for url in urls:
        voor = DossierInzage.objects.filter(dossier=dossier, door=behandelaar).count()
        assert behandelaar_client.get(url).status_code == 200, url
        assert DossierInzage.objects.filter(dossier=dossier, door=behandelaar).count() == voor + 1, url


def _dossier_met_evaluatie_beroep_wijziging_en_postbrief():
    import datetime as dt
    import io

    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from pypdf import PdfWriter

    from aanvragen.models import Beroep, Beslissing, Dossier, Wijziging
    from evaluaties.models import Evaluatie
    from loket.models import Bericht, BerichtBijlage

    dossier = DossierFactory(status="lopend")
    beslissing = Beslissing.objects.create(
        dossier=dossier, uitkomst="geweigerd", reden="Geen tewerkstelling.", beslist_op=dt.date(2026, 5, 1)
    )
    evaluatie = Evaluatie.objects.create(
        dossier=dossier, status="ingediend", motivatie={"functie": "Magazijnier"}
    )
    beroep = Beroep.objects.create(
        dossier=dossier,
        beslissing=beslissing,
        motivering="Wel in dienst.",
        beslissing_uiterlijk=dt.date(2026, 7, 1),
    )
    wijziging = Wijziging.objects.create(dossier=dossier, soort="contactpersoon", gegevens={"naam": "An"})
    brief = Bericht.objects.create(
        sleutel="beslissing-1-werknemer",
        kanaal="post",
        onderwerp="Beslissing",
        tekst="Kopie",
        content_type=ContentType.objects.get_for_model(Dossier),
        object_id=dossier.pk,
    )
    pdf = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(pdf)
    BerichtBijlage(bericht=brief, naam="kopie.pdf").inhoud.save(
        "kopie.pdf", ContentFile(pdf.getvalue()), save=True
    )
    return dossier, {
        "evaluatie": reverse("admin:evaluaties_evaluatie_change", args=[evaluatie.pk]),
        "beroep": reverse("admin:aanvragen_beroep_change", args=[beroep.pk]),
        "wijziging": reverse("admin:aanvragen_wijziging_change", args=[wijziging.pk]),
        "postbrieven": reverse("admin:aanvragen_dossier_postbrieven_pdf"),
    }


@pytest.mark.parametrize("pagina", ["evaluatie", "beroep", "wijziging", "postbrieven"])
def test_evaluatie_beroep_wijziging_en_postbrieven_staan_in_het_inzagelog(
    behandelaar_client, behandelaar, pagina
):
    dossier, urls = _dossier_met_evaluatie_beroep_wijziging_en_postbrief()
    assert behandelaar_client.get(urls[pagina]).status_code == 200
    assert DossierInzage.objects.filter(dossier=dossier, door=behandelaar).count() == 1

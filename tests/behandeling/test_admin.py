"""The backoffice as a case handler uses it: the work queue, the dossier page, the actions."""

import datetime as dt
import io
from urllib.parse import urlencode

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from aanvragen import beslissingen
from aanvragen.models import Beslissing, DossierInzage, Wijziging
from loket.bronnen import BronNietBeschikbaar
from loket.models import Bericht, BerichtBijlage

from .conftest import meld_aan_met_otp
from .factories import DossierFactory, met_bronnen

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/aanvragen/dossier/"
VANDAAG = "2026-05-14 10:00 +02:00"


def wijzig_url(dossier):
    return reverse("admin:aanvragen_dossier_change", args=[dossier.pk])


def actie_url(dossier, actie):
    return reverse("admin:aanvragen_dossier_actie", args=[dossier.pk, actie])


class KapotteBron:
    """An authentic source that is down."""

    def __getattr__(self, naam):
        def kapot(*args, **kwargs):
            raise BronNietBeschikbaar("time-out")

        return kapot


# --- Work queue -----------------------------------------------------------------------------------


def maak_dossiers(aantal):
    for i in range(aantal):
        DossierFactory(
            status=["ingediend", "ontvankelijk", "in_behandeling", "toegekend"][i % 4],
            ingediend=dt.date(2026, 4, 1) + dt.timedelta(days=i % 40),
        )


@pytest.mark.parametrize("aantal", [5, 60])
def test_werklijst_heeft_een_vast_aantal_queries(behandelaar_client, django_assert_max_num_queries, aantal):
    maak_dossiers(aantal)
    behandelaar_client.get(CHANGELIST)  # the staff member's permissions are then kept (loket.backends)
    with django_assert_max_num_queries(10):
        response = behandelaar_client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    # 25 rows a page; the rest on the next pages
    assert html.count('class="field-referentie"') == min(aantal, 25)
    assert ('href="?p=2"' in html) == (aantal > 25)


def test_een_rij_van_de_werklijst_houdt_zoekterm_en_filters_vast(behandelaar_client):
    dossier = DossierFactory(status="ingediend", werknemer__achternaam="Vandenbroucke")
    zonder = behandelaar_client.get(CHANGELIST).content.decode()
    assert f'href="{wijzig_url(dossier)}"' in zonder

    met = behandelaar_client.get(CHANGELIST, {"q": "vandenbr", "status__exact": "ingediend"}).content.decode()
    # As Django's add_preserved_filters writes it: back on the list, the same search and filter.
    filters = urlencode({"_changelist_filters": "q=vandenbr&status__exact=ingediend"})
    assert f'href="{wijzig_url(dossier)}?{filters}"' in met


@pytest.mark.parametrize("wat", ["referentie", "kbo", "insz", "naam"])
def test_zoeken_heeft_een_vast_aantal_queries(behandelaar_client, django_assert_max_num_queries, wat):
    maak_dossiers(12)
    dossier = DossierFactory(werknemer__achternaam="Vandenbroucke")
    term = {
        "referentie": dossier.referentie,
        "kbo": dossier.organisatie.kbo_nummer,
        "insz": dossier.werknemer_insz,
        "naam": "vandenbr",  # the start of the name, any case
    }[wat]
    behandelaar_client.get(CHANGELIST)  # the staff member's permissions are then kept (loket.backends)
    with django_assert_max_num_queries(9):
        html = behandelaar_client.get(CHANGELIST, {"q": term}).content.decode()
    assert dossier.referentie in html and html.count('class="field-referentie"') == 1


def test_werklijst_telt_niet_verder_dan_nodig(behandelaar_client, monkeypatch):
    from loket.admin import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    maak_dossiers(5)
    html = behandelaar_client.get(CHANGELIST).content.decode()
    assert "meer dan 3 dossiers" in html
    assert html.count('class="field-referentie"') == 5  # the page itself is complete


@time_machine.travel(VANDAAG, tick=False)
def test_werklijst_toont_verlopen_termijnen_eerst(behandelaar_client):
    op_tijd = DossierFactory(status="ontvankelijk", ingediend=dt.date(2026, 5, 10))  # beslissing 9/6
    te_laat = DossierFactory(status="in_behandeling", ingediend=dt.date(2026, 4, 10))  # beslissing 10/5
    bevestigen = DossierFactory(status="ingediend", ingediend=dt.date(2026, 5, 9))  # bevestiging 16/5
    beslist = DossierFactory(status="toegekend", ingediend=dt.date(2026, 3, 1))
    DossierFactory(status="concept", referentie=None, ingediend_op=None)

    html = behandelaar_client.get(CHANGELIST).content.decode()

    posities = [html.index(d.referentie) for d in (te_laat, bevestigen, op_tijd, beslist)]
    assert posities == sorted(posities)
    assert "4 d te laat" in html and "2 d (bevestiging)" in html and "26 d (beslissing)" in html
    assert html.count('class="field-referentie"') == 4  # drafts are not in the queue

    verlopen = behandelaar_client.get(CHANGELIST, {"termijn": "verlopen"}).content.decode()
    assert te_laat.referentie in verlopen and op_tijd.referentie not in verlopen
    week = behandelaar_client.get(CHANGELIST, {"termijn": "week"}).content.decode()
    assert bevestigen.referentie in week and op_tijd.referentie not in week


def test_werklijst_filters_en_zoeken(behandelaar_client):
    school = DossierFactory(organisatie__soort="school", premie_keuze="loon_begeleiding", status="ingediend")
    laat = DossierFactory(bevestiging_te_laat_gesignaleerd_op="2026-05-10T08:00:00+02:00", status="ingediend")
    ander = DossierFactory(werknemer__achternaam="Verstraete")

    def lijst(**params):
        return behandelaar_client.get(CHANGELIST, params).content.decode()

    assert school.referentie in lijst(organisatie__soort__exact="school")
    assert ander.referentie not in lijst(organisatie__soort__exact="school")
    assert school.referentie in lijst(premie_keuze__exact="loon_begeleiding")
    assert laat.referentie in lijst(bevestiging_te_laat="ja")
    assert school.referentie not in lijst(bevestiging_te_laat="ja")
    assert ander.referentie in lijst(status__exact="ontvankelijk")
    # Search: reference, KBO (typed with dots), INSZ (typed with dots and dash), names.
    kbo = school.organisatie.kbo_nummer
    assert school.referentie in lijst(q=f"{kbo[:4]}.{kbo[4:7]}.{kbo[7:]}")
    assert ander.referentie not in lijst(q=f"{kbo[:4]}.{kbo[4:7]}.{kbo[7:]}")
    insz = laat.werknemer_insz
    assert laat.referentie in lijst(q=f"{insz[:2]}.{insz[2:4]}.{insz[4:6]}-{insz[6:9]}.{insz[9:]}")
    assert ander.referentie in lijst(q="Verstraete")
    assert ander.referentie in lijst(q=ander.organisatie.naam)
    assert school.referentie in lijst(q=school.referentie)


# --- Dossier page ---------------------------------------------------------------------------------


@time_machine.travel(VANDAAG, tick=False)
def test_dossierpagina_toont_alles_en_logt_de_inzage(
    behandelaar_client, behandelaar, django_capture_on_commit_callbacks
):
    dossier = met_bronnen(DossierFactory(status="in_behandeling"), percentage=45)
    Wijziging.objects.create(dossier=dossier, soort="contactpersoon", gegevens={"naam": "An"})
    with django_capture_on_commit_callbacks(execute=True):
        beslissingen.vraag_informatie(dossier, door=behandelaar, vraag="Bezorg het contract.")

    response = behandelaar_client.get(wijzig_url(dossier))

    html = response.content.decode()
    assert response.status_code == 200
    assert DossierInzage.objects.filter(dossier=dossier, door=behandelaar).count() == 1
    for tekst in (
        "VDAB – indicering",
        "45%",
        "In dienst sinds",
        dossier.organisatie.naam,
        "Opgevraagd op",
        "14/05/2026 10:00:00",
        "Vraag om bijkomende informatie",
        "Statushistoriek",
        "Historiek van de gegevens",
        "Contactpersoon wijzigt",
        "Beslissen",
    ):
        assert tekst in html, tekst
    # Nothing on the page is an editable dossier field.
    assert 'name="status"' not in html and 'name="_save"' not in html


def test_dossierpagina_toont_bijlagen_van_berichten_en_gewijzigde_velden(behandelaar_client, behandelaar):
    dossier = DossierFactory(status="in_behandeling", werknemer__achternaam="Peeters")
    beslissingen.vraag_informatie(dossier, door=behandelaar, vraag="Bezorg het contract.")
    bericht = Bericht.objects.get(object_id=dossier.pk)
    bijlage = BerichtBijlage.objects.create(
        bericht=bericht, naam="vraag.pdf", inhoud=ContentFile(b"%PDF-1.4", name="vraag.pdf")
    )
    dossier.werknemer_achternaam = "Janssens"
    dossier.save()

    html = behandelaar_client.get(wijzig_url(dossier)).content.decode()

    link = reverse("admin:aanvragen_dossier_bijlage", args=[dossier.pk, bijlage.pk])
    assert f'<a href="{link}">vraag.pdf</a>' in html
    assert "Peeters → Janssens" in html


def test_dossierpagina_laadt_dossier_en_beslissing_een_keer(
    behandelaar_client, behandelaar, django_assert_max_num_queries
):
    dossier = met_bronnen(DossierFactory(status="in_behandeling"))
    beslissingen.vraag_informatie(dossier, door=behandelaar, vraag="Bezorg het contract.")
    behandelaar_client.get(CHANGELIST)  # the staff member's permissions are then kept (loket.backends)
    with django_assert_max_num_queries(22) as queries:
        assert behandelaar_client.get(wijzig_url(dossier)).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    for tabel in ("aanvragen_dossier", "loket_organisatie", "aanvragen_beslissing"):
        assert sum(f'FROM "{tabel}" ' in q for q in sql) <= 1, tabel


def test_bron_niet_beschikbaar_wordt_netjes_gemeld(behandelaar_client, settings):
    from loket.bronnen import _adapter

    _adapter.cache_clear()
    settings.LOKET_BRONNEN = {**settings.LOKET_BRONNEN, "vdab": "tests.behandeling.test_admin.KapotteBron"}
    dossier = DossierFactory(status="ontvankelijk")
    try:
        html = behandelaar_client.get(wijzig_url(dossier)).content.decode()
        assert "De bron is nu niet beschikbaar (time-out)" in html
        form = behandelaar_client.get(actie_url(dossier, "beslissen"), follow=True).content.decode()
        assert "VDAB is nu niet bereikbaar" in form
    finally:
        _adapter.cache_clear()


def test_een_dossier_kan_niet_rechtstreeks_gewijzigd_of_teruggezet_worden(behandelaar_client):
    dossier = DossierFactory(status="in_behandeling")
    behandelaar_client.post(wijzig_url(dossier), {"status": "toegekend"})
    dossier.refresh_from_db()
    assert dossier.status == "in_behandeling"
    versie = dossier.history.first()
    url = reverse("admin:aanvragen_dossier_simple_history", args=[dossier.pk, versie.history_id])
    assert behandelaar_client.post(url, {}).status_code == 403


@time_machine.travel(VANDAAG, tick=False)
def test_beslissen_via_het_formulier(behandelaar_client, django_capture_on_commit_callbacks):
    dossier = met_bronnen(
        DossierFactory(status="in_behandeling", premie_keuze="loon_begeleiding"), percentage=55
    )

    form = behandelaar_client.get(actie_url(dossier, "beslissen")).content.decode()
    assert 'value="55"' in form and 'value="5"' in form and 'value="2026-04-01"' in form
    assert 'value="2031-03-31"' in form

    data = {
        "uitkomst": "toegekend",
        "loonpremie": "on",
        "begeleidingspremie": "on",
        "pakket": "vast",
        "percentage": "57",
        "duur_jaren": "5",
        "beslist_op": "2026-05-14",
        "startdatum": "2026-04-01",
        "einddatum": "2031-03-31",
    }
    fout = behandelaar_client.post(actie_url(dossier, "beslissen"), data).content.decode()
    assert "Het percentage is altijd een veelvoud van 5." in fout
    assert 'value="57"' in fout  # what was typed is kept
    assert "Kies de begeleidingsnood die VDAB vaststelde" in fout

    data["begeleidingsnood"] = "hoog"

    data["percentage"] = "55"
    with django_capture_on_commit_callbacks(execute=True):
        response = behandelaar_client.post(actie_url(dossier, "beslissen"), data, follow=True)
    html = response.content.decode()
    assert "Beslissing geregistreerd: toegekend van 01/04/2026 tot en met 31/03/2031." in html
    dossier.refresh_from_db()
    assert dossier.status == "lopend"  # the period began on 1 April: the premium runs at once
    assert len(mail.outbox) == 2
    # Deciding again is refused; the page offers a correction instead.
    assert "Beslissing corrigeren" in html
    opnieuw = behandelaar_client.post(actie_url(dossier, "beslissen"), data).content.decode()
    assert "Over dit dossier werd al beslist" in opnieuw
    assert Beslissing.objects.count() == 1


@time_machine.travel(VANDAAG, tick=False)
def test_corrigeren_vraagt_een_reden(behandelaar_client, behandelaar):
    dossier = DossierFactory(status="ontvankelijk")
    beslissingen.beslis(
        dossier, door=behandelaar, uitkomst="toegekend", loonpremie=True, percentage=40, duur_jaren=5
    )
    data = {
        "uitkomst": "toegekend",
        "loonpremie": "on",
        "percentage": "45",
        "duur_jaren": "5",
        "beslist_op": "2026-05-14",
    }

    fout = behandelaar_client.post(actie_url(dossier, "corrigeren"), data).content.decode()
    assert "Geef de reden van de correctie op." in fout

    data["reden"] = "VDAB paste het percentage aan."
    assert behandelaar_client.post(actie_url(dossier, "corrigeren"), data).status_code == 302
    assert beslissingen.actieve_beslissing(dossier).percentage == 45


def test_beslissen_op_niet_ontvankelijk_dossier_geweigerd(behandelaar_client):
    dossier = DossierFactory(status="niet_ontvankelijk")
    data = {
        "uitkomst": "toegekend",
        "loonpremie": "on",
        "percentage": "40",
        "duur_jaren": "5",
        "beslist_op": "2026-05-14",
    }
    html = behandelaar_client.post(actie_url(dossier, "beslissen"), data).content.decode()
    assert "het is niet ontvankelijk" in html
    assert not Beslissing.objects.exists()


def test_ontvankelijkheid_informatie_en_in_behandeling_via_de_admin(behandelaar_client):
    dossier = DossierFactory(status="niet_ontvankelijk", ontvankelijk=False)
    fout = behandelaar_client.post(
        actie_url(dossier, "ontvankelijkheid"), {"ontvankelijk": "1"}
    ).content.decode()
    assert "Geef de reden op waarom u de ontvankelijkheid herziet." in fout
    behandelaar_client.post(
        actie_url(dossier, "ontvankelijkheid"), {"ontvankelijk": "1", "reden": "Dimona nu in orde."}
    )
    dossier.refresh_from_db()
    assert dossier.status == "ontvankelijk"

    behandelaar_client.post(reverse("admin:aanvragen_dossier_in_behandeling", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.status == "in_behandeling"

    behandelaar_client.post(actie_url(dossier, "informatie"), {"vraag": "Stuur het arbeidscontract."})
    assert Bericht.objects.filter(object_id=dossier.pk, tekst__contains="Stuur het arbeidscontract.").exists()


def test_documenten_enkel_voor_medewerkers(employer_client, behandelaar):
    behandelaar_client = meld_aan_met_otp(Client(), behandelaar)
    dossier = DossierFactory(status="ontvankelijk")
    beslissing = beslissingen.beslis(
        dossier, door=behandelaar, uitkomst="geweigerd", reden="Geen behoefte meer volgens VDAB."
    )
    document = dossier.documenten.get()
    url = reverse("admin:aanvragen_dossier_document", args=[dossier.pk, document.pk])
    response = behandelaar_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert beslissing.brief.name == document.bestand.name
    ander = DossierFactory()
    assert (
        behandelaar_client.get(
            reverse("admin:aanvragen_dossier_document", args=[ander.pk, document.pk])
        ).status_code
        == 404
    )
    response = employer_client.get(url)
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


# --- Letters for the post -------------------------------------------------------------------------


def test_postbrieven_samen_afdrukken_en_als_verzonden_markeren(behandelaar_client, behandelaar):
    for _i in range(2):
        dossier = DossierFactory(status="ontvankelijk", werknemer__email="")
        beslissingen.beslis(
            dossier, door=behandelaar, uitkomst="toegekend", loonpremie=True, percentage=40, duur_jaren=2
        )
    lijst = behandelaar_client.get(reverse("admin:aanvragen_dossier_postbrieven")).content.decode()
    assert lijst.count('data-testid="postbrief"') == 2

    response = behandelaar_client.get(reverse("admin:aanvragen_dossier_postbrieven_pdf"))
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    tekst = " ".join(p.extract_text() for p in pdf.pages)
    assert tekst.count("KOPIE VOOR DE WERKNEMER") == 2

    ids = ",".join(str(b.pk) for b in beslissingen.postbrieven())
    behandelaar_client.post(reverse("admin:aanvragen_dossier_postbrieven_verzonden"), {"ids": ids})
    assert not beslissingen.postbrieven().exists()
    assert Bericht.objects.filter(kanaal="post", verzonden_op__isnull=False).count() == 2


# --- Reported changes, figures --------------------------------------------------------------------


def test_wijziging_verwerken_vanuit_de_lijst(behandelaar_client, behandelaar):
    """The selection action first shows what it will do; only confirming applies it (more in
    test_wijzigingen_verwerken.py)."""
    wijziging = Wijziging.objects.create(
        dossier=DossierFactory(), soort="rekeningnummer", gegevens={"iban": "BE71096123456769"}
    )
    lijst = behandelaar_client.get(
        reverse("admin:aanvragen_wijziging_changelist"), {"verwerkt": "nee"}
    ).content.decode()
    assert "Rekeningnummer wijzigt" in lijst and "BE71096123456769" not in lijst
    gekozen = {"action": "verwerken", "_selected_action": [wijziging.pk]}
    bevestig = behandelaar_client.post(reverse("admin:aanvragen_wijziging_changelist"), gekozen)
    assert "wordt actief" in bevestig.content.decode()
    behandelaar_client.post(reverse("admin:aanvragen_wijziging_changelist"), {**gekozen, "bevestigd": "ja"})
    wijziging.refresh_from_db()
    assert wijziging.verwerkt_door == behandelaar and wijziging.verwerkt_op is not None
    assert wijziging.dossier.organisatie.huidige_rekening().iban == "BE71096123456769"


@time_machine.travel(VANDAAG, tick=False)
def test_cijfers_voor_het_management(behandelaar_client, behandelaar):
    for ingediend, beslist_op in (
        (dt.date(2026, 4, 1), dt.date(2026, 5, 12)),
        (dt.date(2026, 4, 20), dt.date(2026, 5, 4)),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 21)),
    ):
        dossier = DossierFactory(status="in_behandeling", ingediend=ingediend)
        Beslissing.objects.create(dossier=dossier, uitkomst="geweigerd", reden="x", beslist_op=beslist_op)
    DossierFactory(status="ingediend")
    DossierFactory(status="ontvankelijk")

    html = behandelaar_client.get(reverse("admin:aanvragen_dossier_cijfers")).content.decode()

    assert '<td data-testid="deze-maand">2</td>' in html
    assert '<td data-testid="aandeel">67%</td>' in html  # 41 days is late; 14 and 20 days in time
    assert '<td data-testid="mediaan">20 dagen</td>' in html
    assert reverse("admin:aanvragen_dossier_cijfers") in behandelaar_client.get("/admin/").content.decode()


def test_de_historiek_toont_een_rekeningnummer_gemaskeerd(supervisor_client):
    from loket.models import Bankrekening
    from tests import factories

    rekening = factories.BankrekeningFactory(iban="BE71096123456769")
    rekening.iban = "BE75068234567851"
    rekening.save()

    html = supervisor_client.get(
        reverse("admin:loket_bankrekening_history", args=[rekening.pk])
    ).content.decode()

    assert "BE75068234567851" not in html and "BE71096123456769" not in html
    assert "6769" in html and "7851" in html
    versie = rekening.history.first()
    enkele_versie = supervisor_client.get(
        reverse("admin:loket_bankrekening_simple_history", args=[rekening.pk, versie.history_id])
    )
    assert enkele_versie.status_code == 302
    assert not Bankrekening.objects.exclude(iban="BE75068234567851").exists()


@time_machine.travel(VANDAAG, tick=False)
@pytest.mark.parametrize("veld", ["beslist_op", "startdatum"])
def test_een_datum_in_het_jaar_9999_is_een_foutmelding_geen_serverfout(behandelaar_client, veld):
    dossier = met_bronnen(DossierFactory(status="in_behandeling"), percentage=40)
    data = {
        "uitkomst": "toegekend", "loonpremie": "on", "pakket": "vast", "percentage": "40", "duur_jaren": "5",
        "beslist_op": "2026-05-14", "startdatum": "2026-04-01", "einddatum": "",
    }  # fmt: skip
    data[veld] = "9999-01-01"
    response = behandelaar_client.post(actie_url(dossier, "beslissen"), data)
    assert response.status_code == 200
    assert "Geef een datum tussen 01/01/2000 en 31/12/2099." in response.content.decode()
    assert not Beslissing.objects.filter(dossier=dossier).exists()

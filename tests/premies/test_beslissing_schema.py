"""The decision carries the percentage schedule VDAB set: a fixed percentage or a degressive
package in force on the decision date, cut to the period; the guidance need with a
begeleidingspremie; the letter, the mail and the employer's dossier page show it per quarter."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from aanvragen import beslissingen
from loket.models import DegressiefPakket, VdabIndicatie
from tests.aanvragen.test_dossiers_fixtures import client_voor
from tests.behandeling.conftest import meld_aan_met_otp
from tests.behandeling.factories import DossierFactory, met_bronnen

pytestmark = pytest.mark.django_db

BESLISDAG = "2026-05-14 10:00 +02:00"
VIJF_JAAR = "40 % kwartaal 1–5, 30 % kwartaal 6–8, 20 % kwartaal 9–20"


def pdf_tekst(inhoud: bytes) -> str:
    # Whitespace normalised: a table cell may wrap the schedule over two lines.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(inhoud)).pages).split())


def ken_toe(dossier, door, **extra):
    return beslissingen.beslis(dossier, door=door, uitkomst="toegekend", loonpremie=True, **extra)


@time_machine.travel(BESLISDAG, tick=False)
def test_degressief_pakket_van_vijf_jaar_uit_de_parameters(behandelaar, django_capture_on_commit_callbacks):
    dossier = DossierFactory(status="in_behandeling")

    with django_capture_on_commit_callbacks(execute=True):
        beslissing = ken_toe(dossier, behandelaar, pakket="5j")

    assert beslissing.schijven == [[1, 5, 40], [6, 8, 30], [9, 20, 20]]
    assert (beslissing.percentage, beslissing.duur_jaren, beslissing.pakket) == (40, 5, "5j")
    assert beslissing.einddatum == dt.date(2031, 3, 31)
    with beslissing.brief.open("rb") as fh:
        assert VIJF_JAAR in pdf_tekst(fh.read())
    werkgever = next(m for m in mail.outbox if m.to == [dossier.contact_email])
    assert VIJF_JAAR in werkgever.body
    assert VIJF_JAAR in werkgever.alternatives[0][0]


@time_machine.travel(BESLISDAG, tick=False)
def test_pakket_wordt_afgesneden_op_een_kortere_periode(behandelaar):
    dossier = DossierFactory(status="in_behandeling")
    beslissing = ken_toe(dossier, behandelaar, pakket="5j_verhoogd", einddatum=dt.date(2028, 12, 31))
    # 1 April 2026 – 31 December 2028: 11 quarters.
    assert beslissing.schijven == [[1, 5, 55], [6, 8, 50], [9, 11, 40]]


@time_machine.travel(BESLISDAG, tick=False)
def test_het_pakket_dat_op_de_beslissingsdatum_geldt(behandelaar):
    oud = DegressiefPakket.objects.get(duur_jaren=2, verhoogd=False)
    oud.geldig_tot = dt.date(2026, 4, 30)
    oud.save()
    nieuw = DegressiefPakket.objects.create(
        naam="2 jaar (2026)", duur_jaren=2, verhoogd=False, geldig_vanaf=dt.date(2026, 5, 1)
    )
    nieuw.schijven.create(van_kwartaal=1, tot_kwartaal=4, percentage=30)
    nieuw.schijven.create(van_kwartaal=5, tot_kwartaal=8, percentage=25)

    voor = ken_toe(
        DossierFactory(status="in_behandeling"), behandelaar, pakket="2j", beslist_op=dt.date(2026, 4, 20)
    )
    na = ken_toe(DossierFactory(status="in_behandeling"), behandelaar, pakket="2j")

    assert voor.schijven == [[1, 8, 20]]
    assert na.schijven == [[1, 4, 30], [5, 8, 25]] and na.percentage == 30


@time_machine.travel(BESLISDAG, tick=False)
@pytest.mark.parametrize(
    ("extra", "veld", "boodschap"),
    [
        (
            {"pakket": "2j", "duur_jaren": 5},
            "duur_jaren",
            "Het gekozen pakket geldt voor een duurtijd van 2 jaar.",
        ),
        (
            {"pakket": "vast", "percentage": 40, "duur_jaren": 5, "begeleidingspremie": True},
            "begeleidingsnood",
            "Kies de begeleidingsnood die VDAB vaststelde",
        ),
        ({"schijven": [(1, 4, 40), (6, 20, 30)], "duur_jaren": 5}, "pakket", "kwartaal 5 ontbreekt"),
        ({"schijven": [(1, 8, 40), (9, 20, 80)], "duur_jaren": 5}, "pakket", "Het percentage 80 ligt niet"),
    ],
)
def test_fout_schema_wordt_geweigerd_bij_het_juiste_veld(behandelaar, extra, veld, boodschap):
    dossier = DossierFactory(status="in_behandeling", premie_keuze="loon_begeleiding")
    with pytest.raises(ValidationError) as fout:
        ken_toe(dossier, behandelaar, **extra)
    assert boodschap in " ".join(fout.value.message_dict[veld])
    assert not dossier.beslissingen.exists()


@time_machine.travel(BESLISDAG, tick=False)
def test_geen_pakket_van_kracht(behandelaar):
    DegressiefPakket.objects.filter(duur_jaren=5).update(geldig_tot=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError) as fout:
        ken_toe(DossierFactory(status="in_behandeling"), behandelaar, pakket="5j")
    assert fout.value.message_dict["pakket"] == [
        "Op 14/05/2026 is er geen degressief pakket van 5 jaar van kracht."
    ]


@time_machine.travel(BESLISDAG, tick=False)
def test_formulier_vult_begeleidingsnood_uit_vdab_in_en_bewaart_een_pakket(
    client, behandelaar, django_capture_on_commit_callbacks
):
    dossier = met_bronnen(DossierFactory(status="in_behandeling", premie_keuze="loon_begeleiding"))
    VdabIndicatie.objects.filter(insz=dossier.werknemer_insz).update(begeleidingsnood="hoog")
    meld_aan_met_otp(client, behandelaar)
    url = reverse("admin:aanvragen_dossier_actie", args=[dossier.pk, "beslissen"])

    form = client.get(url).content.decode()
    assert '<option value="hoog" selected>' in form
    assert re.search(r'name="pakket" value="vast"[^>]*checked', form)

    data = {
        "uitkomst": "toegekend",
        "loonpremie": "on",
        "begeleidingspremie": "on",
        "pakket": "5j",
        "percentage": "",
        "duur_jaren": "",
        "begeleidingsnood": "hoog",
        "beslist_op": "2026-05-14",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    beslissing = beslissingen.actieve_beslissing(dossier)
    assert (beslissing.pakket, beslissing.begeleidingsnood, beslissing.percentage) == ("5j", "hoog", 40)
    assert beslissing.schijven == [[1, 5, 40], [6, 8, 30], [9, 20, 20]]


@time_machine.travel(BESLISDAG, tick=False)
def test_formulier_toont_de_fout_bij_het_pakket_en_houdt_de_invoer(client, behandelaar):
    dossier = DossierFactory(status="in_behandeling")
    meld_aan_met_otp(client, behandelaar)
    url = reverse("admin:aanvragen_dossier_actie", args=[dossier.pk, "beslissen"])
    data = {
        "uitkomst": "toegekend",
        "loonpremie": "on",
        "pakket": "2j",
        "duur_jaren": "5",
        "beslist_op": "2026-05-14",
    }
    html = client.post(url, data).content.decode()
    assert "Het gekozen pakket geldt voor een duurtijd van 2 jaar." in html
    assert re.search(r'name="pakket" value="2j"[^>]*checked', html)  # what was chosen is kept
    assert not dossier.beslissingen.exists()


@time_machine.travel(BESLISDAG, tick=False)
def test_dossierpagina_toont_de_beslissing(client, behandelaar, django_assert_max_num_queries):
    dossier = DossierFactory(status="in_behandeling", premie_keuze="loon_begeleiding")
    ken_toe(dossier, behandelaar, pakket="5j", begeleidingspremie=True, begeleidingsnood="midden")
    client_voor(client, dossier.organisatie)

    html = client.get(reverse("aanvragen:dossier", args=[dossier.pk])).content.decode()

    assert "Loonpremie, begeleidingspremie" in html
    assert VIJF_JAAR in html
    assert "01/04/2026 – 31/03/2031 (20 kwartalen)" in html
    assert 'data-testid="beslissing-begeleidingsnood">midden<' in html


@time_machine.travel(BESLISDAG, tick=False)
def test_dossierpagina_van_een_andere_organisatie_bestaat_niet(client, behandelaar):
    dossier = DossierFactory(status="in_behandeling")
    ken_toe(dossier, behandelaar, pakket="5j")
    client_voor(client, DossierFactory().organisatie)
    assert client.get(reverse("aanvragen:dossier", args=[dossier.pk])).status_code == 404


@time_machine.travel(BESLISDAG, tick=False)
def test_de_dossierpagina_van_de_behandelaar_toont_de_percentages_per_kwartaal(client, behandelaar):
    dossier = DossierFactory(status="in_behandeling", premie_keuze="loon_begeleiding")
    ken_toe(dossier, behandelaar, pakket="5j", begeleidingspremie=True, begeleidingsnood="laag")
    meld_aan_met_otp(client, behandelaar)
    html = client.get(reverse("admin:aanvragen_dossier_change", args=[dossier.pk])).content.decode()
    assert VIJF_JAAR in html and "begeleidingsnood: laag" in html

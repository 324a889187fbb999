"""The employer's side of the appeal: the button within 45 days and why it is gone after, the
form (refusals keep the motivation), the receipt and the mail once, one open appeal per decision,
and another organisation's dossier is a 404."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from aanvragen import beroep as beroep_service
from aanvragen.models import Beroep, Document, DocumentSoort
from loket.models import Bericht
from tests import factories
from tests.beroep.conftest import PNG_KOP, VANDAAG, beslist_dossier, pdf_upload

pytestmark = pytest.mark.django_db

MOTIVERING = "De werknemer is wel degelijk in dienst sinds 1 februari: zie de Dimona-aangifte."


def pagina(client, dossier) -> str:
    return client.get(reverse("aanvragen:dossier", args=[dossier.pk])).content.decode()


def beroep_url(dossier) -> str:
    return reverse("aanvragen:beroep", args=[dossier.pk])


def dien_in(client, dossier, **extra):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(beroep_url(dossier), {"motivering": MOTIVERING, **extra})


# --- The button ----------------------------------------------------------------------------------


@pytest.mark.parametrize("uitkomst", ["geweigerd", "toegekend"])
def test_the_button_on_day_45(employer_client, organisatie, uitkomst):
    dossier = beslist_dossier(organisatie, beslist_op=VANDAAG - dt.timedelta(days=45), uitkomst=uitkomst)
    html = pagina(employer_client, dossier)
    assert 'data-testid="beroep-aantekenen"' in html
    assert "tot en met 01/03/2027" in html


def test_no_button_on_day_46_and_why(employer_client, organisatie):
    dossier = beslist_dossier(organisatie, beslist_op=VANDAAG - dt.timedelta(days=46))
    html = pagina(employer_client, dossier)
    assert 'data-testid="beroep-aantekenen"' not in html
    assert 'data-testid="beroep-niet-mogelijk"' in html
    assert "liep af op 28/02/2027" in html
    # The form itself says the same and files nothing.
    response = employer_client.post(beroep_url(dossier), {"motivering": MOTIVERING}, follow=True)
    assert "liep af op 28/02/2027" in response.content.decode()
    assert not Beroep.objects.exists()


def test_no_appeal_block_before_a_decision(employer_client, organisatie):
    from tests.behandeling.factories import DossierFactory

    dossier = DossierFactory(organisatie=organisatie, status="in_behandeling")
    html = pagina(employer_client, dossier)
    assert 'data-testid="beroep"' not in html
    assert employer_client.get(beroep_url(dossier)).status_code == 302


# --- Submitting ------------------------------------------------------------------------------------


def test_submit_with_receipt_mail_and_history(employer_client, dossier):
    formulier = employer_client.get(beroep_url(dossier))
    assert formulier.status_code == 200
    html = formulier.content.decode()
    assert 'name="bijlagen"' in html and "multiple" in html
    assert "tot en met 05/04/2027" in html  # decided on 19/02/2027, + 45 days
    response = dien_in(employer_client, dossier, bijlagen=[pdf_upload("dimona.pdf")])
    assert response.status_code == 302, response.content.decode()
    beroep = Beroep.objects.get(dossier=dossier)
    assert response.url == reverse("aanvragen:beroep_ontvangen", args=[dossier.pk, beroep.pk])
    assert beroep.motivering == MOTIVERING
    assert beroep.beslissing_uiterlijk == dt.date(2027, 4, 30)
    assert [d.naam for d in beroep.bijlagen.all()] == ["dimona.pdf"]
    assert beroep.ontvangstbewijs.soort == DocumentSoort.ONTVANGSTBEWIJS

    bewijs = employer_client.get(reverse("aanvragen:beroep_ontvangstbewijs", args=[dossier.pk, beroep.pk]))
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(bewijs.streaming_content))).pages)
    assert dossier.referentie in tekst and "Dimona-aangifte" in tekst and "dimona.pdf" in tekst

    assert Bericht.objects.filter(sleutel=f"beroep-ontvangst-{beroep.pk}").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [dossier.contact_email]
    assert "30/04/2027" in mail.outbox[0].body

    html = pagina(employer_client, dossier)
    assert 'data-testid="beroep-tijdlijn"' in html and 'data-testid="beroep-aantekenen"' not in html
    assert dossier.history.filter(history_change_reason__startswith="Beroep aangetekend").exists()


def test_a_double_submit_files_one_appeal_and_one_mail(employer_client, dossier):
    assert dien_in(employer_client, dossier).status_code == 302
    response = dien_in(employer_client, dossier)
    assert response.status_code == 302  # back to the dossier, saying one is pending
    vervolg = employer_client.get(response.url).content.decode()
    assert "loopt al een beroep" in vervolg
    assert Beroep.objects.filter(dossier=dossier).count() == 1
    assert Bericht.objects.filter(sleutel__startswith="beroep-ontvangst-").count() == 1
    assert len(mail.outbox) == 1


def test_the_service_refuses_a_second_open_appeal(dossier, verantwoordelijke):
    beroep_service.dien_in(dossier, door=verantwoordelijke, motivering=MOTIVERING)
    with pytest.raises(beroep_service.BeroepGeweigerd, match="loopt al een beroep"):
        beroep_service.dien_in(dossier, door=verantwoordelijke, motivering=MOTIVERING)
    assert Beroep.objects.count() == 1


def test_an_empty_motivation_is_refused(employer_client, dossier):
    response = employer_client.post(beroep_url(dossier), {"motivering": "   "})
    assert response.status_code == 400
    assert "Schrijf waarom u het niet eens bent" in response.content.decode()
    assert not Beroep.objects.exists()


def test_a_non_pdf_upload_is_refused_and_the_motivation_kept(employer_client, dossier):
    response = employer_client.post(
        beroep_url(dossier),
        {"motivering": MOTIVERING, "bijlagen": [pdf_upload("bewijs.pdf", b"MZ\x90\x00 geen pdf " * 20)]},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "geen PDF, JPEG of PNG" in html
    assert "Dimona-aangifte" in html  # the motivation stays in the form
    assert not Beroep.objects.exists() and not Document.objects.filter(soort="bijlage_beroep").exists()


def test_a_png_is_accepted(employer_client, dossier):
    assert dien_in(employer_client, dossier, bijlagen=[pdf_upload("foto.pdf", PNG_KOP)]).status_code == 302
    assert Beroep.objects.get().bijlagen.get().naam == "foto.png"


def test_too_large_is_refused(employer_client, dossier, settings):
    settings.UPLOAD_MAX_BYTES = 10
    response = employer_client.post(
        beroep_url(dossier), {"motivering": MOTIVERING, "bijlagen": [pdf_upload()]}
    )
    assert response.status_code == 400 and "groter dan" in response.content.decode()


# --- Isolation -------------------------------------------------------------------------------------


def test_another_organisation_gets_404(employer_client, verantwoordelijke):
    ander = beslist_dossier(factories.OrganisatieFactory())
    beroep = beroep_service.dien_in(ander, door=verantwoordelijke, motivering=MOTIVERING)
    assert employer_client.get(beroep_url(ander)).status_code == 404
    assert employer_client.post(beroep_url(ander), {"motivering": MOTIVERING}).status_code == 404
    assert (
        employer_client.get(reverse("aanvragen:beroep_ontvangen", args=[ander.pk, beroep.pk])).status_code
        == 404
    )
    assert (
        employer_client.get(
            reverse("aanvragen:beroep_ontvangstbewijs", args=[ander.pk, beroep.pk])
        ).status_code
        == 404
    )
    assert Beroep.objects.count() == 1


def test_an_appeal_of_another_dossier_of_the_same_organisation_is_404(
    employer_client, organisatie, dossier, verantwoordelijke
):
    ander = beslist_dossier(factories.OrganisatieFactory())
    beroep = beroep_service.dien_in(ander, door=verantwoordelijke, motivering=MOTIVERING)
    url = reverse("aanvragen:beroep_ontvangstbewijs", args=[dossier.pk, beroep.pk])
    assert employer_client.get(url).status_code == 404


def test_the_form_links_to_the_help_on_appeals(employer_client, client, dossier):
    html = employer_client.get(beroep_url(dossier)).content.decode()
    hulp = reverse("loket:hulp_onderwerp", args=["na-de-aanvraag"]) + "#beroep"
    assert f'href="{hulp}"' in html and "Hulp bij beroep aantekenen" in html
    pagina = client.get(hulp.split("#")[0]).content.decode()
    sectie = pagina.split('id="beroep"', 1)[1]
    for feit in (
        "45 dagen na de datum van de beslissingsbrief",
        "Beroep aantekenen",
        "60 dagen",
        "per brief of e-mail",
    ):
        assert feit in sectie, feit

"""The employer's side: the button, the form with save and resume, the motivatieverslag round
trip (generate, fill as a reader would, upload, read back), refusals, and isolation."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from evaluaties.models import Evaluatie
from tests import factories
from tests.evaluaties.conftest import INGEVULD, afgevlakt, ingevuld_verslag, lopend_dossier, upload, vul_in

pytestmark = pytest.mark.django_db


def dossier_pagina(client, dossier):
    return client.get(reverse("aanvragen:dossier", args=[dossier.pk])).content.decode()


def stap_url(evaluatie, stap):
    return reverse("evaluaties:stap", args=[evaluatie.dossier_id, evaluatie.pk, stap])


def start(client, dossier) -> Evaluatie:
    response = client.post(reverse("evaluaties:start", args=[dossier.pk]))
    assert response.status_code == 302
    return Evaluatie.objects.get(dossier=dossier)


# --- The button ----------------------------------------------------------------------------------


def test_the_button_is_there_from_the_second_year(employer_client, dossier):
    html = dossier_pagina(employer_client, dossier)
    assert 'data-testid="evalueren"' in html
    assert "de hoogte" in html


def test_no_button_in_the_first_year_but_the_date(employer_client, organisatie):
    dossier = lopend_dossier(organisatie, start=dt.date(2027, 1, 1))
    html = dossier_pagina(employer_client, dossier)
    assert 'data-testid="evalueren"' not in html
    assert "vanaf 01/01/2028" in html


def test_no_button_for_a_two_year_premium_and_why(employer_client, organisatie):
    dossier = lopend_dossier(organisatie, start=dt.date(2026, 4, 1), duur=2)
    html = dossier_pagina(employer_client, dossier)
    assert 'data-testid="evalueren"' not in html
    assert "nieuwe aanvraag" in html


def test_a_vop_of_indefinite_duration_may_be_evaluated(employer_client, organisatie):
    dossier = lopend_dossier(organisatie, start=dt.date(2026, 4, 1), duur=2, vop_onbepaalde_duur=True)
    assert 'data-testid="evalueren"' in dossier_pagina(employer_client, dossier)


def test_posting_start_too_early_says_from_when(employer_client, organisatie):
    dossier = lopend_dossier(organisatie, start=dt.date(2027, 1, 1))
    response = employer_client.post(reverse("evaluaties:start", args=[dossier.pk]), follow=True)
    assert "01/01/2028" in response.content.decode()
    assert not Evaluatie.objects.exists()


# --- The form, end to end ------------------------------------------------------------------------


def test_the_whole_request_with_the_fillable_pdf_round_trip(employer_client, dossier):
    evaluatie = start(employer_client, dossier)
    assert employer_client.get(stap_url(evaluatie, "keuze")).status_code == 200
    response = employer_client.post(stap_url(evaluatie, "keuze"), {"hoogte": "on", "actie": "volgende"})
    assert response.status_code == 302 and response.url == stap_url(evaluatie, "motivatie")

    download = employer_client.get(reverse("evaluaties:motivatieverslag", args=[dossier.pk]))
    assert download["Content-Type"] == "application/pdf"
    velden = PdfReader(io.BytesIO(download.content)).get_form_text_fields()
    assert velden["referentie"] == dossier.referentie
    assert velden["werkgever"] == dossier.organisatie.naam
    assert velden["werknemer"] == dossier.werknemer_naam

    ingevuld = vul_in(download.content, INGEVULD)
    response = employer_client.post(
        stap_url(evaluatie, "motivatie"), {"motivatieverslag": upload(ingevuld), "actie": "volgende"}
    )
    assert response.status_code == 302, response.content.decode()
    overzicht = employer_client.get(stap_url(evaluatie, "overzicht")).content.decode()
    assert "Magazijnier: orderpicking en inpakken." in overzicht
    assert "Els Peeters, HR" in overzicht

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = employer_client.post(stap_url(evaluatie, "overzicht"), {"actie": "indienen"})
    assert response.status_code == 302
    evaluatie.refresh_from_db()
    assert evaluatie.status == "ontvankelijk"
    bewijs = employer_client.get(reverse("evaluaties:ontvangstbewijs", args=[dossier.pk, evaluatie.pk]))
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(bewijs.streaming_content))).pages)
    assert dossier.referentie in tekst and "Magazijnier" in tekst
    html = dossier_pagina(employer_client, dossier)
    assert 'data-testid="evaluatie-tijdlijn"' in html and 'data-testid="doorbetaling"' in html
    assert 'data-testid="evalueren"' not in html


def test_save_and_resume(employer_client, dossier):
    evaluatie = start(employer_client, dossier)
    response = employer_client.post(stap_url(evaluatie, "keuze"), {"hoogte": "on", "actie": "bewaar"})
    assert response.status_code == 302 and response.url == reverse("aanvragen:dossier", args=[dossier.pk])
    html = dossier_pagina(employer_client, dossier)
    assert "Verder invullen" in html
    again = employer_client.post(reverse("evaluaties:start", args=[dossier.pk]))
    assert again.url == stap_url(evaluatie, "keuze")
    evaluatie.refresh_from_db()
    assert evaluatie.hoogte and Evaluatie.objects.count() == 1


def test_nothing_chosen_is_refused(employer_client, dossier):
    evaluatie = start(employer_client, dossier)
    evaluatie.hoogte = False
    evaluatie.save()
    response = employer_client.post(stap_url(evaluatie, "keuze"), {"actie": "volgende"})
    assert response.status_code == 400
    assert "Duid aan wat u wilt laten evalueren" in response.content.decode()


def test_duration_is_not_offered_before_the_last_year(employer_client, dossier):
    evaluatie = start(employer_client, dossier)
    html = employer_client.get(stap_url(evaluatie, "keuze")).content.decode()
    assert 'name="hoogte"' in html and 'name="duur"' not in html


def test_loon_begeleiding_needs_the_support_plan(employer_client, organisatie):
    dossier = lopend_dossier(organisatie, premie="loon_begeleiding")
    evaluatie = start(employer_client, dossier)
    employer_client.post(stap_url(evaluatie, "keuze"), {"hoogte": "on", "actie": "volgende"})
    response = employer_client.post(
        stap_url(evaluatie, "motivatie"),
        {"motivatieverslag": upload(ingevuld_verslag(dossier)), "actie": "volgende"},
    )
    assert response.status_code == 400
    assert "ondersteuningsplan" in response.content.decode()
    evaluatie.refresh_from_db()
    assert evaluatie.motivatieverslag is not None  # the valid file is kept
    plan = SimpleUploadedFile("plan.pdf", ingevuld_verslag(dossier), content_type="application/pdf")
    response = employer_client.post(
        stap_url(evaluatie, "motivatie"), {"ondersteuningsplan": plan, "actie": "volgende"}
    )
    assert response.status_code == 302


# --- Refusals of the motivatieverslag -----------------------------------------------------------


def weiger(client, dossier, inhoud, naam="motivatieverslag.pdf") -> str:
    evaluatie = Evaluatie.objects.filter(dossier=dossier).first() or start(client, dossier)
    response = client.post(
        stap_url(evaluatie, "motivatie"),
        {
            "motivatieverslag": SimpleUploadedFile(naam, inhoud, content_type="application/pdf"),
            "actie": "volgende",
        },
    )
    assert response.status_code == 400
    evaluatie.refresh_from_db()
    assert evaluatie.motivatieverslag is None
    return response.content.decode()


def test_a_flattened_report_is_refused(employer_client, dossier):
    html = weiger(employer_client, dossier, afgevlakt(ingevuld_verslag(dossier)))
    assert "invulvelden" in html and "afgedrukt en ingescand" in html


def test_another_dossiers_report_is_refused(employer_client, organisatie, dossier):
    ander = lopend_dossier(organisatie)
    html = weiger(employer_client, dossier, ingevuld_verslag(ander))
    assert "hoort bij een ander dossier" in html and ander.referentie in html


def test_an_empty_required_field_is_refused(employer_client, dossier):
    html = weiger(employer_client, dossier, ingevuld_verslag(dossier, {**INGEVULD, "evolutie": ""}))
    assert "Vul in het motivatieverslag ook deze vragen in" in html
    assert "Hoe evolueerde de ondersteuningsnood" in html


def test_not_a_pdf_is_refused_by_content(employer_client, dossier):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    assert "moet een PDF-bestand zijn" in weiger(employer_client, dossier, png, naam="verslag.pdf")


def test_too_large_is_refused(employer_client, dossier, settings):
    inhoud = ingevuld_verslag(dossier)
    settings.UPLOAD_MAX_BYTES = len(inhoud) - 1
    assert "groter dan" in weiger(employer_client, dossier, inhoud)


def test_an_encrypted_pdf_is_refused(employer_client, dossier):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(ingevuld_verslag(dossier))))
    writer.encrypt("geheim")
    uit = io.BytesIO()
    writer.write(uit)
    assert "versleuteld" in weiger(employer_client, dossier, uit.getvalue())


@pytest.mark.parametrize("soort", ["openaction", "aa", "names"])
def test_a_pdf_with_scripts_is_refused(employer_client, dossier, soort):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(ingevuld_verslag(dossier))))
    actie = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    if soort == "openaction":
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(actie)
    elif soort == "aa":
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(actie)})
    else:  # a document-level script in the name tree
        boom = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(actie)])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): boom})
    uit = io.BytesIO()
    writer.write(uit)
    assert "scripts" in weiger(employer_client, dossier, uit.getvalue())


# --- Isolation -----------------------------------------------------------------------------------


def test_another_organisation_gets_404_everywhere(employer_client):
    ander = lopend_dossier(factories.OrganisatieFactory())
    evaluatie = Evaluatie.objects.create(dossier=ander, hoogte=True)
    assert employer_client.post(reverse("evaluaties:start", args=[ander.pk])).status_code == 404
    assert employer_client.get(reverse("evaluaties:motivatieverslag", args=[ander.pk])).status_code == 404
    assert employer_client.get(stap_url(evaluatie, "keuze")).status_code == 404
    assert (
        employer_client.get(reverse("evaluaties:ingediend", args=[ander.pk, evaluatie.pk])).status_code == 404
    )
    assert (
        employer_client.get(reverse("evaluaties:ontvangstbewijs", args=[ander.pk, evaluatie.pk])).status_code
        == 404
    )
    assert not Evaluatie.objects.filter(dossier=ander).exclude(pk=evaluatie.pk).exists()
    concept = factories.OrganisatieFactory()
    from tests.behandeling.factories import DossierFactory

    draft = DossierFactory(organisatie=concept, status="concept", referentie=None)
    assert (
        employer_client.get(reverse("evaluaties:motivatieverslag_aanvraag", args=[draft.pk])).status_code
        == 404
    )


def test_a_request_of_another_dossier_of_the_same_organisation_is_404(employer_client, organisatie, dossier):
    ander = lopend_dossier(organisatie)
    evaluatie = Evaluatie.objects.create(dossier=ander, hoogte=True)
    url = reverse("evaluaties:stap", args=[dossier.pk, evaluatie.pk, "keuze"])
    assert employer_client.get(url).status_code == 404


def test_filter_in_evaluatie_on_actuele_stand(employer_client, organisatie, dossier):
    ander = lopend_dossier(organisatie)
    ander.status = "in_evaluatie"
    ander.save()
    html = employer_client.get(reverse("aanvragen:dossiers") + "?status=in_evaluatie").content.decode()
    assert ander.referentie in html and dossier.referentie not in html


def test_the_evaluation_block_costs_three_queries(employer_client, dossier, django_assert_num_queries):
    # session, access with the user, dossier, timeline, changes + evaluation: latest request, active grant,
    # previous VDAB evaluation; + the appeal block: the latest appeal (with its decision).
    with django_assert_num_queries(9):
        assert employer_client.get(reverse("aanvragen:dossier", args=[dossier.pk])).status_code == 200


def test_a_draft_resumed_when_no_longer_possible_says_why(employer_client, organisatie, verantwoordelijke):
    import time_machine

    from tests.conftest import handelt_voor

    dossier = lopend_dossier(organisatie, start=dt.date(2022, 10, 1))  # ends 2027-09-30
    evaluatie = start(employer_client, dossier)
    with time_machine.travel(dt.datetime(2027, 10, 1, 10, tzinfo=dt.UTC), tick=False):
        handelt_voor(employer_client, verantwoordelijke, organisatie)  # a new day, a new session
        response = employer_client.post(stap_url(evaluatie, "keuze"), {"actie": "volgende"})
    assert response.status_code == 400
    assert "afgelopen" in response.content.decode()

"""The evaluation of a VOP premium is a new application (a draft, without a reference yet): its
motivatieverslag carries the draft's own key, and a report of another draft or dossier is refused
as for an IMW evaluation."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from aanvragen.models import DocumentSoort
from evaluaties import motivatieverslag
from tests.aanvragen.test_dossiers_fixtures import concept
from tests.evaluaties.conftest import INGEVULD, ingevuld_verslag, lopend_dossier, vul_in

pytestmark = pytest.mark.django_db


def vop_stap(client, draft, verslag: bytes):
    return client.post(
        reverse("aanvragen:aanvraag_stap", args=[draft.pk, "vop"]),
        {
            "vop_evaluatie": "True",
            "motivatieverslag": SimpleUploadedFile("motivatie.pdf", verslag, content_type="application/pdf"),
            "actie": "volgende",
        },
    )


def formulier(client, draft) -> bytes:
    response = client.get(reverse("evaluaties:motivatieverslag_aanvraag", args=[draft.pk]))
    assert response.status_code == 200
    return response.content


def test_the_drafts_report_carries_the_drafts_own_key(employer_client, organisatie):
    draft = concept(organisatie, referentie=None)
    velden = PdfReader(io.BytesIO(formulier(employer_client, draft))).get_form_text_fields()
    assert velden["referentie"] == motivatieverslag.kenmerk(draft) == f"IMW-CONCEPT-{draft.pk:06d}"


def test_another_drafts_report_is_refused_and_its_own_accepted(employer_client, organisatie):
    eigen = concept(organisatie, referentie=None)
    ander = concept(organisatie, referentie=None)
    van_ander = vul_in(formulier(employer_client, ander), INGEVULD)

    response = vop_stap(employer_client, eigen, van_ander)
    assert response.status_code == 200
    html = response.content.decode()
    assert "hoort bij een ander dossier" in html and motivatieverslag.kenmerk(ander) in html
    assert not eigen.documenten.exists()

    response = vop_stap(employer_client, eigen, vul_in(formulier(employer_client, eigen), INGEVULD))
    assert response.status_code == 302, response.context["form"].errors
    assert eigen.documenten.get().soort == DocumentSoort.MOTIVATIEVERSLAG


def test_a_running_dossiers_report_is_refused_for_a_draft(employer_client, organisatie):
    draft = concept(organisatie, referentie=None)
    dossier = lopend_dossier(organisatie)
    html = vop_stap(employer_client, draft, ingevuld_verslag(dossier)).content.decode()
    assert "hoort bij een ander dossier" in html and dossier.referentie in html
    assert not draft.documenten.exists()


def test_a_report_without_a_reference_matches_no_draft(organisatie):
    # A report made before drafts carried their key: its reference field is empty.
    draft = concept(organisatie, referentie=None)
    leeg = vul_in(motivatieverslag.genereer(draft), {**INGEVULD, "referentie": ""})
    with pytest.raises(Exception, match="hoort bij een ander dossier") as fout:
        motivatieverslag.lees(
            SimpleUploadedFile("m.pdf", leeg), referentie=motivatieverslag.kenmerk(draft), zelfstandige=False
        )
    assert fout.value.code == "ander_dossier"
    with pytest.raises(Exception, match="hoort bij een ander dossier"):
        motivatieverslag.lees(SimpleUploadedFile("m.pdf", leeg), referentie="", zelfstandige=False)

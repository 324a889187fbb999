"""The fillable motivatieverslag as a property: whatever the user types is read back as typed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluaties import motivatieverslag
from tests.evaluaties.conftest import INGEVULD, vul_in

pytestmark = pytest.mark.django_db

tekst = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "Zs", "Po", "Pd"), max_codepoint=0x17F),
    min_size=1,
    max_size=80,
).filter(lambda t: t.strip())


@pytest.fixture
def formulier(dossier):
    return motivatieverslag.genereer(dossier)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(functie=tekst, evolutie=tekst)
def test_typed_text_is_read_back(dossier, formulier, functie, evolutie):
    ingevuld = vul_in(formulier, {**INGEVULD, "functie": functie, "evolutie": evolutie})
    waarden = motivatieverslag.lees(
        SimpleUploadedFile("m.pdf", ingevuld), referentie=dossier.referentie, zelfstandige=False
    )
    assert waarden["functie"] == functie.strip() and waarden["evolutie"] == evolutie.strip()


def test_the_self_employed_form_has_its_own_questions(dossier):
    dossier.aanvrager_soort = "zelfstandige"
    from pypdf import PdfReader

    velden = PdfReader(io.BytesIO(motivatieverslag.genereer(dossier))).get_form_text_fields()
    assert "activiteit" in velden and "functie" not in velden and "werkgever" not in velden

"""A running 5-year grant to evaluate, and a motivatieverslag filled in as a PDF reader would."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from aanvragen.models import Beslissing, StatusOvergang
from tests import factories
from tests.behandeling.conftest import (  # noqa: F401 - staff fixtures shared with the handling tests
    _geen_axes,
    behandelaar,
    behandelaar_client,
    rollen,
)
from tests.behandeling.factories import DossierFactory

# The grant runs 2026-04-01 .. 2031-03-31; on VANDAAG the height may be evaluated.
START = dt.date(2026, 4, 1)
EINDE = dt.date(2031, 3, 31)
VANDAAG = dt.date(2027, 6, 15)

INGEVULD = {
    "functie": "Magazijnier: orderpicking en inpakken.",
    "evolutie": "De ondersteuningsnood is gestegen sinds de vorige beslissing.",
    "gevraagde_aanpassing": "Een hoger percentage: meer begeleiding nodig.",
    "ingevuld_door": "Els Peeters, HR",
}


@pytest.fixture(autouse=True)
def _vandaag():
    with time_machine.travel(dt.datetime(2027, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def lopend_dossier(organisatie=None, *, premie="loonpremie", duur=5, start=START, **kwargs):
    """A dossier whose grant (``duur`` years from ``start``) runs."""
    from aanvragen import rules

    extra = {"organisatie": organisatie} if organisatie is not None else {}
    eind = rules.einddatum(start, duur)
    dossier = DossierFactory(
        status="lopend",
        premie_keuze=premie,
        startdatum=start,
        einddatum=eind,
        ontvankelijk=True,
        **extra,
        **kwargs,
    )
    Beslissing.objects.create(
        dossier=dossier,
        uitkomst="toegekend",
        loonpremie=True,
        begeleidingspremie=premie == "loon_begeleiding",
        percentage=40,
        pakket="vast",
        schijven=[[1, 4 * duur, 40]],
        duur_jaren=duur,
        startdatum=start,
        einddatum=eind,
        beslist_op=start,
        beslist_door=factories.UserFactory(is_staff=True),
    )
    StatusOvergang.objects.create(dossier=dossier, van="toegekend", naar="lopend")
    factories.DimonaRelatieFactory(werkgever_kbo=dossier.organisatie.kbo_nummer, insz=dossier.werknemer_insz)
    return dossier


@pytest.fixture
def dossier(organisatie):
    return lopend_dossier(organisatie)


def vul_in(pdf: bytes, waarden: dict) -> bytes:
    """Fill the form fields as a PDF reader would (the fields stay fields)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for pagina in writer.pages:
        writer.update_page_form_field_values(pagina, waarden, auto_regenerate=False)
    uit = io.BytesIO()
    writer.write(uit)
    return uit.getvalue()


def afgevlakt(pdf: bytes) -> bytes:
    """The same PDF 'flattened' (printed to PDF, or saved without its form)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.remove_annotations(subtypes="/Widget")
    del writer._root_object["/AcroForm"]
    uit = io.BytesIO()
    writer.write(uit)
    return uit.getvalue()


def upload(inhoud: bytes, naam="motivatieverslag.pdf"):
    return SimpleUploadedFile(naam, inhoud, content_type="application/pdf")


def ingevuld_verslag(dossier, waarden=None) -> bytes:
    from evaluaties import motivatieverslag

    return vul_in(motivatieverslag.genereer(dossier), INGEVULD if waarden is None else waarden)

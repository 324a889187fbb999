"""A refused dossier whose decision can be appealed, and the staff fixtures of the handling tests."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from aanvragen.models import Beslissing, StatusOvergang
from tests import factories
from tests.behandeling.conftest import (  # noqa: F401 - staff fixtures shared with the handling tests
    _geen_axes,
    behandelaar,
    behandelaar_client,
    rollen,
    supervisor,
    supervisor_client,
)
from tests.behandeling.factories import DossierFactory

VANDAAG = dt.date(2027, 3, 1)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG_KOP = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


@pytest.fixture(autouse=True)
def _vandaag():
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def beslist_dossier(
    organisatie=None, *, beslist_op=VANDAAG - dt.timedelta(days=10), uitkomst="geweigerd", **velden
):
    """A dossier decided on ``beslist_op`` (refused, or granted); ``velden`` for the dossier."""
    extra = {"organisatie": organisatie, **velden} if organisatie is not None else velden
    status = "geweigerd" if uitkomst == "geweigerd" else "toegekend"
    dossier = DossierFactory(status=status, ontvankelijk=True, **extra)
    inhoud = (
        {"reden": "Geen geldige tewerkstelling."}
        if uitkomst == "geweigerd"
        else {
            "loonpremie": True,
            "percentage": 40,
            "pakket": "vast",
            "schijven": [[1, 8, 40]],
            "duur_jaren": 2,
            "startdatum": dt.date(2027, 1, 1),
            "einddatum": dt.date(2028, 12, 31),
        }
    )
    Beslissing.objects.create(
        dossier=dossier,
        uitkomst=uitkomst,
        beslist_op=beslist_op,
        beslist_door=factories.UserFactory(is_staff=True),
        **inhoud,
    )
    StatusOvergang.objects.create(dossier=dossier, van="in_behandeling", naar=status)
    return dossier


@pytest.fixture
def dossier(organisatie):
    return beslist_dossier(organisatie)


def pdf_upload(naam="bewijs.pdf", inhoud=PDF):
    return SimpleUploadedFile(naam, inhoud, content_type="application/pdf")

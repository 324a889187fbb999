"""Uploads are checked by their content (not their name or browser type) and their size."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aanvragen import uploads
from aanvragen.models import Document, Dossier

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb\x00C\x00"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00"


def bestand(naam, inhoud, content_type="application/pdf"):
    return SimpleUploadedFile(naam, inhoud, content_type=content_type)


@pytest.mark.parametrize(
    ("naam", "inhoud", "mime"),
    [("a.pdf", PDF, "application/pdf"), ("a.png", PNG, "image/png"), ("a.jpg", JPEG, "image/jpeg")],
)
def test_pdf_jpeg_and_png_are_accepted_by_content(naam, inhoud, mime):
    assert uploads.controleer(bestand(naam, inhoud)) == mime


def test_a_png_named_pdf_is_accepted_as_png():
    assert uploads.controleer(bestand("scan.pdf", PNG, "application/pdf")) == "image/png"


@pytest.mark.parametrize(
    ("naam", "inhoud"),
    [
        ("bewijs.pdf", b"Dit is gewoon tekst, met de naam van een pdf."),
        ("foto.png", GIF),
        ("bewijs.pdf", ZIP),
        ("leeg.pdf", b"\x00" * 20),
    ],
)
def test_other_content_is_refused_whatever_its_name(naam, inhoud):
    with pytest.raises(ValidationError) as exc:
        uploads.controleer(bestand(naam, inhoud))
    assert exc.value.messages == ["Dit bestand is geen PDF, JPEG of PNG."]


def test_at_most_10_mb(settings):
    assert settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    precies = bestand("groot.pdf", PDF + b"0" * (settings.UPLOAD_MAX_BYTES - len(PDF)))
    assert uploads.controleer(precies) == "application/pdf"
    te_groot = bestand("groot.pdf", PDF + b"0" * (settings.UPLOAD_MAX_BYTES + 1 - len(PDF)))
    with pytest.raises(ValidationError) as exc:
        uploads.controleer(te_groot)
    assert exc.value.messages == ["Dit bestand is groter dan 10 MB."]


@pytest.mark.django_db
def test_a_stored_upload_is_private_named_by_content_and_replaces_the_previous(organisatie, settings):
    dossier = Dossier.objects.create(organisatie=organisatie)
    eerste = uploads.bewaar(dossier, "bewijs_kwalificatie", bestand("../../etc/diploma.pdf", PNG))
    assert eerste.naam == "diploma.png" and eerste.mimetype == "image/png" and eerste.grootte == len(PNG)
    assert eerste.bestand.name.endswith(".png") and "diploma" not in eerste.bestand.name
    # In the private storage, outside MEDIA_ROOT: never under a public URL.
    assert "private" in eerste.bestand.path
    assert not eerste.bestand.path.startswith(str(settings.MEDIA_ROOT))
    assert eerste.bestand.read() == PNG
    tweede = uploads.bewaar(dossier, "bewijs_kwalificatie", bestand("nieuw.pdf", PDF))
    assert list(Document.objects.filter(dossier=dossier)) == [tweede]


@pytest.mark.django_db
def test_a_too_large_upload_in_the_form_gets_the_dutch_message(employer_client, organisatie, settings):

    organisatie.soort = "zelfstandige"
    organisatie.save()
    employer_client.post(reverse("aanvragen:start"))
    dossier = Dossier.objects.get()
    url = reverse("aanvragen:aanvraag_stap", args=[dossier.pk, "bedrijfsactiviteit"])
    te_groot = bestand("attest.pdf", PDF + b"0" * (settings.UPLOAD_MAX_BYTES + 1 - len(PDF)))
    response = employer_client.post(url, {"actie": "volgende", "bewijs_bedrijfsactiviteit": te_groot})
    assert response.status_code == 200
    assert response.context["form"].errors["bewijs_bedrijfsactiviteit"] == [
        "Dit bestand is groter dan 10 MB."
    ]
    assert not Document.objects.exists()
    tekst = bestand("attest.pdf", b"geen pdf")
    response = employer_client.post(url, {"actie": "volgende", "bewijs_bedrijfsactiviteit": tekst})
    assert response.context["form"].errors["bewijs_bedrijfsactiviteit"] == [
        "Dit bestand is geen PDF, JPEG of PNG."
    ]
    png = bestand("attest.pdf", PNG)
    assert (
        employer_client.post(url, {"actie": "volgende", "bewijs_bedrijfsactiviteit": png}).status_code == 302
    )
    assert Document.objects.get().mimetype == "image/png"

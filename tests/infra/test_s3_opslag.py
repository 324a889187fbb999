"""Private files on S3-compatible storage (S3_BUCKET): the same portal flows against a local S3
server (moto in server mode), objects private, downloads only through the views that check access."""

import io
import socket
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import time_machine
from django.urls import reverse
from moto.server import ThreadedMotoServer

from aanvragen import beslissingen
from aanvragen.models import Document, DocumentSoort
from loket.storage import private_storage
from tests import factories
from tests.aanvragen.test_aanvraag import PDF, andere_client, pdf, post_stap, start
from tests.behandeling.factories import DossierFactory

pytestmark = pytest.mark.django_db
BUCKET = "imw-loket-test"
SLEUTELS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "eu-west-1"}


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_vrije_poort(), verbose=False)
    server.start()
    host, poort = server.get_host_and_port()
    yield f"http://{host}:{poort}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings):
    """The private storage switched to a fresh bucket on the local S3 server; the client to look."""
    client = boto3.client("s3", endpoint_url=s3_server, **SLEUTELS)
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "eu-west-1",
                "access_key": "test",
                "secret_key": "test",
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 60,
                "signature_version": "s3v4",
                "file_overwrite": False,
            },
        },
    }
    yield client
    objecten = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for obj in objecten:
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _sleutels(client) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def _is_privaat(client, sleutel) -> bool:
    grants = client.get_object_acl(Bucket=BUCKET, Key=sleutel)["Grants"]
    return all("URI" not in g["Grantee"] for g in grants)  # no AllUsers / AuthenticatedUsers grant


def _upload_via_portaal(employer_client, organisatie):
    """A draft application with the begeleider's qualification uploaded in its step."""
    factories.VestigingFactory(organisatie=organisatie)
    dossier = start(employer_client)
    post_stap(employer_client, dossier, "premie", {"premie_keuze": "loon_begeleiding"})
    post_stap(
        employer_client, dossier, "begeleiding", {"begeleider_soort": "intern", "bewijs_kwalificatie": pdf()}
    )
    return dossier, Document.objects.get()


def test_an_upload_lands_in_the_bucket_privately_and_only_its_organisation_downloads_it(
    s3, employer_client, organisatie, client
):
    dossier, document = _upload_via_portaal(employer_client, organisatie)
    sleutel = f"private/{document.bestand.name}"
    assert _sleutels(s3) == [sleutel]
    assert s3.get_object(Bucket=BUCKET, Key=sleutel)["Body"].read() == PDF
    assert _is_privaat(s3, sleutel)

    url = reverse("aanvragen:aanvraag_document", args=[dossier.pk, document.pk])
    response = employer_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert andere_client(client).get(url).status_code == 404


def test_a_file_gone_from_the_bucket_is_a_404_not_a_server_error(s3, employer_client, organisatie):
    dossier, document = _upload_via_portaal(employer_client, organisatie)
    s3.delete_object(Bucket=BUCKET, Key=f"private/{document.bestand.name}")
    url = reverse("aanvragen:aanvraag_document", args=[dossier.pk, document.pk])
    assert employer_client.get(url).status_code == 404


@time_machine.travel("2026-05-14 10:00 +02:00", tick=False)
def test_the_decision_letter_is_written_to_the_bucket(s3):
    gebruiker = factories.UserFactory()
    dossier = DossierFactory(status="in_behandeling", ingediend_door=gebruiker)
    beslissing = beslissingen.beslis(
        dossier, door=gebruiker, uitkomst="toegekend", loonpremie=True, percentage=40, duur_jaren=5
    )
    sleutel = f"private/{beslissing.brief.name}"
    assert sleutel in _sleutels(s3) and _is_privaat(s3, sleutel)
    assert s3.get_object(Bucket=BUCKET, Key=sleutel)["Body"].read().startswith(b"%PDF")
    brief = dossier.documenten.get(soort=DocumentSoort.BESLISSINGSBRIEF)
    assert brief.bestand.storage.exists(brief.bestand.name)


def test_a_url_to_a_private_object_is_signed_and_short_lived(s3):
    naam = private_storage().save("brieven/proef.pdf", io.BytesIO(PDF))
    query = parse_qs(urlsplit(private_storage().url(naam)).query)
    assert "X-Amz-Signature" in query and query["X-Amz-Expires"] == ["60"]

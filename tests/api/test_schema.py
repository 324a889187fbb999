"""The committed OpenAPI schema is the one the code generates (regenerate it with
``python manage.py spectacular --file loket/api/openapi.yaml``), and the portal serves it and its
documentation pages without any outside (CDN) resource."""

from pathlib import Path

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

SCHEMA = Path(__file__).resolve().parents[2] / "loket" / "api" / "openapi.yaml"


def test_committed_schema_matches_the_code():
    # In Dutch, as `manage.py spectacular` writes it: not in a language an earlier test left active.
    with translation.override("nl"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    gegenereerd = OpenApiYamlRenderer().render(schema, renderer_context={}).decode()
    assert gegenereerd == SCHEMA.read_text(), (
        "the API changed: run `python manage.py spectacular --file loket/api/openapi.yaml` and commit it"
    )


@pytest.mark.django_db
def test_schema_and_docs_are_served_from_the_portal_itself(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200 and b"/api/v1/dossiers/" in response.content
    for pad in ("/api/v1/docs/", "/api/v1/redoc/"):
        html = client.get(pad).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html, pad
        assert "https://" not in html and "http://" not in html, pad  # nothing from outside
        assert "<script>" not in html, pad  # no inline script: the portal's CSP holds

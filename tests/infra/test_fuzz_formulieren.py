"""Every portal form and the staff's dossier actions get random and hostile input (Hypothesis):
never a server error, and a submission the form refuses stores nothing.

The fields are read from the form's own page, so a new field is fuzzed without changing this test.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanvragen.rules import aanvraag_stappen
from tests.behandeling.conftest import maak_medewerker, meld_aan_met_otp
from tests.behandeling.conftest import rollen as rollen  # the fixture, for the staff tests
from tests.behandeling.factories import DossierFactory
from tests.evaluaties.conftest import lopend_dossier

pytestmark = pytest.mark.django_db

VIJANDIG = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "abc\x00def",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "9999-12-31",
            "0000-00-00",
            "31/02/2026",
            "-1",
            "1e309",
            "NaN",
            "99999999999999999999",
            "٠٥٦٦٩٨٨٢٥٩",
            "0566988259²",
            "BE71 0961 2345 6769",
            "on",
            "True",
            "False",
            "ja",
            "x" * 5000,
            "../../etc/passwd",
        ]
    ),
)
NAAM = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.S)
ZONDER = {"csrfmiddlewaretoken"}
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def velden(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return sorted(set(NAAM.findall(response.content.decode())) - ZONDER)


def telling() -> dict[str, int]:
    """Rows per model of the procedure's apps: what a refused submission must leave unchanged."""
    return {
        m._meta.label: m.objects.count()
        for app in ("aanvragen", "evaluaties", "premies", "loket")
        for m in apps.get_app_config(app).get_models()
        if not m._meta.label.endswith(("Inzage", "Bericht", "BerichtBijlage"))
        and "historical" not in m._meta.label.lower()
    }


def fuzz(client, url: str, data: dict[str, str]) -> None:
    voor = telling()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    if response.status_code == 200:  # the form came back with its errors: nothing may be stored
        assert telling() == voor, (url, data)


def _waarden(namen):
    return st.fixed_dictionaries({naam: VIJANDIG for naam in namen})


@pytest.fixture
def portaal(employer_client, organisatie):
    from tests import factories
    from tests.aanvragen.test_dossiers_fixtures import concept

    vestiging = factories.VestigingFactory(organisatie=organisatie)
    dossier = lopend_dossier(organisatie, premie="loon_begeleiding")
    return {
        "client": employer_client,
        "concept": concept(organisatie, premie="loon_begeleiding", vestiging=vestiging),
        "dossier": dossier,
    }


@pytest.mark.parametrize("naam", ["loket:registreren", "loket:toegang"])
def test_registration_and_access_forms(portaal, naam):
    client = portaal["client"]
    url = reverse(naam)
    namen = velden(client, url)

    @FUZZ
    @given(data=_waarden(namen))
    def run(data):
        fuzz(client, url, data)

    run()


@pytest.mark.parametrize(
    "stap", aanvraag_stappen(zelfstandige=False, onderwijs=False, premie_keuze="loon_begeleiding")
)
def test_every_step_of_the_application(portaal, stap):
    client = portaal["client"]
    url = reverse("aanvragen:aanvraag_stap", args=[portaal["concept"].pk, stap])
    namen = velden(client, url)

    @FUZZ
    @given(data=_waarden(namen), actie=st.sampled_from(["volgende", "opslaan", "vorige", "indienen", "x"]))
    def run(data, actie):
        fuzz(client, url, {**data, "actie": actie})

    run()


@pytest.mark.parametrize(
    "soort", ["contactpersoon", "rekeningnummer", "uit_dienst", "collega_coach", "begeleider"]
)
def test_every_reported_change(portaal, soort):
    client = portaal["client"]
    url = reverse("aanvragen:wijziging_melden", args=[portaal["dossier"].pk, soort])
    namen = velden(client, url)

    @FUZZ
    @given(data=_waarden(namen))
    def run(data):
        fuzz(client, url, data)

    run()


def test_the_simulator(client):
    url = reverse("premies:simulator")
    namen = velden(client, url)

    @FUZZ
    @given(data=_waarden(namen))
    def run(data):
        assert client.get(url, {**data, "bereken": "1"}).status_code < 500

    run()


@pytest.mark.parametrize("actie", ["ontvankelijkheid", "informatie", "beslissen"])
def test_the_staff_actions_on_a_dossier(client, rollen, actie):
    meld_aan_met_otp(client, maak_medewerker("behandelaar", "fuzz-behandelaar"))
    dossier = DossierFactory(status="in_behandeling")
    url = reverse("admin:aanvragen_dossier_actie", args=[dossier.pk, actie])
    namen = velden(client, url)

    @FUZZ
    @given(data=_waarden(namen))
    def run(data):
        fuzz(client, url, data)

    run()

"""The public simulator: no login, a GET form, worked numbers from the rules and parameters,
every impossible input a message next to its field with what was typed kept."""

import re

import pytest
import time_machine
from django.urls import reverse

from loket.models import GgmmiBedrag

pytestmark = pytest.mark.django_db

URL = "/individueel-maatwerk/simulator/"
VANDAAG = "2026-05-14 10:00 +02:00"

LOON = {
    "premie": "loonpremie",
    "brutoloon": "9.000,00",
    "werkgeversbijdragen": "2250",
    "verminderingen": "500",
    "arbeidsfractie": "0,8",
    "pakket": "vast",
    "percentage": "40",
    "duur_jaren": "2",
    "startkwartaal": "2026-Q3",
}


def tekst(html: str, testid: str) -> str:
    gevonden = re.search(rf'<(\w+)[^>]*data-testid="{re.escape(testid)}"[^>]*>(.*?)</\1>', html, re.S)
    assert gevonden, testid
    return " ".join(re.sub(r"<[^>]+>", " ", gevonden.group(2)).split())


def fout_bij(html: str, veld: str) -> str:
    """The error message crispy renders under the field (linked to it by its id)."""
    gevonden = re.search(rf'id="error_1_id_{veld}"[^>]*>(.*?)</', html, re.S)
    assert gevonden, f"no error for {veld}"
    return " ".join(re.sub(r"<[^>]+>", " ", gevonden.group(1)).split())


@time_machine.travel(VANDAAG, tick=False)
def test_publiek_en_zonder_invoer_enkel_het_formulier(client):
    assert reverse("premies:simulator") == URL
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="get"' in html and 'data-testid="raming"' not in html and "foutmelding" not in html
    assert '<option value="2026-Q2" selected>' in html  # this quarter


@time_machine.travel(VANDAAG, tick=False)
def test_loonpremie_vast_percentage_twee_jaar(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        html = client.get(URL, LOON).content.decode()
    # Reference wage 9,000 + 2,250 − 500 = 10,750; cap 2 × 2,029.88 × 3 × 0.8 = 9,743.42;
    # 40 % of the cap = 3,897.37 per quarter, eight quarters from 2026-Q3.
    assert tekst(html, "raming-2026-Q3") == (
        "2026-Q3 (kwartaal 1) € 10.750,00 € 9.743,42 40 % € 3.897,37 € 3.897,37 januari 2027"
    )
    assert 'data-testid="raming-2028-Q2"' in html and 'data-testid="raming-2028-Q3"' not in html
    assert tekst(html, "totaal-2026") == "€ 7.794,74"
    assert tekst(html, "totaal") == "€ 31.178,96"
    assert "Toekomstige indexeringen zijn niet meegerekend" in html


@time_machine.travel(VANDAAG, tick=False)
def test_degressief_pakket_met_begeleidingspremie(client, django_assert_max_num_queries):
    invoer = {
        **LOON,
        "premie": "loon_begeleiding",
        "begeleidingsnood": "midden",
        "pakket": "5j",
        "percentage": "",
    }
    # GGMMI of all 60 months, the package and its brackets, the guidance amounts: 5 queries.
    with django_assert_max_num_queries(5):
        html = client.get(URL, invoer).content.decode()
    # Quarters 1–5 at 40 %, 6–8 at 30 %, 9–20 at 20 %; guidance 1,200 + 730 start-up, then 600.
    assert tekst(html, "raming-2026-Q3").startswith(
        "2026-Q3 (kwartaal 1) € 10.750,00 € 9.743,42 40 % € 3.897,37 € 1.930,00 € 5.827,37"
    )
    assert tekst(html, "raming-2027-Q4").startswith(
        "2027-Q4 (kwartaal 6) € 10.750,00 € 9.743,42 30 % € 2.923,03 € 600,00"
    )
    assert tekst(html, "raming-2031-Q2").startswith(
        "2031-Q2 (kwartaal 20) € 10.750,00 € 9.743,42 20 % € 1.948,68 € 600,00"
    )
    assert 'data-testid="raming-2031-Q3"' not in html
    # 5 × 3,897.37 + 3 × 2,923.03 + 12 × 1,948.68 + 5 × 1,930 + 15 × 600
    assert tekst(html, "totaal") == "€ 70.290,10"


@time_machine.travel(VANDAAG, tick=False)
def test_ondersteuningspremie_met_en_zonder_referentiebedrag(client):
    invoer = {
        "premie": "ondersteuning",
        "pakket": "vast",
        "percentage": "30",
        "duur_jaren": "2",
        "startkwartaal": "2026-Q3",
    }
    html = client.get(URL, invoer).content.decode()
    # Default reference 3 × 2,029.88 = 6,089.64; 30 % = 1,826.89.
    assert (
        tekst(html, "raming-2026-Q3")
        == "2026-Q3 (kwartaal 1) € 6.089,64 30 % € 1.826,89 € 1.826,89 januari 2027"
    )
    html = client.get(URL, {**invoer, "referentiebedrag": "7000"}).content.decode()
    assert tekst(html, "raming-2026-Q3").startswith("2026-Q3 (kwartaal 1) € 7.000,00 30 % € 2.100,00")


@time_machine.travel(VANDAAG, tick=False)
def test_ggmmi_per_maand_zoals_gekend(client):
    GgmmiBedrag.objects.filter(geldig_tot__isnull=True).update(geldig_tot="2026-07-31")
    GgmmiBedrag.objects.create(geldig_vanaf="2026-08-01", bedrag_per_maand="2100.00")
    html = client.get(URL, {**LOON, "arbeidsfractie": "1"}).content.decode()
    # July 2,029.88, August and September 2,100: cap 2 × (2,029.88 + 4,200) = 12,459.76.
    assert tekst(html, "raming-2026-Q3").startswith(
        "2026-Q3 (kwartaal 1) € 10.750,00 € 12.459,76 40 % € 4.300,00"
    )


@time_machine.travel(VANDAAG, tick=False)
@pytest.mark.parametrize(
    ("wijziging", "veld", "boodschap"),
    [
        ({"brutoloon": "-100"}, "brutoloon", "Een bedrag kan niet negatief zijn."),
        ({"brutoloon": "veel"}, "brutoloon", "Vul een getal in, bijvoorbeeld 2.500,00."),
        ({"werkgeversbijdragen": ""}, "werkgeversbijdragen", "Vul dit bedrag in (0 als er geen is)."),
        (
            {"arbeidsfractie": "1,2"},
            "arbeidsfractie",
            "De arbeidsfractie ligt tussen 0 (niet inbegrepen) en 1",
        ),
        ({"arbeidsfractie": "0"}, "arbeidsfractie", "De arbeidsfractie ligt tussen 0 (niet inbegrepen) en 1"),
        ({"percentage": "42"}, "percentage", "Het percentage ligt tussen 20 en 75, in stappen van 5."),
        ({"percentage": "80"}, "percentage", "Het percentage ligt tussen 20 en 75, in stappen van 5."),
        ({"percentage": ""}, "percentage", "Vul het percentage in."),
        (
            {"verminderingen": "3000"},
            "verminderingen",
            "De verminderingen kunnen niet hoger zijn dan de werkgeversbijdragen",
        ),
        (
            {"premie": "loon_begeleiding"},
            "begeleidingsnood",
            "Kies de begeleidingsnood voor de begeleidingspremie.",
        ),
        ({"premie": "ondersteuning", "percentage": "60"}, "percentage", "tussen 20 en 55"),
    ],
)
def test_onmogelijke_invoer_bij_het_veld_en_invoer_blijft(client, wijziging, veld, boodschap):
    invoer = {**LOON, **wijziging}
    html = client.get(URL, invoer).content.decode()
    assert boodschap in fout_bij(html, veld)
    assert f'href="#id_{veld}"' in html  # the summary links to the field
    assert 'data-testid="raming"' not in html
    assert re.search(rf'aria-invalid="true" aria-describedby="[^"]*id_{veld}_error"[^>]*id="id_{veld}"', html)
    # What was typed stays in the text fields.
    for naam in ("brutoloon", "werkgeversbijdragen", "verminderingen", "arbeidsfractie", "percentage"):
        if invoer.get(naam):
            assert f'value="{invoer[naam]}"' in html, naam


def test_dashboard_en_aanmeldpagina_verwijzen_naar_de_simulator(client, employer_client):
    assert f'href="{URL}"' in employer_client.get("/").content.decode()
    employer_client.logout()
    assert f'href="{URL}"' in client.get("/aanmelden/").content.decode()

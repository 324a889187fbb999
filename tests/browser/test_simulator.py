"""The public premium simulator in Chromium: fill it in without logging in, read the estimate;
a mistake is shown next to its field and what was typed stays."""

import pytest
import time_machine

from tests.premies.factories import zet_regelparameters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@time_machine.travel("2026-05-14 10:00 +02:00", tick=True)
def test_werkgever_berekent_een_raming_met_de_simulator(page):
    zet_regelparameters()
    page.goto("/individueel-maatwerk/simulator/")
    page.get_by_role("heading", name="Simulator premies individueel maatwerk").wait_for()

    page.get_by_label("Loonpremie en begeleidingspremie", exact=True).check()
    page.get_by_label("Begeleidingsnood (bij een begeleidingspremie)", exact=True).select_option("midden")
    page.get_by_label("Brutoloon per kwartaal (€)", exact=True).fill("9.000,00")
    page.get_by_label("Werkgeversbijdragen per kwartaal (€)", exact=True).fill("2250")
    page.get_by_label("Verminderingen op de werkgeversbijdragen per kwartaal (€)", exact=True).fill("5000")
    page.get_by_label("Arbeidsfractie", exact=True).fill("0,8")
    page.get_by_label("Vast percentage (%)", exact=True).fill("40")
    page.get_by_label("Duurtijd bij een vast percentage", exact=True).select_option("2")
    page.get_by_label("Eerste kwartaal van de premie").select_option("2026-Q3")
    page.get_by_role("button", name="Bereken").click()

    # Reductions above the contributions they reduce: told next to the field, input kept.
    verminderingen = page.get_by_label(
        "Verminderingen op de werkgeversbijdragen per kwartaal (€)", exact=True
    )
    assert verminderingen.get_attribute("aria-invalid") == "true"
    assert (
        "kunnen niet hoger zijn dan de werkgeversbijdragen"
        in page.locator("#id_verminderingen_error").inner_text()
    )
    assert page.get_by_label("Brutoloon per kwartaal (€)", exact=True).input_value() == "9.000,00"
    assert page.get_by_test_id("raming").count() == 0

    verminderingen.fill("500")
    page.get_by_role("button", name="Bereken").click()

    raming = page.get_by_test_id("raming")
    raming.wait_for()
    eerste = " ".join(page.get_by_test_id("raming-2026-Q3").inner_text().split())
    assert (
        eerste
        == "2026-Q3 (kwartaal 1) € 10.750,00 € 9.743,42 40 % € 3.897,37 € 1.930,00 € 5.827,37 januari 2027"
    )
    assert page.get_by_test_id("raming-2028-Q2").is_visible()
    assert page.get_by_test_id("raming-2028-Q3").count() == 0
    # 8 × 3,897.37 loonpremie + 5 × 1,930 + 3 × 600 begeleidingspremie
    assert page.get_by_test_id("totaal").inner_text() == "€ 42.628,96"
    assert "Toekomstige indexeringen zijn niet meegerekend" in raming.inner_text()
    assert "premie=loon_begeleiding" in page.url  # a GET form: the estimate can be bookmarked

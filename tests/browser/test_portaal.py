import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employer_logs_in_and_sees_the_imw_tile(page, verantwoordelijke, organisatie):
    login(page, verantwoordelijke.username)
    tegel = page.get_by_test_id("tegel-imw")
    assert tegel.is_visible()
    assert tegel.evaluate("el => el.tagName") == "A"
    assert organisatie.naam in page.get_by_test_id("in-naam-van").inner_text()


def test_user_with_several_organisations_chooses_one_sees_it_in_the_header_and_switches(page):
    from tests import factories

    gebruiker = factories.UserFactory(username="lotte.wuyts")
    bakkerij = factories.OrganisatieFactory(naam="Bakkerij Van den Broeck bv")
    klimop = factories.OrganisatieFactory(naam="De Klimop vzw")
    factories.ToegangFactory(gebruiker=gebruiker, organisatie=bakkerij)
    factories.ToegangFactory(gebruiker=gebruiker, organisatie=klimop)

    login(page, gebruiker.username)
    # Two organisations: the portal asks which one, by name and KBO number.
    page.get_by_role("heading", name="Voor welke organisatie werkt u?").wait_for()
    assert page.get_by_test_id("in-naam-van").count() == 0
    page.get_by_label(f"Bakkerij Van den Broeck bv – {bakkerij.kbo_weergave}").check()
    page.get_by_role("button", name="Verder").click()
    in_naam_van = page.get_by_test_id("in-naam-van")
    assert "Bakkerij Van den Broeck bv" in in_naam_van.inner_text()
    assert bakkerij.kbo_weergave in in_naam_van.inner_text()

    # The choice is kept in the session: another page shows the same organisation.
    page.goto("/")
    assert "Bakkerij Van den Broeck bv" in page.get_by_test_id("in-naam-van").inner_text()

    # Switch: back to the chooser (the current one checked), pick the other one.
    page.get_by_role("link", name="Wissel").click()
    assert page.get_by_label(f"Bakkerij Van den Broeck bv – {bakkerij.kbo_weergave}").is_checked()
    page.get_by_label(f"De Klimop vzw – {klimop.kbo_weergave}").check()
    page.get_by_role("button", name="Verder").click()
    assert "De Klimop vzw" in page.get_by_test_id("in-naam-van").inner_text()
    assert "Bakkerij" not in page.get_by_test_id("in-naam-van").inner_text()

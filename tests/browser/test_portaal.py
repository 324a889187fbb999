import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employer_logs_in_and_sees_the_imw_tile(page, verantwoordelijke, organisatie):
    login(page, verantwoordelijke.username)
    tegel = page.get_by_test_id("tegel-imw")
    assert tegel.is_visible()
    assert tegel.evaluate("el => el.tagName") == "A"
    assert organisatie.naam in page.get_by_test_id("in-naam-van").inner_text()

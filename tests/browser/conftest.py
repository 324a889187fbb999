"""A Playwright page on the live server, in Debian's Chromium (tests/conftest.py's ``browser``)."""

import pytest


@pytest.fixture
def page(browser, live_server, settings):
    settings.AXES_ENABLED = False
    context = browser.new_context(base_url=live_server.url, locale="nl-BE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def login(page, username: str, password: str = "Geheim-wachtwoord-1"):
    page.goto("/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()

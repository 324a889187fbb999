"""Playwright driving Debian's Chromium (never a downloaded browser), headless, --no-sandbox."""

import os

import pytest

from tests.conftest import CHROMIUM

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
# body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}", pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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

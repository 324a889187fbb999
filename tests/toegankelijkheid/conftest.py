"""The browser of the browser tests and the authorization matrix's world, reused here."""

from tests.browser.conftest import browser  # noqa: F401
from tests.infra.test_autorisatiematrix import rollen_en_groepen, wereld  # noqa: F401

"""The authorization matrix's world, reused here (the browser is tests/conftest.py's)."""

from tests.infra.test_autorisatiematrix import rollen_en_groepen, wereld  # noqa: F401

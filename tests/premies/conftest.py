"""Staff fixtures of the handling tests, shared with the premium tests; the rule parameters."""

import pytest

from tests.behandeling.conftest import _geen_axes, behandelaar, rollen, supervisor  # noqa: F401

from .factories import zet_regelparameters


@pytest.fixture(autouse=True)
def regelparameters(db):
    zet_regelparameters()

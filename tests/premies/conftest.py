"""Staff fixtures of the handling tests, shared with the premium tests."""

from tests.behandeling.conftest import _geen_axes, behandelaar, rollen, supervisor  # noqa: F401

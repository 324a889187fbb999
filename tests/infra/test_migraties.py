"""Every model change has its migration: a model edited without one fails here, not in production."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_without_a_migration():
    uit = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=uit, stderr=uit)
    except SystemExit as exc:  # --check exits with 1 when a migration is missing
        pytest.fail(f"missing migration (exit {exc.code}):\n{uit.getvalue()}")

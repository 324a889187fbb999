"""The first hour of a newcomer: after the install step, every management command the README
shows works as written in a fresh checkout, outside `make run` (no DJANGO_ENV, no secret key)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README_COMMAND = re.compile(r"\.venv/bin/python manage\.py (\w+)")


def fresh_checkout(tmp_path: Path) -> Path:
    """The files of a clone, sharing this checkout's installed .venv (the bootstrap sees it is
    installed and only writes what a fresh clone lacks)."""
    checkout = tmp_path / "imw-loket"
    checkout.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("loket", "aanvragen", "premies", "evaluaties", "templates", "static", "scripts"):
        shutil.copytree(ROOT / name, checkout / name, ignore=skip)
    for name in ("manage.py", "pyproject.toml"):
        shutil.copy(ROOT / name, checkout / name)
    (checkout / ".venv").symlink_to(ROOT / ".venv")
    return checkout


def newcomer_env() -> dict:
    """A shell of someone who just cloned: none of the project's variables set."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "EMAIL_", "TEST_", "PYTEST", "LOKET_"))
    }


def test_readme_management_commands_run_in_a_fresh_checkout_after_the_install(tmp_path):
    checkout = fresh_checkout(tmp_path)
    env = newcomer_env()

    install = subprocess.run(
        ["bash", "scripts/bootstrap.sh"], cwd=checkout, env=env, capture_output=True, text=True, timeout=60
    )
    assert install.returncode == 0, install.stderr
    assert "DJANGO_ENV=development" in (checkout / ".env").read_text()

    commands = sorted(set(README_COMMAND.findall((ROOT / "README.md").read_text())))
    assert {"demo_data", "staff_totp", "importeer_bron"} <= set(commands)
    for command in commands:
        result = subprocess.run(
            [".venv/bin/python", "manage.py", command, "--help"],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, (command, result.stderr)
        assert "DJANGO_SECRET_KEY" not in result.stderr

    # The same checkout without the file the install wrote is production again: it refuses.
    (checkout / ".env").unlink()
    result = subprocess.run(
        [".venv/bin/python", "manage.py", "demo_data", "--help"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "Set DJANGO_SECRET_KEY in production" in result.stderr

"""Static security analysis with bandit: no finding in the project's code. A finding that is no
risk is marked where it stands with ``# nosec <test id>: why``."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bandit_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", "loket", "aanvragen", "premies", "evaluaties",
         "-x", "*/migrations/*", "-f", "txt"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr

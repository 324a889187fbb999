"""docker-compose.yml and the Dockerfile describe the production-like stack.

No Docker engine runs on these machines: Debian's ``docker-compose config`` validates the file
(skipped on a laptop without docker-compose, required in CI).
"""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def compose(*args, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | env
    return subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.docker_compose
def test_compose_file_is_valid_and_has_the_whole_stack():
    result = compose("config", "-q", DJANGO_SECRET_KEY="test-only")
    assert result.returncode == 0, result.stderr
    services = compose("config", "--services", DJANGO_SECRET_KEY="test-only").stdout.split()
    assert set(services) == {
        "migrate",
        "web",
        "worker",
        "worker-mail",
        "worker-sources",
        "worker-payouts",
        "beat",
        "postgres",
        "redis",
        "mailpit",
    }
    config = compose("config", DJANGO_SECRET_KEY="test-only").stdout
    assert "DATABASE_URL: postgres://loket:loket@postgres:5432/loket" in config
    assert "CELERY_BROKER_URL: redis://redis:6379/0" in config
    assert "EMAIL_HOST: mailpit" in config
    assert "condition: service_completed_successfully" in config  # migrations run first
    assert "django_celery_beat.schedulers:DatabaseScheduler" in config


@pytest.mark.docker_compose
def test_compose_refuses_to_start_without_a_secret_key():
    result = compose("config", "-q")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_dockerfile_runs_gunicorn_as_a_non_root_user_with_weasyprint_libraries():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "fonts-dejavu"):
        assert package in dockerfile
    assert "collectstatic" in dockerfile and "gunicorn" in dockerfile
    assert "\nUSER loket\n" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "var", ".git"} <= set(ignored)


@pytest.mark.docker_compose
def test_one_worker_service_per_queue_group_each_scalable():
    import yaml
    from django.conf import settings

    config = yaml.safe_load(compose("config", DJANGO_SECRET_KEY="test-only").stdout)["services"]
    queues = {}
    for name, service in config.items():
        if name.startswith("worker"):
            command = service["command"]
            queues[name] = command[command.index("-Q") + 1].split(",")
            # --scale needs services without a fixed container name or host port.
            assert "container_name" not in service and "ports" not in service, name
    assert queues["worker-payouts"] == ["payouts"]  # a payout run shares its worker with nothing
    assert queues["worker-mail"] == ["mail"]
    alle = [q for qs in queues.values() for q in qs]
    assert sorted(alle) == sorted(settings.CELERY_QUEUES_ALL)  # every queue consumed, once

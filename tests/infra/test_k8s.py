"""deploy/k8s renders with ``kubectl kustomize`` (Debian's kubernetes-client in CI) and every
rendered object validates offline against the Kubernetes schemas (kubernetes-validate)."""

import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES_VERSION = "1.31.0"  # the oldest version the manifests promise to run on
pytestmark = pytest.mark.kubectl


def render(pad: str) -> list[dict]:
    result = subprocess.run(
        ["kubectl", "kustomize", str(ROOT / pad)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="module", params=["deploy/k8s/base", "deploy/k8s/overlays/example"])
def objecten(request):
    return render(request.param)


def per_soort(objecten, soort):
    return {o["metadata"]["name"]: o for o in objecten if o["kind"] == soort}


def test_every_rendered_object_is_valid_kubernetes(objecten):
    for obj in objecten:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


def test_web_workers_beat_and_migrate_with_probes_resources_and_the_environment(objecten):
    deployments = per_soort(objecten, "Deployment")
    web = deployments["imw-loket-web"]["spec"]["template"]["spec"]["containers"][0]
    assert web["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert web["readinessProbe"]["httpGet"]["path"] == "/health/ready"

    beat = deployments["imw-loket-beat"]["spec"]
    assert beat["replicas"] == 1 and beat["strategy"]["type"] == "Recreate"

    queues = []
    for naam, deployment in deployments.items():
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        assert container["resources"]["requests"] and container["resources"]["limits"], naam
        refs = {next(iter(r.values()))["name"] for r in container["envFrom"]}
        assert refs == {"imw-loket-config", "imw-loket-secrets"}, naam
        # prometheus_client writes per-process files there: the folder must exist in that pod.
        multiproc = [e["value"] for e in container.get("env", []) if e["name"] == "PROMETHEUS_MULTIPROC_DIR"]
        assert multiproc == [m["mountPath"] for m in container.get("volumeMounts", [])], naam
        if "worker" in naam:
            queues += container["command"][container["command"].index("-Q") + 1].split(",")
    assert sorted(queues) == sorted(settings.CELERY_QUEUES_ALL)  # each queue has exactly one worker
    assert "imw-loket-migrate" in per_soort(objecten, "Job")
    assert "imw-loket-web" in per_soort(objecten, "Service")


def test_autoscaling_and_disruption_budgets_never_touch_beat_or_the_payouts_worker(objecten):
    geschaald = {
        h["spec"]["scaleTargetRef"]["name"] for h in per_soort(objecten, "HorizontalPodAutoscaler").values()
    }
    assert "imw-loket-web" in geschaald and "imw-loket-worker-mail" in geschaald
    assert not geschaald & {"imw-loket-beat", "imw-loket-worker-payouts"}
    budgetten = {
        p["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"]
        for p in per_soort(objecten, "PodDisruptionBudget").values()
    }
    assert "web" in budgetten


def test_no_secret_value_is_in_the_manifests(objecten):
    assert not per_soort(objecten, "Secret")
    config = next(iter(per_soort(objecten, "ConfigMap").values()))["data"]
    assert not {"DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "S3_SECRET_ACCESS_KEY"} & set(
        config
    )


def test_the_overlay_sets_namespace_and_image():
    objecten = render("deploy/k8s/overlays/example")
    assert {o["metadata"].get("namespace") for o in objecten} == {"imw-loket"}
    web = per_soort(objecten, "Deployment")["imw-loket-web"]
    assert web["spec"]["replicas"] == 3
    assert (
        web["spec"]["template"]["spec"]["containers"][0]["image"]
        == "registry.example/dwse/imw-loket:2026.11.1"
    )

"""``deploy/kubernetes/``: valid against the Kubernetes schemas (``kubernetes-validate --strict``,
offline), and the promises the manifests make to the service and to each other."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import service
from service import keys

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = sorted((ROOT / "deploy" / "kubernetes").glob("*.yaml"))
CLI = Path(sys.executable).parent / "kubernetes-validate"


def _validate(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CLI), "--strict", "--no-warn", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def resources() -> dict[str, dict]:
    out = {}
    for path in MANIFESTS:
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            out[doc["kind"]] = doc
    return out


def test_manifests_validate_strictly():
    assert {p.name for p in MANIFESTS} == {
        "deployment.yaml",
        "service.yaml",
        "hpa.yaml",
        "pdb.yaml",
        "networkpolicy.yaml",
        "secret.yaml",
    }
    result = _validate(*MANIFESTS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("spec", "template", "spec", "containers", 0, "livenessProbe", "tcpSocket", "prot"), 1),
        (("spec", "replicas"), "two"),
        (("spec", "template", "spec", "containers", 0, "resources", "limits", "memory"), [1]),
    ],
    ids=["unknown-field", "wrong-type", "bad-quantity"],
)
def test_validator_refuses_broken_manifests(tmp_path, resources, path, value):
    # Proves the validator really checks (and would fail the suite) rather than passing all.
    broken = copy.deepcopy(resources["Deployment"])
    node = broken
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    bad = tmp_path / "deployment.yaml"
    bad.write_text(yaml.safe_dump(broken))
    assert _validate(bad).returncode != 0


def _container(resources: dict[str, dict]) -> dict:
    (container,) = resources["Deployment"]["spec"]["template"]["spec"]["containers"]
    return container


def test_probes(resources):
    c = _container(resources)
    assert c["startupProbe"]["httpGet"]["path"] == "/readyz"
    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
    # Liveness must not go through the (possibly busy) workers: a TCP connect to the arbiter's
    # socket, completed by the kernel.
    assert set(c["livenessProbe"]) >= {"tcpSocket"} and "httpGet" not in c["livenessProbe"]
    startup = c["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 60, "time to load the model"


def test_resources_and_workers(resources):
    c = _container(resources)
    requests, limits = c["resources"]["requests"], c["resources"]["limits"]
    assert {"cpu", "memory"} <= set(requests) and {"cpu", "memory"} <= set(limits)
    # The worker count comes from the CPU limit (cgroup), not from a fixed setting.
    assert "NAS_WORKERS" not in {e["name"] for e in c.get("env", [])}


def test_security_and_stop(resources):
    pod = resources["Deployment"]["spec"]["template"]["spec"]
    c = _container(resources)
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    assert {"mountPath": "/tmp", "name": "tmp"} in c["volumeMounts"]
    # gunicorn's graceful timeout is NAS_REQUEST_TIMEOUT (40 s) + 30 s.
    assert pod["terminationGracePeriodSeconds"] > 70


def test_image_is_this_version(resources):
    image = _container(resources)["image"]
    assert image == f"news-attribution-service:{service.__version__}"


def test_resources_point_at_each_other(resources):
    deployment = resources["Deployment"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert resources["Service"]["spec"]["selector"].items() <= labels.items()
    assert resources["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"].items() <= (
        labels.items()
    )
    target = resources["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    (metric,) = resources["HorizontalPodAutoscaler"]["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert resources["Service"]["spec"]["ports"][0]["targetPort"] == "http"
    assert resources["HorizontalPodAutoscaler"]["spec"]["minReplicas"] >= 2, "the PDB can hold"


def _env(container: dict) -> dict[str, str]:
    return {e["name"]: e.get("value") for e in container.get("env", [])}


def test_the_key_secret_is_mounted_read_only_where_the_service_reads_it(resources):
    c = _container(resources)
    pod = resources["Deployment"]["spec"]["template"]["spec"]
    secret = resources["Secret"]
    (volume,) = [v for v in pod["volumes"] if "secret" in v]
    assert volume["secret"]["secretName"] == secret["metadata"]["name"]
    (mount,) = [m for m in c["volumeMounts"] if m["name"] == volume["name"]]
    assert mount["readOnly"] is True and "subPath" not in mount, "a subPath never sees updates"
    (item,) = volume["secret"]["items"]
    assert _env(c)["NAS_API_KEYS_FILE"] == f"{mount['mountPath']}/{item['path']}"
    assert item["key"] in secret["stringData"]
    # Readable by the pod's group only (fsGroup), not by the world.
    assert volume["secret"]["defaultMode"] & 0o007 == 0
    assert pod["securityContext"]["fsGroup"] == pod["securityContext"]["runAsGroup"]
    # As shipped: a valid key file with no key in it (nobody may call until keys are issued).
    assert keys.parse(secret["stringData"][item["key"]]) == ()


def test_the_quotas_admit_the_largest_request(resources):
    from service import config
    from service.web import quotas

    settings = config.load(_env(_container(resources)))  # the pod's NAS_* settings, parsed
    assert settings["QUOTA_REQUESTS_PER_MINUTE"] > 0 and settings["QUOTA_CHARS_PER_MINUTE"] > 0
    quotas.check_settings(settings)  # raises if a batch the limits admit could never be served


def test_the_network_policy_guards_the_pods(resources):
    policy = resources["NetworkPolicy"]["spec"]
    labels = resources["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert policy["podSelector"]["matchLabels"].items() <= labels.items()
    assert set(policy["policyTypes"]) == {"Ingress", "Egress"}
    ports = {p["name"] for p in _container(resources)["ports"]}
    for rule in policy["ingress"]:
        assert {p["port"] for p in rule["ports"]} <= ports, "only the service's port is open"
    egress_ports = {p["port"] for rule in policy["egress"] for p in rule["ports"]}
    assert egress_ports == {53, 4318, 6379}, "DNS, the OTLP collector and Redis, nothing else"

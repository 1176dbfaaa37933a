"""tools.golden: the fingerprint of the engine's answers holds for the same engine and catches a
changed answer."""

from __future__ import annotations

import json

from tools import golden

CORPUS = [
    {"id": "a", "text": "France urged Azerbaijan to cease hostilities, the ministry said."},
    {"id": "b", "text": "“We will respond,” the spokesman said."},
]


def _corpus(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in CORPUS), encoding="utf-8")
    return str(path)


def _run(*argv: str) -> int:
    return golden.main([*argv, "--n-process", "1", "--no-samples"])


def test_same_engine_same_fingerprint(tmp_path, capsys):
    corpus, fp = _corpus(tmp_path), str(tmp_path / "fp.jsonl")
    assert _run("write", fp, corpus, "--full") == 0
    assert _run("check", fp, corpus) == 0
    assert "2 documents: 0 differ" in capsys.readouterr().out


def test_changed_or_missing_answer_fails(tmp_path, capsys):
    corpus, fp = _corpus(tmp_path), tmp_path / "fp.jsonl"
    assert _run("write", str(fp), corpus, "--full") == 0
    rows = [json.loads(line) for line in fp.read_text(encoding="utf-8").splitlines()]
    rows[0]["sha256"] = "0" * 64  # as if the engine had answered differently
    rows.append({"id": "corpus.jsonl:gone", "sha256": "1" * 64})
    fp.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert _run("check", str(fp), corpus) == 1
    out = capsys.readouterr().out
    assert "1 differ, 1 of the fingerprint missing" in out and "corpus.jsonl:a" in out


def test_a_dropped_field_is_left_out_of_the_fingerprint(tmp_path, capsys):
    corpus, fp = _corpus(tmp_path), tmp_path / "fp.jsonl"
    assert _run("write", str(fp), corpus, "--full", "--drop", "quotes.time") == 0
    answers = [json.loads(line)["answer"] for line in fp.read_text(encoding="utf-8").splitlines()]
    assert all(q and "time" not in q for a in answers for q in a["quotes"])
    assert all("published" in a for a in answers)
    # a fingerprint without the field still matches when the check drops it, and only then
    assert _run("check", str(fp), corpus, "--drop", "quotes.time") == 0
    assert _run("check", str(fp), corpus) == 1


def test_without_goes_through_lists_and_ignores_what_is_absent():
    body = {"quotes": [{"id": "q1", "time": 1}, {"id": "q2"}], "published": None, "n": {"x": 1}}
    for path in ("quotes.time", "published", "n.y", "missing.deeper"):
        golden.without(body, path.split("."))
    assert body == {"quotes": [{"id": "q1"}, {"id": "q2"}], "n": {"x": 1}}


def test_samples_read_every_news_folder(tmp_path, monkeypatch):
    seeds, news = tmp_path / "seeds", tmp_path / "news"
    seeds.mkdir()
    (seeds / "s.txt").write_text("A seed.", encoding="utf-8")
    for part, name in [("train", "t1.json"), ("dev", "d1.json"), ("other", "o1.json")]:
        (news / part).mkdir(parents=True)
        (news / part / name).write_text(json.dumps({"text": f"{part} text"}), encoding="utf-8")
    (news / "flat.json").write_text(json.dumps({"text": "old layout"}), encoding="utf-8")
    monkeypatch.setattr(golden, "SEEDS", seeds)
    monkeypatch.setattr(golden, "NEWS", news)
    keys = [key for key, _ in golden._texts([])]
    assert keys == ["seeds:s.txt", "news:train/t1.json", "news:dev/d1.json"]
    assert [key for key, _ in golden._texts([], samples=False)] == []

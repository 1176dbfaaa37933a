"""service.lexicons.load_yaml: the one strict reader of the YAML vocabularies."""

from __future__ import annotations

import pytest

from service.lexicons import load_yaml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("k: [on, off, yes, no]\n", {"k": ["on", "off", "yes", "no"]}),  # words, not booleans
        ("k: {addressee: true}\n", {"k": {"addressee": True}}),
        ("k: [say, tell]\n", {"k": ["say", "tell"]}),
    ],
)
def test_reads(tmp_path, text, expected):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_yaml(path) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [x]\na: [y]\n", "duplicate key 'a'"),
        ("k:\n  b: 1\n  b: 2\n", "duplicate key 'b'"),
        ("- x\n", "non-empty mapping"),
        ("", "non-empty mapping"),
        ("k: [unclosed\n", "x.yaml"),
    ],
)
def test_refuses(tmp_path, text, message):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_yaml(path)


def test_missing_file_raises():
    with pytest.raises(FileNotFoundError):
        load_yaml("no-such-lexicon.yaml")


@pytest.mark.parametrize("name", ["actors.yaml", "cues.yaml", "stance_acts.yaml"])
def test_shipped_lexicons_load(name):
    assert load_yaml(name)


def test_verb_frames_of_the_cue_lexicon():
    from service.lexicons.cues import load_cues

    lex = load_cues()
    # "warned against …" is read only for verbs whose "of"/"about" object is what was said
    assert lex.warning and lex.warning <= lex.of_content
    assert {"tell", "warn"} <= lex.tell_like and "say" not in lex.tell_like
    assert "say" in lex.to_addressee and "say" in lex.relay and "seem" in lex.hedges

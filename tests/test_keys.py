"""The key file (``service.keys``): written atomically with 0600, hashes only, names unique, and
read again by a running service when it changes."""

from __future__ import annotations

import json
import os
import stat

import pytest

from service import keys

GOOD = "k" * 40


def test_add_makes_a_key_and_stores_only_its_salted_hash(tmp_path):
    path = tmp_path / "keys.json"
    key = keys.add(path, "newsroom")
    assert key.startswith(keys.KEY_PREFIX) and keys.KEY.fullmatch(key)
    text = path.read_text()
    assert key not in text and key[len(keys.KEY_PREFIX) :] not in text
    (entry,) = keys.read(path)
    assert entry.name == "newsroom" and keys.matches(key, entry.hash)
    assert not keys.matches(key + "x", entry.hash)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    # Salted: the same key gives another hash each time.
    assert keys.hash_key(key) != keys.hash_key(key)
    assert [p.name for p in tmp_path.iterdir()] == ["keys.json"], "no temporary file left"


def test_find_names_the_caller_and_nobody_else(tmp_path):
    path = tmp_path / "keys.json"
    a, b = keys.add(path, "alpha"), keys.add(path, "beta", "b" * 40)
    entries = keys.read(path)
    assert keys.find(entries, a) == "alpha"
    assert keys.find(entries, "b" * 40) == "beta" and b == "b" * 40
    for other in ["", "b" * 39, "b" * 41, a.upper(), a[:-1]]:
        assert keys.find(entries, other) is None, other


@pytest.mark.parametrize(
    ("name", "key", "message"),
    [
        ("newsroom", None, "already has a key"),
        ("other", GOOD, "already belongs"),
        ("1abc", None, "bad name"),
        ("a b", None, "bad name"),
        ("x" * 65, None, "bad name"),
        ("short", "k" * 31, "bad key"),
        ("spaced", "k" * 20 + " " + "k" * 20, "bad key"),
    ],
)
def test_add_refuses(tmp_path, name, key, message):
    path = tmp_path / "keys.json"
    keys.add(path, "newsroom", GOOD)
    before = path.read_bytes()
    with pytest.raises(keys.KeyFileError, match=message):
        keys.add(path, name, key)
    assert path.read_bytes() == before


def test_revoke_removes_the_caller_only(tmp_path):
    path = tmp_path / "keys.json"
    keys.add(path, "alpha", "a" * 40)
    keys.add(path, "beta", "b" * 40)
    keys.revoke(path, "alpha")
    entries = keys.read(path)
    assert [e.name for e in entries] == ["beta"]
    assert keys.find(entries, "a" * 40) is None and keys.find(entries, "b" * 40) == "beta"
    with pytest.raises(keys.KeyFileError, match="no caller named 'alpha'"):
        keys.revoke(path, "alpha")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not JSON"),
        ("[]", "version"),
        ('{"version": 2, "keys": []}', "version"),
        ('{"version": 1, "keys": {}}', "must be a list"),
        ('{"version": 1, "keys": [1]}', "must be an object"),
        ('{"version": 1, "keys": [{"name": "a", "hash": "plain"}]}', "bad hash"),
        ('{"version": 1, "keys": [{"name": "-a", "hash": "x"}]}', "bad name"),
    ],
)
def test_malformed_files_are_refused(tmp_path, text, message):
    path = tmp_path / "keys.json"
    path.write_text(text)
    with pytest.raises(keys.KeyFileError, match=message):
        keys.read(path)


def test_a_name_twice_is_refused(tmp_path):
    path = tmp_path / "keys.json"
    entry = {"name": "a", "hash": keys.hash_key(GOOD)}
    path.write_text(json.dumps({"version": 1, "keys": [entry, entry]}))
    with pytest.raises(keys.KeyFileError, match="twice"):
        keys.read(path)


def test_the_store_reads_the_file_again_when_it_changes(tmp_path):
    path = tmp_path / "keys.json"
    keys.add(path, "alpha", "a" * 40)
    errors = []
    store = keys.KeyStore(path, on_error=errors.append)
    assert store.caller("a" * 40) == "alpha" and store.caller("b" * 40) is None
    keys.add(path, "beta", "b" * 40)
    assert store.caller("b" * 40) == "beta"
    keys.revoke(path, "alpha")
    assert store.caller("a" * 40) is None
    # A broken file keeps the last good keys, and says so.
    path.write_text("{ broken")
    assert store.caller("b" * 40) == "beta" and len(errors) == 1
    # So does a missing one.
    path.unlink()
    assert store.caller("b" * 40) == "beta" and len(errors) == 2
    keys.add(path, "gamma", "c" * 40)
    assert store.caller("c" * 40) == "gamma" and store.caller("b" * 40) is None


def test_the_store_refuses_a_bad_file_at_start(tmp_path):
    with pytest.raises(keys.KeyFileError, match="cannot read"):
        keys.KeyStore(tmp_path / "missing.json")

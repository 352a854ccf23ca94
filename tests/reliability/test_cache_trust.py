"""The cache trusts only what the current user alone could have written.

An entry decides what termkit suggests and what ``--fix`` writes into a
document. Each case plants a crafted entry, with a valid digest (anyone can
compute one), that swaps the suggestion for 巴塞公约 to a forged text, and
checks that termkit ignores it unless the directory and the entry are the
user's own and private. The first case shows that such an entry, trusted, would
be used: the refusals are what keeps the forged text out.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .reliability_kit import MINI, SENTENCE, assert_clean, write

pytestmark = pytest.mark.reliability

FORGED = "攻击者写的字"
REAL = "巴塞尔公约"
OTHER_UID = 4242


def _forged_blob(genuine: bytes) -> bytes:
    """The genuine entry with the preferred short term of the Basel Convention replaced, digests recomputed."""
    import json

    from termkit._util import store

    head = len(store.SHARDED_MAGIC) + 16 + 8
    size = int.from_bytes(genuine[head - 8:head], "little")
    header = json.loads(genuine[head:head + size])
    base = head + size
    shards = [json.loads(genuine[base + offset:base + offset + length]) for offset, length, _ in header["shards"]]
    swapped = 0
    for block in shards[1:]:  # shard 0 lists the concept ids; then blocks of concepts
        for concept in block:
            for term in concept[9]:
                if term[0] == REAL:
                    term[0] = FORGED
                    swapped += 1
    assert swapped == 1
    return b"".join(store.encode_sharded(header["meta"], shards))


@pytest.fixture
def cache(tmp_path, run):
    """A private cache directory holding the genuine entry of mini.yaml, and the forged bytes."""
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    doc = write(tmp_path / "doc.txt")
    r = run("check", "-t", MINI, "--format", "json", doc, env={"TERMKIT_CACHE_DIR": str(directory)})
    assert_clean(r)
    entries = sorted(directory.glob("termbase-*.bin"))  # the one entry of this run: mini.yaml, validated
    assert len(entries) == 1, sorted(os.listdir(directory))
    entry = entries[0]
    return directory, entry, _forged_blob(entry.read_bytes()), doc


def _suggestions(run, directory: Path, doc: Path) -> list[str]:
    r = run("check", "-t", MINI, "--format", "json", doc, env={"TERMKIT_CACHE_DIR": str(directory)})
    assert_clean(r)
    return [f.get("suggestion") for f in json.loads(r.out)["findings"] if f["rule"] == "deprecated-term"]


def _plant(entry: Path, blob: bytes, mode: int = 0o600) -> None:
    entry.unlink(missing_ok=True)
    entry.write_bytes(blob)
    entry.chmod(mode)


def test_a_trusted_entry_is_used_which_is_why_the_others_must_be_refused(run, cache):
    directory, entry, forged, doc = cache
    _plant(entry, forged)
    assert _suggestions(run, directory, doc) == [FORGED]


def test_a_world_writable_cache_directory_is_not_used(run, cache):
    directory, entry, forged, doc = cache
    _plant(entry, forged)
    directory.chmod(0o777)
    assert _suggestions(run, directory, doc) == [REAL]
    # and --fix writes the real term
    r = run("check", "-t", MINI, "--fix", doc, env={"TERMKIT_CACHE_DIR": str(directory)})
    assert_clean(r)
    assert doc.read_text(encoding="utf-8") == SENTENCE.replace("巴塞公约", REAL)
    from termkit._util.store import cache_problem

    assert "writable by others" in cache_problem(str(directory))


def test_a_group_writable_or_foreign_cache_directory_is_not_used(run, cache):
    directory, entry, forged, doc = cache
    _plant(entry, forged)
    directory.chmod(0o770)
    assert _suggestions(run, directory, doc) == [REAL]
    directory.chmod(0o700)
    os.chown(directory, OTHER_UID, OTHER_UID)
    assert _suggestions(run, directory, doc) == [REAL]


def test_an_entry_planted_by_another_user_is_not_used(run, cache):
    directory, entry, forged, doc = cache
    _plant(entry, forged)
    os.chown(entry, OTHER_UID, OTHER_UID)
    assert _suggestions(run, directory, doc) == [REAL]


def test_an_entry_writable_by_others_is_not_used(run, cache):
    directory, entry, forged, doc = cache
    _plant(entry, forged, 0o666)
    assert _suggestions(run, directory, doc) == [REAL]


def test_a_symbolic_link_out_of_the_cache_is_not_followed(run, cache, tmp_path):
    directory, entry, forged, doc = cache
    outside = tmp_path / "elsewhere.bin"
    _plant(outside, forged)
    entry.unlink()
    entry.symlink_to(outside)
    assert _suggestions(run, directory, doc) == [REAL]
    assert outside.read_bytes() == forged  # nor written through


def test_an_entry_linked_to_dev_zero_or_a_fifo_neither_hangs_nor_exhausts_memory(run, cache):
    directory, entry, _, doc = cache
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert _suggestions(run, directory, doc) == [REAL]
    entry.unlink()
    os.mkfifo(entry)
    assert _suggestions(run, directory, doc) == [REAL]


def _container(header: bytes, payloads: list[bytes]) -> bytes:
    """A sharded entry of these exact bytes, every digest right (anyone can compute one)."""
    import hashlib

    from termkit._util import store

    return (store.SHARDED_MAGIC + hashlib.blake2b(header, digest_size=16).digest() + len(header).to_bytes(8, "little")
            + header + b"".join(payloads))


def test_a_damaged_or_deeply_nested_entry_is_a_miss(run, cache):
    import hashlib

    from termkit._util import store

    directory, entry, _, doc = cache
    deep = b"[" * 100_000 + b"]" * 100_000
    _plant(entry, _container(deep, []))  # the header itself
    assert _suggestions(run, directory, doc) == [REAL]
    # the block of concepts nested too deep behind the genuine header: read lazily, and still a miss
    genuine = entry.read_bytes()
    head = len(store.SHARDED_MAGIC) + 24
    meta = json.loads(genuine[head:head + int.from_bytes(genuine[head - 8:head], "little")])["meta"]
    ids = b"".join(store.encode_sharded(meta, [["basel-convention"]])[2:])
    index = [[0, len(ids), hashlib.blake2b(ids, digest_size=16).hexdigest()],
             [len(ids), len(deep), hashlib.blake2b(deep, digest_size=16).hexdigest()]]
    _plant(entry, _container(json.dumps({"meta": {**meta, "count": 1}, "shards": index}).encode(), [ids, deep]))
    assert _suggestions(run, directory, doc) == [REAL]
    _plant(entry, store.SHARDED_MAGIC + b"\0" * 24 + b"{}")
    assert _suggestions(run, directory, doc) == [REAL]


def test_the_store_refuses_in_process_too(tmp_path, monkeypatch):
    """The store's own contract, without a child process: what load returns for each planted entry."""
    from termkit._util import store

    directory = tmp_path / "c"
    monkeypatch.setenv("TERMKIT_CACHE_DIR", str(directory))
    assert store.store("kind", "k", {"a": [1, "x", None, True]})
    assert oct(directory.stat().st_mode & 0o777) == "0o700"
    assert store.load("kind", "k") == {"a": [1, "x", None, True]}
    entry = directory / "kind-k.bin"
    assert entry.stat().st_mode & 0o777 == 0o600
    os.chown(entry, OTHER_UID, OTHER_UID)
    assert store.load("kind", "k") is None
    os.chown(entry, os.getuid(), os.getgid())
    entry.chmod(0o620)
    assert store.load("kind", "k") is None
    entry.chmod(0o600)
    assert store.load("kind", "k") is not None
    directory.chmod(0o777)
    assert store.load("kind", "k") is None
    assert not store.store("kind", "k2", [1])
    directory.chmod(0o700)
    assert store.store("kind", "big", "x") and store.load("kind", "big") == "x"
    monkeypatch.setattr(store, "MAX_ENTRY", 10)
    assert store.load("kind", "k") is None  # larger than the limit: never read

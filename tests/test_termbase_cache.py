"""The loaded-termbase cache (termkit.termbase.cached) and the libyaml loader switch."""

from __future__ import annotations

import os
import textwrap

import pytest
import yaml

from termkit import load_termbase
from termkit._util import store
from termkit.errors import TermbaseError, TermkitError
from termkit.termbase import cached, raw

GOOD = textwrap.dedent("""\
    id: t
    title: Test
    concepts:
      - id: basel-convention
        subject: conventions
        en:
          - {term: Basel Convention, type: short}
        zh:
          - {term: 巴塞尔公约, type: short}
          - {term: 巴塞公约, type: short, status: deprecated}
        examples:
          - text: 巴塞公约秘书处
            matches: [巴塞公约]
            fixed: 巴塞尔公约秘书处
""")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("TERMKIT_CACHE_DIR", str(directory))
    monkeypatch.delenv("TERMKIT_NO_CACHE", raising=False)
    return directory


def entries(directory) -> list:
    return sorted(p for p in directory.glob("termbase-*.bin")) if directory.exists() else []


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def same_termbase(a, b) -> bool:
    """Equal concepts, terms and examples, including every position (excluded from ==)."""
    if a.concepts != b.concepts or a.files != b.files or a.titles != b.titles:
        return False
    for ca, cb in zip(a.concepts, b.concepts):
        if ca.where != cb.where or ca.examples != cb.examples:
            return False
        if [t.where for t in ca.terms] != [t.where for t in cb.terms]:
            return False
        if [e.where for e in ca.examples] != [e.where for e in cb.examples]:
            return False
    return True


def test_a_hit_gives_the_same_termbase_without_parsing(tmp_path, cache_dir, monkeypatch):
    path = write(tmp_path / "t.yaml", GOOD)
    first = load_termbase([path], cache=True)
    uncached = load_termbase([path])
    assert len(entries(cache_dir)) == 1

    def no_parsing(*args, **kwargs):
        raise AssertionError("a hit must not load the YAML")

    monkeypatch.setattr("termkit.termbase.load.load_paths", no_parsing)
    second = load_termbase([path], cache=True)
    assert same_termbase(first, second)
    assert same_termbase(second, uncached)  # and the same as an uncached load
    concept = second.concept("basel-convention")
    bad = [t for t in concept.terms if t.status == "deprecated"][0]
    assert concept.replacement(bad).text == "巴塞尔公约"
    assert str(bad.where) == f"{path}:10:16"  # the term's value


def test_the_bundled_termbases_round_trip(cache_dir):
    first = load_termbase(cache=True)
    second = load_termbase(cache=True)
    assert len(entries(cache_dir)) == 1
    assert same_termbase(first, second) and same_termbase(second, load_termbase())


def test_an_edit_keeping_size_and_mtime_is_a_miss(tmp_path, cache_dir):
    path = write(tmp_path / "t.yaml", GOOD)
    load_termbase([path], cache=True)
    st = os.stat(path)
    edited = GOOD.replace("Basel Convention", "Basel Konvention")
    assert len(edited.encode()) == len(GOOD.encode())
    write(path, edited)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(path).st_size == st.st_size and os.stat(path).st_mtime_ns == st.st_mtime_ns
    tb = load_termbase([path], cache=True)
    assert [t.text for t in tb.terms("en")] == ["Basel Konvention"]
    assert len(entries(cache_dir)) == 2


def test_an_edit_that_breaks_validation_raises_after_a_hit(tmp_path, cache_dir):
    path = write(tmp_path / "t.yaml", GOOD)
    load_termbase([path], cache=True)
    write(path, GOOD.replace("status: deprecated", "status: obsolete"))
    with pytest.raises(TermbaseError) as info:
        load_termbase([path], cache=True)
    assert "status 'obsolete'" in str(info.value)


def test_an_invalid_termbase_is_never_cached(tmp_path, cache_dir):
    path = write(tmp_path / "t.yaml", GOOD.replace("fixed: 巴塞尔公约秘书处", "fixed: 别的"))
    for _ in range(2):
        with pytest.raises(TermbaseError) as info:
            load_termbase([path], cache=True)
        assert "should fix to '别的'" in str(info.value)
    assert entries(cache_dir) == []


def test_without_examples_nothing_is_stored_but_a_stored_one_is_used(tmp_path, cache_dir):
    path = write(tmp_path / "t.yaml", GOOD)
    load_termbase([path], run_examples=False, cache=True)
    assert entries(cache_dir) == []  # not fully validated: not stored
    load_termbase([path], cache=True)
    assert len(entries(cache_dir)) == 1
    assert same_termbase(load_termbase([path], run_examples=False, cache=True), load_termbase([path]))


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_entry_is_a_miss_and_is_replaced(tmp_path, cache_dir, damage):
    path = write(tmp_path / "t.yaml", GOOD)
    expected = load_termbase([path], cache=True)
    [entry] = entries(cache_dir)
    blob = entry.read_bytes()
    damaged = {"truncate": blob[: len(blob) // 2], "flip": blob[:-1] + bytes([blob[-1] ^ 0xFF]),
               "garbage": b"not a cache entry", "empty": b""}[damage]
    entry.write_bytes(damaged)
    assert same_termbase(load_termbase([path], cache=True), expected)
    assert entry.read_bytes() == blob  # rewritten whole


def test_a_valid_entry_of_an_unexpected_shape_is_a_miss(tmp_path, cache_dir):
    from termkit._util import store

    path = write(tmp_path / "t.yaml", GOOD)
    key = cached.cache_key([str(path)])
    store.store(cached.KIND, key, {"format": cached.FORMAT, "files": [str(path)], "concepts": [("x",)]})
    tb = load_termbase([path], cache=True)
    assert tb.concept("basel-convention").subject == "conventions"


def test_the_key_changes_with_the_code_and_the_version(tmp_path, cache_dir, monkeypatch):
    path = write(tmp_path / "t.yaml", GOOD)
    key = cached.cache_key([str(path)])
    assert cached.cache_key([str(path)]) == key
    monkeypatch.setattr("termkit.__version__", "99.0")
    assert cached.cache_key([str(path)]) != key
    monkeypatch.undo()
    monkeypatch.setattr(store, "_SIGNATURE", ["another build of termkit"])
    assert cached.cache_key([str(path)]) != key


def test_the_code_signature_covers_every_module_of_the_package(tmp_path):
    import shutil

    import termkit
    fake_pkg = tmp_path / "termkit"
    shutil.copytree(os.path.dirname(termkit.__file__), fake_pkg, ignore=shutil.ignore_patterns("__pycache__"))
    before = store.code_signature(str(fake_pkg))
    assert store.code_signature(str(fake_pkg)) == before
    # a module no list names: the signature must still change with it
    (fake_pkg / "rules" / "document" / "new_rule.py").write_text("# a new rule\n", encoding="utf-8")
    after = store.code_signature(str(fake_pkg))
    assert after != before
    (fake_pkg / "termbase" / "load.py").write_text("# changed validator\n", encoding="utf-8")
    assert store.code_signature(str(fake_pkg)) != after


def test_no_cache_and_an_unwritable_directory(tmp_path, monkeypatch):
    path = write(tmp_path / "t.yaml", GOOD)
    directory = tmp_path / "cache"
    monkeypatch.setenv("TERMKIT_CACHE_DIR", str(directory))
    monkeypatch.setenv("TERMKIT_NO_CACHE", "1")
    load_termbase([path], cache=True)
    assert not directory.exists()
    monkeypatch.delenv("TERMKIT_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("TERMKIT_CACHE_DIR", str(blocker / "cache"))
    assert load_termbase([path], cache=True).concept("basel-convention")


def test_check_cli_uses_the_cache_and_still_reports_a_broken_termbase(tmp_path, cache_dir, cli):
    path = write(tmp_path / "t.yaml", GOOD)
    doc = tmp_path / "doc.txt"
    doc.write_text("巴塞公约秘书处\n", encoding="utf-8")
    r1 = cli("check", doc, "-t", path, "--isolated", "--format", "json")
    assert len(entries(cache_dir)) == 1
    r2 = cli("check", doc, "-t", path, "--isolated", "--format", "json")
    assert r1.out == r2.out and '"deprecated-term"' in r2.out and r1.code == r2.code
    write(path, GOOD + "  - id: Bad_Id\n")
    r3 = cli("check", doc, "-t", path, "--isolated")
    assert r3.code == 2 and "Bad_Id" in r3.err


# -- the loader ---------------------------------------------------------------------------------

def test_libyaml_loader_is_used_when_available():
    if yaml.__with_libyaml__:
        assert raw._LOADER is yaml.CSafeLoader
    else:  # pragma: no cover - PyYAML without libyaml
        assert raw._LOADER is yaml.SafeLoader


POSITION_CASES = {
    "unclosed flow": ("a: [unclosed\n", (2, 1)),
    "bad indentation": ("a: b\n c: d\n", (2, 3)),
    "undefined alias": ("a: *nope\n", (1, 4)),
    "stray bracket": ("x: [1, 2]]\n", (1, 10)),
    "after Chinese text": ("a: 巴塞尔公约\nb: [x\n", (3, 1)),
}


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)],
                         ids=["python", "libyaml"])
@pytest.mark.parametrize("case", sorted(POSITION_CASES))
def test_both_loaders_give_the_same_error_position(tmp_path, monkeypatch, loader, case):
    text, (line, column) = POSITION_CASES[case]
    monkeypatch.setattr(raw, "_LOADER", loader)
    with pytest.raises(TermkitError) as info:
        raw.read_yaml(tmp_path / "t.yaml", text)
    assert (info.value.line, info.value.column) == (line, column)
    assert info.value.message.startswith("YAML syntax error: ")


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)],
                         ids=["python", "libyaml"])
def test_a_control_character_is_named_with_its_line_and_column(tmp_path, monkeypatch, loader):
    monkeypatch.setattr(raw, "_LOADER", loader)
    with pytest.raises(TermkitError) as info:
        raw.read_yaml(tmp_path / "t.yaml", "a: 巴塞尔\nb: 公约\x07\n")
    assert str(info.value) == f"{tmp_path / 't.yaml'}:2:6: character U+0007 is not allowed in YAML"


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)],
                         ids=["python", "libyaml"])
def test_both_loaders_read_the_same_values_and_positions(tmp_path, monkeypatch, loader):
    text = GOOD + "    note: 'x'\n    flag: yes\n    n: 0x1F\n    f: 1.5\n    none: ~\n    when: 2020-01-01\n"
    monkeypatch.setattr(raw, "_LOADER", loader)
    out = raw.read_yaml(tmp_path / "t.yaml", text)
    concept = out["concepts"][0]
    assert (concept["flag"], concept["n"], concept["f"], concept["none"], concept["when"]) == (
        True, 31, 1.5, None, "2020-01-01")
    assert str(concept["zh"].item_where[1]) == f"{tmp_path / 't.yaml'}:10:9"
    assert str(concept.key_where["examples"]) == f"{tmp_path / 't.yaml'}:11:5"
    assert str(out["concepts"].item_where[0]) == f"{tmp_path / 't.yaml'}:4:5"


def test_a_file_added_to_a_termbase_directory_is_loaded_and_validated(tmp_path, cache_dir):
    directory = tmp_path / "tb"
    directory.mkdir()
    write(directory / "a.yaml", GOOD)
    assert len(load_termbase([directory], cache=True)) == 1
    write(directory / "b.yaml", GOOD.replace("id: t\n", "id: u\n", 1))  # the same concept id again
    with pytest.raises(TermbaseError) as info:
        load_termbase([directory], cache=True)
    assert "duplicate concept id 'basel-convention'" in str(info.value)


def test_export_reads_the_cached_termbase(tmp_path, cache_dir, cli):
    path = write(tmp_path / "t.yaml", GOOD)
    first = cli("export", "-t", path, "-o", "-", "--format", "csv")
    assert first.code == 0 and "巴塞尔公约" in first.out
    assert len(entries(cache_dir)) == 1
    second = cli("export", "-t", path, "-o", "-", "--format", "csv")
    assert second.out == first.out


def test_an_unchanged_file_status_gives_the_remembered_key_without_reading_the_files(tmp_path, cache_dir,
                                                                                     monkeypatch):
    path = write(tmp_path / "t.yaml", GOOD)
    key = cached.cache_key([str(path)])
    assert key is not None

    def unread(files):
        raise AssertionError("the files were read again")

    with monkeypatch.context() as mp:
        mp.setattr(store, "files_key", unread)
        assert cached.cache_key([str(path)]) == key  # remembered under the status
    # a rewrite with the same size and modification time still changes the status (its change time)
    st = path.stat()
    write(path, GOOD.replace("巴塞尔公约秘书处", "巴塞尔公约缔约方"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    assert cached.cache_key([str(path)]) != key

"""Documents given by their content (what `termkit check -` reads from standard input), through the library."""

from __future__ import annotations

import codecs

import pytest
from conftest import FIXTURES

from termkit.api import check
from termkit.errors import ConfigError, InputError

MINI = FIXTURES / "mini.yaml"
TEXT = "各缔约方应遵守巴塞公约。\n"


def run(tmp_path, texts, *paths, **kw):
    return check(list(paths), termbase=[MINI], texts=texts, cwd=tmp_path, isolated=kw.pop("isolated", True),
                 jobs=1, **kw)


def test_a_text_is_checked_like_a_file_of_its_name_and_only_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.txt").write_text(TEXT, encoding="utf-8")  # not checked: texts alone were given
    out = run(tmp_path, {"<stdin>": TEXT})
    assert out.result.files == ["<stdin>"]
    assert [(f.path, f.line, f.column, f.rule) for f in out.findings] == [("<stdin>", 1, 8, "deprecated-term")]
    assert out.sources().get("<stdin>") == TEXT
    both = run(tmp_path, {"notes/a.md": TEXT}, tmp_path / "other.txt")
    assert both.result.files == [str(tmp_path / "other.txt"), "notes/a.md"]
    assert sorted(f.path for f in both.findings) == sorted(both.result.files)


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), None),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), None),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), None),
    (TEXT.encode("gb18030"), None),
    (TEXT.encode("gb2312"), "gb2312"),
])
def test_bytes_are_decoded_as_a_file_would_be(tmp_path, data, encoding):
    out = run(tmp_path, {"<stdin>": data}, encoding=encoding)
    assert [(f.column, f.text) for f in out.findings] == [(8, "巴塞公约")]


def test_undecodable_and_binary_bytes_are_input_errors(tmp_path):
    with pytest.raises(InputError, match=r"^<stdin>:1:\d+: cannot decode as ascii"):
        run(tmp_path, {"<stdin>": TEXT.encode("utf-8")}, encoding="ascii")
    with pytest.raises(InputError, match="^<stdin>: binary data, not text$"):
        run(tmp_path, {"<stdin>": b"\x00\x01PK"})
    with pytest.raises(ConfigError, match="^x.xlf: a bilingual file cannot be given by its content"):
        run(tmp_path, {"x.xlf": "<xliff/>"})


def test_include_exclude_and_ignore_globs_see_the_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative name is relative to the working directory, as a relative path is
    (tmp_path / "termkit.toml").write_text(f'termbases = ["{MINI.as_posix()}"]\nexclude = ["legacy/"]\n'
                                           '[[ignore]]\npath = "drafts/*.md"\nrule = "deprecated-term"\n',
                                           encoding="utf-8")
    kept = run(tmp_path, {"docs/a.md": TEXT}, isolated=False)
    assert [f.path for f in kept.findings] == ["docs/a.md"]
    assert run(tmp_path, {"legacy/a.md": TEXT}, isolated=False).result.files == []
    ignored = run(tmp_path, {"drafts/a.md": TEXT}, isolated=False)
    assert ignored.result.files == ["drafts/a.md"] and ignored.findings == []


def test_fix_returns_the_fixed_document_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = codecs.BOM_UTF8 + (TEXT + "耗氧物质\r\n").encode("utf-8")
    out = run(tmp_path, {"<stdin>": data}, fix=True)
    assert list(tmp_path.iterdir()) == []
    doc = out.run.fixed_documents["<stdin>"]
    assert doc.text == "各缔约方应遵守巴塞尔公约。\n消耗臭氧层物质\r\n" and (doc.encoding, doc.bom) == ("utf-8", codecs.BOM_UTF8)
    assert (out.run.fixed, out.run.fixed_files, out.findings) == (2, 1, [])
    gb = run(tmp_path, {"<stdin>": TEXT.encode("gb18030")}, fix=True).run.fixed_documents["<stdin>"]
    assert gb.encoding == "gb18030" and gb.text == "各缔约方应遵守巴塞尔公约。\n"
    clean = run(tmp_path, {"<stdin>": "没有术语。\n"}, fix=True).run
    assert clean.fixed_documents == {} and clean.fixed == 0  # nothing changed: the caller keeps what it has
    diff = run(tmp_path, {"<stdin>": TEXT}, diff=True).run
    assert diff.diff.startswith("--- a/<stdin>\n+++ b/<stdin>\n") and "+各缔约方应遵守巴塞尔公约。" in diff.diff


def test_baselines_record_and_filter_given_texts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(tmp_path, {"a.txt": TEXT}, write_baseline=tmp_path / "base.json").baseline_written == 1
    moved = run(tmp_path, {"a.txt": "\n\n" + TEXT}, baseline=tmp_path / "base.json")
    assert moved.findings == [] and any("recorded in the baseline" in n for n in moved.result.notes)


def test_worker_processes_check_given_texts_alike(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(TEXT * (i + 1), encoding="utf-8")
    texts = {"<stdin>": "耗氧物质\n" + TEXT}
    serial = check([tmp_path], termbase=[MINI], texts=texts, isolated=True, jobs=1, scope="corpus")
    parallel = check([tmp_path], termbase=[MINI], texts=texts, isolated=True, jobs=3, scope="corpus")
    assert serial.findings == parallel.findings and "<stdin>" in {f.path for f in parallel.findings}

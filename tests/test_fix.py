"""--fix and --diff: only safe fixes, every other byte kept, encodings and line endings kept, atomic, idempotent."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest
from conftest import DATA, FIXTURES, corpus_file

MINI = str(FIXTURES / "mini.yaml")


@pytest.fixture
def corpus(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def expected_after_fix(path, termbase, encoding=None):
    """What a fix must produce, computed independently of fixfile: one pass of fix.edits_for over the findings."""
    from termkit import CheckOptions, check_paths
    from termkit.fix.edits import apply_edits, edits_for
    from termkit.text.document import read_document
    doc = read_document(path, encoding)
    findings = check_paths([path], termbase, CheckOptions(encoding=encoding)).findings
    edits = edits_for(findings)
    return doc.bom + apply_edits(doc.text, edits).encode(doc.encoding), edits


@pytest.mark.parametrize("termbase_arg", ["mini", "bundled"])
def test_fix_on_the_corpus_changes_only_fixed_spans_and_is_idempotent(cli, corpus, termbase_arg,
                                                                      mini_termbase, termbase):
    tb = mini_termbase if termbase_arg == "mini" else termbase
    args = ["-t", MINI] if termbase_arg == "mini" else []
    before = snapshot(corpus)
    expected = {}
    n_edits = 0
    for p in sorted(corpus.iterdir()):
        expected[p.name], edits = expected_after_fix(p, tb)
        n_edits += len(edits)
    assert n_edits > 0
    r = cli("check", *args, "--format", "json", "--fix", corpus)
    assert f"fixed {n_edits} finding(s)" in r.err
    after = snapshot(corpus)
    assert after == expected
    assert any(after[k] != before[k] for k in before)
    # nothing fixable is left
    from termkit import CheckOptions, check_paths
    from termkit.fix.edits import edits_for
    assert edits_for(check_paths([corpus], tb, CheckOptions()).findings) == []
    # what is reported is what is left, and the exit code follows it
    left = json.loads(r.out)["findings"]
    assert left == [f.to_dict() for f in check_paths([corpus], tb, CheckOptions()).findings]
    assert r.code == (1 if any(f["severity"] == "error" for f in left) else 0)
    # idempotent: the second run writes nothing, not even an identical file
    stats = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in corpus.iterdir()}
    r2 = cli("check", *args, "--format", "json", "--fix", corpus)
    assert "fixed 0 finding(s) in 0 file(s)" in r2.err
    assert snapshot(corpus) == after
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in corpus.iterdir()} == stats
    assert r2.out == r.out and r2.code == r.code


def test_a_term_broken_by_a_line_break_is_reported_but_not_fixed(cli, tmp_path):
    doc = tmp_path / "doc.txt"
    original = "努力防止消耗臭氧\n\n物质的非法贸易；巴塞公约。\n"
    doc.write_text(original, encoding="utf-8")
    r = cli("check", "-t", MINI, "--format", "json", "--fix", doc)
    assert doc.read_text(encoding="utf-8") == original.replace("巴塞公约", "巴塞尔公约")
    (left,) = json.loads(r.out)["findings"]
    assert left["text"] == "消耗臭氧\n\n物质" and r.code == 1


def _variant_fixture(tmp_path, name, encoding, newline, bom=b""):
    text = corpus_file("001").read_text(encoding="utf-8")
    text = text.replace("\r\n", "\n").replace("\n", newline)
    path = tmp_path / name
    path.write_bytes(bom + text.encode(encoding))
    return path, text


@pytest.mark.parametrize("name, encoding, newline, bom", [
    ("gb18030-crlf.txt", "gb18030", "\r\n", b""),
    ("gb18030-lf.txt", "gb18030", "\n", b""),
    ("utf8-crlf.txt", "utf-8", "\r\n", b""),
    ("utf8-bom.txt", "utf-8", "\n", b"\xef\xbb\xbf"),
    ("utf16-bom-crlf.txt", "utf-16-le", "\r\n", b"\xff\xfe"),
])
def test_encodings_boms_and_line_endings_round_trip(cli, tmp_path, mini_termbase, name, encoding, newline, bom):
    path, text = _variant_fixture(tmp_path, name, encoding, newline, bom)
    expected, edits = expected_after_fix(path, mini_termbase)
    assert edits
    cli("check", "-t", MINI, "--fix", path)
    data = path.read_bytes()
    assert data == expected
    assert data.startswith(bom)
    body = data[len(bom):].decode(encoding)
    if newline == "\r\n":
        assert body.count("\r\n") == text.count("\r\n") and body.count("\n") == text.count("\n")
    else:
        assert "\r" not in body
    # apart from the fixes, the same text: undo each replacement and compare
    assert "巴塞公约" in text and "巴塞公约" not in body


def test_permissions_are_kept_and_a_symlink_stays_a_link(cli, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("巴塞公约秘书处\n", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    cli("check", "-t", MINI, "--fix", link)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "巴塞尔公约秘书处\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".termkit-tmp")] == []


@pytest.mark.parametrize("where", ["replace", "fsync"])
def test_an_interrupted_write_leaves_the_original_intact(cli, tmp_path, monkeypatch, where):
    doc = tmp_path / "doc.txt"
    doc.write_bytes("巴塞公约秘书处\r\n".encode("gb18030"))
    before = doc.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, where, boom)
    r = cli("check", "-t", MINI, "--fix", doc)
    assert r.code == 2
    assert r.err.strip().splitlines()[-1] == f"termkit: error: {doc}: cannot write: No space left on device"
    assert doc.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]  # no temporary file left behind


def test_a_keyboard_interrupt_during_the_write_leaves_the_original_intact(tmp_path, monkeypatch):
    from termkit._util import atomic
    doc = tmp_path / "doc.txt"
    doc.write_text("原文\n", encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic(doc, "新文\n".encode())
    assert doc.read_text(encoding="utf-8") == "原文\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]


def test_diff_prints_a_unified_diff_and_writes_nothing(cli, corpus):
    before = snapshot(corpus)
    r = cli("check", "-t", MINI, "--diff", corpus)
    assert r.code == 1
    assert snapshot(corpus) == before
    doc = corpus / corpus_file("001").name
    assert f"--- a/{doc.as_posix()}\n+++ b/{doc.as_posix()}\n" in r.out
    removed = [line for line in r.out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in r.out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) > 0
    assert any("巴塞公约" in line for line in removed) and not any("巴塞公约" in line for line in added)
    # the diff is exactly what --fix then writes
    import difflib
    cli("check", "-t", MINI, "--fix", corpus)
    after = snapshot(corpus)
    expected = "".join(
        "".join(difflib.unified_diff(before[n].decode("utf-8").splitlines(keepends=True),
                                     after[n].decode("utf-8").splitlines(keepends=True),
                                     fromfile=f"a/{(corpus / n).as_posix()}", tofile=f"b/{(corpus / n).as_posix()}"))
        for n in sorted(before) if before[n] != after[n])
    assert r.out == expected
    # nothing left to fix: empty diff, exit 0
    r = cli("check", "-t", MINI, "--diff", corpus)
    assert (r.code, r.out) == (0, "")


def test_fix_and_diff_together_is_a_usage_error(cli, corpus):
    r = cli("check", "-t", MINI, "--fix", "--diff", corpus)
    assert r.code == 2 and "cannot be combined" in r.err


def test_suppressed_and_baselined_findings_are_not_fixed(cli, tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("甲、巴塞公约 <!-- termkit: ignore -->\n乙、巴塞公约\n", encoding="utf-8")
    base = tmp_path / "b.json"
    cli("check", "-t", MINI, doc, "--write-baseline", base)
    doc.write_text("甲、巴塞公约 <!-- termkit: ignore -->\n乙、巴塞公约\n丙、巴塞公约\n", encoding="utf-8")
    r = cli("check", "-t", MINI, doc, "--baseline", base, "--fix")
    assert r.code == 0
    assert doc.read_text(encoding="utf-8") == "甲、巴塞公约 <!-- termkit: ignore -->\n乙、巴塞公约\n丙、巴塞尔公约\n"


def test_fixes_that_overlap_are_finished_in_later_passes(tmp_path, mini_termbase):
    """Traditional characters inside a deprecated term: two findings on one span; the result still settles."""
    from termkit import CheckOptions, check_document, check_paths
    from termkit.fix.plan import plan_fixes
    doc = tmp_path / "doc.txt"
    doc.write_text("《巴塞公約》秘書處\n", encoding="utf-8")
    options = CheckOptions()
    plans, notes = plan_fixes(check_paths([doc], mini_termbase, options).findings,
                              lambda d: check_document(d, mini_termbase, options))
    (plan,) = plans
    assert notes == []
    assert plan.new_text == "《巴塞尔公约》秘书处\n"


def test_unfixable_rules_in_the_config_are_reported_not_fixed(cli, tmp_path, monkeypatch):
    doc = tmp_path / "doc.txt"
    doc.write_text("巴塞公约秘書處\n", encoding="utf-8")
    (tmp_path / "termkit.toml").write_text(f'termbases = ["{MINI}"]\nunfixable = ["deprecated-term"]\n',
                                           encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = cli("check", "--diff", "doc.txt")
    assert r.code == 1 and "-巴塞公约秘書處\n+巴塞公约秘书处\n" in r.out
    r = cli("check", "--fix", "--format", "json", "doc.txt")
    assert doc.read_text(encoding="utf-8") == "巴塞公约秘书处\n"
    assert [f["rule"] for f in json.loads(r.out)["findings"]] == ["deprecated-term"]
    (tmp_path / "termkit.toml").write_text('unfixable = ["deprecated-terms"]\n', encoding="utf-8")
    r = cli("check", "--fix", "doc.txt")
    assert r.code == 2 and "termkit.toml:1: unknown rule 'deprecated-terms' in 'unfixable'" in r.err


def test_a_directory_that_cannot_take_the_temporary_file_is_one_line_and_exit_2(cli, tmp_path, monkeypatch):
    import tempfile
    doc = tmp_path / "doc.txt"
    doc.write_text("巴塞公约秘书处\n", encoding="utf-8")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    r = cli("check", "-t", MINI, "--fix", doc)
    assert r.code == 2 and r.err.strip().splitlines()[-1] == f"termkit: error: {doc}: cannot write: Permission denied"
    assert doc.read_text(encoding="utf-8") == "巴塞公约秘书处\n"


def test_a_file_changed_after_the_check_is_not_fixed(tmp_path, mini_termbase):
    from termkit import CheckOptions, check_document, check_paths
    from termkit.fix.plan import plan_fixes
    doc = tmp_path / "doc.txt"
    doc.write_text("一、巴塞公约秘书处\n", encoding="utf-8")
    options = CheckOptions()
    findings = check_paths([doc], mini_termbase, options).findings
    doc.write_text("一二三、巴塞公约秘书处\n", encoding="utf-8")  # an editor saved meanwhile
    plans, notes = plan_fixes(findings, lambda d: check_document(d, mini_termbase, options))
    assert plans == [] and notes == [f"{doc}: not fixed: the file changed while it was being checked; run again"]
    assert doc.read_text(encoding="utf-8") == "一二三、巴塞公约秘书处\n"

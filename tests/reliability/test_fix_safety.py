"""Never lose an edit: --fix against concurrent writers, legacy encodings, links, owners, modes and signals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .reliability_kit import MINI, ROOT, SENTENCE, TIMEOUT, assert_clean, assert_error, snapshot, write

pytestmark = pytest.mark.reliability

FIXED = SENTENCE.replace("巴塞公约", "巴塞尔公约")
TRADITIONAL = "各方還請巴塞公約秘書處和聯合國環境規劃署提供協助。\n"


def _findings(r) -> list[tuple]:
    return [(f["rule"], f["line"], f["column"], f["text"]) for f in json.loads(r.out)["findings"]]


# -- a concurrent writer ---------------------------------------------------------------------------

def _large_document(path: Path) -> None:
    """About 1 MB of real UN text (the corpus of data/) with three deprecated terms in it."""
    corpus = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").glob("*.txt")))
    body = (corpus + "\n") * max(1, 500_000 // len(corpus.encode("utf-8")))
    path.write_text(SENTENCE + body + SENTENCE + body + SENTENCE, encoding="utf-8")


@pytest.mark.parametrize("attempt", range(3))
def test_fix_never_loses_lines_appended_while_it_runs(run, tmp_path, attempt):
    doc = tmp_path / "large.txt"
    _large_document(doc)
    appended: list[str] = []
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            line = f"译员在第{attempt}次运行时追加的第{n}行。\n"
            with open(doc, "a", encoding="utf-8") as stream:
                stream.write(line)
            appended.append(line)
            n += 1
            time.sleep(0.002)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        r = run("check", "-t", MINI, "--fix", doc, timeout=TIMEOUT * 3)
    finally:
        stop.set()
        thread.join()
    lines = assert_clean(r)
    final = doc.read_text(encoding="utf-8")
    missing = [line for line in appended if line not in final]
    assert not missing, f"{len(missing)} of {len(appended)} appended lines lost; stderr: {r.err}"
    assert appended
    if "巴塞公约" in final:  # not fixed: it says why
        assert any("changed on disk" in line for line in lines), lines
    else:
        assert final.count("巴塞尔公约") >= 3


def test_a_write_landing_at_the_moment_of_the_replace_is_kept(tmp_path, monkeypatch):
    """The old file is watched across os.replace: an edit made in that instant wins over the fix."""
    from termkit._util import atomic
    from termkit.errors import FileChangedError
    from termkit.fix.plan import FilePlan, _stamp, write_plan
    from termkit.text.document import read_document

    doc = write(tmp_path / "doc.txt")
    document = read_document(doc)
    plan = FilePlan(str(doc), document, FIXED, 1, _stamp(str(doc), doc.read_bytes()))
    real_replace = os.replace

    def racing_replace(src, dst):
        with open(doc, "a", encoding="utf-8") as stream:  # the reviser saves, just now
            stream.write("审校者最后加的一句。\n")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", racing_replace)
    with pytest.raises(FileChangedError):
        write_plan(plan)
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert doc.read_text(encoding="utf-8") == SENTENCE + "审校者最后加的一句。\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".termkit-tmp")]


# -- encodings ---------------------------------------------------------------------------------------

def test_big5_is_detected_and_checked_like_utf8_and_its_bytes_are_never_mangled(run, tmp_path):
    utf8 = write(tmp_path / "utf8.txt", TRADITIONAL)
    big5 = write(tmp_path / "big5.txt", TRADITIONAL, "big5")
    expected = _findings(run("check", "-t", MINI, "--format", "json", utf8))
    assert ("deprecated-term", 1, 5, "巴塞公約") in expected
    r = run("check", "-t", MINI, "--format", "json", big5)
    assert_clean(r)
    assert _findings(r) == expected  # not GB18030 garbage: the same findings at the same places
    before = big5.read_bytes()
    assert_clean(run("check", "-t", MINI, "--fix", big5))
    # fixed in Big5 where the replacement can be written in it, never rewritten as other characters
    assert big5.read_bytes() == before or big5.read_bytes().decode("big5") != TRADITIONAL


def test_a_short_big5_text_is_a_guess_named_in_a_note_and_never_fixed(run, tmp_path):
    short = write(tmp_path / "short.txt", "巴塞公約秘書處\n", "big5")
    r = run("check", "-t", MINI, "--format", "json", short)
    lines = assert_clean(r)
    assert ("deprecated-term", 1, 1, "巴塞公約") in _findings(r)
    assert any("decoded as Big5, told from the text" in line for line in lines), lines
    before = snapshot(tmp_path)
    lines = assert_clean(run("check", "-t", MINI, "--fix", short))
    assert any("not fixed: its encoding (Big5) was told from the text" in line for line in lines), lines
    assert snapshot(tmp_path) == before


def test_big5_named_with_encoding_is_never_rewritten_into_other_bytes(run, tmp_path):
    big5 = write(tmp_path / "big5.txt", TRADITIONAL, "big5")
    r = run("check", "-t", MINI, "--fix", "--encoding", "big5", big5)
    assert_clean(r)
    after = big5.read_bytes().decode("big5")
    # either fixed in Big5 (if the replacement can be written in it) or left as it was, never mangled
    assert after in (TRADITIONAL, TRADITIONAL.replace("巴塞公約", "巴塞爾公約")), after


def test_gb18030_is_still_detected_and_fixed(run, tmp_path):
    gb = write(tmp_path / "gb.txt", SENTENCE, "gb18030")
    assert_clean(run("check", "-t", MINI, "--fix", gb))
    assert gb.read_bytes() == FIXED.encode("gb18030")


@pytest.mark.parametrize("encoding, text", [
    ("shift_jis", "締約国会議は、バーゼル条約の事務局に対し、有害廃棄物の越境移動について報告するよう要請する。\n"),
    ("euc_jp", "締約国会議は、バーゼル条約の事務局に対し、有害廃棄物の越境移動について報告するよう要請する。\n"),
    ("euc_kr", "당사국 총회는 바젤 협약 사무국에 유해 폐기물의 국가 간 이동 통제에 관하여 보고할 것을 요청한다.\n"),
])
def test_japanese_and_korean_legacy_encodings_are_refused_not_misread(tmp_path, encoding, text):
    from termkit.errors import InputError
    from termkit.text.document import read_document

    path = write(tmp_path / f"{encoding}.txt", text, encoding)
    with pytest.raises(InputError, match="name the encoding with --encoding"):
        read_document(path)
    assert read_document(path, encoding).text == text


def test_utf16le_without_bom_works_with_its_encoding_named(run, tmp_path):
    doc = write(tmp_path / "u16.txt", SENTENCE, "utf-16-le")
    assert_error(run("check", "-t", MINI, doc), "binary file, not text")
    r = run("check", "-t", MINI, "--format", "json", "--encoding", "utf-16-le", doc)
    assert ("deprecated-term", 1, 5, "巴塞公约") in _findings(r)
    assert_clean(run("check", "-t", MINI, "--fix", "--encoding", "utf-16-le", doc))
    assert doc.read_bytes() == FIXED.encode("utf-16-le")  # no byte-order mark added
    walked = tmp_path / "walk"
    write(walked / "u16.txt", SENTENCE, "utf-16-le")
    r = run("check", "-t", MINI, "--format", "json", "--encoding", "utf-16-le", walked)
    assert len(_findings(r)) == 1


# -- links, owners, modes -------------------------------------------------------------------------------

def test_a_hard_linked_file_is_refused_with_a_note_and_both_names_kept(run, tmp_path):
    doc = write(tmp_path / "doc.txt")
    os.link(doc, tmp_path / "snapshot-copy.txt")
    before = snapshot(tmp_path)
    r = run("check", "-t", MINI, "--fix", doc)
    lines = assert_clean(r)
    assert any(f"{doc}: not fixed: has 2 hard links" in line for line in lines), lines
    assert snapshot(tmp_path) == before


def test_fix_as_root_keeps_the_owner_group_and_mode(run, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    doc = write(tmp_path / "doc.txt")
    os.chown(doc, 4242, 4243)
    doc.chmod(0o640)
    inode = doc.stat().st_ino
    assert_clean(run("check", "-t", MINI, "--fix", doc))
    st = doc.stat()
    assert doc.read_text(encoding="utf-8") == FIXED
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (4242, 4243, 0o640)
    assert st.st_ino != inode  # replaced atomically, not rewritten in place


def test_a_read_only_file_is_left_alone_unless_the_user_says_so(run, tmp_path):
    doc = write(tmp_path / "doc.txt")
    doc.chmod(0o444)
    before = snapshot(tmp_path)
    r = run("check", "-t", MINI, "--fix", doc)
    lines = assert_clean(r)
    assert any(f"{doc}: not fixed: is read-only" in line and "--fix-read-only" in line for line in lines), lines
    assert snapshot(tmp_path) == before
    assert_clean(run("check", "-t", MINI, "--fix", "--fix-read-only", doc))
    assert doc.read_text(encoding="utf-8") == FIXED
    assert doc.stat().st_mode & 0o777 == 0o444


def test_a_directory_walk_does_not_follow_links_out_of_the_tree(run, tmp_path):
    outside = tmp_path / "outside"
    target = write(outside / "theirs.txt")
    write(outside / "more" / "deep.txt")
    tree = tmp_path / "tree"
    write(tree / "ours.txt")
    (tree / "link.txt").symlink_to(target)
    (tree / "linked-dir").symlink_to(outside / "more")
    before = snapshot(outside)
    r = run("check", "-t", MINI, "--fix", tree)
    lines = assert_clean(r)
    assert f"termkit: note: {tree / 'link.txt'}: skipped, a symbolic link out of the checked tree" in lines
    assert f"termkit: note: {tree / 'linked-dir'}: skipped, a symbolic link out of the checked tree" in lines
    assert snapshot(outside) == before
    assert (tree / "ours.txt").read_text(encoding="utf-8") == FIXED


# -- signals -------------------------------------------------------------------------------------------

_WRITER = """
import os, sys, time
from termkit._util import atomic
real_fsync = os.fsync
def slow_fsync(fd):
    real_fsync(fd)
    open(sys.argv[2], "w").close()  # the temporary file is written: tell the test
    time.sleep(60)
atomic.os.fsync = slow_fsync
atomic.write_atomic(sys.argv[1], b"new content " * 100000)
"""


def _writer_killed_by(tmp_path: Path, signum: int) -> tuple[int, Path]:
    target = write(tmp_path / "doc.txt")
    ready = tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(target), str(ready)],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE)
    deadline = time.monotonic() + TIMEOUT
    while not ready.exists():
        assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.01)
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".termkit-tmp")]  # the write is under way
    proc.send_signal(signum)
    code = proc.wait(timeout=TIMEOUT)
    ready.unlink()
    return code, target


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_sigint_during_a_write_leaves_the_file_and_no_temporary(tmp_path, signum):
    code, target = _writer_killed_by(tmp_path, signum)
    assert code != 0
    if signum == signal.SIGTERM:
        assert code == -signal.SIGTERM  # the signal still takes its course
    assert target.read_text(encoding="utf-8") == SENTENCE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]


def test_a_temporary_left_by_sigkill_is_noted_then_cleaned(run, tmp_path):
    code, target = _writer_killed_by(tmp_path, signal.SIGKILL)
    assert code == -signal.SIGKILL
    stale = [p for p in tmp_path.iterdir() if p.name.endswith(".termkit-tmp")]
    assert len(stale) == 1 and target.read_text(encoding="utf-8") == SENTENCE
    r = run("check", "-t", MINI, tmp_path)
    lines = assert_clean(r)
    assert f"termkit: note: {stale[0]}: a temporary file left by an interrupted termkit run; it can be deleted" \
        in lines
    assert_clean(run("check", "-t", MINI, "--fix", target))
    assert target.read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]

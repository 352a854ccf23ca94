"""`termkit check --fix` on Word documents: tracked changes a reviser accepts or rejects, read back.

The documents are the corpus fixtures (tests/fixtures/formats/corpus), whose terms are split across runs of
different formatting. The tracked result is read back three ways: its XML holds a w:del/w:ins pair by
termkit for every fix, with a comment naming the rule; accepting every revision (dropping w:del, keeping
w:ins) gives exactly the text the direct mode writes; and LibreOffice converts it (a Word-model check;
the test needs LibreOffice, which .ci/run installs as libreoffice-writer-nogui, and is skipped without it).
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli
from lxml import etree

from termkit import check_paths
from termkit.fix.edits import Edit
from termkit.fix.revisions import Revisions
from termkit.text.formats import read_source

CORPUS = FIXTURES / "formats" / "corpus"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Q = f"{{{W}}}"


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")  # revisions dated 2024-01-01T00:00:00Z


def copy_of(tmp_path: Path, name: str = "001.docx", as_name: str | None = None) -> Path:
    target = tmp_path / (as_name or name)
    shutil.copyfile(CORPUS / name, target)
    return target


def part(path: Path, name: str = "word/document.xml"):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def accept_all(root):
    """Accept every revision of a document part: deleted runs go, inserted runs stay (unwrapped)."""
    root = copy.deepcopy(root)
    for el in list(root.iter(f"{Q}del", f"{Q}moveFrom")):
        el.getparent().remove(el)
    for el in list(root.iter(f"{Q}ins", f"{Q}moveTo")):
        parent, index = el.getparent(), el.getparent().index(el)
        for child in reversed(list(el)):
            parent.insert(index, child)
        parent.remove(el)
    return root


def paragraph_texts(root) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{Q}t")) for p in root.iter(f"{Q}p")]


def test_tracked_fixes_are_del_ins_pairs_by_termkit_with_the_rule_in_a_comment(tmp_path, termbase):
    doc = copy_of(tmp_path)
    before = check_paths([doc], termbase).findings
    fixable = [f for f in before if f.fixable and not any(c.isspace() for c in f.text)]
    r = run_cli("check", "--fix", doc, "--fail-on", "never")
    assert r.code == 0, r.err
    refused = [ln for ln in r.err.splitlines() if "not fixed to" in ln]
    # the fixture's own tracked insertion holds a fixable bracket: it is another reviser's change
    assert len(refused) == 1 and "another reviser's tracked change" in refused[0] and "(paragraph 32)" in refused[0]
    root, notes = part(doc), part(doc, "word/footnotes.xml")
    deletions = [*root.iter(f"{Q}del"), *notes.iter(f"{Q}del")]
    insertions = [*root.iter(f"{Q}ins"), *notes.iter(f"{Q}ins")]
    ours = [d for d in deletions if d.get(f"{Q}author") == "termkit"]
    assert len(ours) == len(fixable) - len(refused) > 5
    assert [d for d in notes.iter(f"{Q}del") if d.get(f"{Q}author") == "termkit"]  # the footnote is fixed too
    for d in ours:
        ins = d.getnext()
        while ins is not None and ins.tag == f"{Q}del":
            ins = ins.getnext()  # a term split across runs of different formatting: one w:del per run group
        assert ins.tag == f"{Q}ins" and ins.get(f"{Q}author") == "termkit"
        assert d.get(f"{Q}date") == ins.get(f"{Q}date") == "2024-01-01T00:00:00Z"
        assert list(d.iter(f"{Q}t")) == [] and list(d.iter(f"{Q}delText"))
    ids = [el.get(f"{Q}id") for r in (root, notes) for el in r.iter() if el.get(f"{Q}id") is not None]
    revision_ids = [el.get(f"{Q}id") for el in [*deletions, *insertions]]
    assert len(set(revision_ids)) == len(revision_ids) and set(revision_ids) <= set(ids)
    comments = part(doc, "word/comments.xml")
    texts = ["".join(c.itertext()) for c in comments.iter(f"{Q}comment")]
    # a comment for every change in the body (none in the footnote: LibreOffice cannot load those)
    in_body = [d for d in ours if any(a.tag == f"{Q}body" for a in d.iterancestors())]
    assert len(texts) == len(in_body) and all(t.startswith("termkit [") for t in texts)
    assert Counter(t.split("[")[1].split("]")[0] for t in texts) <= Counter(f.rule for f in fixable)
    assert any("'巴塞公约' is deprecated for basel-convention; use '巴塞尔公约'" in t for t in texts)
    # what is left after the fix: the refused one
    after = check_paths([doc], termbase).findings
    assert len([f for f in after if f.fixable and not any(c.isspace() for c in f.text)]) == len(refused)


def test_split_runs_keep_their_formatting(tmp_path):
    doc = copy_of(tmp_path)
    original = part(doc)
    run_cli("check", "--fix", doc, "--fail-on", "never")
    fixed = part(doc)
    # every deleted piece keeps the formatting of the run it was cut from: the same rPr as a run of the original
    formats = {etree.tostring(r.find(f"{Q}rPr")) for r in original.iter(f"{Q}r") if r.find(f"{Q}rPr") is not None}
    for d in fixed.iter(f"{Q}del"):
        for r in d.iter(f"{Q}r"):
            if r.find(f"{Q}rPr") is not None:
                assert etree.tostring(r.find(f"{Q}rPr")) in formats
    bold = [r for d in fixed.iter(f"{Q}del") for r in d.iter(f"{Q}r") if r.find(f"{Q}rPr/{Q}b") is not None]
    plain = [r for d in fixed.iter(f"{Q}del") for r in d.iter(f"{Q}r") if r.find(f"{Q}rPr") is None]
    assert bold and plain  # the fixture splits every term across differently formatted runs


def test_accepting_all_revisions_gives_the_direct_fix(tmp_path, termbase):
    tracked = copy_of(tmp_path, as_name="tracked.docx")
    direct = copy_of(tmp_path, as_name="direct.docx")
    assert run_cli("check", "--fix", tracked, "--fail-on", "never").code == 0
    assert run_cli("check", "--fix", "--fix-mode", "direct", direct, "--fail-on", "never").code == 0
    assert paragraph_texts(accept_all(part(tracked))) == paragraph_texts(part(direct))
    assert {e.get(f"{Q}author") for e in part(direct).iter(f"{Q}ins", f"{Q}del")} == {"Reviser"}  # the fixture's
    # and termkit reads the tracked document as accepted: the same text as the direct one
    assert read_source(tracked).text == read_source(direct).text
    assert read_source(tracked).text != read_source(CORPUS / "001.docx").text


def test_diff_shows_the_text_diff_and_writes_nothing(tmp_path):
    doc = copy_of(tmp_path)
    data = doc.read_bytes()
    r = run_cli("check", "--diff", doc)
    assert r.code == 1 and doc.read_bytes() == data
    assert r.out.startswith(f"--- a/{doc.as_posix()}\n+++ b/{doc.as_posix()}\n")
    assert "-" + "关于防止危险废物越境转移及其处置巴塞公约" in r.out.replace(" ", "") or "巴塞尔公约" in r.out
    assert "fix(es) in 1 file(s) (nothing written)" in r.err


def test_a_second_fix_changes_nothing(tmp_path):
    doc = copy_of(tmp_path)
    run_cli("check", "--fix", doc, "--fail-on", "never")
    once = doc.read_bytes()
    r = run_cli("check", "--fix", doc, "--fail-on", "never")
    assert "fixed 0 finding(s) in 0 file(s)" in r.err and doc.read_bytes() == once


@pytest.mark.parametrize("lock", ["~$001.docx", ".~lock.001.docx#"])
def test_a_document_open_in_word_or_libreoffice_is_not_written(tmp_path, lock):
    doc = copy_of(tmp_path)
    (tmp_path / lock).write_bytes(b"owner")
    data = doc.read_bytes()
    r = run_cli("check", "--fix", doc, "--fail-on", "never")
    assert doc.read_bytes() == data
    assert f"not written: the document is open in Word or LibreOffice ({lock} beside it)" in r.err
    assert not [p for p in tmp_path.iterdir() if "termkit-tmp" in p.name]  # no temporary file left behind


def test_a_long_name_is_matched_to_words_shortened_lock_file(tmp_path):
    doc = copy_of(tmp_path, as_name="Report_of_the_Secretariat.docx")
    (tmp_path / "~$port_of_the_Secretariat.docx").write_bytes(b"owner")  # Word drops two characters
    r = run_cli("check", "--fix", doc, "--fail-on", "never")
    assert "is open in Word" in r.err


def test_a_fix_inside_another_revisers_insertion_is_refused_with_a_note(tmp_path, termbase):
    docx = pytest.importorskip("docx")
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    p = d.add_paragraph("关于")
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "1")
    ins.set(qn("w:author"), "Reviser")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "巴塞公约"
    r.append(t)
    ins.append(r)
    p._p.append(ins)
    d.add_paragraph("第二段：巴塞公约。")
    path = tmp_path / "revised.docx"
    d.save(path)
    out = run_cli("check", "--fix", path, "--fail-on", "never")
    assert "revised.docx:1:3: (paragraph 1) '巴塞公约' not fixed to '巴塞尔公约': it is in another reviser's " \
           "tracked change" in out.err
    assert "fixed 1 finding(s)" in out.err
    texts = paragraph_texts(accept_all(part(path)))
    assert texts[:2] == ["关于巴塞公约", "第二段：巴塞尔公约。"]


def test_pdf_odt_and_html_are_checked_never_fixed(tmp_path):
    for name in ("001.odt", "001.html"):
        copy_of(tmp_path, name)
    shutil.copyfile(FIXTURES / "formats" / "pdf" / "001.1col.pdf", tmp_path / "001.pdf")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    r = run_cli("check", "--fix", tmp_path, "--fail-on", "never")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    for label in ("OpenDocument text", "HTML", "PDF"):
        assert f"a {label} file is only checked" in r.err


def test_revisions_compose_later_passes_into_changes_of_the_original():
    rev = Revisions("关于巴塞公约的报告")
    rev.apply(Edit(2, 6, "巴塞尔公约", "deprecated-term", "巴塞公约"))
    assert rev.text() == "关于巴塞尔公约的报告"
    rev.apply(Edit(4, 8, "公约秘书", "x", "尔公约的"))  # overlaps the first change and the original after it
    assert rev.text() == "关于巴塞公约秘书报告"
    [change] = rev.changes()
    assert (change.start, change.end, change.text, change.replacement) == (2, 7, "巴塞公约的", "巴塞公约秘书")
    assert [e.rule for e in change.edits] == ["deprecated-term", "x"]


LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(LIBREOFFICE is None, reason="needs LibreOffice (apt-get install libreoffice-writer-nogui)")
def test_libreoffice_opens_the_tracked_result_and_keeps_the_revisions(tmp_path):
    doc = copy_of(tmp_path)
    run_cli("check", "--fix", doc, "--fail-on", "never")
    expected = read_source(doc).text
    out = tmp_path / "out"
    env = {**os.environ, "HOME": str(tmp_path)}
    result = subprocess.run([LIBREOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                             "--convert-to", "odt", "--outdir", str(out), str(doc)],
                            capture_output=True, text=True, timeout=300, env=env)
    converted = out / "001.odt"
    assert result.returncode == 0 and converted.exists(), result.stderr
    # LibreOffice kept termkit's revisions: the deletions by termkit are tracked changes of the .odt
    with zipfile.ZipFile(converted) as z:
        content = z.read("content.xml").decode("utf-8")
    assert content.count("<dc:creator>termkit</dc:creator>") >= 2 and "<text:deletion>" in content
    # and its text, with every revision accepted, is the fixed text
    assert squash(read_source(converted).text) == squash(expected)


def squash(text: str) -> str:
    return "".join(text.split())

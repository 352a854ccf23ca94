"""The corpus converted to Word, OpenDocument, HTML and PDF is checked as the .txt is, at findable positions.

The documents in tests/fixtures/formats are built from data/*.txt by
make_fixtures.py there (a line to a paragraph, terms split across runs, a
table, a footnote, a tracked change; PDFs printed by Chromium in one and two
columns). For every one of them, `termkit check` must report the findings of
the .txt: the same rules, texts (white space aside: a term broken by a line
break is one term), suggestions and messages. And every finding's position
must lead to its text in the file: the paragraph (table cell, footnote) of the
Word and OpenDocument file, the page and line of the PDF, the source line and
column of the HTML.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, run_cli
from lxml import etree

from termkit import check_paths
from termkit.text.formats import DOCUMENT_SUFFIXES, read_source

FORMATS = FIXTURES / "formats"
CORPUS = FORMATS / "corpus"
PDFS = sorted((FORMATS / "pdf").glob("*.pdf"))
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
STEMS = sorted(MANIFEST)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def squash(text: str) -> str:
    return "".join(text.split())


def key(f) -> tuple:
    return f.rule, squash(f.text), f.suggestion, f.message


@pytest.fixture(scope="module")
def txt_findings(termbase):
    return {stem: check_paths([DATA / MANIFEST[stem]["txt"]], termbase).findings for stem in STEMS}


def documents():
    out = [CORPUS / f"{stem}.{ext}" for stem in STEMS for ext in ("docx", "odt", "html")]
    return out + PDFS


def test_every_corpus_file_is_converted_to_every_format():
    assert STEMS == [p.name[:3] for p in sorted(DATA.glob("*.txt"))]
    assert {p.name[:3] for p in PDFS} == set(STEMS)
    assert any(".1col" in p.name for p in PDFS) and any(".2col" in p.name for p in PDFS)


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_same_findings_as_the_txt(path, termbase, txt_findings):
    expected = txt_findings[path.name[:3]]
    found = check_paths([path], termbase).findings
    assert expected, "every corpus file has findings"
    assert Counter(map(key, found)) == Counter(map(key, expected))


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_every_finding_is_the_text_at_its_line_and_column(path, termbase):
    """Line and column index the text the reporters show: the extracted text (for HTML, the source itself)."""
    text = read_source(path).text
    lines = text.split("\n")
    for f in check_paths([path], termbase).findings:
        start = sum(len(ln) + 1 for ln in lines[:f.line - 1]) + f.column - 1
        end = sum(len(ln) + 1 for ln in lines[:f.end_line - 1]) + f.end_column - 1
        assert text[start:end] == f.text


@pytest.mark.parametrize("stem", STEMS)
def test_word_findings_lead_to_their_paragraph_cell_or_footnote(stem, termbase, txt_findings):
    """Read the .docx with lxml, independently of termkit: the region names where the finding's text is."""
    path = CORPUS / f"{stem}.docx"
    info = MANIFEST[stem]
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
        notes = etree.fromstring(z.read("word/footnotes.xml")) if "word/footnotes.xml" in z.namelist() else None

    def text_of(p) -> str:  # the accepted view: w:t, not w:delText
        return "".join(t.text or "" for t in p.iter(f"{W}t"))

    paragraphs = list(body.iter(f"{W}p"))
    cells = {}
    for r, row in enumerate(body.iter(f"{W}tr"), 1):
        for c, cell in enumerate(row.iter(f"{W}tc"), 1):
            cells[f"table 1, row {r}, cell {c}"] = text_of(cell)
    footnote = "".join(text_of(p) for p in notes.iter(f"{W}p")) if notes is not None else ""
    by_line = {f.line: f for f in txt_findings[stem]}
    for f in check_paths([path], termbase).findings:
        assert f.region is not None
        if f.region == "footnote 1":
            assert squash(f.text) in squash(footnote)
            assert any(info["footnote_line"] == line for line in by_line)
        elif f.region.startswith("table"):
            assert squash(f.text) in squash(cells[f.region])
            assert info["regions"][str(f.line)] == f.region
        else:
            number = int(re.fullmatch(r"paragraph (\d+)", f.region).group(1))
            assert number == f.line  # line n of the .txt is paragraph n of the document
            assert squash(f.text.split("\n")[0]) in squash(text_of(paragraphs[number - 1]))


@pytest.mark.parametrize("stem", STEMS)
def test_body_findings_of_word_and_opendocument_have_the_lines_of_the_txt(stem, termbase, txt_findings):
    expected = {(f.line, f.column, f.rule) for f in txt_findings[stem]
                if str(f.line) not in MANIFEST[stem]["regions"] and f.line != MANIFEST[stem]["footnote_line"]
                and f.line != MANIFEST[stem]["tracked_line"]}
    for ext in ("docx", "odt"):
        found = {(f.line, f.column, f.rule) for f in check_paths([CORPUS / f"{stem}.{ext}"], termbase).findings}
        assert expected <= found, ext


@pytest.mark.parametrize("stem", STEMS)
def test_html_findings_are_at_their_source_line_and_column(stem, termbase):
    path = CORPUS / f"{stem}.html"
    source = path.read_text(encoding="utf-8").split("\n")
    findings = check_paths([path], termbase).findings
    assert findings and all(f.region is None for f in findings)
    for f in findings:
        at = source[f.line - 1][f.column - 1:]
        # the first character of the finding is there, as written (a character reference stands for one)
        assert at.startswith(f.text[0]) or at.startswith("&#x")


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_pdf_findings_name_the_page_and_line_they_are_on(path, termbase):
    """Check with pdfium directly: the named page's text lines hold the finding at the named line."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    pages = []
    for number, page in enumerate(pdf, 1):
        lines = page.get_textpage().get_text_range().split("\r\n")
        # Chromium draws the page's margin boxes first: the running header and the page number
        assert lines[:2] == [f"UNEP/TERMKIT/{path.name[:3]}", str(number)]
        pages.append([ln for ln in lines[2:] if ln.strip()])
    findings = check_paths([path], termbase).findings
    assert findings
    two_columns = ".2col" in path.name
    for f in findings:
        m = re.fullmatch(r"page (\d+), (?:column (\d), )?line (\d+)", f.region or "")
        assert m, f.region
        assert bool(m.group(2)) == two_columns or m.group(2) is None
        page = pages[int(m.group(1)) - 1]
        flat = squash("".join(page))
        assert squash(f.text)[:2] in flat
        if not two_columns:
            line = page[int(m.group(3)) - 1]
            assert line[f.column - 1:].startswith(f.text.split("\n")[0][:3]) or \
                squash(line[f.column - 1:]).startswith(squash(f.text)[:2])


def test_pdf_running_headers_and_page_numbers_are_left_out():
    for path in PDFS:
        text = read_source(path).text
        assert "UNEP/TERMKIT/" not in text
        # the lines that hold a number alone are those of the .txt (the original's page numbers), no more
        txt = (DATA / MANIFEST[path.name[:3]]["txt"]).read_text(encoding="utf-8")
        numbers = [ln.strip() for ln in text.split("\n") if re.fullmatch(r"\d+", ln.strip())]
        assert numbers == [ln.strip() for ln in txt.split("\n") if re.fullmatch(r"\d+", ln.strip())]


def test_a_directory_walk_picks_up_every_format_and_include_exclude_apply(tmp_path, termbase):
    for p in [*documents(), DATA / MANIFEST["001"]["txt"]]:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "~$001.docx").write_bytes(b"owner file of an open document")
    result = check_paths([tmp_path], termbase)
    names = {Path(f).name for f in result.files}
    assert {p.name for p in documents()} <= names and "~$001.docx" not in names
    assert all(Path(f).suffix in DOCUMENT_SUFFIXES for f in result.files)
    r = run_cli("check", tmp_path, "--isolated", "-f", "json", "--fail-on", "never")
    doc = json.loads(r.out)
    assert doc["files"] == len(names)
    (tmp_path / "termkit.toml").write_text('include = ["*.pdf"]\nexclude = ["*2col*"]\n', encoding="utf-8")
    r = run_cli("check", tmp_path, "--config", tmp_path / "termkit.toml", "-f", "json", "--fail-on", "never")
    paths = {Path(f["path"]).name for f in json.loads(r.out)["findings"]}
    assert paths and all(p.endswith(".1col.pdf") for p in paths)

"""The document readers on real files: Word, OpenDocument, HTML and PDF, and what each leaves out.

Word and OpenDocument files are the test documents of Okapi and Supervertaler in tests/fixtures/external
(tracked changes, text boxes written twice, fields, notes, headers); PDFs are those of
tests/fixtures/formats/pdf and ones made here; HTML is written here.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from termkit import check_paths
from termkit.errors import InputError
from termkit.text.document import collect_files, read_document
from termkit.text.formats import DOCUMENT_SUFFIXES, format_of, read_source
from termkit.text.htmltext import blank_markup, read_html
from termkit.text.normalize import normalize
from termkit.text.positions import PositionMap

EXT = FIXTURES / "external"
PDFS = FIXTURES / "formats" / "pdf"


def lines_and_regions(doc) -> list[tuple[str, str | None]]:
    out = []
    offset = 0
    for line in doc.text.split("\n"):
        out.append((line, doc.positions.region(offset) if doc.positions else None))
        offset += len(line) + 1
    return out


# -------------------------------------------------------------------------------------------- Word

def test_word_tracked_changes_are_read_as_accepted():
    doc = read_document(EXT / "docx" / "Deli.docx")
    assert doc.format == "docx"
    assert doc.text.strip() == "The slow red fox is dead."  # not "quick brown", which was deleted
    ref = read_document(EXT / "docx" / "OpenXML_text_reference_v1_2.docx")
    assert "it is helpful to track changes or add comments" in ref.text


def test_word_text_boxes_are_read_once_after_their_paragraph():
    boxes = lines_and_regions(read_document(EXT / "docx" / "TextBoxes.docx"))
    assert [(t.strip(), r) for t, r in boxes if t.strip()] == [
        ("Doggy", "paragraph 1"), ("unbelievable", "text box in paragraph 1"), ("pig", "text box in paragraph 1"),
        ("This here is a text box.", "text box in paragraph 1")]
    alternate = read_document(EXT / "docx" / "AlternateContent.docx").text
    assert alternate.count("ONE???TWO") == 1 and alternate.count("THREE") == 1  # mc:Fallback's copy left out


def test_word_field_codes_are_left_out_and_results_kept():
    doc = read_document(EXT / "docx" / "ComplexTextfield.docx")
    assert [t for t in doc.text.split("\n") if t] == ["I am a normal paragraph.", "I am a textfield"]
    ref = read_document(EXT / "docx" / "OpenXML_text_reference_v1_2.docx")
    assert "Footer.  Page number: 1" in ref.text and "PAGE" not in ref.text


def test_word_regions_name_tables_notes_headers_and_pages():
    lines = lines_and_regions(read_document(EXT / "docx" / "OpenXML_text_reference_v1_2.docx"))
    regions = dict(lines)
    assert regions["Column 1 row 1"] == "page 1, table 1, row 1, cell 1"
    assert regions["C2R2"] == "page 1, table 1, row 2, cell 2"
    assert regions[" This is the footnote."] == "footnote 1"
    headers = [r for t, r in lines if t == "Header left align\tHeader center\tHeader right"]
    assert headers == ["header (section 1)", "header (section 3)"]  # two header parts, one text
    assert regions["Footer.  Page number: 3"] == "footer (section 3)"
    # Word recorded where it last broke the pages: body regions name the page
    assert regions["Document revisions"] == "page 5, paragraph 34"


def test_word_table_with_merged_cells_and_line_breaks():
    doc = read_document(EXT / "docx" / "supervertaler-advanced-test.en-US.docx")
    regions = dict(lines_and_regions(doc))
    assert regions["Merged header cell (ID + Description)"] == "table 1, row 1, cell 1"
    assert "Cell with manual line break" in doc.text
    assert all("\n" not in t for t in doc.text.split("\n"))  # a paragraph is one line


def test_a_term_split_across_runs_by_formatting_is_one_term(tmp_path, termbase):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    p = d.add_paragraph("关于")
    p.add_run("巴塞").bold = True
    p.add_run("公约").italic = True
    p.add_run("的报告。")
    d.save(tmp_path / "runs.docx")
    [f] = [f for f in check_paths([tmp_path / "runs.docx"], termbase).findings if f.rule == "deprecated-term"]
    assert (f.text, f.line, f.column, f.region) == ("巴塞公约", 1, 3, "paragraph 1")


def test_a_zip_bomb_docx_is_refused(tmp_path, cli):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document " + b" " * (300 * 1024 * 1024) + b"/>")
    r = run_cli("check", bomb)
    assert r.code == 2 and "zip" in r.err and len(r.err.strip().splitlines()) == 1


@pytest.mark.parametrize("data, what", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "Word 97-2003"),
    (b"PK\x03\x04 not really a zip", "zip container"),
])
def test_a_legacy_or_broken_word_file_is_one_line(tmp_path, data, what):
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    r = run_cli("check", path)
    assert r.code == 2 and what in r.err and len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err


def test_an_entity_in_a_word_part_is_refused(tmp_path):
    path = tmp_path / "evil.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    with pytest.raises(InputError, match="entity"):
        read_document(path)


# -------------------------------------------------------------------------------------------- OpenDocument

def test_opendocument_notes_tables_frames_and_header():
    doc = read_document(EXT / "odt" / "okapi-TestDocument01.odt")
    regions = dict(lines_and_regions(doc))
    assert regions["Cell r2-c1"] == "page 1, table 1, row 2, cell 1"
    assert regions["Text of the automatic footnote."] == "footnote 1, paragraph 1"
    assert regions["Text of the footnote N."] == "footnote N"
    assert regions["Illustration 1: Caption of the image"] == "text box in paragraph 30"
    assert regions["Text of the header"] == "header (page style Standard)"
    assert "Spaces: [   ]=3, [\t\t\t]=3tabs, Line after." in doc.text  # text:s, text:tab, line break
    assert "Paragraph with footnote here and here." in doc.text  # the note is not inside its paragraph


def test_opendocument_tracked_changes_are_read_as_accepted():
    text = read_document(EXT / "odt" / "okapi-TestDocument04-tracked-changes.odt").text
    assert "Text with revisions: inserted." in text
    import json

    manifest = json.loads((FIXTURES / "formats" / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    for stem, info in manifest.items():
        if info["tracked_line"] is None:
            continue
        txt = (FIXTURES.parent.parent / "data" / info["txt"]).read_text(encoding="utf-8").split("\n")
        line = info["tracked_line"]
        for ext in ("odt", "docx"):  # the deleted "巴塞公约" is not read, the insertion is
            made = read_document(FIXTURES / "formats" / "corpus" / f"{stem}.{ext}").text.split("\n")
            assert made[line - 1] == txt[line - 1].rstrip("\r"), (stem, ext)


def test_a_zip_that_is_not_opendocument_text(tmp_path):
    path = tmp_path / "sheet.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    with pytest.raises(InputError, match="spreadsheet"):
        read_document(path)


# -------------------------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html><head><title>报告</title>
<style>/* 巴塞公约 */ p { color: red }</style>
<script>var x = "巴塞公约 <p>";</script></head>
<body><p title="巴塞公约" class=it's>关于巴塞<b>公</b>约&amp;的&#x62A5;告</p>
<!-- 巴塞公约 -->
<p>第二段：巴塞公约。<!-- termkit: ignore[deprecated-term] --></p>
<template><p>巴塞公约</p></template>
</body></html>
"""


def test_html_keeps_every_text_character_at_its_source_offset():
    text = blank_markup(PAGE)
    assert len(text) == len(PAGE) and text.count("\n") == PAGE.count("\n")
    for i, ch in enumerate(text):
        if not ch.isspace() and PAGE[i] not in "&":
            assert PAGE[i] == ch or PAGE[i - 1:i + 1] == "x6" or ch in "报&", (i, ch)
    assert normalize(text).text.count("巴塞公约") == 2  # the paragraph's (split by <b>) and the marked one
    assert "var x" not in text and "color" not in text and "title" not in text and "报告" in text


def test_html_findings_are_at_source_line_and_column(tmp_path, termbase):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    findings = [f for f in check_paths([page], termbase).findings if f.rule == "deprecated-term"]
    # script, style, attribute, comment and template are not read; the suppression marker works
    assert [(f.line, f.column, f.end_column) for f in findings] == [(5, 36, 47)]
    assert PAGE.split("\n")[4][35:46] == "巴塞<b>公</b>约"  # the source there, markup and all
    assert findings[0].text == "巴塞   公    约"  # the text the rules read: markup blanked


def test_html_meta_charset_decides_the_encoding(tmp_path, termbase):
    page = tmp_path / "gb.html"
    page.write_bytes('<html><head><meta charset="gb2312"></head><body><p>巴塞公约</p></body></html>'.encode("gb18030"))
    doc = read_html(page)
    assert doc.encoding == "gb18030" and "巴塞公约" in doc.text


# -------------------------------------------------------------------------------------------- PDF

def test_pdf_regions_name_page_column_and_line():
    regions = lines_and_regions(read_source(PDFS / "003.2col.pdf"))
    named = [r for _, r in regions if r]
    assert named[0] == "page 1, column 1, line 1"
    assert any(r.startswith("page 1, column 2, line 1") for r in named)
    assert all(r.startswith("page ") for r in named)
    one = [r for _, r in lines_and_regions(read_source(PDFS / "001.1col.pdf")) if r]
    assert one[:2] == ["page 1, line 1", "page 1, line 2"] and not any("column" in r for r in one)


def image_only_pdf(pages: int = 1) -> bytes:
    """A PDF whose pages hold nothing but a (one-pixel, grey) image: what a scanner without OCR writes."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages))
               + b"] /Count %d >>" % pages,
               b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
               b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream"]
    for i in range(pages):
        content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
                       b"<< /Im0 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_scanned_pdf_is_one_clear_line(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_only_pdf())
    r = run_cli("check", scan)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1
    assert "no text layer" in r.err and "OCR" in r.err and "Traceback" not in r.err
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "two.pdf").write_bytes(image_only_pdf(2))
    r = run_cli("check", tmp_path / "scans")  # in a directory too: never "no findings"
    assert r.code == 2 and "its pages are images" in r.err


def test_a_pdf_page_without_text_is_a_note(tmp_path, termbase):
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    merged.import_pages(pdfium.PdfDocument(str(PDFS / "001.1col.pdf")), [0])
    merged.import_pages(pdfium.PdfDocument(image_only_pdf()))
    out = tmp_path / "mixed.pdf"
    merged.save(str(out))
    result = check_paths([out], termbase)
    assert any("page 2 has no text layer" in n for n in result.notes)
    r = run_cli("check", out, "--fail-on", "never")
    assert r.code == 0 and "page 2 has no text layer" in r.err


def test_not_a_pdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage")
    r = run_cli("check", path)
    assert r.code == 2 and "PDF" in r.err and "Traceback" not in r.err


def test_radicals_in_pdf_text_are_matched_as_ideographs_and_reported_as_written(termbase):
    from termkit.engine.pipeline import check_document
    from termkit.text.document import Document

    text = "国际化学品管理战略⽅针，消耗臭氧物质。"  # ⽅ U+2F45 for 方, as some PDF producers write it
    pdf = Document("x.pdf", text, format="pdf", positions=PositionMap.by_line(text, ["page 1, line 1"]))
    plain = Document("x.txt", text)
    assert normalize(text, radicals=True).text.startswith("国际化学品管理战略方针")
    assert normalize(text).text.startswith("国际化学品管理战略⽅针")
    assert any(m.term.concept_id == "strategic-approach" or "方针" in m.term.text
               for m in _matches(pdf, termbase))
    assert not any("方针" in m.term.text for m in _matches(plain, termbase))
    findings = check_document(pdf, termbase)
    assert all(f.region == "page 1, line 1" for f in findings)


def _matches(doc, termbase):
    from termkit.engine.scan import document_context
    return document_context(doc, termbase).matches


# -------------------------------------------------------------------------------------------- all formats

def test_every_format_is_registered_once():
    assert len(DOCUMENT_SUFFIXES) == len(set(DOCUMENT_SUFFIXES))
    assert {format_of(f"x{s}").name for s in DOCUMENT_SUFFIXES} == {"text", "docx", "odt", "pdf", "html"}
    assert format_of("x.xlf") is None and format_of("notes") is None


def test_directory_walk_skips_lock_files_and_takes_binary_formats(tmp_path):
    for name in ("a.docx", "b.pdf", "c.odt", "d.html", "e.txt", "~$a.docx", ".hidden.pdf", "f.xlf"):
        (tmp_path / name).write_bytes(b"x")
    files, _ = collect_files([tmp_path])
    assert [Path(f).name for f in files] == ["a.docx", "b.pdf", "c.odt", "d.html", "e.txt"]


def test_xml_named_as_text_is_never_read_as_a_document(tmp_path):
    path = tmp_path / "segments.txt"
    path.write_text('<?xml version="1.0"?>\n<xliff version="1.2"><file/></xliff>\n', encoding="utf-8")
    r = run_cli("check", path)
    assert r.code == 2 and "XLIFF" in r.err and ".xlf" in r.err
    other = tmp_path / "data.txt"
    other.write_text('<?xml version="1.0"?>\n<inventory/>\n', encoding="utf-8")
    r = run_cli("check", other)
    assert r.code == 2 and "<inventory>" in r.err and "not a document format" in r.err


def test_glossary_and_extract_read_the_same_formats(tmp_path):
    corpus = FIXTURES / "formats" / "corpus"
    for name in ("001.docx", "003.odt", "004.html"):
        (tmp_path / name).write_bytes((corpus / name).read_bytes())
    (tmp_path / "002.pdf").write_bytes((PDFS / "002.2col.pdf").read_bytes())
    r = run_cli("glossary", tmp_path, "--format", "json", "-o", "-")
    assert r.code == 0, r.err
    import json

    entries = json.loads(r.out)
    paths = {Path(p).name for e in entries for p in e["documents"]}
    assert paths == {"001.docx", "003.odt", "004.html", "002.pdf"}
    firsts = [e["first"] for e in entries]
    # the first occurrence names its place in the file: a paragraph, a page and line
    assert any(f.endswith("(paragraph 1)") and "001.docx" in f for f in firsts)
    assert any("002.pdf" in f and "(page 1, column 1, line" in f for f in firsts)
    r = run_cli("extract", tmp_path, "--format", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["files"] == 4


def test_flat_opendocument(tmp_path, termbase):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    path = tmp_path / "report.fodt"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {ns} office:version="1.3">'
                    '<office:master-styles><style:master-page style:name="Standard"><style:header>'
                    '<text:p>UNEP/X/1</text:p></style:header></style:master-page></office:master-styles>'
                    '<office:body><office:text><text:h>标题</text:h><text:p>关于<text:span>巴塞</text:span>公约的报告'
                    '</text:p></office:text></office:body></office:document>', encoding="utf-8")
    doc = read_document(path)
    assert lines_and_regions(doc) == [("标题", "paragraph 1"), ("关于巴塞公约的报告", "paragraph 2"),
                                      ("UNEP/X/1", "header (page style Standard)")]
    [f] = [f for f in check_paths([path], termbase).findings if f.rule == "deprecated-term"]
    assert (f.line, f.column, f.region) == (2, 3, "paragraph 2")


def test_xml_without_a_declaration_and_word_formats_termkit_does_not_read(tmp_path):
    xml = tmp_path / "config.xml"
    xml.write_text("<settings><a>巴塞公约</a></settings>\n", encoding="utf-8")
    r = run_cli("check", xml)
    assert r.code == 2 and "root element <settings>" in r.err
    for name, what in (("old.doc", "Word 97-2003"), ("memo.rtf", "RTF")):
        path = tmp_path / name
        path.write_text("{\\rtf1 \\u24052?\\u22622?}", encoding="utf-8")
        r = run_cli("check", path)
        assert r.code == 2 and what in r.err and "convert-to docx" in r.err

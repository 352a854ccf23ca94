"""`termkit export`: every format, TBX validity against the official schemas,
status/type mapping, selections, and the Excel compatibility of CSV/TSV."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from conftest import FIXTURES
from lxml import etree
from tbx_schematron import dca_problems, load_rules

from termkit import load_termbase
from termkit.interchange import export_termbase, select
from termkit.interchange.tbx_vocabulary import FORBIDDEN_NOTE, SCHEMA_DIR, SCHEMAS, TBX_NS, schema_errors

EDGE = FIXTURES / "export-edge.yaml"
MINI = FIXTURES / "mini.yaml"
EXTERNAL = FIXTURES / "external"  # published files, see tests/fixtures/external/README.md
NS = {"t": TBX_NS}
#: SHA-256 of the official schemas as published (LTAC-Global/TBX_Core_RNG, LTAC-Global/TBX-Basic_dialect,
#: the TBX-Basic 2009 package); termkit ships them in termkit/interchange/tbx_schemas
PUBLISHED_SCHEMAS = {
    "TBXcoreStructV03.rng": "e91e89f82e69fe42f3bdad6f2cd8ab2dbdcdd73c7bd63ab2bfa417262054e461",
    "TBXcoreStructV03_TBX-Basic_integrated.rng": "c367f0e9c88946023cdc2464c8297776502e9e5037746815443f845645dca000",
    "TBXBasicRNGV02.rng": "491c158dbc696c895842b552c10a2022e49d5f1f333818e3ed316d260008d5fc",
}


@pytest.fixture(scope="module")
def edge_termbase():
    return load_termbase([EDGE, MINI])


def parse(data: bytes):
    return etree.fromstring(data).getroottree()


# -- TBX v3 -------------------------------------------------------------------

def test_schematron_checker_catches_the_official_bad_file():
    """The picklist checker the tests rely on must be able to fail."""
    bad = etree.parse(str(EXTERNAL / "tbx-samples" / "basic_bad.tbx"))
    problems = dca_problems(bad)
    assert any("partOfSpeech value 'nominal'" in p for p in problems)
    assert any("theWrongType" in p for p in problems)
    good = etree.parse(str(EXTERNAL / "tbx-samples" / "TBX-Basic_v3_Example_Astronomy_DCA_VALID.tbx"))
    assert dca_problems(good) == []


def test_schematron_checker_catches_a_wrong_value_level_and_type(edge_termbase):
    data = export_termbase(edge_termbase, "tbx").decode("utf-8")
    broken = (data.replace(">shortForm<", ">short<", 1)
                  .replace('<descrip type="subjectField">conventions</descrip>',
                           '<descrip type="usage">conventions</descrip>', 1)
                  .replace("<note>concept note</note>",
                           '<note>concept note</note><descrip type="context">misplaced</descrip>', 1))
    problems = dca_problems(parse(broken.encode("utf-8")))
    assert any("termType value 'short'" in p for p in problems)
    assert any("<descrip type='usage'> type not in" in p for p in problems)
    assert any("context at level conceptEntry" in p for p in problems)


def test_bundled_schemas_are_the_published_files():
    """The RELAX NG schemas termkit validates with are the official files, byte for byte."""
    assert set(SCHEMAS.values()) == set(PUBLISHED_SCHEMAS)
    for name, digest in PUBLISHED_SCHEMAS.items():
        assert hashlib.sha256((SCHEMA_DIR / name).read_bytes()).hexdigest() == digest, name


def test_picklists_are_read_from_the_official_schematron():
    rules = load_rules()
    assert rules.values[("termNote", "administrativeStatus")] == {
        "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"}
    assert "abbreviation" in rules.values[("termNote", "termType")]
    assert rules.levels[("descrip", "subjectField")] == {"conceptEntry"}


@pytest.mark.parametrize("which", ["bundled", "edge"])
def test_tbx_v3_validates_against_relaxng_and_obeys_schematron(which, termbase, edge_termbase, tmp_path):
    tb = termbase if which == "bundled" else edge_termbase
    data = export_termbase(tb, "tbx")
    tree = parse(data)
    assert schema_errors(tree, "basic3") == []
    assert dca_problems(tree) == []
    assert len(tree.findall(".//t:conceptEntry", NS)) == len(tb.concepts)
    assert len(tree.findall(".//t:termSec", NS)) == sum(len(c.terms) for c in tb.concepts)
    # and by lxml directly against the official file (pinned by test_bundled_schemas_are_the_published_files)
    rng = etree.RelaxNG(etree.parse(str(SCHEMA_DIR / "TBXcoreStructV03_TBX-Basic_integrated.rng")))
    assert rng.validate(tree), rng.error_log


def test_tbx_v3_maps_statuses_types_notes_and_use(edge_termbase):
    tree = parse(export_termbase(edge_termbase, "tbx"))

    def sec(term):
        return tree.xpath("//t:termSec[t:term=$term]", namespaces=NS, term=term)[0]

    def notes(el, kind):
        return [n.text for n in el.findall(f"t:termNote[@type='{kind}']", NS)]

    assert notes(sec("巴塞尔测试约"), "administrativeStatus") == ["preferredTerm-admn-sts"]
    assert notes(sec("巴塞尔测试约"), "termType") == ["shortForm"]
    deprecated = sec("巴塞测试")
    assert notes(deprecated, "administrativeStatus") == ["deprecatedTerm-admn-sts"]
    assert [n.text for n in deprecated.findall("t:note", NS)] == ["尔 dropped"]
    forbidden = sec("巴测约")
    assert notes(forbidden, "administrativeStatus") == ["deprecatedTerm-admn-sts"]
    assert FORBIDDEN_NOTE in [n.text for n in forbidden.findall("t:note", NS)]
    ref = forbidden.find("t:ref[@type='crossReference']", NS)
    assert ref.text == "巴塞尔测试约" and ref.get("target") == sec("巴塞尔测试约").get("id")
    assert notes(sec("UNEP"), "termType") == ["abbreviation"]
    # an id that starts with a digit is not an XML ID; it gets a leading underscore
    assert tree.find(".//t:conceptEntry[@id='_2030-agenda']", NS) is not None
    entry = tree.find(".//t:conceptEntry[@id='basel-test']", NS)
    assert entry.findtext("t:descrip[@type='subjectField']", namespaces=NS) == "conventions"
    assert entry.findtext("t:descripGrp/t:descrip[@type='definition']", namespaces=NS) == "A treaty."
    assert entry.findtext("t:descripGrp/t:admin[@type='source']", namespaces=NS) == "UNTERM"
    assert entry.findtext("t:note", namespaces=NS) == "concept note"


def test_tbx_is_the_same_bytes_on_every_run(termbase):
    assert export_termbase(termbase, "tbx") == export_termbase(termbase, "tbx")


# -- TBX v2 -------------------------------------------------------------------

@pytest.mark.parametrize("which", ["bundled", "edge"])
def test_tbx_v2_martif_validates_against_tbx_basic_2008(which, termbase, edge_termbase):
    tb = termbase if which == "bundled" else edge_termbase
    data = export_termbase(tb, "tbx", tbx_version=2)
    assert b'<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">' in data
    tree = parse(data)
    assert tree.getroot().tag == "martif" and tree.getroot().get("type") == "TBX-Basic"
    assert schema_errors(tree, "basic2") == []
    assert len(tree.findall(".//termEntry")) == len(tb.concepts)
    assert len(tree.findall(".//tig")) == sum(len(c.terms) for c in tb.concepts)
    dtd = etree.DTD(str(EXTERNAL / "tbx-schemas" / "TBXBasiccoreStructV02.dtd"))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()


def test_cli_export_tbx_version_2(cli, tmp_path):
    out = tmp_path / "v2.tbx"
    r = cli("export", "-t", MINI, "-o", out, "--tbx-version", "2")
    assert r.code == 0, r.err
    assert parse(out.read_bytes()).getroot().tag == "martif"
    r = cli("export", "-t", MINI, "-o", tmp_path / "v4.tbx", "--tbx-version", "4")
    assert r.code == 2 and "--tbx-version must be 2 or 3" in r.err


# -- selections ---------------------------------------------------------------

def test_subject_and_termbase_selection(cli, tmp_path, termbase):
    out = tmp_path / "conv.json"
    r = cli("export", "--subject", "conventions", "-o", out)
    assert r.code == 0, r.err
    concepts = json.loads(out.read_text(encoding="utf-8"))["concepts"]
    expected = [c.id for c in termbase.concepts if c.subject == "conventions"]
    assert [c["id"] for c in concepts] == expected and expected
    sel = select(load_termbase([EDGE, MINI]), termbase_ids=["t"])
    assert [c.id for c in sel.concepts] == ["basel-test", "2030-agenda"]
    r = cli("export", "--subject", "no-such-subject", "-o", tmp_path / "x.csv")
    assert r.code == 2 and "no concept has subject 'no-such-subject'" in r.err
    assert "Traceback" not in r.err


def test_unknown_extension_is_a_usage_error(cli, tmp_path):
    r = cli("export", "-t", MINI, "-o", tmp_path / "out.docx")
    assert r.code == 2
    assert r.err.count("\n") == 1 and "extension '.docx'" in r.err


# -- CSV / TSV: Excel compatibility -------------------------------------------

QUIRKY = """id: quirky
title: Quirky
concepts:
  - id: quirky-notes
    subject: "tests, with comma"
    note: "line one, \\"quoted\\"\\nline two"
    en:
      - {term: "+1 proposal", type: full, note: "@mention"}
    zh:
      - {term: 附加提案, type: full, note: "-减号开头"}
"""


def test_csv_is_excel_compatible(tmp_path):
    path = tmp_path / "quirky.yaml"
    path.write_text(QUIRKY, encoding="utf-8")
    tb = load_termbase([path])
    data = export_termbase(tb, "csv")
    # UTF-8 with BOM: Excel reads the file as UTF-8 instead of the ANSI code page
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    # CRLF between records; the line break inside the note stays a bare LF inside quotes
    assert text.count("\r\n") == 3 and text.endswith("\r\n")
    # RFC 4180: fields with commas, quotes or line breaks are quoted and quotes doubled
    assert '"tests, with comma"' in text
    assert '"line one, ""quoted""\nline two"' in text
    # formula characters at the start of a cell are guarded with an apostrophe
    assert ",'+1 proposal," in text and ",'@mention," in text and ",'-减号开头," in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:4] == ["concept", "subject", "lang", "term"]
    assert rows[1][3] == "附加提案" and rows[1][9] == 'line one, "quoted"\nline two'


def test_tsv_uses_tabs_bom_and_crlf(termbase):
    data = export_termbase(termbase, "tsv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].decode("utf-8").split("\r\n")
    assert lines[0].split("\t")[:4] == ["concept", "subject", "lang", "term"]
    assert len(lines) - 2 == sum(len(c.terms) for c in termbase.concepts)
    assert all(line.count("\t") == 10 for line in lines[:-1] if '"' not in line)


# -- XLSX, Markdown, JSON -------------------------------------------------------

def test_xlsx_has_frozen_header_widths_and_text_cells(edge_termbase, tmp_path):
    from openpyxl import load_workbook

    data = export_termbase(edge_termbase, "xlsx")
    path = tmp_path / "tb.xlsx"
    path.write_bytes(data)
    ws = load_workbook(path).active
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:4] == ["concept", "subject", "lang", "term"]
    assert ws["A1"].font.b
    assert ws.max_row == 1 + sum(len(c.terms) for c in edge_termbase.concepts)
    terms = [row[3].value for row in ws.iter_rows(min_row=2)]
    assert "=2030 Agenda" in terms  # written as text, not as a formula
    cell = next(row[3] for row in ws.iter_rows(min_row=2) if row[3].value == "=2030 Agenda")
    assert cell.data_type == "s"
    # the term column is wide enough for the long English titles, capped at 60
    assert ws.column_dimensions["D"].width == 60
    assert ws.column_dimensions["C"].width < 10
    assert ws.auto_filter.ref.startswith("A1:")
    assert export_termbase(edge_termbase, "xlsx") == data  # same bytes every run


def test_markdown_escapes_pipes(tmp_path):
    path = tmp_path / "pipe.yaml"
    path.write_text("id: pipe\ntitle: Pipes\nconcepts:\n  - id: a-b\n    subject: s\n"
                    "    note: 'a | b'\n    en:\n      - {term: A or B}\n", encoding="utf-8")
    md = export_termbase(load_termbase([path]), "md").decode("utf-8")
    assert md.startswith("# Pipes\n")
    row = [line for line in md.splitlines() if line.startswith("| a-b")][0]
    assert "a \\| b" in row and row.count(" | ") == 10


def test_json_keeps_the_termbase_schema_with_examples():
    tb = load_termbase([MINI])
    data = json.loads(export_termbase(tb, "json"))
    assert data["version"] == 1 and data["termbases"] == {"mini": "Mini"}
    basel = data["concepts"][0]
    assert basel["id"] == "basel-convention"
    assert {"term": "巴塞公约", "type": "short", "status": "deprecated", "note": "尔 dropped"} in basel["zh"]
    assert basel["examples"] == [{"text": "《巴塞公约》秘书处", "matches": ["巴塞公约"], "fixed": "《巴塞尔公约》秘书处"}]


def test_export_to_stdout(cli):
    r = cli("export", "-t", MINI, "-o", "-", "--format", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["concepts"][0]["id"] == "basel-convention"
    r = cli("export", "-t", MINI, "-o", "-")
    assert r.code == 2 and "needs --format" in r.err

"""`termkit import`: real TBX files written by other tools, broken ones, CSV/TSV
layouts and encodings, and the round trips YAML -> TBX/CSV -> YAML."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from termkit import load_termbase
from termkit.errors import InputError
from termkit.interchange import dump_termbase, export_termbase, import_file
from termkit.termbase import collect

IMPORT = FIXTURES / "import"
MINI = FIXTURES / "mini.yaml"
EDGE = FIXTURES / "export-edge.yaml"
#: a copy of the published sample folder (see tests/fixtures/external/README.md)
SAMPLES = FIXTURES / "external" / "tbx-samples"
GOOD_SAMPLES = [
    "Good-Basic1.tbx", "Good-Basic2.tbx", "TBX-Basic_v3_Example_Astronomy_DCA_VALID.tbx",
    "TBX-Basic_v3_Example_Astronomy_DCT_VALID.tbx", "TBX-Min_v3_Example_Astronomy_DCA_VALID.tbx",
    "TBX-Min_v3_Example_Astronomy_DCT_VALID.tbx", "TBX-basic-samples.tbx", "basic_good.tbx",
    "man-pages-zh_coreutils-po_terms.tbx",
]
#: the deliberately broken samples, the line the importer must name, and what it must say
BROKEN_SAMPLES = [
    ("poorly_formed_xml.tbx", 42, "not well-formed XML: Opening and ending tag mismatch"),
    ("tbx_basic_sample_notwellformed.tbx", 44, "not well-formed XML: Opening and ending tag mismatch"),
    ("tbx_basic_sample_badelement.tbx", 38, "<transaction> is not an element of TBX"),
    ("basic_bad.tbx", 97, "data category 'definition' is not allowed in a <termSec>"),
]


def sample(name: str):
    """A TBX sample from tests/fixtures/external/tbx-samples; a missing one fails the test."""
    path = SAMPLES / name
    assert path.is_file(), f"fixture missing: {path}"
    return path


def concept_key(tb):
    """Everything a round trip must keep, in order."""
    return [(c.id, c.subject, c.definition, c.note, c.source,
             [(t.lang, t.text, t.type, t.status, t.note, t.use) for t in c.terms]) for c in tb.concepts]


def write_and_load(result, path):
    path.write_text(dump_termbase(result.data, "test import"), encoding="utf-8")
    termbase, problems = collect([path])
    assert problems == [], [str(p) for p in problems]
    return load_termbase([path])


def test_every_sample_is_classified():
    """The sample folder holds exactly the listed samples: a new one must be added to one of the two lists above."""
    listed = set(GOOD_SAMPLES) | {name for name, _, _ in BROKEN_SAMPLES}
    assert {p.name for p in SAMPLES.glob("*.tbx")} == listed


@pytest.mark.parametrize("name", GOOD_SAMPLES)
def test_well_formed_samples_import_into_valid_termbases(name, tmp_path, cli):
    src = sample(name)
    out = tmp_path / "imported.yaml"
    r = cli("import", src, "-o", out)
    assert r.code == 0, r.err
    assert "concepts" in r.err.splitlines()[-1]
    tb = load_termbase([out])
    assert len(tb.concepts) >= 2
    assert cli("validate", out).code == 0


@pytest.mark.parametrize("dialect", ["Basic", "Min"])
def test_v3_dca_and_dct_styles_import_the_same_concepts(dialect):
    dca = import_file(sample(f"TBX-{dialect}_v3_Example_Astronomy_DCA_VALID.tbx"), termbase_id="astro")
    dct = import_file(sample(f"TBX-{dialect}_v3_Example_Astronomy_DCT_VALID.tbx"), termbase_id="astro")
    assert [(c["id"], [(t["term"], t["type"], t.get("status")) for t in c["en"]]) for c in dca.concepts] == \
           [(c["id"], [(t["term"], t["type"], t.get("status")) for t in c["en"]]) for c in dct.concepts]
    assert len(dca.concepts) == 39


def test_v3_basic_sample_details():
    dca = import_file(sample("TBX-Basic_v3_Example_Astronomy_DCA_VALID.tbx"), termbase_id="astro")
    c1 = dca.concepts[0]
    assert c1["id"] == "c1" and c1["subject"] == "General"
    assert c1["definition"].startswith("A group of stars formed together")
    galactic = next(t for t in c1["en"] if t["term"] == "galactic cluster")
    assert galactic["status"] == "superseded"
    # data categories termkit has no field for are kept as notes, not dropped
    assert "partOfSpeech: noun" in galactic["note"]
    assert "context: In contrast, the galactic cluster" in galactic["note"]
    assert "xGraphic: Open_Cluster.JPG" in c1["note"]
    # what was left out is said, with counts
    assert any("es (39), zu (6)" in n for n in dca.notes)
    assert any("200 transaction history" in n for n in dca.notes)


def test_foreign_data_categories_and_statuses_become_notes():
    r = import_file(sample("basic_good.tbx"), termbase_id="good")
    open_cluster = r.concepts[0]["en"][0]
    assert open_cluster["term"] == "open cluster"
    assert "usageStatus: preferred" in open_cluster["note"]


def test_v2_martif_with_chinese(tmp_path):
    r = import_file(sample("man-pages-zh_coreutils-po_terms.tbx"),
                    termbase_id="coreutils")
    assert r.source_format == "TBX v2 TBX"
    assert [(c["id"], c["en"][0]["term"], c["zh"][0]["term"]) for c in r.concepts] == [
        ("darcy-shen-0", "default", "默认"), ("darcy-shen-1", "multiplier suffix", "倍数后缀")]
    assert any("'darcy_shen-0' written as 'darcy-shen-0'" in n for n in r.notes)
    tb = write_and_load(r, tmp_path / "coreutils.yaml")
    assert tb.concept("darcy-shen-1").preferred("zh").text == "倍数后缀"


def test_v2_tbx_basic_sample_keeps_statuses_types_and_levels():
    r = import_file(sample("TBX-basic-samples.tbx"), termbase_id="s")
    assert r.data["title"] == "TBX-Basic Sample File"
    lens = next(c for c in r.concepts if c["id"] == "c7")
    assert [(t["term"], t["type"], t.get("status", "preferred")) for t in lens["en"]] == [
        ("progressive lens", "full", "preferred"), ("progressive addition lens", "full", "admitted"),
        ("PAL", "abbrev", "deprecated"), ("progressive power lens", "full", "admitted"),
        ("graduated lens", "full", "superseded")]
    assert lens["source"] == "Wikipedia" and lens["definition"].startswith("corrective lenses")
    # a definition given at the language level becomes the concept's definition
    c2 = next(c for c in r.concepts if c["id"] == "c2")
    assert c2["definition"].startswith("This is a sample definition at the language level.")
    assert any("de (1), fr (3)" in n for n in r.notes)


@pytest.mark.parametrize("name,line,message", BROKEN_SAMPLES)
def test_broken_samples_fail_with_their_line(name, line, message, cli, tmp_path):
    src = sample(name)
    with pytest.raises(InputError) as exc:
        import_file(src, termbase_id="x")
    assert exc.value.line == line and message in exc.value.message
    out = tmp_path / "x.yaml"
    r = cli("import", src, "-o", out)
    assert r.code == 2
    assert r.err.count("\n") == 1 and f"{name}:{line}" in r.err and "Traceback" not in r.err
    assert not out.exists()


def test_tbx_basic_level_rule(cli, tmp_path):
    src = IMPORT / "definition-on-term.tbx"
    r = cli("import", src, "-o", tmp_path / "x.yaml")
    assert r.code == 2
    assert ("definition-on-term.tbx:10: data category 'definition' is not allowed in a <termSec> "
            "(TBX-Basic allows it in conceptEntry, langSec)") in r.err
    # the same content as TBX-Min (no TBX-Basic level rules) is accepted, the definition kept
    lax = tmp_path / "min.tbx"
    lax.write_text(src.read_text(encoding="utf-8").replace('type="TBX-Basic"', 'type="TBX-Min"'), encoding="utf-8")
    result = import_file(lax, termbase_id="x")
    assert result.concepts[0]["en"][0]["note"] == "definition: A chemical element."


def test_entity_declarations_are_refused_before_anything_is_read():
    """An external entity (file:///etc/hostname) and an internal one: the file is refused, naming the first."""
    with pytest.raises(InputError) as info:
        import_file(IMPORT / "xxe.tbx", termbase_id="x")
    assert str(info.value) == (f"{IMPORT / 'xxe.tbx'}:3:3: XML entity declarations are not allowed "
                               "(a DTD could expand or fetch them)")


def test_not_a_tbx_file(tmp_path, cli):
    path = tmp_path / "other.tbx"
    path.write_text('<?xml version="1.0"?>\n<xliff version="1.2"/>\n', encoding="utf-8")
    r = cli("import", path, "-o", tmp_path / "x.yaml")
    assert r.code == 2 and ":2: not a TBX file: the root element is <xliff>" in r.err


# -- round trips --------------------------------------------------------------

@pytest.mark.parametrize("fmt,version", [("tbx", 3), ("tbx", 2), ("csv", 3), ("tsv", 3), ("xlsx", 3)])
@pytest.mark.parametrize("which", ["bundled", "mini", "edge"])
def test_round_trip(fmt, version, which, termbase, tmp_path):
    """YAML -> FORMAT -> YAML keeps every concept, term, status, type and note,
    and export -> import -> export gives the same bytes."""
    tb = {"bundled": termbase, "mini": load_termbase([MINI]),
          "edge": load_termbase([EDGE, MINI])}[which]
    first = export_termbase(tb, fmt, tbx_version=version)
    exported = tmp_path / f"out.{fmt}"
    exported.write_bytes(first)
    result = import_file(exported, termbase_id="roundtrip", title="; ".join(tb.titles.values()))
    assert result.notes == []
    back = write_and_load(result, tmp_path / "roundtrip.yaml")
    assert concept_key(back) == concept_key(tb)
    assert export_termbase(back, fmt, tbx_version=version) == first


def test_round_trip_through_the_cli(cli, tmp_path):
    a, y, b = tmp_path / "a.tbx", tmp_path / "tb.yaml", tmp_path / "b.tbx"
    assert cli("export", "-t", MINI, "-o", a).code == 0
    r = cli("import", a, "-o", y, "--id", "mini")
    assert r.code == 0, r.err
    assert y.read_text(encoding="utf-8").startswith("# Imported by termkit from a.tbx (TBX v3 TBX-Basic).")
    assert cli("export", "-t", y, "-o", b).code == 0
    assert a.read_bytes() == b.read_bytes()
    # the output is not overwritten by accident
    r = cli("import", a, "-o", y)
    assert r.code == 2 and "use --force" in r.err
    assert cli("import", a, "-o", y, "--force", "--id", "mini").code == 0


def test_yaml_writer_output_is_canonical(tmp_path):
    """Keys in the documented order, one flow mapping per term: an imported file reads like a hand-written one."""
    r = import_file(IMPORT / "concept-rows.csv", termbase_id="rows")
    text = dump_termbase(r.data)
    assert text.splitlines()[:8] == [
        "id: rows", "title: rows", "concepts:", "  - id: basel-convention", "    subject: conventions",
        "    note: 'short title, common; Project: BRS'", "    en:",
        "      - {term: Basel Convention, type: full}"]


# -- CSV / TSV ------------------------------------------------------------------

def test_concept_rows_with_chinese_headers(tmp_path):
    r = import_file(IMPORT / "concept-rows.csv", termbase_id="rows", default_subject="misc")
    assert [(c["id"], c["subject"], c["en"][0]["term"], c["zh"][0]["term"]) for c in r.concepts] == [
        ("basel-convention", "conventions", "Basel Convention", "巴塞尔公约"),
        ("ozone-layer", "misc", "ozone layer", "臭氧层"),
        ("chemical", "concepts", "chemical", "化学品")]
    # the unmapped "Project" column is kept as a note
    assert r.concepts[0]["note"] == "short title, common; Project: BRS"
    write_and_load(r, tmp_path / "rows.yaml")


def test_gbk_csv_with_header_mapping(cli, tmp_path):
    src = IMPORT / "gbk-source-target.csv"
    out = tmp_path / "gbk.yaml"
    r = cli("import", src, "-o", out)
    assert r.code == 2 and "no Chinese or English column found" in r.err and "--map" in r.err
    r = cli("import", src, "-o", out, "--map", "en=Source Term", "--map", "zh=Target Term")
    assert r.code == 0, r.err
    tb = load_termbase([out])
    assert tb.concept("hazardous-waste").preferred("zh").text == "危险废物"
    assert tb.concept("hazardous-waste").note == "Excel on Chinese Windows saves CSV as GBK"
    r = cli("import", src, "-o", tmp_path / "y.yaml", "--map", "zh=Nope")
    assert r.code == 2 and "has no column 'Nope'" in r.err


def test_csv_errors_name_the_line(cli, tmp_path):
    r = cli("import", IMPORT / "bad-status.csv", "-o", tmp_path / "x.yaml")
    assert r.code == 2 and "bad-status.csv:3:6: status 'outdated' is not one of" in r.err
    r = cli("import", IMPORT / "unterminated.csv", "-o", tmp_path / "x.yaml")
    assert r.code == 2 and "unterminated.csv:3: malformed CSV" in r.err
    assert "Traceback" not in r.err


def test_conflicts_are_reported_not_silently_dropped(tmp_path):
    src = tmp_path / "dupes.tsv"
    src.write_text("en\tzh\nBasel Convention\t巴塞尔公约\nBasel Conv.\t巴塞尔公约\nmercury\t汞\n", encoding="utf-8")
    r = import_file(src, termbase_id="d")
    assert any("'巴塞尔公约' of concept 'basel-conv' is already under concept 'basel-convention'" in n
               for n in r.notes)
    assert any("one-character Chinese term '汞'" in n for n in r.notes)
    assert [c["id"] for c in r.concepts] == ["basel-convention", "basel-conv", "mercury"]
    write_and_load(r, tmp_path / "d.yaml")


def test_only_deprecated_forms_still_give_a_valid_termbase(tmp_path):
    src = tmp_path / "dep.csv"
    src.write_text("concept,subject,lang,term,type,status\nold-name,x,zh,旧名称,full,deprecated\n"
                   "old-name,x,en,old name,full,preferred\n", encoding="utf-8")
    r = import_file(src, termbase_id="dep")
    zh = r.concepts[0]["zh"][0]
    assert zh["status"] == "admitted" and zh["note"] == "status in the source file: deprecated"
    assert any("no preferred or admitted zh term" in n for n in r.notes)
    write_and_load(r, tmp_path / "dep.yaml")


def test_a_file_without_chinese_or_english_is_refused(cli, tmp_path):
    src = tmp_path / "fr.tbx"
    src.write_text('<?xml version="1.0"?>\n<martif type="TBX" xml:lang="fr"><text><body>\n'
                   '<termEntry id="a"><langSet xml:lang="fr"><tig><term>déchets</term></tig></langSet></termEntry>\n'
                   '</body></text></martif>\n', encoding="utf-8")
    out = tmp_path / "fr.yaml"
    r = cli("import", src, "-o", out)
    assert r.code == 2 and "nothing to import" in r.err and "fr (1)" in r.err
    assert not out.exists()


def test_xlsx_glossary_as_translators_keep_it(tmp_path, cli):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["中文", "英文", "领域", "Reviewer"])
    ws.append(["持久性有机污染物", "persistent organic pollutants", "concepts", "LS"])
    ws.append([None, None, None, None])
    ws.append(["汞", "mercury", "concepts", None])
    ws.append(["缔约方大会", "Conference of the Parties", 2021, None])
    path = tmp_path / "terms.xlsx"
    wb.save(path)
    r = import_file(path, termbase_id="xl")
    assert r.source_format == "XLSX, concept rows"
    assert [(c["id"], c["subject"], [t["term"] for t in c.get("zh", [])]) for c in r.concepts] == [
        ("persistent-organic-pollutants", "concepts", ["持久性有机污染物"]),
        ("mercury", "concepts", []),
        ("conference-of-the-parties", "2021", ["缔约方大会"])]
    assert r.concepts[0]["note"] == "Reviewer: LS"
    # the one-character term is reported with its spreadsheet row
    assert any(n.startswith(f"{path}:4: one-character Chinese term '汞'") for n in r.notes)
    out = tmp_path / "xl.yaml"
    assert cli("import", path, "-o", out).code == 0
    fake = tmp_path / "fake.xlsx"
    fake.write_text("concept,lang,term\n", encoding="utf-8")
    r = cli("import", fake, "-o", tmp_path / "fake.yaml")
    assert r.code == 2 and "not a readable .xlsx workbook" in r.err


def test_excel_unicode_text_is_utf16_tsv(tmp_path):
    """Excel's "Unicode Text" export: UTF-16LE with a BOM, tab-separated, named .txt."""
    src = tmp_path / "unicode.txt"
    src.write_bytes(b"\xff\xfe" + "English\tChinese\r\nStockholm Convention\t斯德哥尔摩公约\r\n".encode("utf-16-le"))
    r = import_file(src, termbase_id="u")
    assert r.source_format == "TSV, concept rows"
    assert r.concepts[0]["zh"] == [{"term": "斯德哥尔摩公约", "type": "full"}]


def test_a_zip_bomb_xlsx_is_refused_before_it_is_inflated(tmp_path, cli):
    """2 MB expanding to hundreds of MB: refused from the zip directory, in a second, with one line."""
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    assert bomb.stat().st_size < 200_000
    r = cli("import", bomb, "-o", tmp_path / "x.yaml")
    assert r.code == 2 and r.err.count("\n") == 1
    assert "zip member 'xl/worksheets/sheet1.xml' expands" in r.err and "zip bomb" in r.err
    assert not (tmp_path / "x.yaml").exists()


def test_zip_members_are_counted_as_they_are_inflated(tmp_path):
    """A directory that understates a member's size is caught while reading it."""
    import random
    import zipfile

    from termkit._util import zipsafe

    path = tmp_path / "small.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.xml", b"<a>" + random.Random(1).randbytes(1_500_000).hex().encode() + b"</a>")
    with zipsafe.SafeZip(path) as archive:
        assert archive.read("a.xml").startswith(b"<a>")
    with zipsafe.SafeZip(path) as archive:
        # the directory passed; now the limit is lower than what comes out, as with a lying directory
        old, zipsafe.MAX_MEMBER = zipsafe.MAX_MEMBER, 1_000_000
        try:
            with pytest.raises(InputError, match="expands beyond its limits"):
                archive.read("a.xml")
        finally:
            zipsafe.MAX_MEMBER = old

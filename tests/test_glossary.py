"""`termkit glossary`: the aligned glossary of a corpus, in every format."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import DATA, FIXTURES, corpus_file
from lxml import etree
from tbx_schematron import dca_problems

from termkit import load_termbase
from termkit.corpus.glossary import build_glossary
from termkit.interchange.tbx_vocabulary import schema_errors
from termkit.text.normalize import normalize

MINI = FIXTURES / "mini.yaml"
DOCS = FIXTURES / "glossary"
TRAD = DOCS / "traditional-and-wrapped.txt"


@pytest.fixture(scope="module")
def mini():
    return load_termbase([MINI])


def test_rotterdam_counts_in_000_include_the_forms_broken_across_lines(cli, tmp_path):
    """The issue's acceptance check: in the JSON for 000 alone, the forms that
    contain 鹿特丹公约 add up to every occurrence of it, the two broken by a line break included."""
    doc = corpus_file("000")
    out = tmp_path / "g.json"
    r = cli("glossary", doc, "-o", out)
    assert r.code == 0, r.err
    entries = json.loads(out.read_text(encoding="utf-8"))
    counted = sum(n for e in entries for form, n in e["forms"].items() if "鹿特丹公约" in form)
    text = doc.read_text(encoding="utf-8")
    in_normalized = normalize(text).text.count("鹿特丹公约")
    unbroken = text.count("鹿特丹公约")
    broken = len(re.findall(r"鹿\s*特\s*丹\s*公\s*约", text)) - unbroken
    assert broken == 2
    assert counted == in_normalized == unbroken + broken == 9
    rotterdam = next(e for e in entries if e["concept"] == "rotterdam-convention")
    assert rotterdam["written"]["鹿特丹公约"] == {"鹿特丹\n\n公约": 2}


def test_json_shape(cli, tmp_path):
    out = tmp_path / "g.json"
    assert cli("glossary", DATA, "-o", out).code == 0
    entries = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(entries, list) and entries
    for e in entries:
        assert {"concept", "zh", "en", "count", "forms", "documents", "first", "context"} <= set(e)
        assert e["count"] == sum(e["forms"].values()) > 0
        assert set(e["form_status"]) == set(e["forms"])
        path, line = e["first"].rsplit(":", 1)
        assert path in e["documents"] and int(line) >= 1
    basel = next(e for e in entries if e["concept"] == "basel-convention")
    assert basel["en"].startswith("Basel Convention on the Control of Transboundary Movements")
    assert basel["zh_short"] == "巴塞尔公约" and basel["en_short"] == "Basel Convention"
    assert basel["form_status"]["巴塞公约"] == "deprecated" and basel["forms"]["巴塞公约"] >= 1


def test_traditional_and_wrapped_forms_count_as_the_termbase_form(mini):
    g = build_glossary([TRAD], mini)
    basel = next(e for e in g.entries if e.concept.id == "basel-convention")
    forms = {f.text: f for f in basel.forms}
    assert forms["巴塞尔公约"].count == 2
    assert forms["巴塞尔公约"].written == {"巴塞爾公約": 1, "巴塞尔公\n约": 1}
    assert forms["巴塞公约"].count == 1 and forms["巴塞公约"].status == "deprecated"
    assert basel.first == f"{TRAD}:1" and basel.first_column == 9
    assert "巴塞爾公約" in basel.context and "\n" not in basel.context


def test_first_occurrence_documents_and_sorting(mini):
    g = build_glossary([DOCS], mini)
    assert g.files == [str(DOCS / "second.txt"), str(TRAD)]
    ids = [e.concept.id for e in g.entries]
    assert ids == ["unep", "prior-informed-consent", "basel-convention"]
    unep = g.entries[0]
    assert unep.first == f"{DOCS / 'second.txt'}:1"
    assert unep.documents == [str(DOCS / "second.txt"), str(TRAD)]
    assert {f.text: f.count for f in unep.forms} == {"环境署": 4, "联合国环境规划署": 1}
    by_count = build_glossary([DOCS], mini, sort="count")
    assert [e.concept.id for e in by_count.entries] == ["unep", "basel-convention", "prior-informed-consent"]
    by_id = build_glossary([DOCS], mini, sort="concept")
    assert [e.concept.id for e in by_id.entries] == sorted(ids)


def test_bad_sort_and_missing_path_exit_2(cli, tmp_path):
    r = cli("glossary", DOCS, "-t", MINI, "-o", tmp_path / "g.csv", "--sort", "alpha")
    assert r.code == 2 and "--sort must be one of first, count, concept" in r.err
    r = cli("glossary", tmp_path / "nope", "-t", MINI, "-o", tmp_path / "g.csv")
    assert r.code == 2 and r.err.count("\n") == 1 and "nope: no such file or directory" in r.err
    assert not (tmp_path / "g.csv").exists()


@pytest.fixture(scope="module")
def corpus_glossary(tmp_path_factory):
    """The corpus glossary in every format, written by the command."""
    from conftest import run_cli

    out = tmp_path_factory.mktemp("glossary")
    files = {}
    for ext in ("csv", "tsv", "xlsx", "md", "json", "tbx"):
        path = out / f"g.{ext}"
        r = run_cli("glossary", DATA, "-o", path)
        assert r.code == 0, r.err
        files[ext] = path
    files["entries"] = json.loads(files["json"].read_text(encoding="utf-8"))
    return files


def test_csv_and_tsv_glossary(corpus_glossary):
    entries = corpus_glossary["entries"]
    for ext, delim in (("csv", ","), ("tsv", "\t")):
        data = corpus_glossary[ext].read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=delim))
        assert rows[0][:3] == ["concept", "subject", "zh"] and "context" in rows[0]
        assert len(rows) == len(entries) + 1
        assert [r[0] for r in rows[1:]] == [e["concept"] for e in entries]
        count_col = rows[0].index("count")
        assert [int(r[count_col]) for r in rows[1:]] == [e["count"] for e in entries]
        # line breaks inside the written forms are shown, never split a record
        assert data.count(b"\r\n") == len(entries) + 1


def test_xlsx_glossary(corpus_glossary):
    from openpyxl import load_workbook

    ws = load_workbook(corpus_glossary["xlsx"]).active
    entries = corpus_glossary["entries"]
    assert ws.title == "Glossary" and ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["concept", "subject", "zh"]
    assert ws.max_row == len(entries) + 1
    count_col = header.index("count")
    assert [row[count_col].value for row in ws.iter_rows(min_row=2)] == [e["count"] for e in entries]
    assert ws.column_dimensions["A"].width > 10


def test_markdown_glossary(corpus_glossary):
    md = corpus_glossary["md"].read_text(encoding="utf-8")
    entries = corpus_glossary["entries"]
    table = [line for line in md.splitlines() if line.startswith("|")]
    assert len(table) == len(entries) + 2
    assert f"{len(entries)} concepts used in 5 document(s)." in md


def test_tbx_glossary_holds_the_used_concepts_and_validates(corpus_glossary):
    tree = etree.parse(str(corpus_glossary["tbx"]))
    assert schema_errors(tree, "basic3") == []
    assert dca_problems(tree) == []
    ids = [el.get("id") for el in tree.iter("{urn:iso:std:iso:30042:ed-2}conceptEntry")]
    assert ids == [e["concept"] if not e["concept"][0].isdigit() else "_" + e["concept"]
                   for e in corpus_glossary["entries"]]


def test_documents_without_terms(cli, tmp_path):
    doc = tmp_path / "plain.txt"
    doc.write_text("这段文字没有任何术语。\n", encoding="utf-8")
    out = tmp_path / "g.json"
    r = cli("glossary", doc, "-t", MINI, "-o", out)
    assert r.code == 0 and json.loads(out.read_text(encoding="utf-8")) == []
    # TBX needs at least one entry: say so rather than write a file no schema accepts
    r = cli("glossary", doc, "-t", MINI, "-o", tmp_path / "g.tbx")
    assert r.code == 2 and "a TBX file needs at least one concept" in r.err
    assert not (tmp_path / "g.tbx").exists()


def test_glossary_to_stdout(cli):
    r = cli("glossary", TRAD, "-t", MINI, "-o", "-", "--format", "json")
    assert r.code == 0, r.err
    entries = json.loads(r.out)
    assert [e["concept"] for e in entries] == ["basel-convention", "unep"]
    assert entries[1]["forms"] == {"环境署": 2, "联合国环境规划署": 1}
    r = cli("glossary", TRAD, "-t", MINI, "-o", "-", "--format", "xlsx")
    assert r.code == 2 and "cannot go to stdout" in r.err

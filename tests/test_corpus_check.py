"""`termkit check data/` with the bundled termbase: the findings the corpus must produce."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, corpus_file

from termkit import check_paths
from termkit.text.document import read_document


@pytest.fixture(scope="module")
def report(termbase):
    return check_paths([DATA], termbase)


def found(report, prefix, rule, text=None):
    return [f for f in report.findings
            if Path(f.path).name.startswith(prefix) and f.rule == rule and (text is None or f.text == text)]


def test_basel_dropped_character(report):
    f = [x for x in found(report, "001", "deprecated-term") if x.text == "巴塞公约" and x.line == 60]
    assert len(f) == 1
    assert (f[0].column, f[0].suggestion, f[0].severity) == (1, "巴塞尔公约", "error")


def test_ozone_depleting_substances(report):
    dep = found(report, "001", "deprecated-term")
    short = [f for f in dep if f.text.replace("\n", "").replace(" ", "") == "耗氧物质"]
    longer = [f for f in dep if f.text.replace("\n", "").replace(" ", "") == "消耗臭氧物质"]
    assert len(short) == 6
    assert len(longer) >= 1
    assert {f.suggestion for f in short + longer} == {"消耗臭氧层物质"}


def test_environmentally_sound_management_inversion(report):
    dep = found(report, "004", "deprecated-term", "环境无害管理")
    assert len(dep) == 2
    assert {f.suggestion for f in dep} == {"无害环境管理"}


def test_traditional_character(report):
    f = found(report, "003", "traditional-char", "項目")
    assert len(f) == 1 and f[0].suggestion == "项目"


def test_full_width_hyphen_in_a_decision_symbol(report):
    f = found(report, "004", "mixed-width", "OEWG－III/2")
    assert len(f) == 1 and f[0].suggestion == "OEWG-III/2"


def test_half_closed_bracket(report):
    text = corpus_file("001").read_text(encoding="utf-8")
    f = found(report, "001", "mixed-width", ")")
    pos = text.index("（环境署)") + len("（环境署")
    line = text.count("\n", 0, pos) + 1
    assert any(x.line == line and x.suggestion == "）" for x in f)


def test_a_term_broken_by_a_line_break_is_reported_across_lines(report):
    multi = [f for f in report.findings if f.rule == "deprecated-term" and f.end_line > f.line]
    assert multi, "expected at least one deprecated term split by a PDF line break"


def test_every_span_text_is_the_original_characters(report):
    for f in report.findings:
        text = read_document(f.path).text
        lines = text.split("\n")
        start = sum(len(ln) + 1 for ln in lines[: f.line - 1]) + f.column - 1
        end = sum(len(ln) + 1 for ln in lines[: f.end_line - 1]) + f.end_column - 1
        assert text[start:end] == f.text, f


def test_cli_exit_codes_and_determinism(cli):
    r1 = cli("check", DATA, "--format", "json")
    r2 = cli("check", DATA, "--format", "json")
    assert r1.code == 1
    assert r1.out == r2.out
    doc = json.loads(r1.out)
    assert doc["version"] == 1 and doc["files"] == 5
    assert sum(doc["summary"].values()) == len(doc["findings"])
    keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in doc["findings"]]
    assert keys == sorted(keys)
    assert cli("check", DATA, "--fail-on", "never").code == 0


def test_text_report_shows_context_and_suggestion(cli):
    r = cli("check", corpus_file("001"), "--rule", "deprecated-term")
    assert r.code == 1
    assert f"{corpus_file('001')}:60:1: error [deprecated-term] '巴塞公约'" in r.out
    assert "→ 巴塞尔公约" in r.out
    assert "\033[" not in r.out  # no colour when not on a terminal


def test_bundled_termbase_examples_and_size(termbase):
    concepts = [c for c in termbase.concepts if c.subject != "countries"]
    assert len(concepts) >= 150
    assert sum(len(c.examples) for c in termbase.concepts) >= 20

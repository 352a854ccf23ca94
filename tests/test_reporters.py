"""SARIF, GitHub annotations and JUnit XML, each checked against its schema or parser and against the files."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from conftest import DATA, FIXTURES

MINI = str(FIXTURES / "mini.yaml")
SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# 𠀀 (U+20000) is one code point but two UTF-16 units: columns after it tell the two apart.
# 消耗臭氧物质 is broken by a PDF line break: a finding over two lines.
DOC = ("第一行：𠀀巴塞公约秘书处。\n"
       "第二行：防止消耗臭氧\n"
       "物质，以及（环境署)。\n")


def sarif_of(cli, *args) -> dict:
    r = cli("check", *args, "--format", "sarif")
    assert r.code in (0, 1), r.err
    doc = json.loads(r.out)
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(doc)
    return doc


def json_of(cli, *args) -> dict:
    return json.loads(cli("check", *args, "--format", "json").out)


@pytest.fixture
def doc_path(tmp_path) -> Path:
    p = tmp_path / "doc.txt"
    p.write_text(DOC, encoding="utf-8")
    return p


def test_sarif_of_the_corpus_validates_against_the_schema(cli):
    # the "done when": the bundled termbases on data/
    doc = sarif_of(cli, DATA)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    assert len(run["results"]) == len(json_of(cli, DATA)["findings"]) > 0


def test_sarif_describes_every_rule_and_points_results_at_them(cli, doc_path):
    from termkit.rules import RULES as every
    run = sarif_of(cli, "-t", MINI, doc_path)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(every)
    for r in rules:
        assert r["shortDescription"]["text"] == every[r["id"]].summary
        assert r["help"]["text"] == every[r["id"]].doc() and "## What it does" in r["help"]["markdown"]
    assert run["results"]
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]


def test_sarif_regions_are_code_point_columns_of_the_original_file(cli, doc_path):
    run = sarif_of(cli, "-t", MINI, doc_path)["runs"][0]
    lines = DOC.split("\n")
    base = run["originalUriBaseIds"]["SRCROOT"]["uri"]
    by_text = {}
    for res in run["results"]:
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        assert unquote(uri) == str(doc_path) or Path(unquote(base[len("file://"):]), unquote(uri)) == doc_path \
            or uri == doc_path.as_uri()
        reg = loc["region"]
        if reg["startLine"] == reg["endLine"]:
            text = lines[reg["startLine"] - 1][reg["startColumn"] - 1:reg["endColumn"] - 1]
        else:
            text = (lines[reg["startLine"] - 1][reg["startColumn"] - 1:] + "\n"
                    + lines[reg["endLine"] - 1][:reg["endColumn"] - 1])
        assert text == reg["snippet"]["text"]
        by_text[text] = res
    # after 𠀀: column 6 in code points (it would be 7 in UTF-16 units)
    assert by_text["巴塞公约"]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 6
    assert "消耗臭氧\n物质" in by_text


def test_sarif_suggestions_are_fixes_with_replacements(cli, doc_path):
    run = sarif_of(cli, "-t", MINI, doc_path)["runs"][0]
    findings = json_of(cli, "-t", MINI, doc_path)["findings"]
    with_fix = [r for r in run["results"] if "fixes" in r]
    assert len(with_fix) == sum(1 for f in findings if f["suggestion"] is not None) >= 3
    for res in with_fix:
        (change,) = res["fixes"][0]["artifactChanges"]
        (rep,) = change["replacements"]
        assert rep["deletedRegion"] == {k: v for k, v in res["locations"][0]["physicalLocation"]["region"].items()
                                        if k != "snippet"}
    inserted = {r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]:
                (r["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
                 r["fixes"][0]["properties"]["safe"]) for r in with_fix}
    assert inserted["巴塞公约"] == ("巴塞尔公约", True)
    # a term broken by a line break: the fix is offered, but not as one --fix applies
    assert inserted["消耗臭氧\n物质"] == ("消耗臭氧层物质", False)


def test_sarif_fingerprints_do_not_depend_on_the_line(cli, tmp_path, doc_path):
    moved = tmp_path / "moved.txt"
    moved.write_text("\n\n新增的一段。\n" + DOC, encoding="utf-8")
    prints = []
    for p in (doc_path, moved):
        run = sarif_of(cli, "-t", MINI, p)["runs"][0]
        prints.append(sorted(r["partialFingerprints"]["termkit/v1"] for r in run["results"]))
    assert prints[0] == prints[1]


_ANNOTATION = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def parse_annotation(line: str) -> tuple[str, dict, str]:
    m = _ANNOTATION.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    unescape = lambda s: s.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")  # noqa: E731
    return m.group(1), {k: unescape(v) for k, v in props.items()}, unescape(m.group(3))


def test_github_one_annotation_per_finding_with_positions(cli, doc_path):
    r = cli("check", "-t", MINI, doc_path, "--format", "github", "--fail-on", "info")
    assert r.code == 1
    findings = json_of(cli, "-t", MINI, doc_path)["findings"]
    out_lines = r.out.splitlines()
    assert len(out_lines) == len(findings)
    lines = DOC.split("\n")
    for line, f in zip(out_lines, findings):
        command, props, message = parse_annotation(line)
        assert command == {"error": "error", "warning": "warning", "info": "notice"}[f["severity"]]
        assert props["file"] == str(doc_path)
        assert int(props["line"]) == f["line"]
        assert props["title"] == f"termkit {f['rule']}"
        assert message == f["message"]
        if f["line"] == f["end_line"]:
            # endColumn is inclusive: the last character of the span
            assert lines[f["line"] - 1][int(props["col"]) - 1:int(props["endColumn"])] == f["text"]
        else:
            assert "col" not in props and int(props["endLine"]) == f["end_line"]


def test_github_escapes_what_would_break_a_workflow_command(cli, tmp_path):
    odd = tmp_path / "a,b:c%.txt"
    odd.write_text("巴塞公约\n", encoding="utf-8")
    r = cli("check", "-t", MINI, odd, "--format", "github")
    (line,) = r.out.splitlines()
    assert "a%2Cb%3Ac%25.txt" in line
    _, props, _ = parse_annotation(line)
    assert props["file"] == str(odd)


def test_junit_parses_one_case_per_file_and_a_failure_per_finding(cli, tmp_path, doc_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("《巴塞尔公约》秘书处\n", encoding="utf-8")
    r = cli("check", "-t", MINI, doc_path, clean, "--format", "junit", "--fail-on", "warning")
    root = ET.fromstring(r.out)
    findings = json_of(cli, "-t", MINI, doc_path, clean)["findings"]
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {str(doc_path), str(clean)}
    failures = cases[str(doc_path)].findall("failure")
    failing = [f for f in findings if f["severity"] in ("error", "warning")]
    assert [(x.get("type"), x.get("message")) for x in failures] == [(f["rule"], f["message"]) for f in failing]
    below = [f for f in findings if f["severity"] == "info"]
    assert below, "the fixture should have an info finding (mixed-width)"
    assert all(f["message"] in cases[str(doc_path)].find("system-out").text for f in below)
    assert cases[str(clean)].find("failure") is None
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")


def test_reporters_are_a_registry(cli):
    from termkit.report import formats, get_reporter
    assert {"text", "json", "sarif", "github", "junit"} <= set(formats())
    assert get_reporter("sarif").name == "sarif"


def test_sarif_of_a_bilingual_check_describes_the_bilingual_rules(cli):
    """Results of missing-term and friends point at rule descriptors that exist, with their own help."""
    bi = FIXTURES / "bilingual"
    doc = sarif_of(cli, "--termbase", bi / "terms.yaml", bi / "treaty-1.2.xlf")
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert {"missing-term", "wrong-term", "extra-term", "inconsistent-translation"} <= set(ids)
    results = doc["runs"][0]["results"]
    assert any(r["ruleId"] == "missing-term" for r in results)
    for r in results:
        assert ids[r["ruleIndex"]] == r["ruleId"]
    missing = rules[ids.index("missing-term")]
    assert "source" in missing["help"]["text"].lower()


# -- text -----------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "\t项目\t巴塞公约的规定",           # tabs before the span: expanded to multiples of 8 columns
    "各缔约方应遵守巴塞公约",           # wide characters: two columns each
    "a\tb\t\t巴塞公约\tc",             # a tab right before the span, and one after it
    "甲" * 30 + "\t巴塞公约" + "\t乙" * 30,  # cut to its context on both sides ("…")
    "注\u200b意：巴塞公约",             # a zero-width space takes no column
])
def test_text_report_marks_the_span_under_it(mini_termbase, line):
    import io

    from termkit._util.width import display_width
    from termkit.api import check_text
    from termkit.engine.sources import SourceTexts
    from termkit.model import CheckResult
    from termkit.report import render
    findings = [f for f in check_text(line + "\n", mini_termbase, "t.txt") if f.rule == "deprecated-term"]
    out = io.StringIO()
    render(CheckResult(["t.txt"], findings, []), "text", out, sources=SourceTexts(texts={"t.txt": line + "\n"}))
    _, shown, marker, _ = out.getvalue().split("\n", 3)
    shown, marker = shown.split(" | ", 1)[1], marker.split("| ", 1)[1]
    assert "\t" not in shown
    column = marker.index("^")
    assert marker.split()[0] == "^" * 8
    # the marker starts where the span starts on the shown line, counted in terminal columns
    assert display_width(shown[:shown.index("巴塞公约")]) == column


def test_display_width_and_tab_expansion():
    from termkit._util.width import display_width, expand_tabs
    assert display_width("巴塞公约") == 8 and display_width("ａ，b") == 5
    assert display_width("注\u200b意") == 4 and display_width("e\u0301") == 1  # zero-width space, combining accent
    assert expand_tabs("\t项目\t巴") == (" " * 8 + "项目" + " " * 4 + "巴", 18)
    assert expand_tabs("\tx", 3) == ("     x", 9)

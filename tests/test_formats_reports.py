"""Regions in every report format, and what stays as it was for plain text.

A finding in a Word, OpenDocument or PDF file carries its region (page and line, table cell, footnote) into
the text report, JSON, SARIF (valid against the official schema), the HTML report, GitHub annotations and
JUnit; a finding in a plain-text file has none, so those reports are what they were. Baselines, workers and
the options around --fix work on documents as on text files.
"""

from __future__ import annotations

import json
import shutil

import jsonschema
from conftest import CORPUS, FIXTURES, run_cli

from termkit import check_paths
from termkit.engine.options import CheckOptions
from termkit.model import FINDING_FIELDS
from termkit.report import render
from termkit.report.html import render_html

DOCS = FIXTURES / "formats" / "corpus"
PDF = FIXTURES / "formats" / "pdf" / "001.1col.pdf"
SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_json_has_a_region_key_only_for_documents_that_are_not_plain_text():
    r = run_cli("check", CORPUS[1], DOCS / "001.docx", PDF, "-f", "json", "--fail-on", "never")
    findings = json.loads(r.out)["findings"]
    plain = [f for f in findings if f["path"].endswith(".txt")]
    other = [f for f in findings if not f["path"].endswith(".txt")]
    assert plain and other
    assert all(list(f) == list(FINDING_FIELDS) for f in plain)
    assert all(list(f) == [*FINDING_FIELDS, "region"] for f in other)
    assert {f["region"].split(",")[0].split(" ")[0] for f in other} >= {"paragraph", "page"}


def test_sarif_gives_the_region_as_logical_location_and_property_and_validates():
    r = run_cli("check", CORPUS[1], DOCS / "001.odt", PDF, "-f", "sarif", "--fail-on", "never")
    doc = json.loads(r.out)
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(doc)
    results = doc["runs"][0]["results"]
    for res in results:
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        if uri.endswith(".txt"):
            assert "logicalLocations" not in res["locations"][0] and "region" not in res.get("properties", {})
        else:
            region = res["properties"]["region"]
            assert res["locations"][0]["logicalLocations"] == [{"name": region}]


def test_text_report_shows_the_region_under_the_finding_and_nothing_for_text():
    r = run_cli("check", PDF, "--fail-on", "never", "--no-color")
    lines = r.out.splitlines()
    heads = [i for i, ln in enumerate(lines) if ln.startswith(str(PDF))]
    assert heads and all(lines[i + 1].startswith("   --> page ") for i in heads)
    plain = run_cli("check", CORPUS[1], "--fail-on", "never", "--no-color").out
    assert "-->" not in plain


def test_html_report_names_regions_and_draws_one_element_per_finding(termbase):
    result = check_paths([DOCS / "003.docx", PDF, CORPUS[3]], termbase)
    page = render_html(result, termbase)
    assert page.count('data-rule="') == len(result.findings)
    assert page.count("data-region=") == len([f for f in result.findings if f.region])
    assert "(page 1, line" in page and "(paragraph " in page
    plain = render_html(check_paths([CORPUS[3]], termbase), termbase)
    assert "data-region" not in plain


def test_github_and_junit_name_the_region():
    out = run_cli("check", DOCS / "001.docx", "-f", "github", "--fail-on", "never").out
    assert "title=termkit deprecated-term (paragraph " in out
    out = run_cli("check", DOCS / "001.docx", "-f", "junit", "--fail-on", "never").out
    assert "(paragraph " in out


def test_workers_give_the_same_findings_and_regions(termbase):
    paths = [DOCS / "001.docx", DOCS / "003.odt", DOCS / "004.html", PDF, FIXTURES / "formats" / "pdf" / "003.2col.pdf"]
    one = check_paths(paths, termbase, CheckOptions(jobs=1))
    two = check_paths(paths, termbase, CheckOptions(jobs=2))
    assert [(f, f.region) for f in one.findings] == [(f, f.region) for f in two.findings]


def test_a_baseline_of_documents_covers_them(tmp_path):
    for name in ("001.docx", "001.html"):
        shutil.copyfile(DOCS / name, tmp_path / name)
    shutil.copyfile(PDF, tmp_path / "001.pdf")
    base = tmp_path / "baseline.json"
    r = run_cli("check", tmp_path, "--isolated", "--write-baseline", base)
    assert r.code == 0 and "wrote" in r.err
    r = run_cli("check", tmp_path, "--isolated", "--baseline", base)
    assert r.code == 0 and "0 findings" in r.out


def test_fix_mode_is_checked(tmp_path):
    r = run_cli("check", "--fix", "--fix-mode", "untracked", DOCS / "001.docx")
    assert r.code == 2 and "--fix-mode must be tracked or direct" in r.err


def test_plain_text_reports_are_those_of_before(termbase, tmp_path):
    """Every format of a plain-text run renders without a region anywhere (the golden cases hold the bytes)."""
    result = check_paths([CORPUS[1]], termbase)
    for fmt in ("text", "json", "sarif", "github", "junit"):
        path = tmp_path / f"out.{fmt}"
        with open(path, "w", encoding="utf-8") as stream:
            render(result, fmt, stream, termbase=termbase)
        text = path.read_text(encoding="utf-8")
        assert "-->" not in text and "logicalLocations" not in text, fmt
        if fmt == "json":
            assert all("region" not in f for f in json.loads(text)["findings"])
        elif fmt == "sarif":
            assert all("region" not in r.get("properties", {}) for r in json.loads(text)["runs"][0]["results"])
        else:
            assert "region" not in text, fmt

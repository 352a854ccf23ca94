"""Baselines on a copy of the corpus: record, then report only what is new, whatever lines move."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import DATA, FIXTURES, corpus_file

MINI = str(FIXTURES / "mini.yaml")


@pytest.fixture
def corpus(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def check(cli, *args):
    return cli("check", "-t", MINI, "--format", "json", *args)


def test_write_then_check_against_the_baseline_exits_0(cli, corpus, tmp_path):
    base = tmp_path / "baseline.json"
    before = json.loads(check(cli, corpus).out)
    assert before["findings"]
    r = check(cli, corpus, "--write-baseline", base)
    assert r.code == 0 and r.out == ""
    assert f"wrote {len(before['findings'])} finding(s)" in r.err
    r = check(cli, corpus, "--baseline", base)
    assert r.code == 0, r.out
    assert json.loads(r.out)["findings"] == []
    assert f"{len(before['findings'])} finding(s) recorded in the baseline" in r.err


def test_a_new_deprecated_term_is_the_only_finding(cli, corpus, tmp_path):
    base = tmp_path / "baseline.json"
    check(cli, corpus, "--write-baseline", base)
    doc = corpus / corpus_file("002").name
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text + "\n缔约方大会请各方加强与耗氧物质有关的合作。\n", encoding="utf-8")
    r = check(cli, corpus, "--baseline", base)
    assert r.code == 1
    (new,) = json.loads(r.out)["findings"]
    assert (new["rule"], new["text"], new["path"]) == ("deprecated-term", "耗氧物质", str(doc))
    assert new["line"] == text.count("\n") + 2


def test_baseline_survives_lines_moving_and_paragraphs_reflowing(cli, corpus, tmp_path):
    base = tmp_path / "baseline.json"
    check(cli, corpus, "--write-baseline", base)
    doc = corpus / corpus_file("001").name
    lines = doc.read_text(encoding="utf-8").split("\n")
    # insert a preamble, and move the first half of the document below the second
    half = len(lines) // 2
    doc.write_text("\n".join(["新的前言。", ""] + lines[half:] + lines[:half]), encoding="utf-8")
    r = check(cli, corpus, "--baseline", base)
    assert r.code == 0, r.out


def test_a_second_copy_of_a_baselined_sentence_is_new(cli, tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("一、巴塞公约秘书处\n", encoding="utf-8")
    base = tmp_path / "b.json"
    check(cli, doc, "--write-baseline", base)
    doc.write_text("一、巴塞公约秘书处\n二、巴塞公约秘书处\n", encoding="utf-8")
    (f,) = json.loads(check(cli, doc, "--baseline", base).out)["findings"]
    assert f["line"] == 2
    stored = json.loads(base.read_text(encoding="utf-8"))
    assert stored["findings"] == [{"path": "doc.txt", "rule": "deprecated-term", "text": "巴塞公约",
                                   "context": "一、\u2038秘书处"}]


def test_baseline_paths_are_relative_to_the_baseline_file(cli, corpus, tmp_path, monkeypatch):
    base = tmp_path / "ci" / "baseline.json"
    base.parent.mkdir()
    monkeypatch.chdir(tmp_path)
    check(cli, "data", "--write-baseline", base)
    assert all(e["path"].startswith("../data/") for e in json.loads(base.read_text(encoding="utf-8"))["findings"])
    monkeypatch.chdir(corpus)
    assert check(cli, ".", "--baseline", base).code == 0


def test_baseline_from_the_config_file(cli, corpus, tmp_path, monkeypatch):
    check(cli, corpus, "--write-baseline", tmp_path / "termkit-baseline.json")
    (tmp_path / "termkit.toml").write_text(f'termbases = ["{MINI}"]\nbaseline = "termkit-baseline.json"\n',
                                           encoding="utf-8")
    monkeypatch.chdir(corpus)
    assert cli("check", ".").code == 0


@pytest.mark.parametrize("content, fragment", [
    ("{not json", "baseline.json:1:2: not valid JSON"),
    ('{"version": 7, "findings": []}', "not a termkit baseline"),
    ('{"version": 1, "findings": [{"path": "a"}]}', "baseline entry 1 needs path, rule and text"),
])
def test_bad_baseline_is_one_line_and_exit_2(cli, tmp_path, content, fragment):
    doc = tmp_path / "doc.txt"
    doc.write_text("巴塞公约\n", encoding="utf-8")
    (tmp_path / "baseline.json").write_text(content, encoding="utf-8")
    r = check(cli, doc, "--baseline", tmp_path / "baseline.json")
    assert r.code == 2 and fragment in r.err and len(r.err.strip().splitlines()) == 1


def test_missing_baseline(cli, tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("巴塞公约\n", encoding="utf-8")
    r = check(cli, doc, "--baseline", tmp_path / "nope.json")
    assert r.code == 2 and "nope.json: baseline file not found" in r.err

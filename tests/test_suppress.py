"""Inline suppression markers in plain text and Markdown."""

from __future__ import annotations

import json

from conftest import FIXTURES, corpus_file

MINI = str(FIXTURES / "mini.yaml")
# a real corpus line: 巴塞公约 (deprecated) on line 60 of document 001
LINE = corpus_file("001").read_text(encoding="utf-8").split("\n")[59].rstrip()


def findings(cli, path, *args):
    r = cli("check", "-t", MINI, "--format", "json", path, *args)
    assert r.code in (0, 1), r.err
    return json.loads(r.out)["findings"]


def test_corpus_line_has_the_finding_the_markers_suppress(cli, tmp_path):
    assert LINE.startswith("巴塞公约、")
    doc = tmp_path / "doc.txt"
    doc.write_text(LINE + "\n", encoding="utf-8")
    assert [f["rule"] for f in findings(cli, doc)] == ["deprecated-term"]


def test_same_line_marker_in_plain_text(cli, tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(f"{LINE}  # termkit: ignore[deprecated-term]\n{LINE}\n", encoding="utf-8")
    assert [f["line"] for f in findings(cli, doc)] == [2]


def test_next_line_marker_in_markdown_comment(cli, tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text(f"<!-- termkit: ignore-next-line[deprecated-term] -->\n{LINE}\n\n{LINE}\n", encoding="utf-8")
    assert [f["line"] for f in findings(cli, doc)] == [4]


def test_marker_for_another_rule_suppresses_nothing(cli, tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text(f"{LINE} <!-- termkit: ignore[traditional-char] -->\n", encoding="utf-8")
    assert [f["rule"] for f in findings(cli, doc)] == ["deprecated-term"]


def test_marker_without_rules_covers_all_and_full_width_colon_works(cli, tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("巴塞公约，（環境署) <!-- termkit：ignore -->\n巴塞公约，（環境署)\n", encoding="utf-8")
    found = findings(cli, doc, "--fail-on", "info")
    assert {f["line"] for f in found} == {2}
    assert {f["rule"] for f in found} == {"deprecated-term", "traditional-char", "mixed-width"}


def test_several_rules_and_file_wide_marker(cli, tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("<!-- termkit: ignore-file[traditional-char] -->\n"
                   "巴塞公约，（環境署) <!-- termkit: ignore[deprecated-term, mixed-width] -->\n"
                   "巴塞公约，（環境署)\n", encoding="utf-8")
    found = findings(cli, doc)
    # 環境署 before its full form is another rule's finding, which the line's marker does not name
    assert {(f["line"], f["rule"]) for f in found} == {
        (2, "undefined-abbreviation"), (3, "deprecated-term"), (3, "mixed-width")}


def test_unknown_rule_in_a_marker_is_a_note_not_silence(cli, tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text(f"{LINE} <!-- termkit: ignore[deprecated-terms] -->\n", encoding="utf-8")
    r = cli("check", "-t", MINI, "--format", "json", doc)
    assert f"{doc}:1:{len(LINE) + 7}: suppression names unknown rule 'deprecated-terms'" in r.err
    assert [f["rule"] for f in json.loads(r.out)["findings"]] == ["deprecated-term"]


def test_markers_apply_to_corpus_scope_findings_and_in_parallel(cli, tmp_path):
    # inconsistent-rendering across the corpus is produced after all files: suppression still applies
    (tmp_path / "a.txt").write_text("联合国环境规划署的报告。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("环境署 <!-- termkit: ignore -->\n巴塞公约\n", encoding="utf-8")
    for jobs in ("1", "2"):
        found = findings(cli, tmp_path, "--scope", "corpus", "--fail-on", "info", "--jobs", jobs)
        assert {(f["path"].rsplit("/", 1)[-1], f["line"]) for f in found} == {("b.txt", 2)}


def test_library_check_text_honours_markers_unless_asked_not_to(mini_termbase):
    from termkit import CheckOptions, check_text
    text = f"{LINE} <!-- termkit: ignore -->\n"
    assert check_text(text, mini_termbase) == []
    assert check_text(text, mini_termbase, options=CheckOptions(inline_suppressions=False))

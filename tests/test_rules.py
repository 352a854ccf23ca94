"""Each rule on real sentences from the corpus, with a purpose-made termbase."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus_file

from termkit import CheckOptions, check_text, load_termbase
from termkit.fix.edits import fix_text

TERMS = """\
id: rules
title: Rule fixtures
concepts:
  - id: esm
    subject: concepts
    en:
      - {term: environmentally sound management}
      - {term: ESM, type: abbrev}
    zh:
      - {term: 无害环境管理}
      - {term: 环境无害化管理, status: admitted}
      - {term: 环境无害管理, status: deprecated}
  - id: pic
    subject: concepts
    en:
      - {term: prior informed consent}
    zh:
      - {term: 事先知情同意}
  - id: unep
    subject: organizations
    en:
      - {term: United Nations Environment Programme}
      - {term: UNEP, type: abbrev}
    zh:
      - {term: 联合国环境规划署}
      - {term: 环境署, type: abbrev}
  - id: north-macedonia
    subject: countries
    en:
      - {term: North Macedonia, type: short}
      - {term: The former Yugoslav Republic of Macedonia, type: short, status: superseded}
    zh:
      - {term: 北马其顿, type: short}
      - {term: 前南斯拉夫的马其顿共和国, type: short, status: superseded, note: renamed in 2019, until: 2019-02-12}
"""


@pytest.fixture(scope="module")
def tb(tmp_path_factory):
    path = tmp_path_factory.mktemp("tb") / "rules.yaml"
    path.write_text(TERMS, encoding="utf-8")
    return load_termbase([path])


def lines_of(prefix: str) -> list[str]:
    return corpus_file(prefix).read_text(encoding="utf-8").split("\n")


def by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_deprecated_term_on_a_real_line(tb):
    # 004: "…提高对危险废物和其他废物环境无害管理的认识…" (a real translator's inversion)
    line = next(ln for ln in lines_of("004") if "环境无害管理" in ln)
    found = by_rule(check_text(line, tb), "deprecated-term")
    assert len(found) == 1
    f = found[0]
    assert (f.text, f.suggestion, f.severity, f.concept) == ("环境无害管理", "无害环境管理", "error", "esm")
    assert f.column == line.index("环境无害管理") + 1
    assert f.end_column == f.column + len("环境无害管理")


def test_deprecated_term_split_by_a_pdf_line_break_spans_two_lines(tb):
    text = "各国应加强危险废物的环境无害\n\n管理，并采用事先知\n情同意程序。"
    f = by_rule(check_text(text, tb), "deprecated-term")[0]
    assert (f.line, f.column, f.end_line, f.end_column) == (1, 11, 3, 3)
    assert f.text == "环境无害\n\n管理"
    # a term split by a break is reported but never rewritten
    assert fix_text(text, [f]) == text


def test_superseded_term_is_judged_by_the_document_date(tb):
    text = "前南斯拉夫的马其顿共和国代表团发了言。"
    # undated: at most info, never fixed
    [f] = by_rule(check_text(text, tb), "superseded-term")
    assert (f.severity, f.suggestion, f.fixable) == ("info", "北马其顿", False)
    assert "the document's date is unknown" in f.message
    # written after the renaming (the UN header's date): a warning, fixable
    [f] = by_rule(check_text("Distr.: General\n5 July 2021\n" + text, tb), "superseded-term")
    assert (f.severity, f.fixable) == ("warning", True) and "renamed in 2019" in f.message
    # before it: the name it had then
    assert by_rule(check_text("Distr.: General\n14 December 2004\n" + text, tb), "superseded-term") == []
    # --date wins over the header; a year alone cannot tell 2019 from February 2019
    after = CheckOptions(date="2020")
    assert by_rule(check_text(text, tb, options=after), "superseded-term")[0].severity == "warning"
    [f] = by_rule(check_text(text, tb, options=CheckOptions(date="2019")), "superseded-term")
    assert f.severity == "info" and "does not tell" in f.message


def test_a_sentence_about_the_time_before_the_renaming_keeps_the_old_name(tb):
    text = "Distr.: General\n5 July 2021\n前南斯拉夫的马其顿共和国代表团于2015年发了言。"
    assert by_rule(check_text(text, tb), "superseded-term") == []


def test_inconsistent_rendering_flags_the_non_preferred_form(tb):
    text = "促进无害环境管理。\n各国应推动环境无害化管理。\n无害环境管理的准则。\n"
    found = by_rule(check_text(text, tb), "inconsistent-rendering")
    assert [(f.line, f.text, f.suggestion) for f in found] == [(2, "环境无害化管理", "无害环境管理")]
    assert "'无害环境管理' ×2, '环境无害化管理' ×1" in found[0].message


def test_inconsistent_rendering_is_silent_when_one_form_is_used(tb):
    assert not by_rule(check_text("各国应推动环境无害化管理。环境无害化管理很重要。", tb), "inconsistent-rendering")


def test_inconsistent_rendering_with_corpus_scope(tb, tmp_path):
    from termkit import check_paths
    (tmp_path / "a.txt").write_text("促进无害环境管理。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("推动环境无害化管理。\n", encoding="utf-8")
    doc_scope = check_paths([tmp_path], tb)
    assert not by_rule(doc_scope.findings, "inconsistent-rendering")
    corpus = check_paths([tmp_path], tb, CheckOptions(scope="corpus"))
    found = by_rule(corpus.findings, "inconsistent-rendering")
    assert [(Path(f.path).name, f.text) for f in found] == [("b.txt", "环境无害化管理")]
    assert "across the corpus" in found[0].message


def test_undefined_abbreviation_before_full_form(tb):
    text = "环境署执行主任提交了报告。联合国环境规划署（环境署）理事会审议了报告。环境署继续工作。"
    found = by_rule(check_text(text, tb), "undefined-abbreviation")
    assert len(found) == 1 and found[0].column == 1
    assert found[0].suggestion == "联合国环境规划署（环境署）"


def test_undefined_abbreviation_silent_after_full_form_on_real_text(tb):
    # 001 line 32 defines 环境署 right after 联合国环境规划署
    text = corpus_file("001").read_text(encoding="utf-8")
    assert not by_rule(check_text(text, tb), "undefined-abbreviation")


def test_traditional_char_on_real_line(tb):
    line = next(ln for ln in lines_of("003") if "項目" in ln)
    found = by_rule(check_text(line, tb), "traditional-char")
    assert [(f.text, f.suggestion) for f in found] == [("項目", "项目")]
    assert found[0].column == line.index("項目") + 1


@pytest.mark.parametrize("text, expected", [
    ("乾隆年间的档案", []),                                   # 乾 is standard in 乾隆
    ("於先生在会上发言", []),                                 # the surname 於
    ("宫商角徵羽", []),                                       # 徵 is standard here
    ("於是会议决定", [("於是", "于是")]),                     # the preposition, inside a word
    ("落实可持續發展目標", [("可持續發展目標", "可持续发展目标")]),  # one finding, the whole term
    ("總部位於日内瓦", [("總部位於", "总部位于")]),
])
def test_traditional_characters_are_judged_by_words(termbase, text, expected):
    found = by_rule(check_text(text, termbase), "traditional-char")
    assert [(f.text, f.suggestion) for f in found] == expected


def test_traditional_characters_still_match_terms(tb):
    found = check_text("必須採用事先知情同意程序並加強環境無害管理。", tb)
    dep = by_rule(found, "deprecated-term")
    assert [f.text for f in dep] == ["環境無害管理"]
    assert dep[0].suggestion == "无害环境管理"


def test_mixed_width_code_and_brackets_on_real_lines(tb):
    code_line = next(ln for ln in lines_of("004") if "OEWG－III/2" in ln)
    f = by_rule(check_text(code_line, tb), "mixed-width")[0]
    assert (f.text, f.suggestion) == ("OEWG－III/2", "OEWG-III/2")
    bracket_line = next(ln for ln in lines_of("001") if "（环境署)" in ln)
    f = by_rule(check_text(bracket_line, tb), "mixed-width")[0]
    assert (f.text, f.suggestion, f.column) == (")", "）", bracket_line.index("（环境署)") + 5)


def test_mixed_width_leaves_chinese_typesetting_alone(tb):
    # full-width dashes in date ranges and full-width paragraph numbers are normal in Chinese text
    text = "6．出席于2006年11月6－8日举行的会议。（一）（二）(a) (b)"
    assert not by_rule(check_text(text, tb), "mixed-width")


def test_severity_override_and_rule_selection(tb):
    text = "环境无害管理和項目"
    opts = CheckOptions(severities={"deprecated-term": "warning", "traditional-char": "off"})
    found = check_text(text, tb, options=opts)
    assert [(f.rule, f.severity) for f in found] == [("deprecated-term", "warning")]
    only = check_text(text, tb, options=CheckOptions(rules=("traditional-char",)))
    assert [f.rule for f in only] == ["traditional-char"]


def test_fix_applies_only_safe_suggestions(tb):
    text = "环境署推动环境无害管理，見OEWG－III/2（附件)。"
    fixed = fix_text(text, check_text(text, tb))
    assert fixed == "环境署推动无害环境管理，见OEWG-III/2（附件）。"
    assert fix_text(fixed, check_text(fixed, tb)) == fixed


def test_mini_fixture_examples_run(mini_termbase):
    assert mini_termbase.concept("basel-convention").examples[0].fixed == "《巴塞尔公约》秘书处"

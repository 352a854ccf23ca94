"""The bilingual rules on real and purpose-made segments: what fires, where, and what it suggests."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from termkit import load_termbase
from termkit.engine.bilingual import check_bilingual, check_bitexts
from termkit.engine.options import CheckOptions
from termkit.errors import ConfigError
from termkit.text.bitext.read import read_aligned
from termkit.text.bitext.segment import Bitext, Segment
from termkit.text.positions import PositionMap

BI = FIXTURES / "bilingual"


@pytest.fixture(scope="module")
def tb():
    return load_termbase([BI / "terms.yaml"])


def check_pairs(tb, pairs, options=None):
    """Findings for (source, target) pairs given inline, one segment per line."""
    segs = tuple(Segment(str(n), s, t, PositionMap.at(n, 1)) for n, (s, t) in enumerate(pairs, 1))
    return check_bitexts([Bitext("pairs.zh", "aligned", segs)], tb, options).findings


def rules_of(findings):
    return [(f.line, f.rule, f.concept) for f in findings]


def test_correct_official_translations_are_clean(tb):
    """Five untouched UN sentences (aligned lines 1-5) give no finding."""
    result = check_bilingual(termbase=tb, source=BI / "aligned.en", target=BI / "aligned.zh")
    assert all(f.line > 5 for f in result.findings)


def test_missing_term_reports_the_segment_start_and_the_preferred_rendering(tb):
    result = check_bilingual(termbase=tb, source=BI / "aligned.en", target=BI / "aligned.zh")
    [f] = [f for f in result.findings if f.rule == "missing-term"]
    assert (f.path, f.line, f.column, f.end_line, f.end_column) == (str(BI / "aligned.zh"), 6, 1, 6, 1)
    assert f.concept == "basel-convention" and f.suggestion == "巴塞尔公约"
    assert "'Basel Convention'" in f.message and f.severity == "warning" and not f.fixable


def test_missing_term_in_xliff_names_the_segment(tb):
    result = check_bilingual([BI / "treaty-1.2.xlf"], tb)
    [f] = [f for f in result.findings if f.rule == "missing-term"]
    assert f.message.startswith("segment s2: ")
    assert (f.line, f.column) == (11, 17) and f.suggestion == "斯德哥尔摩公约"


def test_wrong_term_points_at_the_deprecated_form(tb):
    result = check_bilingual(termbase=tb, source=BI / "aligned.en", target=BI / "aligned.zh")
    [f] = [f for f in result.findings if f.rule == "wrong-term"]
    line = (BI / "aligned.zh").read_text(encoding="utf-8").split("\n")[6]
    assert (f.line, f.column, f.end_column) == (7, line.index("巴塞公约") + 1, line.index("巴塞公约") + 5)
    assert f.text == "巴塞公约" and f.suggestion == "巴塞尔公约" and f.severity == "error"
    assert f.fixable  # a plain target file: the replacement can be written at these offsets


def test_wrong_term_in_xml_is_reported_but_not_fixable(tb):
    result = check_bilingual([BI / "treaty-1.2.xlf"], tb)
    [f] = [f for f in result.findings if f.rule == "wrong-term"]
    assert (f.line, f.text, f.suggestion) == (15, "巴塞公约", "巴塞尔公约")
    assert "(source: 'Basel Convention')" in f.message
    assert not f.fixable


def test_code_inside_bpt_is_not_checked(tb):
    """Segment s6 has 巴塞公约 inside a <bpt> code and in an <alt-trans>: neither is the translation."""
    result = check_bilingual([BI / "treaty-1.2.xlf"], tb)
    assert not [f for f in result.findings if "s6" in f.message]


def test_extra_term_is_info_and_points_at_the_addition(tb):
    result = check_bilingual([BI / "treaty-1.2.xlf"], tb)
    [f] = [f for f in result.findings if f.rule == "extra-term"]
    assert (f.severity, f.concept, f.text, f.line, f.column) == ("info", "unep", "环境署", 20, 17)


def test_extra_term_not_reported_for_names_the_source_mentions_another_way(tb):
    # "Basel and Stockholm conventions" names both; the unchanged UN line 4 of aligned.zh renders both
    findings = check_pairs(tb, [
        ("The regional centres of the Basel and Stockholm conventions met.",
         "《巴塞尔公约》和《斯德哥尔摩公约》各区域中心举行了会议。"),
        ("The Stockholm regional centres met.", "斯德哥尔摩公约各区域中心举行了会议。"),
        ("The regional centres met.", "斯德哥尔摩公约各区域中心举行了会议。"),
    ])
    assert rules_of(findings) == [(3, "extra-term", "stockholm-convention")]


def test_bare_short_form_and_superseded_acronym_ask_for_nothing(tb):
    findings = check_pairs(tb, [
        ("Parties to the Convention shall report.", "缔约方应提交报告。"),
        ("The aircraft contacted the Nicosia ACC.", "飞机与尼科西亚管制中心联系。"),
        ("The General Assembly decided.", "大会作出决定。"),  # no Chinese short form to ask for
    ])
    assert findings == []


def test_target_keeping_the_english_acronym_renders_it(tb):
    assert check_pairs(tb, [("Guidance on POPs", "关于POPs的指导")]) == []


def test_admitted_form_is_a_rendering(tb):
    assert check_pairs(tb, [("phase-out of ozone-depleting substances", "逐步淘汰臭氧消耗物质")]) == []


def test_inconsistent_translation_counts_each_rendering(tb):
    result = check_bilingual([BI / "treaty.tmx"], tb)
    [f] = [f for f in result.findings if f.rule == "inconsistent-translation"]
    assert f.text == "臭氧消耗物质" and f.suggestion == "消耗臭氧层物质"
    assert "'消耗臭氧层物质' ×1" in f.message and "'臭氧消耗物质' ×1" in f.message and f.message.startswith("segment 3: ")


def test_inconsistent_translation_per_file_or_across_files(tb, tmp_path):
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text("ozone-depleting substances\t消耗臭氧层物质\nozone-depleting substances\t消耗臭氧层物质\n", encoding="utf-8")
    b.write_text("ozone-depleting substances\t臭氧消耗物质\n", encoding="utf-8")
    per_file = check_bilingual([a, b], tb)
    assert [f for f in per_file.findings if f.rule == "inconsistent-translation"] == []
    corpus = check_bilingual([a, b], tb, CheckOptions(scope="corpus"))
    [f] = [f for f in corpus.findings if f.rule == "inconsistent-translation"]
    assert f.path == str(b) and "across the corpus" in f.message


def test_a_full_chinese_name_for_a_short_english_one_is_not_inconsistent(tb):
    findings = check_pairs(tb, [
        ("the Basel Convention", "《巴塞尔公约》"),
        ("The Basel Convention regulates transboundary movements.", "《控制危险废物越境转移及其处置巴塞尔公约》对越境转移作出规定。"),
    ])
    assert [f for f in findings if f.rule == "inconsistent-translation"] == []


def test_a_term_in_two_renderings_of_different_type_is_not_inconsistent(tb):
    findings = check_pairs(tb, [
        ("UNEP and the United Nations Environment Programme", "环境署和联合国环境规划署"),
        ("UNEP", "环境署"),
    ])
    assert findings == []


def test_untranslated_segments_are_skipped_with_a_note(tb):
    result = check_bilingual([BI / "treaty-1.2.xlf", BI / "treaty.tmx"], tb)
    assert any("treaty-1.2.xlf: 1 untranslated" in n for n in result.notes)
    assert any("treaty.tmx: 1 untranslated" in n for n in result.notes)


def test_severity_and_rule_selection(tb):
    options = CheckOptions(severities={"missing-term": "error", "extra-term": "off"})
    result = check_bilingual([BI / "treaty-1.2.xlf"], tb, options)
    assert sorted(f.rule for f in result.findings) == ["missing-term", "wrong-term"]
    assert all(f.severity == "error" for f in result.findings) and result.exit_code("error") == 1
    only = check_bilingual([BI / "treaty-1.2.xlf"], tb, CheckOptions(rules=("wrong-term",)))
    assert [f.rule for f in only.findings] == ["wrong-term"]


def test_one_options_record_names_document_and_segment_rules_alike():
    options = CheckOptions(severities={"deprecated-term": "off", "wrong-term": "warning"})
    assert [r.id for r, _ in options.active_rules("segment")] == [
        "missing-term", "wrong-term", "extra-term", "inconsistent-translation"]
    assert "deprecated-term" not in [r.id for r, _ in options.active_rules("document")]
    with pytest.raises(ConfigError, match="unknown rule 'wrong-terms'"):
        CheckOptions(severities={"wrong-terms": "off"})


def test_findings_are_sorted_and_deterministic(tb):
    paths = [BI / "treaty-2.0.xlf", BI / "treaty-1.2.xlf", BI / "treaty.tmx"]
    first = check_bilingual(paths, tb).findings
    assert first == sorted(first, key=lambda f: f.sort_key())
    assert [f.to_dict() for f in first] == [f.to_dict() for f in check_bilingual(paths, tb).findings]


def test_angular_samples_have_no_treaty_terms(termbase):
    """Real tool output parses cleanly; UI strings name no termbase concept."""
    result = check_bilingual([BI / "tour-of-heroes_messages.zh-CN.xlf",
                              BI / "Lucilor-playground_messages.zh.xliff20.xlf"], termbase)
    assert result.files and result.findings == [] and result.notes == []


def test_unpc_sentences_with_a_deleted_rendering_are_reported(termbase):
    """Real UN sentences: a rendering deleted on purpose is found, the untouched pair is not."""
    bt = read_aligned(BI / "aligned.en", BI / "aligned.zh")
    unep = bt.segments[0]  # UN test set line 22: "... with UNEP, the World Green Building Council ..."
    dropped = Segment("22-dropped", unep.source, unep.target.replace("环境署、", ""), PositionMap.at(2, 1))
    findings = check_bitexts([Bitext("x.zh", "aligned", (unep, dropped))], termbase).findings
    assert [(f.line, f.rule, f.concept, f.suggestion) for f in findings] == [
        (2, "missing-term", "unep", "环境署")]
    wrong = [f for f in check_bitexts([bt], termbase).findings if f.rule == "wrong-term"]
    assert (7, "巴塞公约") in [(f.line, f.text) for f in wrong]


def test_a_source_copied_into_the_target_asks_for_nothing(tb):
    """The English kept in the target renders its terms: no flood of missing-term on untranslated copies."""
    assert check_pairs(tb, [("Report of the Basel Convention", "Report of the Basel Convention")]) == []

"""termkit audit: a termbase against aligned bilingual text.

A purpose-made pair (tests/fixtures/audit/un.en, un.zh: twelve UN-style sentences and a six-concept
termbase) pins down every count; the UN Parallel Corpus excerpt (1,000 official sentence pairs) and,
where it is present, the whole test set check the audit on real translations and the bundled termbase.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from termkit import load_termbase
from termkit.corpus.audit import (
    COLUMNS,
    AuditOptions,
    AuditSummary,
    audit,
    finish,
    form_roles,
    read_inputs,
    summarize,
)
from termkit.errors import InputError
from termkit.text.dates import parse_period

AUDIT = FIXTURES / "audit"
EN, ZH, TERMS = AUDIT / "un.en", AUDIT / "un.zh", AUDIT / "terms.yaml"
_UNPC = FIXTURES / "external" / "unpc-test"
EXCERPT_EN, EXCERPT_ZH = _UNPC / "UNv1.0.testset.lines-1-1000.en", _UNPC / "UNv1.0.testset.lines-1-1000.zh"
_FULL = ROOT / "tests" / "fixtures" / "external" / "unpc-test"
FULL_EN, FULL_ZH = _FULL / "UNv1.0.testset.en", _FULL / "UNv1.0.testset.zh"


@pytest.fixture(scope="module")
def small():
    return load_termbase([TERMS])


@pytest.fixture(scope="module")
def report(small):
    return audit(termbase=small, source=EN, target=ZH)


def by_id(report):
    return {a.concept.id: a for a in report.concepts}


# ---- what it counts


def test_counts_segments_preferred_forms_and_what_the_targets_say_instead(report):
    ga = by_id(report)["general-assembly"]
    # lines 1-4 name the General Assembly (line 3 inside "the President of the General Assembly", which this
    # termbase does not hold); only line 4 writes 联合国大会, the others 大会
    assert (ga.source_segments, ga.preferred_segments, ga.acceptable_segments) == (4, 1, 1)
    assert ga.forms == {"联合国大会": 1}
    assert ga.candidates[0].text == "大会" and ga.candidates[0].count == 3
    # ranked by G²: 大会 is in 3 of the 4 segments and in no other target
    assert ga.candidates[0].score == max(c.score for c in ga.candidates) > 0
    assert [e.where for e in ga.examples] == [f"{ZH}:1", f"{ZH}:2", f"{ZH}:3"]
    basel = by_id(report)["basel-convention"]
    assert (basel.source_segments, basel.preferred_segments) == (3, 2)
    assert basel.forms == {"巴塞尔公约": 2, "巴塞公约": 1}
    assert basel.deprecated == {"巴塞公约": 1}


def test_a_form_explained_by_another_source_term_is_not_a_candidate(report):
    # lines 1 and 2 say "resolution", and 决议 renders it: it is not what the targets use for the Assembly
    ga = by_id(report)["general-assembly"]
    assert "决议" not in {c.text for c in ga.candidates}
    assert by_id(report)["resolution"].forms == {"决议": 2}


def test_generic_english_words_and_specific_terms_are_told_apart(report):
    assert by_id(report)["resolution"].specific_segments == 0  # a lower-case word of general language
    assert by_id(report)["general-assembly"].specific_segments == 4
    assert by_id(report)["dpo"].specific_segments == 1  # a superseded name is still a name


def test_deprecated_forms_in_targets_with_and_without_the_english(report):
    bad = {(b.concept.id, b.text): b for b in report.deprecated}
    basel = bad[("basel-convention", "巴塞公约")]
    # line 6 renders "Basel Convention" with it; line 12 has it with no English for it in the source
    assert (basel.segments, basel.with_source) == (2, 1)
    assert [e.where for e in basel.examples] == [f"{ZH}:6", f"{ZH}:12"]
    assert ("dpo", "维持和平行动部") in bad  # superseded: today it is a former name


def test_unseen_concepts_and_the_target_side(report):
    assert report.unseen == [("security-council", 0)]
    assert report.segments == 12 and report.files == [str(ZH)]


def test_a_date_judges_renamed_bodies_as_of_then(small):
    r2015 = audit(termbase=small, source=EN, target=ZH, options=AuditOptions(date="2015"))
    dpo = by_id(r2015)["dpo"]
    # in 2015 维持和平行动部 was the department's name: preferred then, not a bad form
    assert (dpo.source_segments, dpo.preferred_segments) == (1, 1)
    assert dpo.preferred_text("zh") == "维持和平行动部"
    assert {b.text for b in r2015.deprecated} == {"巴塞公约"}
    # a text of 2021 names the new department; the old English name is no longer its name then
    r2021 = audit(termbase=small, source=EN, target=ZH, options=AuditOptions(date="2021"))
    assert "dpo" not in by_id(r2021)


def test_form_roles_at_a_date(small):
    dpo = small.concept("dpo")
    assert form_roles(dpo, None).preferred == {"和平行动部"}
    assert form_roles(dpo, None).bad == {"维持和平行动部"}
    assert form_roles(dpo, parse_period("2015")).preferred == {"维持和平行动部"}
    assert form_roles(dpo, parse_period("2019")).preferred == {"和平行动部", "维持和平行动部"}  # the year of change
    assert form_roles(dpo, parse_period("2020-01")).preferred == {"和平行动部"}


def test_sorting_by_share_segments_and_concept(report):
    by_share = [a.concept.id for a in report.sorted("share")]
    assert by_share[:2] == ["dpo", "general-assembly"]  # 0%, 25%
    assert [a.share for a in report.sorted("share")] == sorted(a.share for a in report.concepts)
    assert report.sorted("segments")[0].concept.id == "general-assembly"
    assert [a.concept.id for a in report.sorted("concept")] == sorted(by_share)
    assert [a.concept.id for a in report.failing(min_segments=3)] == ["general-assembly"]


# ---- the per-file summary and the merge


def _split(tmp_path: Path) -> tuple[Path, Path]:
    """The fixture as two TSV files (a TSV row: English, tab, Chinese)."""
    rows = list(zip(EN.read_text(encoding="utf-8").splitlines(), ZH.read_text(encoding="utf-8").splitlines()))
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text("".join(f"{e}\t{z}\n" for e, z in rows[:5]), encoding="utf-8")
    b.write_text("".join(f"{e}\t{z}\n" for e, z in rows[5:]), encoding="utf-8")
    return a, b


def test_merged_summaries_give_the_report_of_the_whole_in_any_order(small, tmp_path):
    import pickle

    a, b = _split(tmp_path)
    options = AuditOptions(examples=2)
    whole = audit([a, b], small, options=options).to_dict()
    sa, sb = (summarize(x, small, options) for x in read_inputs([a, b]))
    # summaries are plain data: they cross process boundaries
    sa, sb = pickle.loads(pickle.dumps(sa)), pickle.loads(pickle.dumps(sb))
    forward = finish(AuditSummary(examples=2).merge(sa).merge(sb), small, options).to_dict()
    backward = finish(AuditSummary(examples=2).merge(sb).merge(sa), small, options).to_dict()
    backward["files"].reverse()
    assert forward == whole == backward
    ga = next(c for c in whole["concepts"] if c["concept"] == "general-assembly")
    assert ga["source_segments"] == 4 and ga["candidates"][0]["text"] == "大会"


# ---- the command


def test_json_output_has_the_documented_shape(cli, small, tmp_path):
    out = tmp_path / "audit.json"
    res = cli("audit", "-t", TERMS, "--source", EN, "--target", ZH, "-o", out)
    assert res.code == 0, res.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data)[:2] == ["version", "segments"] and data["version"] == 1 and data["segments"] == 12
    concept = data["concepts"][0]
    for key in ("concept", "source_segments", "preferred_segments", "forms", "candidates"):
        assert key in concept
    ga = next(c for c in data["concepts"] if c["concept"] == "general-assembly")
    assert set(ga["candidates"][0]) >= {"text", "count", "score"}
    assert ga["forms"] == {"联合国大会": 1}
    # curators' evidence never leaves the termbase
    assert "evidence" not in out.read_text(encoding="utf-8")


def test_table_sorted_and_filtered(cli):
    res = cli("audit", "-t", TERMS, "--source", EN, "--target", ZH, "--sort", "segments", "--min-segments", "3")
    assert res.code == 0, res.err
    lines = res.out.splitlines()
    assert lines[0].split()[:3] == ["share", "pref/segs", "concept"]
    assert [ln.split()[2] for ln in lines[1:3]] == ["general-assembly", "basel-convention"]
    assert "大会 3" in lines[1]
    assert "巴塞公约 (basel-convention, deprecated): 2 segment(s), 1 naming the concept in English" in res.out
    assert "12 segments in 1 file(s); 5 concepts named in the source (2 shown), 1 never named" in res.out


def test_csv_and_xlsx_for_curators(cli, tmp_path):
    from openpyxl import load_workbook

    csv_path, xlsx_path = tmp_path / "audit.csv", tmp_path / "audit.xlsx"
    assert cli("audit", "-t", TERMS, "--source", EN, "--target", ZH, "-o", csv_path).code == 0
    text = csv_path.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "general-assembly" in text and "大会 3 G²=" in text
    assert cli("audit", "-t", TERMS, "--source", EN, "--target", ZH, "-o", xlsx_path).code == 0
    ws = load_workbook(xlsx_path).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    ga = next(r for r in rows if r[0] == "general-assembly")
    assert ga[COLUMNS.index("source_segments")] == 4 and ga[COLUMNS.index("share")] == 0.25


def test_fail_under_is_a_gate(cli):
    args = ["audit", "-t", TERMS, "--source", EN, "--target", ZH, "--min-segments", "3"]
    res = cli(*args, "--fail-under", "0.5")
    assert res.code == 1 and "1 concept(s) named in 3 or more segments" in res.err
    assert cli(*args, "--fail-under", "0.2").code == 0


def test_xliff_tmx_and_tsv_are_read_as_for_the_bilingual_check(cli):
    bi = FIXTURES / "bilingual"
    res = cli("audit", "-t", bi / "terms.yaml", bi / "treaty-1.2.xlf", bi / "treaty.tmx", bi / "pairs.tsv",
              "-f", "json")
    assert res.code == 0, res.err
    data = json.loads(res.out)
    assert len(data["files"]) == 3 and data["segments"] > 0 and data["concepts"]


# ---- bad input: one line, exit 2


def _one_error_line(res) -> str:
    assert res.code == 2, (res.out, res.err)
    lines = res.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("termkit: error: "), res.err
    assert "Traceback" not in res.err
    return lines[0]


def test_unaligned_files(cli, tmp_path):
    short = tmp_path / "short.zh"
    short.write_text("".join(ZH.read_text(encoding="utf-8").splitlines(keepends=True)[:11]), encoding="utf-8")
    line = _one_error_line(cli("audit", "-t", TERMS, "--source", EN, "--target", short))
    assert "not aligned" in line and "short.zh:12" in line


def test_files_out_of_step_are_refused(cli, tmp_path):
    # the same number of lines, but the target lost its first line and gained one at the end
    en = EXCERPT_EN
    zh_lines = EXCERPT_ZH.read_text(encoding="utf-8").splitlines(keepends=True)
    shifted = tmp_path / "shifted.zh"
    shifted.write_text("".join(zh_lines[1:] + ["补充的一行。\n"]), encoding="utf-8")
    line = _one_error_line(cli("audit", "-t", TERMS, "--source", en, "--target", shifted))
    assert "do not look aligned" in line and "shifted.zh:" in line
    # the aligned pair itself passes
    assert cli("audit", "-t", TERMS, "--source", en, "--target", EXCERPT_ZH, "-f", "json").code == 0


def test_empty_input(cli, tmp_path):
    empty_en, empty_zh = tmp_path / "e.en", tmp_path / "e.zh"
    empty_en.write_text("", encoding="utf-8")
    empty_zh.write_text("", encoding="utf-8")
    assert "no translated segments" in _one_error_line(
        cli("audit", "-t", TERMS, "--source", empty_en, "--target", empty_zh))
    assert "nothing to audit" in _one_error_line(cli("audit", "-t", TERMS))


def test_a_file_without_english_or_without_chinese(cli, tmp_path):
    line = _one_error_line(cli("audit", "-t", TERMS, "--source", ZH, "--target", EN))
    assert "no English in the source" in line and "swapped" in line and "un.zh" in line
    english_target = tmp_path / "copy.zh"
    english_target.write_text(EN.read_text(encoding="utf-8"), encoding="utf-8")
    line = _one_error_line(cli("audit", "-t", TERMS, "--source", EN, "--target", english_target))
    assert "no Chinese in the target" in line and "copy.zh" in line


def test_a_termbase_conflict(cli, tmp_path):
    conflict = tmp_path / "conflict.yaml"
    conflict.write_text(TERMS.read_text(encoding="utf-8") + (
        "  - id: conference\n    subject: bodies\n    en:\n      - {term: conference}\n"
        "    zh:\n      - {term: 联合国大会}\n"), encoding="utf-8")
    line = _one_error_line(cli("audit", "-t", conflict, "--source", EN, "--target", ZH))
    assert "listed under two concepts" in line and "conflict.yaml:" in line


def test_bad_options(cli):
    base = ["audit", "-t", TERMS, "--source", EN, "--target", ZH]
    assert "--sort" in _one_error_line(cli(*base, "--sort", "size"))
    assert "--date" in _one_error_line(cli(*base, "--date", "last year"))
    assert "xlsx" in _one_error_line(cli(*base, "-f", "xlsx"))
    assert "go together" in _one_error_line(cli("audit", "-t", TERMS, "--source", EN))


def test_summarize_refuses_what_cannot_be_audited(small):
    from termkit.text.bitext.segment import Bitext

    with pytest.raises(InputError, match="no translated segments"):
        summarize(Bitext("empty.xlf", "xliff-1.2", ()), small)


# ---- on official UN translations with the bundled termbase


@pytest.fixture(scope="module")
def excerpt_report(termbase):
    return audit(termbase=termbase, source=EXCERPT_EN, target=EXCERPT_ZH,
                 options=AuditOptions(date="2015"))


def test_the_un_excerpt_names_the_general_assembly_and_its_usual_form(excerpt_report):
    ga = by_id(excerpt_report)["general-assembly"]
    assert ga.source_segments >= 10
    # UN texts write 大会: the termbase lists it (found by this audit), so nearly every segment has it
    assert ga.forms.get("大会", 0) >= ga.source_segments - 2
    assert ga.share >= 0.8


def exceptions_in_docs() -> set[str]:
    """Concept ids listed as exceptions in docs/audit.md (the table under "## Exceptions")."""
    text = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    section = re.split(r"\n#+ ", text.split("### Exceptions\n", 1)[1], maxsplit=1)[0]
    return {row.split("|")[1].strip().strip("`") for row in section.splitlines()
            if row.startswith("| `")}


def _done_when(report) -> list[str]:
    allowed = exceptions_in_docs()
    return [f"{a.concept.id} {a.preferred_segments}/{a.source_segments}" for a in report.failing(3, 0.5)
            if a.concept.id not in allowed]


def test_every_concept_named_three_times_uses_its_preferred_form_or_is_a_documented_exception(excerpt_report):
    assert _done_when(excerpt_report) == []
    # no deprecated or forbidden form renders a concept there (superseded names are judged by the date)
    assert [(b.concept.id, b.text) for b in excerpt_report.deprecated if b.status != "superseded"] == []


def test_the_whole_un_test_set_too(termbase):
    report = audit(termbase=termbase, source=FULL_EN, target=FULL_ZH,
                   options=AuditOptions(date="2015"))
    assert report.segments == 4000
    assert _done_when(report) == []
    assert [(b.concept.id, b.text) for b in report.deprecated if b.status != "superseded"] == []


def test_the_library_returns_values_and_prints_nothing(small, capsys):
    report = audit(termbase=small, source=EN, target=ZH)
    assert report.concepts and capsys.readouterr() == ("", "")
    assert json.loads(json.dumps(report.to_dict()))["version"] == 1

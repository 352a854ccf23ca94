"""Termbase loading and validation: every problem named with file:line:column."""

from __future__ import annotations

import textwrap

import pytest

from termkit import load_termbase
from termkit.errors import TermbaseError, TermkitError

GOOD = """\
id: t
title: Test
concepts:
  - id: basel-convention
    subject: conventions
    en:
      - {term: Basel Convention, type: short}
    zh:
      - {term: 巴塞尔公约, type: short}
      - {term: 巴塞公约, type: short, status: deprecated}
"""


def load_text(tmp_path, text, name="t.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_termbase([path])


def problems(tmp_path, text, name="t.yaml"):
    with pytest.raises(TermbaseError) as info:
        load_text(tmp_path, text, name)
    return [str(p) for p in info.value.problems]


def test_good_termbase_loads(tmp_path):
    tb = load_text(tmp_path, GOOD)
    concept = tb.concept("basel-convention")
    bad = [t for t in concept.terms if t.status == "deprecated"][0]
    assert concept.replacement(bad).text == "巴塞尔公约"


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    out = problems(tmp_path, GOOD + "  - id: [unclosed\n")
    assert len(out) == 1
    assert out[0].startswith(f"{tmp_path / 't.yaml'}:12:")
    assert "YAML syntax error" in out[0]


def test_unknown_key_is_named_with_its_position(tmp_path):
    out = problems(tmp_path, GOOD.replace("    subject: conventions\n",
                                          "    subject: conventions\n    colour: red\n"))
    assert out == [f"{tmp_path / 't.yaml'}:6:5: unknown key 'colour' in a concept "
                   "(allowed: id, subject, definition, note, source, verified, evidence, en, zh, examples)"]


def test_unknown_status_and_type(tmp_path):
    out = problems(tmp_path, GOOD.replace("type: short, status: deprecated", "type: shrt, status: obsolete"))
    assert f"{tmp_path / 't.yaml'}:10:28: term type 'shrt' is not one of full, short, abbrev" in out
    assert any(p.startswith(f"{tmp_path / 't.yaml'}:10:42: status 'obsolete'") for p in out)


def test_missing_id_and_subject(tmp_path):
    out = problems(tmp_path, GOOD.replace("  - id: basel-convention\n    subject: conventions\n    en:",
                                          "  - en:"))
    assert out == [f"{tmp_path / 't.yaml'}:4:5: concept has no 'id'"]
    out = problems(tmp_path, GOOD.replace("    subject: conventions\n", ""))
    assert out == [f"{tmp_path / 't.yaml'}:4:5: concept 'basel-convention' has no 'subject'"]


def test_duplicate_concept_id_names_both_places(tmp_path):
    other = GOOD.replace("巴塞尔公约", "鹿特丹公约").replace("巴塞公约", "鹿特公约").replace(
        "Basel Convention", "Rotterdam Convention")
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(other, encoding="utf-8")
    with pytest.raises(TermbaseError) as info:
        load_termbase([tmp_path])
    msgs = [str(p) for p in info.value.problems]
    assert any(m.startswith(f"{tmp_path / 'b.yaml'}:4:") and "duplicate concept id 'basel-convention'" in m
               and f"{tmp_path / 'a.yaml'}:4:" in m for m in msgs)


def test_term_under_two_concepts_is_a_conflict_even_in_traditional_form(tmp_path):
    text = GOOD + (
        "  - id: other\n"
        "    subject: conventions\n"
        "    en:\n"
        "      - {term: Other}\n"
        "    zh:\n"
        "      - {term: 巴塞爾公約}\n")
    out = problems(tmp_path, text)
    assert len(out) == 1
    assert "listed under two concepts: 'other' and 'basel-convention'" in out[0]
    assert out[0].startswith(f"{tmp_path / 't.yaml'}:16:")
    assert f"(at {tmp_path / 't.yaml'}:9:" in out[0]


def test_deprecated_term_without_replacement(tmp_path):
    out = problems(tmp_path, GOOD.replace("      - {term: 巴塞尔公约, type: short}\n", ""))
    assert any("has no preferred or admitted zh term" in p for p in out)


def test_use_must_name_a_term_of_the_concept(tmp_path):
    out = problems(tmp_path, GOOD.replace("status: deprecated}", "status: deprecated, use: 巴塞尔}"))
    assert any("'use: 巴塞尔' of term '巴塞公约' names no zh term" in p for p in out)


def test_empty_and_single_character_terms(tmp_path):
    out = problems(tmp_path, GOOD.replace("{term: 巴塞尔公约, type: short}", "{term: '', type: short}")
                   .replace("{term: 巴塞公约, type: short, status: deprecated}", "{term: 约, type: short}"))
    assert any("empty or missing 'term'" in p for p in out)
    assert any("shorter than two characters" in p for p in out)


def test_failing_example_refuses_to_load(tmp_path):
    text = GOOD + "    examples:\n      - text: 《巴塞公约》秘书处\n        fixed: 《巴塞公约》秘书处\n"
    out = problems(tmp_path, text)
    assert len(out) == 1 and "should fix to '《巴塞公约》秘书处' but gives '《巴塞尔公约》秘书处'" in out[0]
    assert out[0].startswith(f"{tmp_path / 't.yaml'}:12:9:")


def test_example_expecting_a_term_the_matcher_misses(tmp_path):
    text = GOOD + "    examples:\n      - text: 巴塞尔秘书处\n        matches: [巴塞尔公约]\n"
    out = problems(tmp_path, text)
    assert "should match '巴塞尔公约'" in out[0]


def test_yaml_tags_are_not_executed(tmp_path):
    out = problems(tmp_path, GOOD.replace("title: Test", "title: !!python/object/apply:os.system ['true']"))
    assert out == [f"{tmp_path / 't.yaml'}:2:8: YAML tag "
                   "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in a termbase"]


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(TermkitError) as info:
        load_text(tmp_path, "\n".join(lines) + "\n")
    assert "alias expansion refused" in str(info.value)


def test_missing_termbase_file(tmp_path):
    with pytest.raises(TermkitError) as info:
        load_termbase([tmp_path / "nope.yaml"])
    assert str(info.value) == (f"{tmp_path / 'nope.yaml'}: termbase file not found (bundled termbases: "
                               "chemicals-waste, environment, geography, reference, un-system)")


def test_validate_cli_lists_every_problem_and_exits_2(tmp_path, cli):
    path = tmp_path / "t.yaml"
    path.write_text(GOOD.replace("subject: conventions", "subject: conventions\n    colour: red")
                    .replace("status: deprecated", "status: old"), encoding="utf-8")
    r = cli("validate", path)
    assert r.code == 2
    assert f"{path}:6:5: unknown key 'colour'" in r.err
    assert f"{path}:11:43: status 'old'" in r.err
    assert "Traceback" not in r.err


def test_validate_cli_on_a_good_termbase(tmp_path, cli):
    path = tmp_path / "t.yaml"
    path.write_text(GOOD, encoding="utf-8")
    r = cli("validate", path)
    assert r.code == 0 and r.out.startswith("ok: 1 concepts, 3 terms")


def test_a_file_that_is_not_a_mapping_is_a_problem_not_a_crash(tmp_path, cli):
    """A plain-text document or a YAML list named as a termbase: one problem at 1:1, exit 2."""
    from conftest import corpus_file
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n", encoding="utf-8")
    for path in (corpus_file("000"), listing):
        r = cli("validate", path)
        assert r.code == 2
        assert r.err.splitlines()[0] == f"{path}:1:1: a termbase file must be a mapping with 'id' and 'concepts'"
        assert "Traceback" not in r.err


DATED = """\
id: t
title: Test
concepts:
  - id: eswatini
    subject: countries
    source: UNTERM
    verified: false
    evidence: [UNTERM record of 2018]
    en:
      - {term: Eswatini, type: short, since: 2018-04-19}
      - {term: Swaziland, type: short, status: superseded, until: 2018-04, evidence: seen in a 2015 report}
    zh:
      - {term: 北马其顿, type: short, since: 2019}
      - {term: 前南斯拉夫的马其顿共和国, type: short, status: superseded, until: 2019}
"""


def test_dates_verification_and_evidence_are_read(tmp_path):
    concept = load_text(tmp_path, DATED).concept("eswatini")
    old = next(t for t in concept.terms if t.text == "Swaziland")
    assert (old.until, old.since, old.evidence) == ("2018-04", None, ("seen in a 2015 report",))
    assert next(t for t in concept.terms if t.text == "北马其顿").since == "2019"
    assert concept.verified is False and concept.evidence == ("UNTERM record of 2018",)
    assert all(t.verified for t in concept.terms)


@pytest.mark.parametrize("value, message", [
    ("2018-13", "'until' of term '前南斯拉夫的马其顿共和国' must be a date: YYYY, YYYY-MM or YYYY-MM-DD (not '2018-13')"),
    ("April 2018", "'until' of term '前南斯拉夫的马其顿共和国' must be a date: YYYY, YYYY-MM or YYYY-MM-DD (not 'April 2018')"),
    ("2017", "term '前南斯拉夫的马其顿共和国' is official until 2017, before it is official since 2018"),
])
def test_bad_dates_are_named(tmp_path, value, message):
    text = DATED.replace("status: superseded, until: 2019}", f"status: superseded, since: 2018, until: {value}}}")
    out = problems(tmp_path, text)
    assert len(out) == 1 and out[0].endswith(message), out


def test_evidence_and_verified_must_be_well_formed(tmp_path):
    out = problems(tmp_path, DATED.replace("verified: false", "verified: maybe")
                   .replace("evidence: [UNTERM record of 2018]", "evidence: []"))
    assert [o.split(": ", 1)[1] for o in out] == [
        "'verified' of concept 'eswatini' must be true or false",
        "'evidence' of concept 'eswatini' must be a string or a list of non-empty strings"]

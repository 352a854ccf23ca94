"""The language server's pieces without a client: incremental re-checking, positions, edits, completion.

The incremental check must give exactly what the pipeline's full check gives
(``check_document``) after any edit: random insertions, deletions and moves
on the real UN documents in data/, with the bundled termbase, compared
finding for finding (offsets and fixability included).
"""

from __future__ import annotations

import random

import pytest
from conftest import CORPUS

from termkit.engine.options import CheckOptions
from termkit.lsp.actions import ignore_edit, text_edits
from termkit.lsp.completion import CompletionIndex
from termkit.lsp.positions import UTF8, UTF16, UTF32, LspText
from termkit.lsp.recheck import (
    DOCUMENT_RULES,
    MATCH_LOCAL_RULES,
    TEXT_RULES,
    DocumentChecker,
    RuleSet,
    check_full,
    common_prefix,
    common_suffix,
    line_index,
    wrap_threshold,
)
from termkit.model import Finding
from termkit.rules import RULES
from termkit.text.lines import LineIndex
from termkit.text.wraps import Wraps

#: what an editor inserts: terms (deprecated, traditional, full-width), brackets, line breaks, a date
PIECES = ["巴塞公约", "計畫", "（", ")", "\n", "\n\n", "环境署", "联合国环境规划署", "持久性有機污染物",
          "ＵＮＥＰ／ＣＨＷ．１", "2001年", "𠀀", "斯德哥尔摩公约", "缔约方大会", " ", "。"]


def exact(findings: list[Finding]) -> list[tuple]:
    return [(f, f.start, f.end, f.fixable) for f in findings]


def edit(rng: random.Random, text: str) -> str:
    pos = rng.randrange(len(text) + 1)
    op = rng.random()
    if op < 0.5:
        return text[:pos] + rng.choice(PIECES) + text[pos:]
    if op < 0.8:
        return text[:pos] + text[pos + rng.randrange(1, 40):]
    end = min(len(text), pos + rng.randrange(1, 200))
    return text[:pos] + text[end:] + text[pos:end]  # a stretch moved to the end


def replay(termbase, options: CheckOptions, text: str, seed: int, edits: int) -> int:
    """Edit ``text`` at random, checking incrementally and in full after each edit; the number compared."""
    rules = RuleSet(termbase, options)
    assert not rules.full_only
    checker = DocumentChecker(rules, "doc.txt")
    assert exact(checker.update(text)) == exact(check_full(text, "doc.txt", rules))
    rng = random.Random(seed)
    for _ in range(edits):
        text = edit(rng, text)
        got = checker.update(text)
        assert exact(got) == exact(check_full(text, "doc.txt", rules)), text
        assert checker.last_checked <= len(text)
    return edits


@pytest.mark.parametrize("doc", [0, 3])
def test_incremental_equals_full_on_real_documents(termbase, doc):
    text = CORPUS[doc].read_text(encoding="utf-8")
    assert replay(termbase, CheckOptions(), text, seed=doc, edits=25) == 25


def test_incremental_equals_full_with_configured_rules_and_corpus_scope(termbase):
    text = CORPUS[1].read_text(encoding="utf-8")
    options = CheckOptions(scope="corpus", severities={"mixed-width": "error", "possible-variant": "off"},
                           rule_options={"possible-variant": {}})
    replay(termbase, options, text, seed=7, edits=15)


def test_an_edit_far_from_the_rest_checks_only_around_it(termbase):
    text = "\n".join(p.read_text(encoding="utf-8") for p in CORPUS * 3)
    checker = DocumentChecker(RuleSet(termbase, CheckOptions()), "doc.txt")
    checker.update(text)
    assert checker.last_checked == len(text)
    middle = len(text) // 2
    found = checker.update(text[:middle] + "巴塞公约" + text[middle:])
    assert checker.last_checked < len(text) // 10
    assert any(f.text == "巴塞公约" and f.start == middle for f in found)


def test_a_new_date_in_the_header_checks_everything_again(mini_termbase):
    checker = DocumentChecker(RuleSet(mini_termbase, CheckOptions()), "doc.txt")
    text = "联合国\n\n" + "缔约方会议。\n" * 200
    checker.update(text)
    checker.update("2019年4月1日\n" + text)
    assert checker.last_checked == len(text) + len("2019年4月1日\n")


def test_small_fixture_many_edits(mini_termbase):
    text = ("巴塞公约缔约方大会（环境署)审议了消耗臭\n氧物质的问题。\n\n" * 30)
    replay(mini_termbase, CheckOptions(), text, seed=3, edits=120)


def test_every_document_rule_has_a_known_reach():
    """A new document rule must be placed here (or it silently makes every check a full one)."""
    document_rules = {rule_id for rule_id, cls in RULES.items() if cls.kind == "document"}
    assert document_rules == TEXT_RULES | MATCH_LOCAL_RULES | DOCUMENT_RULES


def test_helpers_agree_with_the_library():
    for path in CORPUS:
        text = path.read_text(encoding="utf-8")
        assert wrap_threshold(text) == Wraps(text)._setup()[1]
        assert line_index(text).starts == LineIndex(text).starts
    for text in ("", "a", "\n", "a\n\nb", "x\r\ny\n"):
        assert line_index(text).starts == LineIndex(text).starts
        assert wrap_threshold(text) == Wraps(text)._setup()[1]


@pytest.mark.parametrize("a,b", [("", ""), ("abc", "abc"), ("abc", "abd"), ("巴塞公约", "巴塞尔公约"), ("x", "")])
def test_common_prefix_and_suffix(a, b):
    p = common_prefix(a, b)
    s = common_suffix(a, b, min(len(a), len(b)) - p)
    assert a[:p] == b[:p] and (p == min(len(a), len(b)) or a[p] != b[p])
    assert a[len(a) - s:] == b[len(b) - s:]
    assert p + s <= min(len(a), len(b))


def test_positions_count_utf16_units_and_lsp_line_breaks():
    text = "𠀀巴塞公约\r\n第二行\r第三行\x0c仍是第三行\n"
    lines = LspText(text)
    assert lines.position(text.index("巴")) == (0, 2)
    assert lines.position(text.index("第二行")) == (1, 0)
    assert lines.position(text.index("第三行")) == (2, 0)
    # a form feed is no line break for LSP
    assert lines.position(text.index("仍")) == (2, 4)
    assert lines.position(len(text)) == (3, 0)
    for offset in range(len(text) + 1):
        if text[offset - 1:offset + 1] == "\r\n":
            continue  # between \r and \n is no position of its own
        assert lines.offset(*lines.position(offset)) == offset
    assert lines.offset(0, 1) == 1  # inside the surrogate pair of 𠀀: after it
    assert lines.offset(0, 99) == text.index("\r")  # past the end of a line: its end
    assert LspText(text, UTF8).position(text.index("巴")) == (0, 4)
    assert LspText(text, UTF32).position(text.index("巴")) == (0, 1)
    assert LspText(text, UTF16).offset(9, 0) == len(text)


def test_text_edits_are_the_changed_stretches():
    lines = LspText("甲巴塞公约乙\n丙\n丁巴塞公约")
    edits = text_edits("甲巴塞公约乙\n丙\n丁巴塞公约", "甲巴塞尔公约乙\n丙\n丁巴塞尔公约", lines)
    assert [((e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.new_text)
            for e in edits] == [((0, 3, 0, 3), "尔"), ((2, 3, 2, 3), "尔")]


def test_ignore_edit_before_a_carriage_return():
    text = "巴塞公约\r\n下一行\n"
    f = Finding("doc.txt", 1, 1, "deprecated-term", 1, 5, start=0, end=4)
    e = ignore_edit(text, f, LspText(text), html=False)
    assert (e.range.start.line, e.range.start.character) == (0, 4)
    assert e.new_text == " termkit: ignore[deprecated-term]"


def test_completion_offers(mini_termbase):
    index = CompletionIndex(mini_termbase)
    text = "会议讨论了巴塞"
    offers = index.offers(text, len(text))
    assert [(o.preferred.text, o.start) for o in offers] == [("巴塞尔公约", 5)]
    assert offers[0].form.text == "巴塞尔公约"  # reached by its own start, not the deprecated one's
    assert [o.preferred.text for o in index.offers("巴塞公", 3)] == ["巴塞尔公约"]
    assert [o.preferred.text for o in index.offers("the Basel", 9)] == [
        "Basel Convention",
        "Basel Convention on the Control of Transboundary Movements of Hazardous Wastes and their Disposal"]
    assert [o.preferred.text for o in index.offers("PI", 2)] == []  # too short to offer anything
    assert [o.concept for o in index.offers("consent: prior inf", 18)] == ["prior-informed-consent"]


def test_a_rule_selection_reaches_the_incremental_check(mini_termbase):
    rules = RuleSet(mini_termbase, CheckOptions(rules=("deprecated-term",)))
    assert [r.id for r, _ in rules.active] == ["deprecated-term"]
    text = "巴塞公约與環境署（UNEP)\n"
    found = DocumentChecker(rules, "doc.txt").update(text)
    assert [f.rule for f in found] == ["deprecated-term"]
    assert exact(found) == exact(check_full(text, "doc.txt", rules))

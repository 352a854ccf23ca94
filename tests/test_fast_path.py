"""The fast check path reports exactly what a deliberately simple implementation reports.

bench/reference.py normalizes one character at a time and matches by trying
every term at every position; the engine uses regular-expression passes, a
byte-level automaton over chunks and skips matches no rule reads. Their
findings must be the same JSON bytes: on the real corpus, and on generated
text full of wrapped terms, traditional characters, full-width forms and CRLF.
"""

from __future__ import annotations

import random
import sys

import pytest
from conftest import CORPUS, FIXTURES, ROOT

from termkit import CheckOptions, check_paths, check_text, load_termbase
from termkit.errors import TermkitError
from termkit.match.chinese import compile_terms, matcher_for
from termkit.text.normalize import fold_chars, normalize, t2s_table

sys.path.insert(0, str(ROOT))
from bench.reference import findings_json, reference_check, reference_check_text, reference_matches, reference_normalize  # noqa: E402


@pytest.fixture(scope="module")
def fast_tb():
    return load_termbase([FIXTURES / "fastpath.yaml"])


def _bundled_or_skip():
    try:
        return load_termbase()
    except TermkitError as exc:
        pytest.skip(f"bundled termbase does not load yet: {exc}")


def _report_json(result) -> str:
    return findings_json(result.findings)


# the term rules alone, without the fuzzy possible-variant: the reference gives
# every rule every match, the engine only the decisive ones (no active rule
# reads others), and the findings must still be the same
_NARROW = {"possible-variant": "off"}


@pytest.mark.parametrize("scope", ["document", "corpus"])
@pytest.mark.parametrize("severities", [{}, _NARROW], ids=["all-rules", "narrow"])
def test_corpus_findings_are_identical(fast_tb, scope, severities):
    fast = check_paths(CORPUS, fast_tb, CheckOptions(scope=scope, severities=severities))
    ref = reference_check(CORPUS, fast_tb, CheckOptions(scope=scope, severities=severities))
    assert fast.files == ref.files
    assert _report_json(fast) == _report_json(ref)
    # the comparison is worth something only if the corpus exercises the term rules
    rules = {f.rule for f in fast.findings}
    assert {"deprecated-term", "inconsistent-rendering", "undefined-abbreviation"} <= rules


@pytest.mark.parametrize("severities", [{}, _NARROW], ids=["all-rules", "narrow"])
def test_corpus_findings_with_bundled_termbase_are_identical(severities):
    tb = _bundled_or_skip()
    fast = check_paths(CORPUS, tb, CheckOptions(severities=severities))
    ref = reference_check(CORPUS, tb, CheckOptions(severities=severities))
    assert _report_json(fast) == _report_json(ref)
    assert fast.findings


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:3])
def test_corpus_normalization_and_every_match_are_identical(fast_tb, path):
    text = path.read_text(encoding="utf-8")
    fast, ref = normalize(text), reference_normalize(text)
    assert fast.text == ref.text
    for i in range(len(fast.text) + 1):
        assert fast.to_original(i) == ref.to_original(i)
    got = [(m.start, m.end, m.norm_start, m.norm_end, m.term) for m in matcher_for(fast_tb).find(fast)]
    want = [(m.start, m.end, m.norm_start, m.norm_end, m.term) for m in reference_matches(ref, fast_tb)]
    assert got == want and got


# ---- generated text ---------------------------------------------------------

_SIMPLE_TO_TRAD: dict[str, list[str]] = {}
for _cp, _s in sorted(t2s_table().items()):
    _SIMPLE_TO_TRAD.setdefault(_s, []).append(chr(_cp))

_BREAKS = [" ", "\n", "\r\n", "\n\n", " \n\n", "\u3000", "\t", "\u00a0"]
_FILLER = ["，", "。", "（", "）", "(", ")", "、", "《", "》", "的", "和", "在", "第", "号决定",
           "OEWG－III/2", "ＵＮＥＰ", "１２", "26/12", "Basel Convention", "21 ", " ", "x", "—", "“", "”"]


def _garble(form: str, rng: random.Random) -> str:
    """A term form as a document might carry it: wrapped, partly traditional, partly full-width."""
    out = []
    for i, ch in enumerate(form):
        r = rng.random()
        if r < 0.25 and ch in _SIMPLE_TO_TRAD:
            ch = rng.choice(_SIMPLE_TO_TRAD[ch])
        elif r < 0.35 and "!" <= ch <= "~":
            ch = chr(ord(ch) + 0xFEE0)
        out.append(ch)
        if i < len(form) - 1 and rng.random() < 0.2:
            out.append(rng.choice(_BREAKS))
    return "".join(out)


def _generated(tb, seed: int, pieces: int = 80) -> str:
    rng = random.Random(seed)
    forms = [t.text for t in tb.terms("zh")]
    out = []
    for _ in range(pieces):
        r = rng.random()
        if r < 0.45:
            out.append(_garble(rng.choice(forms), rng))
        elif r < 0.55:
            # two forms run together: where one ends and the next begins decides the leftmost-longest match
            a, b = rng.choice(forms), rng.choice(forms)
            out.append(_garble(a[: rng.randint(1, len(a))] + b, rng))
        elif r < 0.75:
            out.append(rng.choice(_BREAKS))
        else:
            out.append(rng.choice(_FILLER))
    return "".join(out)


@pytest.mark.parametrize("seed", range(60))
def test_generated_text_findings_are_identical(fast_tb, seed):
    text = _generated(fast_tb, seed)
    for scope in ("document", "corpus"):
        for severities in ({}, _NARROW):
            fast = check_text(text, fast_tb, options=CheckOptions(scope=scope, severities=severities))
            ref = reference_check_text(text, fast_tb, options=CheckOptions(scope=scope, severities=severities))
            assert findings_json(fast) == findings_json(ref), text


@pytest.mark.parametrize("seed", range(60))
def test_generated_text_normalization_and_matches_are_identical(fast_tb, seed):
    text = _generated(fast_tb, 1000 + seed)
    fast, ref = normalize(text), reference_normalize(text)
    assert fast.text == ref.text
    assert [fast.to_original(i) for i in range(len(fast.text))] == list(ref.origin)
    got = [(m.start, m.end, m.term.text) for m in matcher_for(fast_tb).find(fast)]
    want = [(m.start, m.end, m.term.text) for m in reference_matches(ref, fast_tb)]
    assert got == want


def test_generated_text_exercises_what_it_claims(fast_tb):
    """The generator really produces wrapped, traditional and full-width terms, and CRLF."""
    text = "".join(_generated(fast_tb, s) for s in range(60))
    assert "\r\n" in text and "\u3000" in text
    assert any(0xFF01 <= ord(c) <= 0xFF5E for c in text)
    assert fold_chars(text) != text.translate({cp: None for cp in range(0xFF01, 0xFF5F)})
    assert any(ord(c) in t2s_table() for c in text)
    assert any(normalize(text).has_seam(m.norm_start, m.norm_end)
               for m in matcher_for(fast_tb).find(normalize(text)))


@pytest.mark.parametrize("chunk", [1, 2, 7, 64])
def test_matches_do_not_depend_on_the_chunk_size(fast_tb, chunk):
    """The automaton runs over chunks cut where no term can cross; tiny chunks give the same matches."""
    text = "".join(_generated(fast_tb, s) for s in range(10)) + (CORPUS[0].read_text(encoding="utf-8"))
    norm = normalize(text)
    whole = matcher_for(fast_tb).find(norm)
    small = compile_terms(list(fast_tb.terms("zh")), chunk_chars=chunk).find(norm)
    assert [(m.start, m.end, m.term) for m in small] == [(m.start, m.end, m.term) for m in whole]


def test_chunks_without_a_boundary_character_still_match_whole(fast_tb):
    """Text made only of term characters has nowhere to cut: the chunk grows instead of splitting a term."""
    text = "巴塞尔公约" * 50 + "巴塞公约" * 50
    m = compile_terms(list(fast_tb.terms("zh")), chunk_chars=3)
    found = m.find(normalize(text))
    assert [x.term.text for x in found] == ["巴塞尔公约"] * 50 + ["巴塞公约"] * 50


def test_only_decisive_matches_are_skipped(fast_tb):
    """The engine's narrow match list holds exactly the matches whose terms a rule can report on."""
    text = CORPUS[0].read_text(encoding="utf-8")
    norm = normalize(text)
    matcher = matcher_for(fast_tb)
    every = matcher.find(norm)
    narrow = matcher.find(norm, decisive_only=True)
    by_concept = {c.id: len(c.terms_in("zh")) for c in fast_tb.concepts}
    assert narrow == [m for m in every if m.term.status != "preferred" or by_concept[m.term.concept_id] > 1]
    assert len(narrow) < len(every)


def test_engine_narrows_matches_only_when_every_active_rule_allows():
    from termkit.engine.scan import reads_all_matches
    from termkit.rules import Rule

    class Plain(Rule):  # a rule that says nothing reads every match
        id = "plain"

    narrow = CheckOptions(rules=("deprecated-term", "inconsistent-rendering")).active_rules()
    assert not reads_all_matches(narrow)
    assert reads_all_matches(narrow + [(Plain(), "warning")])
    assert Rule.reads_all_matches


def test_folding_is_the_same_with_few_or_many_distinct_characters():
    """fold_chars replaces a handful of distinct characters pass by pass and folds many run by run."""
    from bench.reference import fold_char
    few = CORPUS[1].read_text(encoding="utf-8")
    many = "".join(sorted(_SIMPLE_TO_TRAD.values(), key=len)[-1] + ["ＡＢＣ（）"]) + "".join(
        trad[0] for trad in list(_SIMPLE_TO_TRAD.values())[:400]) + few[:2000]
    for text in (few, many, "", "ａ", "項目\u3000Ｘ"):
        assert fold_chars(text) == "".join(fold_char(c) for c in text)
    assert len({c for c in many if ord(c) in t2s_table()}) > 100


def test_characters_outside_the_bmp_and_ascii_only_text_keep_offsets(fast_tb):
    """Byte offsets become character offsets correctly for 4-byte UTF-8 characters and pure ASCII."""
    for text in ("𠀀😀巴塞\n公约，𠮷野家的化学物品和\u3000废物 😀《巴塞公约》",
                 "GEF基金 21 世纪议程",
                 "plain ASCII text with no Chinese term at all"):
        fast = check_text(text, fast_tb)
        ref = reference_check_text(text, fast_tb)
        assert findings_json(fast) == findings_json(ref)
        got = [(m.start, m.end, m.term.text) for m in matcher_for(fast_tb).find(normalize(text))]
        want = [(m.start, m.end, m.term.text) for m in reference_matches(reference_normalize(text), fast_tb)]
        assert got == want
    assert [f.text for f in check_text("𠀀😀《巴塞公约》", fast_tb) if f.rule == "deprecated-term"] == ["巴塞公约"]

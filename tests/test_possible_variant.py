"""possible-variant: near-misses of terms found without listing them, and silence on legitimate text."""

from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, corpus_file

from termkit import CheckOptions, check_paths, check_text, load_termbase
from termkit.errors import ConfigError
from termkit.fix.edits import fix_text
from termkit.match.variants import VariantSettings, build_index, split_pieces, variant_index
from termkit.model import Termbase
from termkit.text.normalize import normalize

VARIANTS = FIXTURES / "variants.yaml"
ONLY = CheckOptions(rules=("possible-variant",))


@pytest.fixture(scope="module")
def tb():
    """Official names only; not one misspelling is listed."""
    return load_termbase([VARIANTS])


def without_term(termbase: Termbase, text: str) -> Termbase:
    """The termbase with one term form deleted, as if nobody had ever listed it."""
    concepts = []
    for c in termbase.concepts:
        terms = tuple(t for t in c.terms if t.text != text)
        concepts.append(dataclasses.replace(c, terms=terms) if len(terms) != len(c.terms) else c)
    assert sum(len(c.terms) for c in concepts) < sum(len(c.terms) for c in termbase.concepts), text
    return Termbase(tuple(concepts), termbase.files)


def variants(text: str, termbase: Termbase, **options) -> list[tuple[str, str]]:
    opts = CheckOptions(rules=("possible-variant",), rule_options={"possible-variant": options})
    return [(f.text, f.suggestion) for f in check_text(text, termbase, options=opts)]


# --- the "done when" on the real corpus -------------------------------------------------

def test_iomc_variant_on_line_156_is_found_without_being_listed(termbase):
    tb = without_term(termbase, "组织化学品健全管理方案")
    result = check_paths([corpus_file("003")], tb, ONLY)
    hits = [(f.line, f.column, f.text, f.suggestion) for f in result.findings]
    assert (156, 37, "组织化学品健全管理方案", "组织间化学品健全管理方案") in hits
    finding = next(f for f in result.findings if f.line == 156)
    assert finding.severity == "warning" and finding.concept == "iomc"
    assert "score 95.7" in finding.message


def test_check_data_reports_the_iomc_variant(cli):
    r = cli("check", "data/", "--format", "json")
    report = json.loads(r.out)
    assert any(f["path"].endswith(corpus_file("003").name) and f["line"] == 156
               and f["text"] == "组织化学品健全管理方案" and f["suggestion"] == "组织间化学品健全管理方案"
               for f in report["findings"])


def test_every_basel_variant_is_caught_with_the_variant_deleted_from_the_termbase(termbase):
    tb = without_term(termbase, "巴塞公约")
    result = check_paths(CORPUS, tb, ONLY)
    expected = 0
    for path in CORPUS:
        text = path.read_text(encoding="utf-8")
        norm = normalize(text)
        start = norm.text.find("巴塞公约")
        while start != -1:
            expected += 1
            o_start, o_end = norm.span_to_original(start, start + 4)
            assert any(f.path == str(path) and f.start <= o_start and o_end <= f.end
                       and "巴塞尔公约" in f.suggestion for f in result.findings), (path.name, o_start)
            start = norm.text.find("巴塞公约", start + 1)
    assert expected == 3  # 001 lines 60, 243, 277


def test_on_the_corpus_only_the_real_variants_are_reported(tb):
    # 001 writes 巴塞公约 three times; 003 drops 间 from the IOMC's name. 001's 消耗臭氧物质
    # (twice, once across a PDF wrap) reads as words (消耗 + 臭氧 + 物质): the test termbase lists
    # it as no form, and the rule stays silent on what reads as ordinary words; the bundled
    # termbase lists it as deprecated, so deprecated-term reports it there.
    # Everything else in five real UN documents is left alone.
    result = check_paths(CORPUS, tb, ONLY)
    found = sorted((Path(f.path).name[:3], f.line, f.text, f.suggestion) for f in result.findings)
    assert found == [
        ("001", 60, "巴塞公约", "巴塞尔公约"),
        ("001", 243, "巴塞公约", "巴塞尔公约"),
        ("001", 277, "巴塞公约", "巴塞尔公约"),
        ("003", 156, "组织化学品健全管理方案", "组织间化学品健全管理方案"),
    ]


# --- each kind of edit ---------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, variant, term", [
    ("秘书处与组织化学品健全管理方案合作。", "组织化学品健全管理方案", "组织间化学品健全管理方案"),    # dropped
    ("《巴塞公约》缔约方", "巴塞公约", "巴塞尔公约"),                                              # dropped
    ("持久有机污染物审查委员会", "持久有机污染物", "持久性有机污染物"),                                # dropped
    ("联合国环境规划署署", "联合国环境规划署署", None),                                            # (a repeated tail is edge noise)
    ("不限成员名额的工作组第三次会议", None, None),                                                # 的 inserted: a paraphrase
    ("不限成员名额工作作组第三次会议", "不限成员名额工作作组", "不限成员名额工作组"),                  # inserted
    ("缔约方犬会第五届会议", "缔约方犬会", "缔约方大会"),                                          # substituted
    ("缔约国大会第五届会议", None, None),                                                          # 缔约国 + 大会: words
    ("全球环竟基金理事会", "全球环竟基金", "全球环境基金"),                                        # substituted
    ("持久性机有污染物", "持久性机有污染物", "持久性有机污染物"),                                  # swapped
    ("安全事理会决议", "安全事理会", "安全理事会"),                                                # swapped
])
def test_each_edit_type(tb, sentence, variant, term):
    found = variants(sentence, tb)
    if term is None:
        assert found == []
    else:
        assert found == [(variant, term)]


def test_two_edits_only_in_long_terms(tb):
    # 12 characters: two separate slips are still the IOMC
    assert variants("组织化学品健全管方案", tb) == [("组织化学品健全管方案", "组织间化学品健全管理方案")]
    # 9 characters: two slips make something else
    assert variants("不限成名额工组", tb) == []
    assert variants("不限成员名额工组", tb) == [("不限成员名额工组", "不限成员名额工作组")]


# --- length thresholds ---------------------------------------------------------------------------

def test_short_terms_need_exact_knowledge(tb):
    # 4 characters: 水俣公约 / 水误公约, 水和卫生 / 水与卫生 are left alone by default ...
    assert variants("《水误公约》缔约方", tb) == []
    assert variants("水与卫生问题", tb) == []
    # ... and found when the threshold is lowered
    assert variants("《水误公约》缔约方", tb, min_length=4) == [("水误公约", "水俣公约")]
    # 3 characters never: 秘书长 / 秘书处
    assert variants("秘书处", tb, min_length=4) == []


def test_two_edits_threshold_is_configurable(tb):
    assert variants("不限成员名工组", tb) == []
    assert variants("不限成员名工组", tb, two_edits_from=9) == [("不限成员名工组", "不限成员名额工作组")]


# --- legitimate neighbours stay silent -----------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "《蒙特利尔议定书》缔约方会议第三十次会议",       # 缔约方会议 is a term of its own, not a misspelt 缔约方大会
    "人权委员会已由人权理事会取代",                   # two different bodies, both listed
    "控制危险废物越境转移及其处置巴塞尔公约缔约方",   # the short name inside the full title
    "斯德哥尔摩公约秘书处",                          # a known term plus a word
    "缔约方大会第二次会议",                          # numbered siblings of 缔约方大会第一次会议
    "持久性的有机污染物",                            # 的 inserted: grammar, not a slip
    "巴塞尔公约各区域中心",                          # 各 inserted
    "危险货物运输",                                  # four characters: dangerous goods, not hazardous wastes
    "联合国环境规划",                                 # a shorter phrase, not a misspelling
    "组织间化学品健全管理方案",                        # the term itself
])
def test_legitimate_neighbours_are_silent(tb, sentence):
    assert variants(sentence, tb) == []


def test_window_that_cuts_through_a_known_term_is_silent():
    tb = load_termbase([VARIANTS])
    # without 会员国, 联合国会|员国 reads as a dropped 大; with it, the reading is known to be wrong
    # (联合 + 国会 are also two common words; that filter is turned off to see this one alone)
    assert variants("联合国会员国", tb, common_words=False) == []
    tb_without = without_term(tb, "会员国")
    assert variants("联合国会员国", tb_without, common_words=False) != []  # the term list makes it silent


def test_two_common_words_are_a_phrase_not_a_slip(tb):
    # 预算资源 (budgetary resources) is one deletion from 预算外资源 but is two ordinary words;
    # 巴塞公约 is one deletion from 巴塞尔公约 and 巴塞 is no ordinary word
    assert variants("经常预算资源将得到预算外资源的补充", tb) == []
    assert variants("经常预算资源", tb, common_words=False) == [("预算资源", "预算外资源")]
    assert variants("《巴塞公约》", tb) == [("巴塞公约", "巴塞尔公约")]
    assert variants("缔约大会", tb) == [("缔约大会", "缔约方大会")]  # 缔约 is not common enough


@pytest.fixture(scope="module")
def neighbours():
    return load_termbase([FIXTURES / "neighbours.yaml"])


@pytest.mark.parametrize("sentence", [
    "经理事会验证后，该方案可于4月启动",      # 经 + 理事会, not 经社理事会 with 社 dropped
    "在最近一次缔约国审议大会上",            # 缔约国 + 审议, not 缔约国会议
    "由联合国社会发展研究所研究员主持",      # 联合国 + 社会, not 联合国大会
    "比利时等国的代表",                      # an enumeration, not 比利时王国
])
def test_ordinary_words_are_not_slips(neighbours, sentence):
    assert variants(sentence, neighbours) == []
    assert variants(sentence, neighbours, common_words=False) != []  # the word list makes them silent


@pytest.mark.parametrize("sentence, term", [
    ("中亚区域办事处的工作", "亚太区域办事处"),   # 中亚 is a word: the window starts inside it
    ("西班牙国王致辞", "西班牙王国"),             # 国王 is a word: the window ends inside it
    ("尼日尔总理主持举行协调会领导人会议", "行政首长协调会"),  # 举行 is a word: 行 is not 行政 (行政协调会)
])
def test_a_window_whose_edge_lies_inside_a_word_is_no_slip(neighbours, sentence, term):
    assert variants(sentence, neighbours) == []
    assert term in [t for _, t in variants(sentence, neighbours, common_words=False)]


def test_siblings_in_a_closed_class_are_not_slips(tb):
    # 东非 / 西非, 氟 / 氯: a different thing, not a misspelt one
    assert variants("巴塞尔公约西亚区域中心", tb) == []


def test_a_near_miss_across_a_line_break_is_reported_only_across_a_pdf_wrap(tb):
    heading = "中欧和东欧及独立国家联合体\n秘书长关于改善联合国财政情况的定期报告。"
    assert variants(heading, tb) == []  # 联合体 + 秘书长 is not 联合国秘书长
    full = "这是一个很长的句子用来表示固定宽度的行而且没有标点符号直到行尾组织\n化学品健全管理方案合作"
    lines = [full.split("\n")[0]] * 5 + [full]
    assert variants("\n".join(lines), tb) == [("组织\n化学品健全管理方案", "组织间化学品健全管理方案")]


def test_ignore_option(tb):
    assert variants("缔约国大会", tb, ignore=["缔约国大会"]) == []


def test_a_window_holding_a_deprecated_term_is_left_to_deprecated_term(termbase):
    # 巴塞公约 is listed as deprecated: deprecated-term reports it once, not possible-variant again
    findings = check_text("巴塞公约秘书处", termbase)
    assert [f.rule for f in findings] == ["deprecated-term"]


# --- fixability ----------------------------------------------------------------------------------

def test_a_near_variant_is_never_fixed(tb):
    """The string is no termbase form: nothing says it is wrong, only that it is close to a term."""
    text = "与组织化学品健全管理方案合作；缔约方犬会"
    findings = check_text(text, tb, options=ONLY)
    assert [f.text for f in findings] == ["组织化学品健全管理方案", "缔约方犬会"]
    assert not any(f.fixable for f in findings)
    assert fix_text(text, findings) == text

def test_bad_options_are_config_errors(tb):
    for options in ({"min_lenght": 4}, {"min_length": 1}, {"min_length": "5"}, {"anchor_ends": "no"},
                    {"common_words": 1},
                    {"fix_score": 90}, {"ignore": "巴塞公约"}):
        with pytest.raises(ConfigError):
            CheckOptions(rule_options={"possible-variant": options}).active_rules()


# --- the piece index -----------------------------------------------------------------------------

def _one_edit_variants(form: str) -> set[str]:
    x = "\u3007"  # a character no form here contains
    out = set()
    for i in range(len(form)):
        out.add(form[:i] + form[i + 1:])
        out.add(form[:i] + x + form[i + 1:])
    for i in range(len(form) + 1):
        out.add(form[:i] + x + form[i:])
    for i in range(len(form) - 1):
        out.add(form[:i] + form[i + 1] + form[i] + form[i + 2:])
    return out


@pytest.mark.parametrize("form", ["巴塞尔公约", "缔约方大会", "持久性有机污染物", "不限成员名额工作组",
                                  "组织间化学品健全管理方案", "关于持久性有机污染物的斯德哥尔摩公约"])
def test_pigeonhole_every_variant_keeps_a_piece(form):
    """Any string within the edit budget contains one of the pieces unchanged."""
    k = VariantSettings().max_edits(len(form))
    pieces = [p for _, p in split_pieces(form, k)]
    assert len(pieces) == k + 1 and all(len(p) >= 2 for p in pieces)
    level = {form}
    for _ in range(k):
        level = set(itertools.chain.from_iterable(_one_edit_variants(v) for v in level))
        for v in level:
            assert any(p in v for p in pieces), (form, v, pieces)


def test_common_pieces_are_avoided():
    # the even split of 联合国环境大会 makes 联合国 a piece, and 联合国 is on every page
    assert split_pieces("联合国环境大会", 1) == [(0, "联合国"), (4, "境大会")]
    common = {"联合国": 50, "联合": 60, "大会": 40}
    assert split_pieces("联合国环境大会", 1, common) == [(0, "联合国环"), (5, "大会")]


def test_index_is_built_once_per_termbase(tb):
    assert variant_index(tb, VariantSettings()) is variant_index(tb, VariantSettings())
    assert variant_index(tb, VariantSettings()) is not variant_index(tb, VariantSettings(min_length=4))


def test_nearest_for_lookup(tb):
    index = build_index(tb.terms("zh"), VariantSettings())
    [(term, distance, score)] = index.nearest("巴塞公约")
    assert (term.text, distance, score) == ("巴塞尔公约", 1, 88.9)
    assert index.nearest("完全无关的字符串") == []


def test_piece_index_misses_nothing_that_brute_force_finds(tb):
    """Every window within the edit budget of a term (and passing the same filters) is found.

    Brute force compares every window of every length with every term; the index must report a
    variant overlapping each window brute force accepts. Texts are random mixtures of term
    fragments, injected edits and filler, so that anchors land everywhere.
    """
    import random

    from rapidfuzz.distance import OSA

    from termkit.match.chinese import matcher_for

    index = variant_index(tb, VariantSettings())
    rng = random.Random(7)
    forms = list(index.forms)
    filler = "各国还请该会议决定将在于对此进行审议并向其提交报告"
    checked = 0
    for _ in range(60):
        parts = []
        for _ in range(8):
            form = rng.choice(forms)
            i = rng.randrange(1, len(form) - 1)
            edit = rng.choice(("drop", "insert", "sub", "swap", "keep", "cut"))
            if edit == "drop":
                form = form[:i] + form[i + 1:]
            elif edit == "insert":
                form = form[:i] + rng.choice(filler) + form[i:]
            elif edit == "sub":
                form = form[:i] + rng.choice(filler) + form[i + 1:]
            elif edit == "swap" and i + 1 < len(form) - 1:
                form = form[:i] + form[i + 1] + form[i] + form[i + 2:]
            elif edit == "cut":
                form = form[: rng.randrange(2, len(form))]
            parts.append(form + "".join(rng.choice(filler) for _ in range(rng.randrange(0, 3))))
        text = "".join(parts)
        norm = normalize(text)
        matches = matcher_for(tb).find(norm)
        found = index.find(norm.text, matches)
        # the rule lets the index find the known terms itself: the same reading as the matcher's
        assert index.find(norm.text) == found
        spans = sorted((m.norm_start, m.norm_end, m.term.is_bad) for m in matches)
        starts = [s for s, _, _ in spans]
        for form, k in zip(index.forms, index.edits):
            n = len(form)
            for s in range(len(text)):
                for e in range(s + n - k, min(len(text), s + n + k) + 1):
                    window = text[s:e]
                    if window[0] != form[0] or window[-1] != form[-1]:
                        continue
                    d = OSA.distance(form, window)
                    if not 0 < d <= k or not index._plausible(text, window, form, d, spans, starts, s, e):
                        continue
                    checked += 1
                    assert any(c.start < e and s < c.end for c in found), (text, window, form)
    assert checked > 100  # the texts really contained variants to find


def _edited_texts(forms: list[str], seed: int, count: int) -> list[str]:
    """Term forms with slips, cut short, and punctuation or line breaks inside and around them."""
    import random

    rng = random.Random(seed)
    filler = "各国还请该会议决定将在于对此进行审议并向其提交报告"
    punct = "，。、《》；：\n()“” "
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randrange(3, 12)):
            form = rng.choice(forms)
            i = rng.randrange(0, len(form))
            edit = rng.choice(("drop", "insert", "sub", "swap", "keep", "cut", "punct", "punct"))
            if edit == "drop":
                form = form[:i] + form[i + 1:]
            elif edit == "insert":
                form = form[:i] + rng.choice(filler) + form[i:]
            elif edit == "sub":
                form = form[:i] + rng.choice(filler) + form[i + 1:]
            elif edit == "swap" and i + 2 <= len(form):
                form = form[:i] + form[i + 1] + form[i] + form[i + 2:]
            elif edit == "cut":
                form = form[:rng.randrange(1, len(form) + 1)]
            elif edit == "punct":
                form = form[:i] + rng.choice(punct) + form[i:]
            parts.append(form + "".join(rng.choice(filler + punct) for _ in range(rng.randrange(0, 4))))
        texts.append("".join(parts))
    return texts


@pytest.mark.parametrize("options", [{}, {"anchor_ends": False}, {"min_length": 4},
                                     {"min_length": 3, "two_edits_from": 6, "common_words": False}])
@pytest.mark.parametrize("small", [False, True])
def test_segment_scan_matches_one_pass_over_the_whole_text(termbase, tb, monkeypatch, options, small):
    """``find`` checks each distinct segment once and reuses the answer; the findings are those of one
    plain pass over the whole text (``find`` given the matcher's matches), candidate for candidate.

    Texts put punctuation and line breaks (segment barriers) inside and next to slips, so that
    windows reach past segments; every text is checked twice (the second time from the cache), and
    with ``small``, chunks, the longest remembered segment and the cache are tiny, so that chunk
    cuts, long segments checked in place and a cache that is emptied mid-document are exercised.
    """
    import termkit.match.variants as variants_mod
    from termkit.match.chinese import matcher_for
    from termkit.rules.document.possible_variant import PossibleVariant

    if small:
        monkeypatch.setattr(variants_mod, "SEGMENT_CHUNK", 40)
        monkeypatch.setattr(variants_mod, "SEGMENT_LONGEST", 10)
        monkeypatch.setattr(variants_mod, "SEGMENT_CACHE", 50)
    checked = 0
    for base in (termbase, tb):
        settings = PossibleVariant(**options).variant_settings
        index = build_index(base.terms("zh"), settings)
        texts = _edited_texts(list(index.forms), seed=11, count=80)
        texts += [normalize(p.read_text(encoding="utf-8")).text for p in CORPUS]
        texts.append("".join(texts[:40]))
        for _ in range(2):
            for text in texts:
                norm = normalize(text)
                whole = index.find(norm.text, matcher_for(base).find(norm))
                assert index.find(norm.text) == whole, norm.text
                checked += len(whole)
    assert checked > 500

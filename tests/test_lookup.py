"""`termkit lookup`: every kind of query, ranking, bad-form notices, JSON, exit codes, the cache, cold start."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import CORPUS, FIXTURES, ROOT

from termkit.lookup.index import MATCH_KINDS

LOOKUP_TB = FIXTURES / "lookup.yaml"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Every test gets its own empty cache directory (never the user's)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("TERMKIT_CACHE_DIR", str(cache))
    monkeypatch.delenv("TERMKIT_NO_CACHE", raising=False)
    return cache


@pytest.fixture(scope="module")
def index():
    from termkit import load_termbase
    from termkit.lookup.index import build_index
    return build_index(load_termbase([LOOKUP_TB]))


def best(index, query, **kw):
    result = index.search(query, **kw)
    assert result.hits, f"nothing found for {query!r}"
    return result.hits[0]


def entry_main(*args):
    """The console command (termkit.cli.entry), in-process."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from termkit.cli.entry import main
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


# -- kinds of query -------------------------------------------------------------------------------

@pytest.mark.parametrize("query, concept, form", [
    ("巴塞尔公约", "basel-convention", "巴塞尔公约"),
    ("控制危险废物越境转移及其处置巴塞尔公约", "basel-convention", "控制危险废物越境转移及其处置巴塞尔公约"),
    ("环境署", "unep", "环境署"),
    ("Basel Convention", "basel-convention", "Basel Convention"),
    ("prior informed consent", "prior-informed-consent", "prior informed consent"),
    ("PIC", "prior-informed-consent", "PIC"),
    ("POPs", "persistent-organic-pollutants", "POPs"),
    ("COP", "conference-of-the-parties", "COP"),
    ("UNEP", "unep", "UNEP"),
    ("OEWG", "open-ended-working-group", "OEWG"),
])
def test_exact_form_in_either_language(index, query, concept, form):
    hit = best(index, query)
    assert (hit.concept_id, hit.match, hit.score, hit.term["term"]) == (concept, "exact", 100.0, form)


@pytest.mark.parametrize("variant, canonical", [
    ("鹿特丹公約", "鹿特丹公约"),               # traditional
    ("巴塞爾公約", "巴塞尔公约"),               # traditional, two characters
    ("斯德哥爾摩公約", "斯德哥尔摩公约"),
    ("巴塞尔 公约", "巴塞尔公约"),               # stray space
    ("巴塞尔\n\n公约", "巴塞尔公约"),            # PDF line break
    ("\u3000巴塞尔公约 ", "巴塞尔公约"),          # ideographic space around it
    ("《巴塞尔公约》", "巴塞尔公约"),             # with its title brackets
    ("ＰＩＣ", "PIC"),                         # full-width
    ("pic", "PIC"),                            # case
    ("Pops", "POPs"),
    ("ＲＯＴＴＥＲＤＡＭ　convention", "Rotterdam Convention"),
    ("rotterdam   CONVENTION", "Rotterdam Convention"),
    ("ozone depleting substances", "ozone-depleting substances"),  # hyphen as a space
    ("Open ended working group", "Open-ended Working Group"),
])
def test_traditional_width_space_and_case_variants_find_the_same_form(index, variant, canonical):
    a, b = best(index, variant), best(index, canonical)
    assert a.match == "exact"
    assert (a.concept_id, a.term["term"]) == (b.concept_id, b.term["term"])


def test_concept_id(index):
    hit = best(index, "basel-convention-cop")
    assert (hit.concept_id, hit.match, hit.term) == ("basel-convention-cop", "id", None)
    assert best(index, "BASEL-CONVENTION-COP").concept_id == "basel-convention-cop"


def test_prefix_substring_and_contains(index):
    hit = best(index, "巴塞尔公约秘")
    assert (hit.concept_id, hit.match, hit.term["term"]) == ("basel-convention-secretariat", "prefix", "巴塞尔公约秘书处")
    assert hit.score == pytest.approx(100 * 6 / 8)

    hit = best(index, "危险化学品和农药")
    assert (hit.concept_id, hit.match) == ("rotterdam-convention", "substring")

    hit = best(index, "Stockholm")
    assert (hit.concept_id, hit.match, hit.term["term"]) == ("stockholm-convention", "prefix", "Stockholm Convention")

    hit = best(index, "environment programme")  # English substrings start at a word
    assert (hit.concept_id, hit.match) == ("unep", "substring")
    assert all(h.match != "substring" for h in index.search("nvironment programme").hits)

    result = index.search("巴塞尔公约秘书处的工作")  # a term inside a pasted phrase
    assert [(h.concept_id, h.match) for h in result.hits] == [
        ("basel-convention-secretariat", "contains"), ("basel-convention", "contains")]


@pytest.mark.parametrize("query, concept", [
    ("巴赛尔公约", "basel-convention"),           # 赛 for 塞
    ("鹿特单公约", "rotterdam-convention"),       # 单 for 丹
    ("Stockholm Convnetion", "stockholm-convention"),
    ("Rotterdm", "rotterdam-convention"),
    ("persistant organic polutants", "persistent-organic-pollutants"),
    ("convention basel", "basel-convention"),    # word order
])
def test_fuzzy_finds_typos_and_partial_names(index, query, concept):
    hit = best(index, query)
    assert (hit.concept_id, hit.match) == (concept, "fuzzy")
    assert 60 <= hit.score <= 100


def test_fuzzy_is_not_used_when_an_earlier_stage_matched(index):
    result = index.search("巴塞尔公约")
    assert all(h.match != "fuzzy" for h in result.hits)


def _reference_search(index, query):
    """Stages 1-2 written the plain way: every form compared with the query in a Python loop."""
    data = index.to_data()
    zh, en = index.normalize_query(query)
    wanted = {"zh": zh, "en": en}
    loose = "".join(ch for ch in en if ch.isalnum())

    def word_start(text, i):
        return i == 0 or not text[i - 1].isalnum()

    def word_end(text, j):
        return j == len(text) or not text[j].isalnum()

    best = {}
    for fi, (key, ci, lang, status) in enumerate(zip(data["keys"], data["concept"], data["lang"], data["status"])):
        q = wanted[lang]
        options = []
        if key == q or (loose and "".join(ch for ch in key.casefold() if ch.isalnum()) == loose):
            options.append(("exact", 100.0))
        elif q:
            starts = [i for i in range(len(key)) if key.startswith(q, i) and (lang == "zh" or word_start(key, i))]
            if starts and starts[0] == 0:
                options.append(("prefix", 100.0 * len(q) / len(key)))
            elif starts:
                options.append(("substring", 100.0 * len(q) / len(key)))
            elif len(key) >= 2 and any(q.startswith(key, i) and (lang == "zh" or (word_start(q, i) and word_end(q, i + len(key))))
                                       for i in range(len(q))):
                options.append(("contains", 100.0 * len(key) / len(q)))
        for kind, score in options:
            rank = (MATCH_KINDS.index(kind), -score, status, len(key), fi)
            if ci not in best or rank < best[ci][0]:
                best[ci] = (rank, kind, score)
    ids = {e["id"]: ci for ci, e in enumerate(index.entries)}
    ci = ids.get(query.strip().casefold())
    if ci is None:
        ci = {"".join(ch for ch in cid if ch.isalnum()): c for cid, c in reversed(list(ids.items()))}.get(loose)
    if ci is not None and (ci not in best or best[ci][0] > (1,)):
        best[ci] = ((1, -100.0, 0, 0, -1), "id", 100.0)
    ranked = sorted(best.items(), key=lambda item: item[1][0])
    return [(index.entry(ci)["id"], kind, round(score, 9)) for ci, (_, kind, score) in ranked]


def test_stages_one_and_two_agree_with_a_plain_reference(termbase):
    """The find/bisect and substring-dict stages return what a loop over every form returns."""
    from termkit.lookup.index import build_index
    from termkit.model import Termbase

    # the reference loops over every form for every query: a slice of the bundled termbase (its
    # curated terminology, every seventh concept) keeps that quadratic loop to seconds
    curated = [c for c in termbase.concepts if not c.reference]
    index = build_index(Termbase(tuple(curated[::7])))
    data = index.to_data()
    queries = {"巴塞尔公约秘书处的工作", "控制危险废物", "公约", "convention", "the basel convention text",
               "COP-14", "environment programme", "nvironment", "a", "缔约方大会第六届会议", "pops review",
               "copper", "picture of unepx", "oewgs", "xpic"}
    for fi, key in enumerate(data["keys"]):
        if fi % 11 == 0:
            queries.update({key[: max(1, len(key) // 2)], key[len(key) // 3:], key[1:-1] or key})
    for line in corpus_lines(25):
        queries.add(line[:30])
    queries.discard("")
    for q in sorted(queries):
        if not q.strip():
            continue
        got = [(h.concept_id, h.match, round(h.score, 9)) for h in index.search(q, limit=10_000).hits]
        if got and got[0][1] == "fuzzy":
            assert _reference_search(index, q) == [], q
            continue
        assert got == _reference_search(index, q), q


def corpus_lines(n):
    for path in CORPUS:
        yield from (line.strip() for line in path.read_text(encoding="utf-8").splitlines()[:n] if line.strip())


# -- ranking --------------------------------------------------------------------------------------

def test_ranking_exact_then_prefix_by_score(index):
    result = index.search("巴塞尔公约")
    assert [(h.concept_id, h.match) for h in result.hits] == [
        ("basel-convention", "exact"),
        ("basel-convention-secretariat", "prefix"),   # 5 of 8 characters
        ("basel-convention-cop", "prefix"),           # 5 of 10
    ]
    assert result.hits[1].score > result.hits[2].score


def test_one_hit_per_concept_through_its_best_form(index):
    result = index.search("巴塞尔公约")
    ids = [h.concept_id for h in result.hits]
    assert len(ids) == len(set(ids))
    # 巴塞尔公约 is also a part of the full title, but the exact short form wins
    assert result.hits[0].term["term"] == "巴塞尔公约"


def test_limit_and_lang(index):
    assert [h.concept_id for h in index.search("巴塞尔公约", limit=1).hits] == ["basel-convention"]
    assert index.search("PIC", lang="zh").hits == []
    assert best(index, "PIC", lang="en").concept_id == "prior-informed-consent"
    assert index.search("鹿特丹公约", lang="en").hits == []


@pytest.mark.parametrize("kw, message", [({"lang": "fr"}, "--lang"), ({"limit": 0}, "--limit")])
def test_bad_options_are_input_errors(index, kw, message):
    from termkit.errors import TermkitError
    with pytest.raises(TermkitError, match=message):
        index.search("PIC", **kw)
    with pytest.raises(TermkitError, match="empty query"):
        index.search("  \u3000 ")


# -- deprecated and superseded queries ------------------------------------------------------------

@pytest.mark.parametrize("query, status, use, concept", [
    ("耗氧物质", "deprecated", "消耗臭氧层物质", "ozone-depleting-substances"),
    ("耗氧物質", "deprecated", "消耗臭氧层物质", "ozone-depleting-substances"),   # traditional input
    ("巴塞公约", "deprecated", "巴塞尔公约", "basel-convention"),
    ("Swaziland", "superseded", "Eswatini", "eswatini"),
    ("埃斯瓦蒂尼", "deprecated", "斯威士兰", "eswatini"),
])
def test_bad_query_is_reported_with_its_replacement(index, query, status, use, concept):
    result = index.search(query)
    bad = result.bad_query
    assert bad is not None and bad.concept_id == concept
    assert (bad.term["status"], bad.term["use"]) == (status, use)


def test_preferred_query_is_not_reported_as_bad(index):
    assert index.search("消耗臭氧层物质").bad_query is None
    # a prefix of a deprecated form is not the deprecated form itself
    assert index.search("耗氧").bad_query is None


def test_text_output_says_deprecated_first_and_lists_every_form_with_its_status(monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = entry_main("lookup", "耗氧物质", "-t", LOOKUP_TB)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "'耗氧物质' is deprecated (ozone-depleting-substances); use '消耗臭氧层物质'"
    assert lines[2].startswith("ozone-depleting-substances  [chemicals]  exact match")
    body = "\n".join(lines[3:])
    assert "zh  full    preferred   消耗臭氧层物质\n" in body
    assert "full    deprecated  耗氧物质  → 消耗臭氧层物质  (means oxygen-consuming substances)  ◂ matched" in body
    assert "full    deprecated  消耗臭氧物质  → 消耗臭氧层物质  (层 dropped)\n" in body
    assert "en  full    preferred   ozone-depleting substances" in body
    assert "abbrev  preferred   ODS" in body
    assert "note:       消耗臭氧层物质 as in the title of the Montreal Protocol." in body
    # the concept's place, relative to the working directory when below it
    assert "termbase:   lookup-test (tests/fixtures/lookup.yaml:91:5)" in body.replace(os.sep, "/")


def test_text_output_lists_other_matches_after_the_entry():
    code, out, _ = entry_main("lookup", "巴塞尔公约", "-t", LOOKUP_TB)
    assert code == 0
    head, _, others = out.partition("\nother matches:\n")
    assert head.startswith("basel-convention  [conventions]  exact match\n")
    assert "source:     Convention text" in head
    assert others.splitlines() == [
        "  prefix     62.5  basel-convention-secretariat  巴塞尔公约秘书处 | Secretariat of the Basel Convention",
        "  prefix     50.0  basel-convention-cop  巴塞尔公约缔约方大会 | Conference of the Parties to the Basel Convention",
    ]


# -- JSON -----------------------------------------------------------------------------------------

def test_json_shape():
    code, out, err = entry_main("lookup", "巴塞公约", "--json", "-t", LOOKUP_TB)
    assert (code, err) == (0, "")
    assert "巴塞公约" in out  # Chinese is written as is, not as \\u escapes
    data = json.loads(out)
    assert set(data) == {"version", "query", "normalized", "query_status", "use", "hits", "suggestions"}
    assert (data["version"], data["query"], data["query_status"], data["use"]) == (1, "巴塞公约", "deprecated", "巴塞尔公约")
    hit = data["hits"][0]
    assert set(hit) == {"concept", "match", "score", "matched", "entry"}
    assert (hit["concept"], hit["match"], hit["score"]) == ("basel-convention", "exact", 100.0)
    assert hit["matched"] == {"term": "巴塞公约", "type": "short", "status": "deprecated", "note": "尔 dropped",
                              "use": "巴塞尔公约"}
    entry = hit["entry"]
    assert set(entry) == {"id", "subject", "termbase", "definition", "note", "source", "where", "zh", "en",
                          "preferred"}
    assert entry["preferred"] == {
        "zh": {"full": "控制危险废物越境转移及其处置巴塞尔公约", "short": "巴塞尔公约"},
        "en": {"full": "Basel Convention on the Control of Transboundary Movements of Hazardous Wastes and their Disposal",
               "short": "Basel Convention"}}
    assert [t["term"] for t in entry["zh"]] == ["控制危险废物越境转移及其处置巴塞尔公约", "巴塞尔公约", "巴塞公约"]
    assert entry["where"].startswith(f"{LOOKUP_TB}:")
    assert data["suggestions"] == []


def test_json_no_match_has_suggestions_and_exit_1():
    code, out, _ = entry_main("lookup", "汞公约", "--json", "-t", LOOKUP_TB)
    data = json.loads(out)
    assert code == 1
    assert data["hits"] == [] and data["query_status"] is None
    assert data["suggestions"] and all(s["score"] < 60 for s in data["suggestions"])
    assert {s["concept"] for s in data["suggestions"]} <= {
        "basel-convention", "rotterdam-convention", "stockholm-convention"}


# -- no match, errors, exit codes -----------------------------------------------------------------

def test_no_match_suggests_the_nearest_and_exits_1():
    code, out, err = entry_main("lookup", "汞公约", "-t", LOOKUP_TB)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == "no concept matches '汞公约'"
    assert lines[1] == "nearest:"
    assert lines[2].split()[:3] == ["fuzzy", "57.1", "basel-convention"]


def test_nothing_near_at_all_exits_1():
    code, out, _ = entry_main("lookup", "qqqqqqqqqqqq", "-t", LOOKUP_TB)
    assert code == 1 and out == "no concept matches 'qqqqqqqqqqqq'\n"


def test_bad_termbase_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nconcepts:\n  - id: x\n    subject: s\n    zh:\n      - {term: 巴塞尔公约}\n"
                   "      - {term: 巴塞公约, status: deprecated, use: 巴塞耳公约}\n", encoding="utf-8")
    for run in (entry_main, _typer):
        code, out, err = run("lookup", "巴塞公约", "-t", bad)
        assert (code, out) == (2, "")
        assert re.match(rf"termkit: error: {re.escape(str(bad))}:7:\d+: 'use: 巴塞耳公约' of term '巴塞公约' "
                        "names no zh term of concept 'x'\n$", err), err


def test_missing_termbase_and_usage_errors_exit_2(tmp_path):
    code, out, err = entry_main("lookup", "PIC", "-t", tmp_path / "nope.yaml")
    assert (code, out) == (2, "") and "termbase file not found" in err and err.count("\n") == 1
    code, _, err = entry_main("lookup")
    assert code == 2 and err.startswith("termkit: error: lookup: ") and err.count("\n") == 1
    code, _, err = entry_main("lookup", "PIC", "--lang", "fr", "-t", LOOKUP_TB)
    assert code == 2 and err.count("\n") == 1


@pytest.mark.parametrize("argv", [
    ["PIC"],
    ["rotterdam", "convention", "--json"],
    ["-t", "a.yaml", "--termbase=b.yaml", "PIC", "-n", "3"],
    ["--limit=2", "--lang", "en", "PIC"],
    ["--no-cache", "--isolated", "--config", "x.toml", "巴塞尔公约"],
    ["PIC", "--lang=zh"],
    ["--", "-5"],
])
def test_quick_parse_agrees_with_argparse(argv):
    from termkit.cli.entry import lookup_parser, quick_parse
    assert quick_parse(argv) == vars(lookup_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [
    ["--help"], ["--js", "PIC"], ["-n5", "PIC"], ["--lang", "fr", "PIC"], ["-n", "x", "PIC"], ["--json"],
    ["PIC", "-t"], ["--json=1", "PIC"],
])
def test_quick_parse_leaves_help_abbreviations_and_errors_to_argparse(argv):
    from termkit.cli.entry import quick_parse
    assert quick_parse(argv) is None


def _typer(*args):
    from conftest import run_cli
    r = run_cli(*args)
    return r.code, r.out, r.err


def test_typer_command_and_fast_path_agree():
    for query in ("巴塞尔公约", "耗氧物质", "Rotterdm", "汞公约"):
        fast = entry_main("lookup", query, "-t", LOOKUP_TB)
        slow = _typer("lookup", query, "-t", LOOKUP_TB)
        assert fast == slow
    assert entry_main("lookup", "PIC", "--json", "-n", "1", "-t", LOOKUP_TB) == \
        _typer("lookup", "PIC", "--json", "-n", "1", "-t", LOOKUP_TB)


def test_unquoted_words_are_one_query_and_help_lists_lookup():
    code, out, _ = entry_main("lookup", "rotterdam", "convention", "-t", LOOKUP_TB)
    assert code == 0 and out.startswith("rotterdam-convention  [conventions]  exact match")
    code, out, _ = entry_main("--help")
    assert code == 0 and "lookup" in out and "check" in out
    code, out, _ = entry_main("lookup", "--help")
    assert code == 0 and "--json" in out and "--limit" in out


def test_configured_termbases_are_used_like_check_does(tmp_path, monkeypatch):
    proj = tmp_path / "proj"
    (proj / "docs").mkdir(parents=True)
    (proj / "terms.yaml").write_bytes(LOOKUP_TB.read_bytes())
    (proj / "termkit.toml").write_text('termbases = ["terms.yaml"]\n', encoding="utf-8")
    monkeypatch.chdir(proj / "docs")
    code, out, _ = entry_main("lookup", "Eswatini")
    assert code == 0 and "termbase:   lookup-test (" in out
    code, out, _ = entry_main("lookup", "Eswatini", "--isolated")  # the bundled termbases
    assert code == 0 and "termbase:   countries (" in out
    (proj / "termkit.toml").write_text('termbase = ["terms.yaml"]\n', encoding="utf-8")
    code, out, err = entry_main("lookup", "Eswatini")
    assert (code, out) == (2, "") and "unknown key 'termbase'" in err and err.count("\n") == 1


# -- the bundled termbases: the five queries of the issue -----------------------------------------

@pytest.mark.parametrize("query, concept, status", [
    ("巴塞尔公约", "basel-convention", "preferred"),
    ("鹿特丹公約", "rotterdam-convention", "preferred"),
    ("rotterdam convention", "rotterdam-convention", "preferred"),
    ("PIC", "prior-informed-consent", "preferred"),
    ("耗氧物质", "ozone-depleting-substances", "deprecated"),
])
def test_issue_examples_on_the_bundled_termbases(termbase, query, concept, status):
    from termkit.lookup.index import build_index
    hit = build_index(termbase).search(query).hits[0]
    assert (hit.concept_id, hit.match, hit.term["status"]) == (concept, "exact", status)


# -- normalization is the matcher's -------------------------------------------------------------

def test_query_normalization_equals_normalize_term(index):
    from termkit.text.normalize import normalize_term
    samples = ["巴塞尔 公约", "鹿特丹公約", "ＰＩＣ", "Rotterdam\u3000Convention", "21 世纪议程",
               "事先知\n\n情同意", " 控制危险废物\u00a0越境转移 ", "ＯＥＷＧ－III/2", "Open-ended  Working\nGroup"]
    for path in CORPUS:
        samples.extend(path.read_text(encoding="utf-8").splitlines()[:80])
    for text in samples:
        assert index.normalize_query(text) == (normalize_term(text, "zh"), normalize_term(text, "en")), text


# -- the cache ------------------------------------------------------------------------------------

def test_second_load_comes_from_the_cache(private_cache, monkeypatch):
    from termkit.lookup.index import load_index
    from termkit.termbase import load as tb_module

    first = load_index([LOOKUP_TB])
    assert len(list(private_cache.glob("lookup-*.bin"))) == 1

    def refuse(*_a, **_k):
        raise AssertionError("the termbase was loaded again")
    monkeypatch.setattr(tb_module, "load_paths", refuse)
    second = load_index([LOOKUP_TB])
    assert second.entries == first.entries and len(second) == 12
    assert second.search("鹿特丹公約").hits[0].concept_id == "rotterdam-convention"


def test_an_edited_termbase_is_reloaded_even_with_the_same_size_and_mtime(tmp_path):
    from termkit.lookup.index import load_index

    path = tmp_path / "tb.yaml"
    path.write_bytes(LOOKUP_TB.read_bytes())
    assert load_index([path]).search("Eswatini").hits[0].concept_id == "eswatini"
    st = os.stat(path)
    path.write_bytes(LOOKUP_TB.read_bytes().replace(b"id: eswatini", b"id: eswatin1"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(path).st_size == st.st_size
    assert load_index([path]).search("Eswatini").hits[0].concept_id == "eswatin1"


def test_a_corrupt_cache_entry_is_a_miss(private_cache):
    from termkit.lookup.index import load_index

    load_index([LOOKUP_TB])
    (entry,) = private_cache.glob("lookup-*.bin")
    blob = bytearray(entry.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    entry.write_bytes(bytes(blob))
    assert load_index([LOOKUP_TB]).search("PIC").hits[0].concept_id == "prior-informed-consent"
    entry.write_bytes(b"TKC1")  # truncated
    assert load_index([LOOKUP_TB]).search("PIC").hits[0].concept_id == "prior-informed-consent"
    entry.write_bytes(b"")
    code, out, err = entry_main("lookup", "PIC", "-t", LOOKUP_TB)
    assert (code, err) == (0, "") and out.startswith("prior-informed-consent")


def test_an_unwritable_or_disabled_cache_only_costs_speed(tmp_path, monkeypatch):
    from termkit.lookup.index import load_index

    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("TERMKIT_CACHE_DIR", str(blocker / "cache"))
    assert load_index([LOOKUP_TB]).search("OEWG").hits[0].concept_id == "open-ended-working-group"

    cache = tmp_path / "off"
    monkeypatch.setenv("TERMKIT_CACHE_DIR", str(cache))
    monkeypatch.setenv("TERMKIT_NO_CACHE", "1")
    load_index([LOOKUP_TB])
    assert not cache.exists()


def test_a_bad_termbase_is_never_cached(tmp_path, private_cache):
    path = tmp_path / "tb.yaml"
    good = LOOKUP_TB.read_text(encoding="utf-8")
    path.write_text(good.replace("id: unep\n", "id: UNEP!\n"), encoding="utf-8")
    assert entry_main("lookup", "UNEP", "-t", path)[0] == 2
    assert entry_main("lookup", "UNEP", "-t", path)[0] == 2
    assert not list(private_cache.glob("lookup-*.bin"))
    path.write_text(good, encoding="utf-8")
    assert entry_main("lookup", "UNEP", "-t", path)[0] == 0


def test_concurrent_cold_starts_share_one_valid_entry(private_cache):
    env = dict(os.environ, TERMKIT_CACHE_DIR=str(private_cache))
    cmd = [sys.executable, "-m", "termkit", "lookup", "鹿特丹公約", "-t", str(LOOKUP_TB), "--json"]
    procs = [subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [e.decode() for _, e in outs]
    assert {json.loads(o)["hits"][0]["concept"] for o, _ in outs} == {"rotterdam-convention"}
    entries = list(private_cache.glob("lookup-*.bin"))
    assert len(entries) == 1 and not list(private_cache.glob(".*tmp"))
    from termkit._util import store as cache
    assert cache.load("lookup", entries[0].name[len("lookup-"):-len(".bin")]) is not None


# -- cold start -----------------------------------------------------------------------------------

HEAVY = ("jieba", "typer", "click", "opencc", "yaml", "rapidfuzz", "ahocorasick_rs", "termkit.engine.pipeline",
         "termkit.cli.app", "termkit.match.chinese", "termkit.termbase")


def _imported(*args, env) -> set[str]:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "termkit", "lookup", *args],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}


def test_cold_lookup_imports_nothing_heavy(private_cache):
    env = dict(os.environ, TERMKIT_CACHE_DIR=str(private_cache))
    miss = _imported("巴塞尔公约", "-t", str(LOOKUP_TB), env=env)  # builds the cache entry
    assert "termkit.lookup.index" in miss and "yaml" in miss
    assert not any(m == "jieba" or m.startswith("jieba.") for m in miss)
    hit = _imported("巴塞尔公约", "-t", str(LOOKUP_TB), env=env)
    assert "termkit.lookup.index" in hit
    heavy = sorted(m for m in hit if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == []
    # rapidfuzz only when nothing matched exactly or by substring
    assert "rapidfuzz" in _imported("Rotterdm", "-t", str(LOOKUP_TB), env=env)

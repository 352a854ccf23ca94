"""termkit extract: candidate terms a termbase lacks, mined from the real corpus."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CORPUS, FIXTURES, ROOT, corpus_file

from termkit import load_termbase
from termkit.corpus.extract import ExtractOptions, extract_candidates, extract_paths
from termkit.errors import ConfigError
from termkit.text.document import Document
from termkit.text.normalize import normalize, normalize_term

VARIANTS = FIXTURES / "variants.yaml"


@pytest.fixture(scope="module")
def small_tb():
    """38 concepts: the conventions and UN bodies, without the corpus's own vocabulary."""
    return load_termbase([VARIANTS])


@pytest.fixture(scope="module")
def mined(small_tb):
    cands, files, notes = extract_paths(CORPUS, small_tb, ExtractOptions(limit=50))
    return cands


def test_finds_real_terms_the_termbase_lacks(mined, termbase):
    texts = [c.text for c in mined]
    # terms of these documents that a curator would add: UN bodies, programmes, concepts
    for term in ("能力建设", "伙伴关系方案", "巴塞尔公约伙伴关系方案", "臭氧行动处", "联合国环境大会",
                 "非政府组织", "议题管理小组", "秘书处间工作组", "化管战略方针"):
        assert term in texts, term
    # the curated bundled termbase independently lists a good share of the top 50
    curated = {normalize_term(t.text) for t in termbase.terms("zh")}
    assert sum(t in curated for t in texts) >= 15


def test_known_terms_and_their_pieces_are_not_candidates(mined, small_tb):
    known = {normalize_term(t.text) for t in small_tb.terms("zh")}
    for c in mined:
        assert c.text not in known
        assert not any(c.text in k for k in known), c.text


def test_candidates_are_ranked_and_counted(mined):
    assert [c.cvalue for c in mined] == sorted((c.cvalue for c in mined), reverse=True)
    for c in mined:
        assert c.count >= 2 and len(c.text) >= 4
        assert c.documents == tuple(sorted(set(c.documents)))
        # never counted more often than the string occurs in the normalized documents
        occurrences = sum(normalize(p.read_text(encoding="utf-8")).text.count(c.text) for p in CORPUS)
        assert c.count <= occurrences, c.text


def test_first_occurrence_and_context_point_into_the_file(mined):
    for c in mined[:20]:
        lines = open(c.path, encoding="utf-8").read().split("\n")
        # the candidate starts on the reported line (it may run on into the next one)
        tail = normalize("\n".join(lines[c.line - 1:c.line + 3])).text
        assert c.text in tail, (c.text, c.path, c.line)
        assert "[" in c.context and "]" in c.context
        inside = c.context[c.context.index("[") + 1:c.context.index("]")]
        assert inside.replace(" ", "") == c.text


def test_known_terms_stay_whole_in_segmentation(mined):
    # 环境管理集团 is a known term: the segmenter keeps it as one word, so the new term
    # 环境管理集团秘书处 is the known name plus 秘书处, not 环境/管理/集团/秘书处
    docs = [Document(str(corpus_file("003")), corpus_file("003").read_text(encoding="utf-8"))]
    tb = load_termbase([VARIANTS])
    cands = extract_candidates(docs, tb, ExtractOptions(limit=None))
    secretariat = next(c for c in cands if c.text == "环境管理集团秘书处")
    assert secretariat.words == ("环境管理集团", "秘书处")


def test_function_words_do_not_start_or_end_candidates(mined):
    for c in mined:
        assert not c.text.startswith(("的", "和", "与", "关于", "在", "对")), c.text
        assert not c.text.endswith(("的", "和", "与", "方面", "问题", "情况")), c.text
        assert "的" not in c.words, c.text


def test_a_recurring_misspelling_is_marked_as_near_a_known_term(small_tb):
    text = "持久有机污染物审查委员会第一次会议。\n各国减少持久有机污染物排放。\n持久有机污染物清单。\n"
    cands = extract_candidates([Document("a.txt", text)], small_tb, ExtractOptions(limit=None))
    pops = next(c for c in cands if c.text == "持久有机污染物")
    assert pops.count == 3 and pops.near == "持久性有机污染物"
    assert pops.near_concept == "persistent-organic-pollutants"
    assert (pops.path, pops.line) == ("a.txt", 1)


def test_min_count_and_limit(small_tb):
    docs = [Document(str(p), p.read_text(encoding="utf-8")) for p in CORPUS]
    strict = extract_candidates(docs, small_tb, ExtractOptions(min_count=5, limit=None))
    assert strict and all(c.count >= 5 for c in strict)
    assert len(extract_candidates(docs, small_tb, ExtractOptions(limit=7))) == 7


@pytest.mark.parametrize("bad", [{"min_count": 0}, {"limit": 0}, {"max_words": "3"},
                                 {"min_length": 30, "max_length": 24}])
def test_bad_options(bad):
    with pytest.raises(ConfigError):
        ExtractOptions(**bad)


# --- the command ---------------------------------------------------------------------------------

def test_cli_table(cli):
    r = cli("extract", "data/", "--termbase", VARIANTS, "-n", "10")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split()[:6] == ["#", "candidate", "count", "docs", "C-value", "first"]
    assert len(lines) == 11
    assert "能力建设" in r.out


def test_cli_yaml_stub_is_a_valid_termbase(cli, tmp_path):
    out = tmp_path / "candidates.yaml"
    r = cli("extract", "data/", "--termbase", VARIANTS, "-f", "yaml", "-o", out, "-n", "25")
    assert r.code == 0, r.err and r.out == ""
    text = out.read_text(encoding="utf-8")
    assert "# first: " in text and "en: []   # TODO" in text
    stub = load_termbase([out])
    assert len(stub) == 25
    assert all(c.terms_in("zh") and not c.terms_in("en") for c in stub.concepts)
    assert "能力建设" in {c.terms_in("zh")[0].text for c in stub.concepts}
    # and it pastes next to the termbase it was mined against without a conflict
    both = load_termbase([VARIANTS, out])
    assert len(both) == len(load_termbase([VARIANTS])) + 25


def test_cli_json(cli):
    r = cli("extract", str(corpus_file("004")), "--termbase", VARIANTS, "-f", "json", "-n", "5")
    report = json.loads(r.out)
    assert report["version"] == 1 and report["files"] == 1 and len(report["candidates"]) == 5
    first = report["candidates"][0]
    assert set(first) == {"text", "count", "documents", "cvalue", "path", "line", "context", "near", "near_concept"}


def test_cli_errors(cli, tmp_path):
    r = cli("extract", tmp_path / "missing")
    assert r.code == 2 and r.err.startswith("termkit: error: ") and "Traceback" not in r.err
    r = cli("extract", "data/", "--format", "xml")
    assert r.code == 2 and "unknown format 'xml'" in r.err


def test_check_and_lookup_never_import_jieba():
    code = ("import sys\n"
            "from termkit.cli.app import main\n"
            "main(['check', 'data/', '--format', 'json', '--output', '/dev/null'])\n"
            "assert 'jieba' not in sys.modules, 'jieba imported by check'\n"
            "from termkit.match.variants import variant_index\n"
            "print('ok')\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.stdout.strip() == "ok", r.stderr

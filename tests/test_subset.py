"""A short text is checked against the part of the cached termbase it can touch, with the same findings.

``match.subset`` builds, for a short text, a termbase of only the concepts whose
forms or near-variant pieces occur in it, with a matcher and an index over just
those. These tests check it on real text against the whole termbase: every line
of the UN test set (official text), the same lines with near-variants of
termbase terms injected (the possible-variant rule's own material), and
traditional-character and full-width renderings; and they check the pieces the
fast start rests on (the lazy termbase, the pure-Python splitters and distance)
against what they replace.
"""

from __future__ import annotations

import random
import re

import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from termkit import load_termbase
from termkit.engine.pipeline import check_text
from termkit.match import subset
from termkit.match.distance import osa_python
from termkit.termbase.lazy import LazyTermbase
from termkit.text import normalize as normalize_module
from termkit.text.normalize import normalize

UN_ZH = FIXTURES / "external" / "unpc-test" / "UNv1.0.testset.zh"


@pytest.fixture(scope="module")
def lazy():
    load_termbase(cache=True)  # the first load of a session validates and stores it
    tb = load_termbase(cache=True)
    assert isinstance(tb, LazyTermbase)
    return tb


def _findings(text: str, tb: LazyTermbase) -> list:
    return [(f, f.start, f.end, f.fixable, f.region) for f in check_text(text, tb)]


def _both(text: str, tb: LazyTermbase) -> tuple[list, list]:
    """The findings of ``text`` through its part of the termbase, and through the whole termbase."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(subset, "BUDGET", 1 << 60)
        narrow = _findings(text, tb)
        mp.setattr(subset, "SHORT", -1)
        return narrow, _findings(text, tb)


def test_a_short_text_meets_a_small_part_of_the_termbase(lazy, monkeypatch):
    monkeypatch.setattr(subset, "BUDGET", 1 << 60)
    part = subset.narrowed(lazy, normalize("《巴塞公约》秘书处在会上发言。").text)
    assert isinstance(part, subset.TextTermbase) and part.whole is lazy
    assert "basel-convention" in {c.id for c in part.concepts}
    assert len(part) < len(lazy) // 20
    # a concept outside the part is still found through it (asked by a rule with other settings, say)
    assert part.concept("minamata-convention") is lazy.concept("minamata-convention")


def test_long_texts_and_a_spent_budget_use_the_whole_termbase(lazy, monkeypatch):
    assert subset.narrowed(lazy, "公约" * (subset.SHORT // 2 + 1)) is lazy
    monkeypatch.setattr(subset, "BUDGET", 10)
    object.__setattr__(lazy, "_narrowed", 0)
    assert subset.narrowed(lazy, "巴塞尔公约秘书处") is not lazy
    assert subset.narrowed(lazy, "巴塞尔公约秘书处") is lazy
    object.__setattr__(lazy, "_narrowed", 0)


def _un_lines() -> list[str]:
    return [line for line in UN_ZH.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_line_of_the_un_test_set_gives_the_same_findings(lazy):
    found = 0
    for line in _un_lines():
        narrow, whole = _both(line, lazy)
        assert narrow == whole, line
        found += len(whole)
    assert found  # official text has a few (inconsistent renderings, a possible variant): they must agree too


def _inject(form: str, rng: random.Random, alphabet: str) -> str:
    n = len(form)
    i = rng.randrange(1, n - 1)
    edit = rng.choice(("drop", "insert", "substitute", "swap"))
    if edit == "drop":
        return form[:i] + form[i + 1:]
    if edit == "insert":
        return form[:i] + rng.choice(alphabet) + form[i:]
    if edit == "substitute":
        return form[:i] + rng.choice(alphabet) + form[i + 1:]
    i = min(i, n - 3)
    return form[:i] + form[i + 1] + form[i] + form[i + 2:]


def test_injected_near_variants_give_the_same_findings(lazy):
    """The possible-variant rule's material: a slip of a term in an official sentence."""
    rng = random.Random(16)
    lines = _un_lines()
    alphabet = "".join(sorted(set(re.sub(r"[^\u4e00-\u9fff]", "", "".join(lines[:400])))))
    forms = sorted({t.text for t in lazy.terms("zh") if len(t.text) >= 5 and not lazy.concept(t.concept_id).reference})
    variants = 0
    for _ in range(1000):
        line = rng.choice(lines)
        at = rng.randrange(len(line) + 1)
        text = line[:at] + _inject(rng.choice(forms), rng, alphabet) + line[at:]
        narrow, whole = _both(text, lazy)
        assert narrow == whole, text
        variants += sum(f.rule == "possible-variant" for f, *_ in whole)
    assert variants > 250  # most injected slips are found, through either reading


@pytest.mark.parametrize("text", [
    "《巴塞爾公約》秘書處和《鹿特丹公約》締約方大會",  # traditional characters
    "斯德哥尔摩 公约\n缔约方大会第ＣＯＰ－１０次会议，（巴塞尔公约）",  # a wrapped term, full-width forms
    "关于持久有机污染物的斯德哥尔摩公约和水俣公约秘书处以及联合国环境规划署",  # a deprecated form
])
def test_wrapped_traditional_and_full_width_text_gives_the_same_findings(lazy, text):
    narrow, whole = _both(text, lazy)
    assert narrow == whole and whole


def test_the_lazy_termbase_builds_each_concept_once_and_pickles_whole(lazy):
    import pickle

    first = lazy.concepts_at([5, 0])
    assert lazy.concepts_at([0])[0] is first[1]
    assert lazy.concepts[5] is first[0]  # the whole, built later, holds the same objects
    back = pickle.loads(pickle.dumps(lazy))
    assert not isinstance(back, LazyTermbase) and len(back) == len(lazy)
    assert back.cache_key == lazy.cache_key and back.concepts == lazy.concepts


_TEXT = st.text(alphabet=st.sampled_from(list("巴塞尔公约ａＡ1aZ,.。，  \t\n\u00a0\u2018\u201c—…xy9《》\u2e80\u2fdf\u3040\uff00"
                                              "\uffef\ufe30\u4dbf\ua000·-")), max_size=24)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_the_short_text_splitter_is_the_regular_expression(text):
    assert normalize_module._split_short(text) == normalize_module._JOIN_SPLIT_RE.split(text)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_the_variant_index_splits_short_text_as_its_barrier_does(text):
    from termkit.match.variants import VariantIndex, VariantSettings

    index = VariantIndex(VariantSettings(), (), (), (), (), None, frozenset({"巴塞尔·公约", "a-b"}))
    assert index._split(text) == index._barrier.split(text)
    assert [index._is_barrier(c) for c in text] == [bool(index._barrier.match(c)) for c in text]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="巴塞尔公约ab", max_size=10), st.text(alphabet="巴塞尔公约ab", max_size=10))
def test_the_python_distance_is_rapidfuzzs(a, b):
    from rapidfuzz.distance import OSA

    assert osa_python(a, b) == OSA.distance(a, b)


def test_a_damaged_shard_of_the_subset_entry_falls_back_to_the_whole_termbase(tmp_path, monkeypatch):
    """A flipped byte in the entry a short text is read through: the same findings (from the whole), and the
    entry removed so that the next run writes it again."""
    import os

    from termkit._util import store

    monkeypatch.setenv("TERMKIT_CACHE_DIR", str(tmp_path / "cache"))
    mini = str(FIXTURES / "mini.yaml")
    load_termbase([mini], cache=True)
    tb = load_termbase([mini], cache=True)
    text = "《巴塞公约》秘书处在会上发言。"
    expected = _findings(text, tb)
    [entry] = (tmp_path / "cache").glob(f"{subset.KIND}-*.bin")
    blob = bytearray(entry.read_bytes())
    sharded = store.load_sharded(subset.KIND, entry.name[len(subset.KIND) + 1:-4])
    assert sharded is not None
    for i, (offset, length, _) in enumerate(sharded._index):  # damage the shard the text's first character needs
        if i == ord("《") % subset.SHARDS:
            blob[sharded._base + offset + length // 2] ^= 0xFF
    entry.write_bytes(bytes(blob))
    os.chmod(entry, 0o600)
    again = load_termbase([mini], cache=True)
    assert _findings(text, again) == expected
    assert not entry.exists()

"""Property tests of --fix on real sentences: a fix yields the original sentence or the intended correction, never a third text.

Each case takes a sentence of the bundled corpus on which the check proposes no
fix, injects one error of a kind revisers meet, and fixes the file:

- a deprecated form of a term the sentence uses (the intended correction is the sentence);
- a word of the sentence in traditional characters (the correction is the sentence);
- one edit inside or at the edge of a term, a slip or a swap (never fixed: no termbase form);
- a line break inside a deprecated form (never fixed: where the break goes is a person's call);
- a bracket pair of mixed width around Chinese text (the correction is the full-width pair).

The generator is seeded, so a failure names a case that can be replayed.
"""

from __future__ import annotations

import random
import re

import opencc
import pytest
from conftest import CORPUS

from termkit.engine.options import CheckOptions
from termkit.engine.pipeline import check_document
from termkit.engine.sentences import SentenceChecker
from termkit.fix.plan import plan_file
from termkit.text.document import Document
from termkit.text.normalize import normalize_term

CASES = 240
KINDS = ("deprecated", "traditional", "slip", "swap", "wrapped", "bracket")
_S2T = opencc.OpenCC("s2t")
_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")


@pytest.fixture(scope="module")
def world(termbase):
    options = CheckOptions()
    sentences = []
    for path in CORPUS:
        for line in path.read_text(encoding="utf-8").split("\n"):
            line = line.strip()
            if 12 <= len(line) <= 120 and not any(
                    f.fixable for f in check_document(Document("s.txt", line), termbase, options)):
                sentences.append(line)
    bad = {}  # preferred form -> (deprecated form) of the same concept and type, for injection
    for c in termbase.concepts:
        for t in c.terms_in("zh"):
            if t.status == "deprecated" and not t.use:
                good = c.replacement(t)
                if good is not None and len(good.text) >= 3:
                    bad.setdefault(good.text, t.text)
    return termbase, options, sentences, bad


def inject(kind: str, sentence: str, bad: dict[str, str], rng: random.Random) -> tuple[str, str] | None:
    """The sentence with one error injected, and the intended correction (None: nothing to inject)."""
    if kind == "bracket":
        m = _WORD.search(sentence)
        if m is None:
            return None
        before, word, after = sentence[:m.start()], m.group(), sentence[m.end():]
        return before + "（" + word + ")" + after, before + "（" + word + "）" + after
    broken = _inject(kind, sentence, bad, rng)
    return None if broken is None else (broken, sentence)


def _inject(kind: str, sentence: str, bad: dict[str, str], rng: random.Random) -> str | None:
    if kind in ("deprecated", "wrapped"):
        present = [g for g in bad if g in sentence]
        if not present:
            return None
        good = rng.choice(sorted(present))
        wrong = bad[good]
        if kind == "wrapped":
            cut = rng.randrange(1, len(wrong))
            wrong = wrong[:cut] + "\n" + wrong[cut:]
        return sentence.replace(good, wrong, 1)
    if kind == "traditional":
        words = [m for m in _WORD.finditer(sentence) if _S2T.convert(m.group()) != m.group()]
        if not words:
            return None
        m = rng.choice(words)
        return sentence[:m.start()] + _S2T.convert(m.group()) + sentence[m.end():]
    if kind in ("slip", "swap"):
        spans = [m for m in _WORD.finditer(sentence)]
        if not spans:
            return None
        m = rng.choice(spans)
        w = m.group()
        i = rng.randrange(len(w) - 1)
        w = w[:i] + w[i + 1] + w[i] + w[i + 2:] if kind == "swap" else w[:i] + w[i + 1:]
        return sentence[:m.start()] + w + sentence[m.end():]
    raise AssertionError(kind)


def fixed(tmp_path, text: str, world) -> str:
    termbase, options, _, _ = world
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    findings = check_document(Document(str(path), text), termbase, options)
    plan, _ = plan_file(str(path), findings, lambda d: check_document(d, termbase, options),
                        check=SentenceChecker(termbase, options))
    return plan.new_text if plan is not None else text


@pytest.mark.parametrize("seed", range(0, CASES, 40))
def test_a_fix_gives_the_original_or_the_intended_correction(tmp_path, world, seed):
    _, _, sentences, bad = world
    rng = random.Random(seed)
    tried = 0
    for n in range(seed, seed + 40):
        kind = KINDS[n % len(KINDS)]
        sentence = rng.choice(sentences)
        injected = inject(kind, sentence, bad, rng)
        if injected is None or injected[0] == sentence:
            continue
        broken, intended = injected
        tried += 1
        result = fixed(tmp_path, broken, world)
        assert result in (broken, intended), (kind, sentence, broken, result)
        if kind in ("slip", "swap", "wrapped"):
            assert result == broken, (kind, broken, result)  # never a fix: not a termbase form / a break
        if kind in ("deprecated", "bracket"):
            assert result == intended, (kind, broken, result)  # the intended correction is made
        # fixing again changes nothing
        assert fixed(tmp_path, result, world) == result
    assert tried >= 20


def test_a_swap_at_a_terms_edge_is_left_alone(tmp_path, world):
    """The issue's case: 加强化学品和废物群集内部 is never turned into 集群集."""
    text = "加强化学品和废物群集内部的协调与合作"
    result = fixed(tmp_path, text, world)
    assert result in (text, "加强化学品和废物集群内部的协调与合作")
    assert "集群集" not in result
    assert fixed(tmp_path, "组织间化学品健全管案理方", world) == "组织间化学品健全管案理方"


def test_the_sentences_are_real(world):
    _, _, sentences, bad = world
    assert len(sentences) > 200 and len(bad) > 10
    assert all(normalize_term(s) for s in sentences[:5])

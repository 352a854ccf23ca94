"""A large document is checked in parts, and its findings are the ones the whole document gives.

The engine cuts a document longer than ``PART_CHARS`` at safe cut points (see
termkit/engine/scan.py) and keeps only compact state for the rules that read
the whole document. Here the part size is made tiny, so that the places the
engine aims at land inside terms, inside PDF wraps and between the two halves
of a CRLF, on generated multi-megabyte texts full of wrapped, traditional and
full-width terms; the findings must be the same JSON bytes as the unparted check,
in both scopes, with every rule and with the term rules alone.
"""

from __future__ import annotations

import pytest
from conftest import CORPUS, FIXTURES
from test_fast_path import _generated, findings_json  # (bench.reference's, imported there)

from termkit import CheckOptions, load_termbase
from termkit.engine.pipeline import check_document
from termkit.engine.scan import part_bounds, part_contexts
from termkit.match.chinese import matcher_for
from termkit.text.document import Document
from termkit.text.normalize import normalize

WHOLE = 1 << 40  # a part size no text reaches: the unparted check


@pytest.fixture(scope="module")
def fast_tb():
    return load_termbase([FIXTURES / "fastpath.yaml"])


@pytest.fixture(scope="module")
def variants_tb():
    return load_termbase([FIXTURES / "variants.yaml"])


@pytest.fixture(scope="module")
def big_text(fast_tb):
    """About two megabytes: the real corpus, with blocks of generated text (dense with findings) among it."""
    corpus = [p.read_text(encoding="utf-8") for p in CORPUS]
    pieces = []
    for i in range(120):
        pieces.append(corpus[i % len(corpus)])
        if i % 40 == 0:
            pieces.append(_generated(fast_tb, 5000 + i, pieces=3000))
    text = "".join(pieces)
    assert len(text.encode("utf-8")) > 2_000_000
    return text


def _json(findings) -> str:
    return findings_json(findings)


@pytest.mark.parametrize("part_chars", [97, 20_000])
@pytest.mark.parametrize("scope", ["document", "corpus"])
def test_parts_give_the_findings_of_the_whole(fast_tb, big_text, part_chars, scope):
    doc = Document("big.txt", big_text)
    for severities in ({}, {"possible-variant": "off"}):
        options = CheckOptions(scope=scope, severities=severities)
        whole = check_document(doc, fast_tb, options, part_chars=WHOLE)
        parted = check_document(doc, fast_tb, options, part_chars=part_chars)
        assert _json(parted) == _json(whole)
        assert {"deprecated-term", "inconsistent-rendering", "traditional-char", "mixed-width"} <= {f.rule for f in whole}


def test_near_variants_are_the_same_in_parts(variants_tb):
    """possible-variant with a termbase made for it: windows near a cut see the text the whole check sees."""
    text = "".join(p.read_text(encoding="utf-8") for p in CORPUS) * 6
    text += "".join(_generated(variants_tb, 9000 + s, pieces=3000) for s in range(6))
    doc = Document("v.txt", text)
    options = CheckOptions(rules=("possible-variant",))
    whole = check_document(doc, variants_tb, options, part_chars=WHOLE)
    assert whole, "the text must hold near-variants for the comparison to mean something"
    for part_chars in (61, 800, 9000):
        assert _json(check_document(doc, variants_tb, options, part_chars=part_chars)) == _json(whole)


def test_the_bundled_termbase_in_parts():
    tb = load_termbase()
    text = "\r\n".join(p.read_text(encoding="utf-8") for p in CORPUS) * 3
    doc = Document("b.txt", text)
    for scope in ("document", "corpus"):
        options = CheckOptions(scope=scope)
        whole = check_document(doc, tb, options, part_chars=WHOLE)
        assert _json(check_document(doc, tb, options, part_chars=700)) == _json(whole)


def test_the_aimed_at_places_land_inside_terms_wraps_and_crlf(fast_tb, big_text):
    """What the comparison above exercises: the part size puts the raw cut places everywhere, and the
    engine moves each to a safe cut point."""
    part_chars = 97
    bounds = part_bounds(big_text, fast_tb, part_chars)
    assert len(bounds) > 5000
    aims = [b + part_chars for b in bounds[:-2]]
    norm = normalize(big_text)
    spans = [(m.start, m.end) for m in matcher_for(fast_tb).find(norm)]
    starts = sorted(s for s, _ in spans)
    ends = dict(spans)
    import bisect

    def in_term(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and starts[i] < pos < ends[starts[i]]

    assert sum(map(in_term, aims)) > 100
    assert any(big_text[a - 1:a + 1] == "\r\n" for a in aims)
    assert any(big_text[a - 1] in " \n\u3000" and big_text[a] in " \n\u3000" for a in aims)
    # and no actual cut is inside a term or next to white space
    assert not any(in_term(b) for b in bounds)
    assert all(not big_text[b - 1].isspace() and not big_text[b].isspace() for b in bounds[1:-1])


def test_undefined_abbreviation_carries_first_use_across_parts(fast_tb):
    """The full form in one part defines the abbreviation for every later part."""
    abbrev = next(t for t in fast_tb.terms("zh") if t.type == "abbrev")
    full = fast_tb.concept(abbrev.concept_id).preferred("zh", "full")
    assert full is not None
    filler = "各缔约方审议了报告。" * 300
    text = filler + full.text + "。" + filler + abbrev.text + "。" + filler
    options = CheckOptions(rules=("undefined-abbreviation",))
    assert check_document(Document("a.txt", text), fast_tb, options, part_chars=50) == []
    text = filler + abbrev.text + "。" + filler + full.text + "。" + abbrev.text + "。"
    found = check_document(Document("a.txt", text), fast_tb, options, part_chars=50)
    assert [f.text for f in found] == [abbrev.text]
    doc = Document("a.txt", text)
    assert len(list(part_contexts(doc, fast_tb, False, None, 50))) > 10

"""The bundled termbases tested like code: invariants a curator can break without noticing."""

from __future__ import annotations

from collections import defaultdict

import pytest

from termkit.model import BAD_STATUSES
from termkit.termbase import bundled_dir, collect, termbase_files
from termkit.termbase.raw import read_yaml
from termkit.text.normalize import normalize_term


def test_bundled_termbases_validate_without_problems():
    tb, problems = collect(termbase_files())
    assert [str(p) for p in problems] == []
    assert len(tb.files) >= 3


def test_every_concept_has_a_preferred_chinese_and_english_term(termbase):
    for c in termbase.concepts:
        for lang in ("zh", "en"):
            assert any(t.status == "preferred" for t in c.terms_in(lang)), (c.id, lang)


def test_no_preferred_form_is_deprecated_elsewhere(termbase):
    status_of = defaultdict(set)
    for t in termbase.terms():
        status_of[(t.lang, normalize_term(t.text, t.lang))].add(t.status)
    for key, statuses in status_of.items():
        assert not ({"preferred", "admitted"} & statuses and set(BAD_STATUSES) & statuses), key


def test_every_suggestion_is_usable(termbase):
    for c in termbase.concepts:
        for t in c.terms:
            if t.status in BAD_STATUSES:
                repl = c.replacement(t)
                assert repl is not None and repl.status in ("preferred", "admitted"), (c.id, t.text)
                assert repl.lang == t.lang


@pytest.mark.parametrize("path", sorted(bundled_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_files_are_in_canonical_order(path):
    raw = read_yaml(path)
    ids = [c["id"] for c in raw["concepts"]]
    assert ids == sorted(ids), f"{path.name}: concepts are not sorted by id"
    assert raw.get("id") == path.stem


def test_chinese_terms_have_no_traditional_characters_or_full_width_latin(termbase):
    import re

    from termkit.text.normalize import to_simplified
    for t in termbase.terms("zh"):
        assert to_simplified(t.text) == t.text, f"{t.text} should be written in simplified characters"
        # full-width brackets are right in Chinese (刚果（布）); full-width letters and digits are not
        assert not re.search("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]", t.text), t.text


def test_deprecated_terms_say_why_or_where(termbase):
    for t in termbase.terms():
        if t.status == "deprecated" and t.lang == "zh":
            assert t.note, f"deprecated term {t.text} ({t.concept_id}) has no note"

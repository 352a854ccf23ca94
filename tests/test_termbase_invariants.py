"""The bundled termbases tested like code: invariants a curator can break without noticing."""

from __future__ import annotations

import io
import re
from collections import defaultdict

import pytest
from conftest import CORPUS

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


def test_every_concept_says_where_its_renderings_come_from(termbase):
    missing = [c.id for c in termbase.concepts if not (c.source or "").strip()]
    assert missing == []


def test_a_concept_noted_unverified_is_marked_unverified(termbase):
    # the flag is what the fixer and lookup read; a note alone would be a silent guess
    for c in termbase.concepts:
        if re.search(r"\bunverified\b", c.note or "", re.I):
            assert not c.verified or not all(t.verified for t in c.terms), c.id


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


def _natural(text: str) -> list:
    """basel-y2 before basel-y10: numbers in ids compared as numbers."""
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", text)]


@pytest.mark.parametrize("path", sorted(bundled_dir().rglob("*.yaml")),
                         ids=lambda p: p.relative_to(bundled_dir()).as_posix())
def test_files_are_in_canonical_order(path):
    raw = read_yaml(path)
    ids = [c["id"] for c in raw["concepts"]]
    assert ids in (sorted(ids), sorted(ids, key=_natural)), f"{path.name}: concepts are not sorted by id"
    assert raw.get("id") == path.stem


def test_chinese_terms_have_no_traditional_characters_or_full_width_latin(termbase):
    import re

    from termkit.text.normalize import to_simplified
    for t in termbase.terms("zh"):
        assert to_simplified(t.text) == t.text, f"{t.text} should be written in simplified characters"
        # full-width brackets are right in Chinese (刚果（布）); full-width letters and digits are not
        assert not re.search("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]", t.text), t.text


def test_deprecated_terms_say_why(termbase):
    for t in termbase.terms():
        if t.status == "deprecated" and t.lang == "zh":
            assert t.note, f"deprecated term {t.text} ({t.concept_id}) has no note"


#: how curators' evidence reads: corpus lines and "seen in" references, which belong in `evidence`
DEV_EVIDENCE = re.compile(r"seen in|UNPC|test set|\b00[0-4] (?:lines?|footnote)|\blines? \d+|\(00[0-4]\)")


def test_notes_are_for_users_and_evidence_stays_out_of_them(termbase):
    for c in termbase.concepts:
        for where, note in [(c.id, c.note)] + [(f"{c.id}: {t.text}", t.note) for t in c.terms]:
            assert not (note and DEV_EVIDENCE.search(note)), f"{where}: curator evidence in a note: {note}"


def test_no_finding_or_lookup_prints_curator_evidence(termbase):
    from termkit import check_paths
    from termkit.lookup.index import build_index
    from termkit.lookup.report import render_json, render_text

    # evidence long enough to be told apart from ordinary words of a message
    evidence = {e for c in termbase.concepts for e in c.evidence + tuple(x for t in c.terms for x in t.evidence)
                if len(e) >= 16}
    assert evidence  # the bundled termbase records its evidence
    messages = "\n".join(f.message for f in check_paths(CORPUS, termbase).findings)
    assert not DEV_EVIDENCE.search(messages)
    index = build_index(termbase)
    for c in termbase.concepts[::7]:
        for render in (render_text, render_json):
            out = io.StringIO()
            render(index.search(c.id), out)
            text = out.getvalue()
            assert not any(e in text for e in evidence), (c.id, text)


def test_every_superseded_term_says_when_it_stopped_being_official(termbase):
    for t in termbase.terms():
        if t.status == "superseded":
            assert t.until, f"superseded term {t.text} ({t.concept_id}) has no 'until' date"

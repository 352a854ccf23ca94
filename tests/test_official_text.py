"""Official UN Chinese that termkit was never tuned on gives no warning and no error.

The README reports it as a precision figure: the Charter of the United Nations, chapters I–III
(the official 1945 Chinese), and the Universal Declaration of Human Rights, copied into
tests/fixtures/external/parallel/ with their sources. Every warning or error there would be a
false alarm; the text names dozens of the termbase's concepts, so the rules do run on it.
"""

from __future__ import annotations

from conftest import FIXTURES

from termkit import check

PARALLEL = FIXTURES / "external" / "parallel"


def test_the_charter_and_the_udhr_raise_no_warning_or_error(termbase):
    outcome = check([PARALLEL / "un-charter", PARALLEL / "udhr" / "udhr.zh"], isolated=True)
    assert [f for f in outcome.run.result.findings if f.severity in ("error", "warning")] == []
    assert len(outcome.run.result.files) == 5


def test_the_rules_ran_on_terms_of_the_termbase(termbase):
    from termkit.match.chinese import matcher_for
    from termkit.text.normalize import normalize

    text = "\n".join(p.read_text(encoding="utf-8") for p in [*sorted((PARALLEL / "un-charter").glob("chapter*.md")),
                                                              PARALLEL / "udhr" / "udhr.zh"])
    concepts = {m.term.concept_id for m in matcher_for(termbase).find(normalize(text))}
    assert len(concepts) >= 60

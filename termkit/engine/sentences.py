"""Check one sentence on its own, for the verification of a fix (``termkit.fix.verify``).

The fixer asks what a sentence raises and which terms it holds, before and
after a replacement; the answers come from the same pipeline and options as
the check itself, limited to the rules that look at a sentence alone
(consistency and first-use rules need the whole document).
"""

from __future__ import annotations

from dataclasses import replace

from termkit.engine.options import CheckOptions
from termkit.engine.pipeline import check_document
from termkit.fix.verify import TermAt
from termkit.match.chinese import matcher_for
from termkit.model import Finding, Termbase
from termkit.rules import RULES
from termkit.text.document import Document
from termkit.text.normalize import normalize, normalize_term

#: rules whose findings in a sentence do not depend on the rest of the document
SENTENCE_RULES = ("deprecated-term", "superseded-term", "traditional-char", "mixed-width", "possible-variant")


class SentenceChecker:
    """A ``fix.verify.SentenceCheck`` with a check's termbase and options."""

    def __init__(self, termbase: Termbase, options: CheckOptions) -> None:
        self.termbase = termbase
        active = options.rules if options.rules is not None else tuple(RULES)
        self.options = replace(options, rules=tuple(r for r in SENTENCE_RULES if r in active), ignore=(),
                               inline_suppressions=False, jobs=1)

    def findings(self, text: str) -> list[Finding]:
        return check_document(Document("<sentence>", text), self.termbase, self.options)

    def terms(self, text: str) -> list[TermAt]:
        norm = normalize(text)
        out = []
        for m in matcher_for(self.termbase).find(norm):
            start, end = norm.span_to_original(m.norm_start, m.norm_end)
            out.append(TermAt(start, end, m.term.concept_id, normalize_term(m.term.text)))
        return out

    def form(self, text: str) -> str:
        return normalize_term(text)

"""possible-variant: a string that is not a term but lies within an edit or two of one."""

from __future__ import annotations

from collections.abc import Iterable

from termkit.match.variants import VariantSettings, variant_index
from termkit.rules.base import Example, Hit, Option, Rule
from termkit.rules.context import DocContext
from termkit.rules.registry import register
from termkit.text.normalize import normalize_term


@register
class PossibleVariant(Rule):
    """## What it does
    Flags a string that is not in the termbase but lies one edit from a term (two for terms
    of ten or more characters): a dropped, inserted or substituted character, or two
    adjacent characters swapped. It catches the renderings nobody listed.

    ## Why is this bad?
    A near-miss of an official name is almost always a slip of the keyboard or of the
    input method, and a reader copies it on.

    ## Fix safety
    Fixed only when the score reaches `fix_score`, no other term is as close to the same
    span, and the span is not broken by a line break; otherwise report-only.
    """

    id = "possible-variant"
    severity = "warning"
    summary = ("A string not in the termbase is a near-miss of a term "
               "(a dropped, inserted, substituted or swapped character).")
    fixable = False
    # the variant index finds the known terms itself, so the engine may keep its fast path
    reads_all_matches = False

    options = (
        Option("min_length", "int", 5, "terms shorter than this (in characters) are never fuzzy-matched",
               minimum=2),
        Option("two_edits_from", "int", 10, "terms at least this long may differ by two edits", minimum=2),
        Option("anchor_ends", "bool", True, "the first and last characters of a variant are the term's"),
        Option("fix_score", "number", 85.0, "a variant is fixable at or above this score (0-100)",
               minimum=0, maximum=100),
        Option("ignore", "terms", (), "strings never reported as variants"),
        Option("common_words", "bool", True,
               "a four-character window of two common two-character words is a phrase, not a variant"),
    )
    # near-misses the bundled termbase does not list (巴塞公约 and 持久有机污染物 are listed as deprecated)
    examples = (Example(bad="包括数据管理和信息交换机制", good="包括数据管理和信息交换所机制",
                        fixed="包括数据管理和信息交换所机制"),
                Example(bad="持久性有机污染审查委员会第二次会议", good="持久性有机污染物审查委员会第二次会议",
                        fixed="持久性有机污染物审查委员会第二次会议"))

    def __init__(self, scope: str = "document", **options) -> None:
        super().__init__(scope, **options)
        # built here, so a bad option fails before any document is read
        values = dict(self.settings)
        values["ignore"] = frozenset(normalize_term(v) for v in values["ignore"])
        self.variant_settings = VariantSettings(**values)

    def check(self, doc: DocContext) -> Iterable[Hit]:
        index = variant_index(doc.termbase, self.variant_settings)
        for cand in index.find(doc.norm.text):
            term = cand.term
            concept = doc.termbase.concept(term.concept_id)
            target = term if not term.is_bad else concept.replacement(term)
            if target is None:
                continue
            start, end = doc.norm.span_to_original(cand.start, cand.end)
            message = (f"'{cand.text}' is not in the termbase; did you mean '{target.text}' "
                       f"({concept.id})? score {cand.score:g}")
            if cand.rivals:
                message += "; also close to " + ", ".join(f"'{r}'" for r in cand.rivals)
            fixable = (cand.score >= self.variant_settings.fix_score and not cand.rivals
                       and not doc.norm.has_seam(cand.start, cand.end))
            yield Hit(start, end, message, target.text, concept.id, fixable=fixable)

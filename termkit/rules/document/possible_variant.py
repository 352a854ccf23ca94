"""possible-variant: a string that is not a term but lies within an edit or two of one."""

from __future__ import annotations

from collections.abc import Iterable

from termkit.match.variants import VariantSettings, variant_index
from termkit.rules.base import Example, Hit, Option, Rule
from termkit.rules.context import DocContext
from termkit.rules.registry import register
from termkit.text.normalize import normalize_term
from termkit.text.wraps import Wraps


@register
class PossibleVariant(Rule):
    """## What it does
    Flags a string that is not in the termbase but lies one edit from a term (two for terms
    of ten or more characters): a dropped, inserted or substituted character, or two
    adjacent characters swapped. It catches the renderings nobody listed.

    It stays silent on what reads as ordinary Chinese: a window of up to six characters
    made of words (缔约国审议, 联合国社会), a window whose edge lies inside a word of the text
    next to the edit (中亚区域办事处 is not 亚太区域办事处), siblings that differ in a numeral
    or a closed class (第二十七届/第二十八届, 东非/西非, 二氯乙烷/二氯丙烷), an added function
    character (水俣公约的秘书处), and any window that a line break runs through, unless the break only wraps a full line
    of a PDF-like text.

    ## Why is this bad?
    A near-miss of an official name is usually a slip of the keyboard or the input method,
    and readers copy it on.

    ## Fix safety
    Never fixed: the string is not a termbase form, so nothing says it is wrong, only that it
    is close to a term. The suggestion is shown for the reviser to apply.
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
        Option("ignore", "terms", (), "strings never reported as variants"),
        Option("common_words", "bool", True,
               "a four-character window of two common two-character words is a phrase, not a variant"),
    )
    # near-misses the bundled termbase does not list (巴塞公约 and 持久有机污染物 are listed as deprecated)
    examples = (Example(bad="本组织还与组织间化学品健全管里方案合作", good="本组织还与组织间化学品健全管理方案合作"),
                Example(bad="请斯德哥尔公约秘书处编写报告", good="在最近一次缔约国审议大会上"))

    def __init__(self, scope: str = "document", **options) -> None:
        super().__init__(scope, **options)
        # built here, so a bad option fails before any document is read
        values = dict(self.settings)
        values["ignore"] = frozenset(normalize_term(v) for v in values["ignore"])
        self.variant_settings = VariantSettings(**values)

    def check(self, doc: DocContext) -> Iterable[Hit]:
        index = variant_index(doc.termbase, self.variant_settings)
        wraps: Wraps | None = None
        for cand in index.find(doc.norm.text):
            start, end = doc.to_original(cand.start, cand.end)
            if not doc.owns(start):  # found in the margin of a part of a large document: its neighbour's
                continue
            term = cand.term
            concept = doc.termbase.concept(term.concept_id)
            target = term if not term.is_bad else concept.replacement(term)
            if target is None:
                continue
            if "\n" in doc.text[start:end]:
                # a PDF's wrap inside a term keeps the term; a break after a heading or between
                # two sentences of a list joins unrelated text, and a near-miss across it is noise
                if wraps is None:
                    wraps = doc.carried("wraps", lambda: Wraps(doc.text))
                if not wraps.all_wraps(start, end):
                    continue
            message = (f"'{cand.text}' is not in the termbase; did you mean '{target.text}' "
                       f"({concept.id})? score {cand.score:g}")
            if cand.rivals:
                message += "; also close to " + ", ".join(f"'{r}'" for r in cand.rivals)
            yield Hit(start, end, message, target.text, concept.id, fixable=False)

"""extra-term: the target names a concept the source does not (an addition, or a mistranslation)."""

from __future__ import annotations

from collections.abc import Iterable

from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import ACCEPTABLE, SegmentContext
from termkit.rules.registry import register


@register
class ExtraTerm(Rule):
    """## What it does
    Flags a concept named in the target that the source does not mention: neither by one
    of its English terms, nor by a distinctive word of its name.

    ## Why is this bad?
    An addition in the translation, or a mistranslation of another concept.

    ## Fix safety
    Not fixed: nothing to replace.
    """

    id = "extra-term"
    kind = "segment"
    severity = "info"
    summary = "The target names a termbase concept that the source does not."
    examples = (Example(source="The Secretariat shall report to the Conference of the Parties.",
                        bad="秘书处应向环境署报告。", good="秘书处应向缔约方大会报告。"),)

    def check(self, seg: SegmentContext) -> Iterable[Hit]:
        seen: set[str] = set()
        for m in seg.target_matches:
            cid = m.term.concept_id
            if (m.term.status not in ACCEPTABLE or cid in seen or cid in seg.source_concepts
                    or cid in seg.source_hints or seg.termbase.concept(cid).reference):
                continue
            seen.add(cid)
            english = seg.termbase.concept(cid).preferred("en", m.term.type)
            hint = f" ('{english.text}')" if english else ""
            yield Hit(m.start, m.end, f"{seg.label}'{m.term.text}' names {cid}{hint}, "
                             f"which the source does not mention", None, cid)

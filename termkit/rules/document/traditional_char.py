"""traditional-char: traditional characters inside simplified Chinese text."""

from __future__ import annotations

from collections.abc import Iterable

from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import DocContext
from termkit.rules.registry import register
from termkit.text.normalize import to_simplified, traditional_re


@register
class TraditionalChar(Rule):
    """## What it does
    Flags traditional characters in simplified Chinese text. Each run of consecutive
    traditional characters is one finding; the suggestion is the same run in simplified
    characters (OpenCC's traditional-to-simplified table).

    ## Why is this bad?
    UN Chinese documents are written in simplified characters; a traditional character
    is usually a paste from another source and looks out of place in print.

    ## Fix safety
    Safe: each character is replaced by its simplified form, one for one.
    """

    id = "traditional-char"
    severity = "warning"
    summary = "Traditional characters appear in simplified Chinese text."
    fixable = True
    reads_all_matches = False
    examples = (Example(bad="该項目由加拿大政府供资", good="该项目由加拿大政府供资", fixed="该项目由加拿大政府供资"),)

    def check(self, doc: DocContext) -> Iterable[Hit]:
        for m in traditional_re().finditer(doc.text):
            run = m.group()
            simplified = to_simplified(run)
            yield Hit(m.start(), m.end(),
                      f"traditional character{'s' if len(run) > 1 else ''} '{run}' in simplified text; "
                      f"use '{simplified}'", simplified)

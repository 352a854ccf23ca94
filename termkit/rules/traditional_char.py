"""traditional-char: traditional characters inside simplified Chinese text.

Each run of consecutive traditional characters is one finding; the suggestion
is the same run in simplified characters (OpenCC's t2s character table).

Bad:  该項目由加拿大政府供资
Good: 该项目由加拿大政府供资
"""

from __future__ import annotations

from typing import Iterable

from termkit.normalize import to_simplified, traditional_re
from termkit.rules import register
from termkit.rules.base import DocContext, Hit, Rule


@register
class TraditionalChar(Rule):
    id = "traditional-char"
    severity = "warning"
    summary = "Traditional characters appear in simplified Chinese text."
    fixable = True
    reads_all_matches = False

    def check(self, doc: DocContext) -> Iterable[Hit]:
        for m in traditional_re().finditer(doc.text):
            run = m.group()
            simplified = to_simplified(run)
            yield Hit(m.start(), m.end(),
                      f"traditional character{'s' if len(run) > 1 else ''} '{run}' in simplified text; "
                      f"use '{simplified}'", simplified)

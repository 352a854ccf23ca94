"""mixed-width: full-width characters inside document symbols and codes, and bracket pairs of mixed width."""

from __future__ import annotations

import re
from collections.abc import Iterable

from termkit._util.lazyre import lazy_compile
from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import DocContext
from termkit.rules.registry import register

_CODE_CHAR = "0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_CODE_RE = re.compile(f"[{_CODE_CHAR}](?:[{_CODE_CHAR}\\-\\./_\uff0d\uff0e\uff0f\uff3f]*[{_CODE_CHAR}])?")
_LETTER_RE = re.compile("[A-Za-z\uff21-\uff3a\uff41-\uff5a]")
_FULL_RE = re.compile("[\uff01-\uff5e]")
_BRACKET_RE = re.compile("[()\uff08\uff09]")
_HAN_RE = lazy_compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: a bracket still open this many characters later is taken as unbalanced, not paired
_MAX_PAIR = 400
_CLOSE_FOR = {"(": ")", "\uff08": "\uff09"}


def _chinese_around(text: str, opener: int, closer: int) -> bool:
    """Whether a bracket pair stands in Chinese text: a Chinese character inside it or next to it."""
    inside = text[opener + 1:closer]
    outside = text[max(0, opener - 2):opener] + text[closer + 1:closer + 3]
    return bool(_HAN_RE.search(inside) or _HAN_RE.search(outside))


def _to_half(text: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)


@register
class MixedWidth(Rule):
    """## What it does
    Flags full-width letters, digits, dashes and slashes inside document symbols and codes
    (`OEWG－III/2`, `ＵＮＥＰ/GC.23/3`), and a pair of brackets whose two halves differ in
    width: in Chinese text (a Chinese character inside the pair or next to it) the pair is
    full-width, so `（环境署)` and `(二）` get their half-width half made full-width; in Latin
    text the pair is half-width (`(a）` → `(a)`). Full-width digits and dashes in running Chinese text
    (`2006年11月6－8日`) are normal typesetting and are left alone: a code must contain a
    Latin letter.

    ## Why is this bad?
    UN Chinese texts write document symbols in half-width characters, so that they can be
    searched and linked; a bracket pair uses one width.

    ## Fix safety
    Safe: characters are replaced one for one by their other-width forms.
    """

    id = "mixed-width"
    severity = "info"
    summary = "Full-width characters in document symbols or codes, or a bracket pair of mixed width."
    fixable = True
    reads_all_matches = False
    # reads only the text, once per document, however large
    reads = "text"
    examples = (Example(bad="OEWG－III/2 号决定", good="OEWG-III/2 号决定", fixed="OEWG-III/2 号决定"),
                Example(bad="联合国环境规划署（环境署)", good="联合国环境规划署（环境署）",
                        fixed="联合国环境规划署（环境署）"),
                Example(bad="(二）各缔约方", good="（二）各缔约方", fixed="（二）各缔约方"),
                Example(bad="see annex (a）", good="see annex (a)", fixed="see annex (a)"))

    def check(self, doc: DocContext) -> Iterable[Hit]:
        hits = list(self._codes(doc.text)) + list(self._brackets(doc.text))
        hits.sort(key=lambda h: h.start)
        return hits

    def _codes(self, text: str) -> Iterable[Hit]:
        for m in _CODE_RE.finditer(text):
            token = m.group()
            if not _FULL_RE.search(token) or not _LETTER_RE.search(token):
                continue
            half = _to_half(token)
            yield Hit(m.start(), m.end(),
                      f"full-width characters in the code '{token}'; codes are written half-width: '{half}'",
                      half)

    def _brackets(self, text: str) -> Iterable[Hit]:
        stack: list[tuple[str, int]] = []
        for m in _BRACKET_RE.finditer(text):
            ch, pos = m.group(), m.start()
            if ch in _CLOSE_FOR:
                stack.append((ch, pos))
                continue
            # PDF extraction keeps paragraphs apart only by blank lines that also
            # fall inside sentences, so distance, not line breaks, ends a pair
            while stack and pos - stack[-1][1] > _MAX_PAIR:
                stack.pop()
            if not stack:
                continue
            opener, o_pos = stack.pop()
            if ch == _CLOSE_FOR[opener]:
                continue
            # one pair, one width: full-width in Chinese text, half-width in Latin text; the half
            # that has the wrong width is the one reported
            if _chinese_around(text, o_pos, pos):
                bad, at, good = (opener, o_pos, "（") if opener == "(" else (ch, pos, "）")
            else:
                bad, at, good = (opener, o_pos, "(") if opener == "（" else (ch, pos, ")")
            pair = "（）" if good in "（）" else "()"
            yield Hit(at, at + 1, f"bracket pair of mixed width '{opener}…{ch}'; in "
                      f"{'Chinese' if pair == '（）' else 'Latin'} text the pair is '{pair}': use '{good}'", good)

"""Kangxi and CJK-supplement radicals that stand for ideographs in text extracted from PDFs.

Noto CJK draws 方 and the radical ⽅ (U+2F45) with one glyph, and some PDF
producers name that glyph by the radical in their ToUnicode map: the text
reads ``化学品管理战略⽅针``, looks right, and matches no term. The table
(``termkit/data/cjk-radicals.json``, 287 code points of the Kangxi Radicals
and CJK Radicals Supplement blocks) maps each radical to the ideograph the
font draws with the same glyph; it was built from the character map of
Noto Sans CJK SC with fontTools. Unicode's NFKC is not a substitute: it
leaves the supplement block alone (⻔ ⻓ ⻢, the simplified forms) and maps
⼾ to the traditional 戶 where the simplified font draws 户.

Folding is character for character, so offsets do not move; the normalizer
applies it to PDF text only, and findings show the characters as written.
"""

from __future__ import annotations

import json
from functools import lru_cache

from termkit._util.fsread import package_data


@lru_cache(maxsize=1)
def radical_table() -> dict[int, str]:
    """Radical code point -> the one ideograph it stands for."""
    data = package_data("cjk-radicals.json").decode("utf-8")
    return {ord(radical): chars[0] for radical, chars in json.loads(data).items() if chars}


def has_radicals(text: str) -> bool:
    return any("\u2e80" <= ch <= "\u2fdf" for ch in text)


def fold_radicals(text: str) -> str:
    """``text`` with every radical in the table replaced by its ideograph (same length)."""
    if not has_radicals(text):
        return text
    return text.translate(radical_table())

"""Bilingual checking: does the Chinese target use the right terms for the English source?

Reads XLIFF 1.2/2.0, TMX, two-column TSV and line-aligned file pairs into
segments, finds the termbase's English terms in each source and its Chinese
terms in each target, and reports missing-term, wrong-term, extra-term and
inconsistent-translation findings::

    from termkit import load_termbase
    from termkit.bilingual import check_bilingual
    result = check_bilingual(["memo.xlf"], load_termbase())
    result = check_bilingual(source="en.txt", target="zh.txt")
"""

from __future__ import annotations

from termkit.bilingual.engine import BilingualOptions, check_bilingual, check_bitexts
from termkit.bilingual.read import BITEXT_SUFFIXES, is_bitext_path, read_aligned, read_bitext
from termkit.bilingual.rules import BILINGUAL_RULES
from termkit.bilingual.segment import Bitext, Segment

__all__ = ["BILINGUAL_RULES", "BITEXT_SUFFIXES", "BilingualOptions", "Bitext", "Segment",
           "check_bilingual", "check_bitexts", "is_bitext_path", "read_aligned", "read_bitext"]

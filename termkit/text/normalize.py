"""Normalize Chinese text for matching and map positions back to the original.

Steps, all applied to documents and to term forms alike:

1. traditional -> simplified, character by character, through a table built
   once from OpenCC's t2s conversion (every mapping is one character to one
   character, so this step keeps offsets);
2. full-width ASCII (U+FF01-U+FF5E) and the ideographic space -> half-width
   (also offset-preserving);
3. whitespace (spaces, tabs, line breaks from PDF extraction) is removed where
   it stands between two CJK characters, or between a CJK character and a
   Latin letter or digit (``21 世纪议程`` = ``21世纪议程``).

Only step 3 changes the length, so the offset map is a sparse list of deletion
points: its size is proportional to the number of deleted runs, not to the
length of the text.

Text extracted from a PDF is folded first from radicals to the ideographs they
stand for (``termkit.text.radicals``, also offset-preserving): ``radicals=True``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from termkit._util.lazyre import lazy_compile

# CJK ideographs, CJK symbols and punctuation, full-width forms, and the
# curly quotes Chinese text uses: a PDF line break next to any of them is a wrap,
# not a word boundary. Written once as code points: the regular expressions take
# them as a character class, the short-text splitter (``_is_cjk``) as numbers.
_CJK_RANGES = ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
               (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))
_CJK_SINGLES = "\u2018\u2019\u201c\u201d\u2014\u2026"
_CJK = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + _CJK_SINGLES
#: the ASCII letters and digits: a class for the regular expressions, a set for the splitters
_ALNUM = "0-9A-Za-z"
ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_WS = " \t\r\n\f\v\u00a0\u3000"
CJK_RE = lazy_compile(f"[{_CJK}]")

# A whitespace run is removed when a CJK character stands on one side and a CJK
# character, a digit or a Latin letter on the other. Written to start with the
# whitespace class, not with the look-behind, so the regex engine skips ahead to
# the next whitespace character in C instead of trying the look-behind at every
# position (three times faster); it matches exactly what
# ``(?<=[CJK])[WS]+(?=[CJK ALNUM])|(?<=[ALNUM])[WS]+(?=[CJK])`` matches.
_JOIN_RE = lazy_compile(
    f"[{_WS}](?:(?<=[{_CJK}][{_WS}])[{_WS}]*(?=[{_CJK}{_ALNUM}])"
    f"|(?<=[{_ALNUM}][{_WS}])[{_WS}]*(?=[{_CJK}]))"
)
# The same runs, captured, for re.split: one pass yields the kept pieces and the
# deleted runs, so the normalized text and its offset map are built without a
# Python-level step per character.
_JOIN_SPLIT_RE = lazy_compile(f"({_JOIN_RE.pattern})")
# A short text (a sentence, a term form, a one-line file) is split without them: compiling their CJK classes
# costs more than a whole one-line check's matching. ``_split_short`` finds the white-space runs with a small
# pattern and decides each from the characters on its two sides, exactly as the look-arounds do.
_WS_RUN_RE = re.compile(f"[{_WS}]+")
#: up to this many characters, ``_split_short`` instead of ``_JOIN_SPLIT_RE``
_SPLIT_SHORT = 4096


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return ch in _CJK_SINGLES or any(lo <= o <= hi for lo, hi in _CJK_RANGES)


def _split_short(text: str) -> list[str]:
    """``_JOIN_SPLIT_RE.split(text)`` for a text without U+3000 (folding has replaced it).

    Without the ideographic space, which is both white space and CJK, a run can
    only be removed whole: a match cannot start inside it, because its look-behind
    would need a CJK or Latin character where the run's previous white space is.
    """
    parts: list[str] = []
    last = 0
    n = len(text)
    for m in _WS_RUN_RE.finditer(text):
        s, e = m.span()
        if s == 0 or e == n:
            continue
        before, after = text[s - 1], text[e]
        if _is_cjk(before):
            joined = _is_cjk(after) or after in ASCII_ALNUM
        else:
            joined = before in ASCII_ALNUM and _is_cjk(after)
        if joined:
            parts.append(text[last:s])
            parts.append(text[s:e])
            last = e
    parts.append(text[last:])
    return parts


def _join_split(text: str) -> list[str]:
    """Kept pieces and removed white-space runs, alternating (see ``_JOIN_RE``)."""
    if len(text) <= _SPLIT_SHORT and "\u3000" not in text:
        return _split_short(text)
    return _JOIN_SPLIT_RE.split(text)


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, str]:
    """Traditional -> simplified for single characters, from OpenCC's t2s data.

    Converting each character on its own (one per line) keeps OpenCC from
    applying phrase rules, and every resulting mapping is one character long,
    which is what lets this step preserve offsets.
    """
    # built from OpenCC once, then read from termkit's user cache (keyed by the code signature, which
    # covers the installed OpenCC): importing OpenCC and converting 28,000 characters is a cold start's cost
    from termkit._util import store

    key = store.digest("t2s 3", store.code_signature())
    cached = store.load("t2s", key)
    # stored as two strings of equal length, each traditional character over its simplified one:
    # rebuilding the table from them is one zip in C
    if isinstance(cached, list) and len(cached) == 2 and all(isinstance(s, str) for s in cached):
        source, target = cached
        if len(source) == len(target):
            return dict(zip(map(ord, source), target))
    table = _build_t2s()
    store.store("t2s", key, ["".join(map(chr, table)), "".join(table.values())])
    return table


def _build_t2s() -> dict[int, str]:
    import opencc

    ranges = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)]
    chars = [chr(i) for lo, hi in ranges for i in range(lo, hi)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - depends on OpenCC data
        raise RuntimeError("OpenCC t2s changed the number of lines; cannot build a character table")
    return {ord(a): b for a, b in zip(chars, converted) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def _char_table() -> dict[int, str]:
    table = dict(t2s_table())
    for cp in range(0xFF01, 0xFF5F):
        table[cp] = chr(cp - 0xFEE0)
    table[0x3000] = " "
    return table


@lru_cache(maxsize=1)
def traditional_re() -> re.Pattern:
    """Runs of characters the t2s table would change."""
    chars = "".join(re.escape(chr(cp)) for cp in sorted(t2s_table()))
    return re.compile(f"[{chars}]+")


@lru_cache(maxsize=1)
def _fold_run_re() -> re.Pattern:
    """Runs of characters that steps 1 and 2 change."""
    chars = "".join(re.escape(chr(cp)) for cp in sorted(_char_table()))
    return re.compile(f"[{chars}]+")


@lru_cache(maxsize=1)
def _fold_char_re() -> re.Pattern:
    """One character that steps 1 and 2 change."""
    return re.compile(_fold_run_re().pattern[:-1])


@lru_cache(maxsize=1)
def _fold_single() -> dict[str, str]:
    table = _char_table()
    return dict(zip(map(chr, table), table.values()))


#: up to this many distinct characters to fold, one str.replace pass each beats a callback per run
_REPLACE_PASSES = 16
#: texts shorter than this find the characters to fold without the regular expression (compiling its class of
#: 4,000 characters costs more than a set look-up of a few thousand characters)
_SHORT = 20_000


def fold_chars(text: str) -> str:
    """Steps 1 and 2: offset-preserving character folding.

    ``str.translate`` looks every character up in the table (about 60 ns each).
    Simplified text holds only a handful of distinct characters to fold (the
    full-width comma, colon, brackets, a stray traditional character), so a
    regular-expression scan finds which, and one ``str.replace`` pass per
    character folds them, all in C: seven times faster than ``translate``.
    Text with many distinct ones (traditional Chinese) is folded run by run.
    """
    single = _fold_single()
    if len(text) < _SHORT:
        # a short text (a sentence, a one-line file): a set look-up, no large character class to compile
        present = set(text).intersection(single)
    else:
        present = set(_fold_char_re().findall(text))
    if len(present) <= _REPLACE_PASSES:
        for ch in present:
            text = text.replace(ch, single[ch])
        return text
    table = _char_table()

    def fold(m: re.Match) -> str:
        run = m.group()
        return single[run] if len(run) == 1 else run.translate(table)

    return _fold_run_re().sub(fold, text)


def to_simplified(text: str) -> str:
    """Traditional -> simplified, character by character (keeps offsets; what normalization does)."""
    return text.translate(t2s_table())


@lru_cache(maxsize=1)
def _phrase_converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified_phrases(text: str) -> str:
    """Traditional -> simplified with OpenCC's phrase dictionaries (乾隆 and 宫商角徵羽 stay, 乾燥 -> 干燥).

    What a traditional-char fix writes. OpenCC's t2s conversions keep the text's
    length; where one does not, the character table's conversion is returned.
    """
    out = _phrase_converter().convert(text)
    return out if len(out) == len(text) else to_simplified(text)


@dataclass(frozen=True)
class Normalized:
    """Normalized text plus the sparse map back to the original.

    ``cuts[i]`` is a position in the normalized text and ``shift[i]`` the number
    of original characters deleted before it; between two cut points the
    offset difference is constant.
    """

    text: str
    original: str
    cuts: tuple[int, ...]
    shift: tuple[int, ...]

    def to_original(self, pos: int) -> int:
        """Original offset of the character at normalized offset ``pos``."""
        i = bisect_right(self.cuts, pos) - 1
        return pos + (self.shift[i] if i >= 0 else 0)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of a normalized [start, end) span (end exclusive).

        The end is mapped from the last character inside the span, so whitespace
        deleted right after a span is not pulled into it.
        """
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1

    def has_seam(self, start: int, end: int) -> bool:
        """True when whitespace was deleted inside the normalized span [start, end)."""
        o_start, o_end = self.span_to_original(start, end)
        return (o_end - o_start) != (end - start)


def normalize(text: str, radicals: bool = False) -> Normalized:
    """Normalize a document (or a term form) and keep the map back to the original.

    ``radicals``: first read Kangxi and CJK-supplement radicals as the ideographs a PDF font draws with the
    same glyph (for text extracted from a PDF).
    """
    folded = text
    if radicals:  # before step 1: a radical may stand for a traditional form (⾨ for 門)
        from termkit.text.radicals import fold_radicals

        folded = fold_radicals(folded)
    parts = _join_split(fold_chars(folded))
    if len(parts) == 1:
        return Normalized(parts[0], text, (), ())
    # parts alternate kept piece, deleted run, kept piece, ...: a cut point is
    # where a kept piece ends in the normalized text, its shift the characters
    # deleted up to there
    kept = parts[0::2]
    cuts = tuple(accumulate(map(len, kept[:-1])))
    shift = tuple(accumulate(map(len, parts[1::2])))
    del parts
    return Normalized("".join(kept), text, cuts, shift)


def normalize_term(term: str, lang: str = "zh") -> str:
    """The form under which a term is matched and compared for duplicates."""
    norm = normalize(term.strip()).text
    if lang == "en":
        norm = " ".join(norm.split()).casefold()
    return norm

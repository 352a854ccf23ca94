"""Ordinary Chinese words: a shipped word list with frequencies, and word boundaries from it.

``termkit/data/words.txt`` (45,000 words of two to four ideographs, derived
from jieba's dictionary by ``tools/make_words.py``) is read on first use,
about 20 ms. The rules use it to tell ordinary text from slips in terms
(possible-variant) and to report whole words (traditional-char); the
segmenter itself (jieba) is never imported on the check path.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

from termkit._util.fsread import package_data

#: the longest word in the list
LONGEST = 4


@lru_cache(maxsize=1)
def word_freq() -> dict[str, int]:
    """Every listed word with its frequency in jieba's reference corpus.

    Kept in termkit's user cache (``_util.store``), keyed by the list's content: a
    cold check reads one stored dict instead of parsing 45,000 lines.
    """
    from termkit._util import store

    data = package_data("words.txt")
    key = store.digest("words 1", data)
    cached = store.load("words", key)
    if isinstance(cached, dict):
        return cached
    out = _parse(data.decode("utf-8"))
    store.store("words", key, out)
    return out


def _parse(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in text.split("\n"):
        if line and not line.startswith("#"):
            word, _, freq = line.partition(" ")
            out[word] = int(freq)
    return out


def is_word(text: str, min_freq: int = 50) -> bool:
    return word_freq().get(text, 0) >= min_freq


def segment(text: str, known: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Word spans of ``text``: the most probable reading by the word list's frequencies.

    ``known`` spans (termbase terms found in the text) are taken whole when they
    fit. Characters that start no listed word are single-character spans. Good
    enough to find where words begin and end around a given position; not a
    segmenter for running text.
    """
    freq = word_freq()
    total = math.log(_total())
    n = len(text)
    ends_at: dict[int, list[int]] = {}
    for a, b in known:
        if 0 <= a < b <= n:
            ends_at.setdefault(a, []).append(b)
    best = [math.inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] == math.inf:
            continue
        # a single character: dearer than any listed word
        cost = best[i] + total + 2.0
        if cost < best[i + 1]:
            best[i + 1], back[i + 1] = cost, i
        for j in range(i + 2, min(n, i + LONGEST) + 1):
            f = freq.get(text[i:j])
            if f:
                cost = best[i] + total - math.log(f)
                if cost < best[j]:
                    best[j], back[j] = cost, i
        for j in ends_at.get(i, ()):
            if best[i] < best[j]:
                best[j], back[j] = best[i], i
    spans = []
    j = n
    while j > 0:
        spans.append((back[j], j))
        j = back[j]
    return spans[::-1]


@lru_cache(maxsize=1)
def _total() -> int:
    return sum(word_freq().values())

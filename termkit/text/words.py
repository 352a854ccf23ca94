"""Ordinary Chinese words: a shipped word list with frequencies, and word boundaries from it.

``termkit/data/words.txt`` (45,000 words of two to four ideographs, derived
from jieba's dictionary by ``tools/make_words.py``) is read on first use,
about 20 ms. The rules use it to tell ordinary text from slips in terms
(possible-variant) and to report whole words (traditional-char); the
segmenter itself (jieba) is never imported on the check path.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

#: the longest word in the list
LONGEST = 4


@lru_cache(maxsize=1)
def word_freq() -> dict[str, int]:
    """Every listed word with its frequency in jieba's reference corpus."""
    text = resources.files("termkit").joinpath("data", "words.txt").read_text(encoding="utf-8")
    out: dict[str, int] = {}
    for line in text.split("\n"):
        if line and not line.startswith("#"):
            word, _, freq = line.partition(" ")
            out[word] = int(freq)
    return out


def is_word(text: str, min_freq: int = 50) -> bool:
    return word_freq().get(text, 0) >= min_freq


def segment(text: str, extra: frozenset[str] | set[str] = frozenset(), longest: int = 16) -> list[tuple[int, int]]:
    """Word spans of ``text`` by forward maximum matching against the word list and ``extra`` forms.

    Characters that start no listed word are single-character spans. Good enough
    to find where words begin and end around a given position; not a segmenter
    for running text.
    """
    freq = word_freq()
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        end = i + 1
        for j in range(min(n, i + longest), i + 1, -1):
            piece = text[i:j]
            if piece in extra or (j - i <= LONGEST and piece in freq):
                end = j
                break
        spans.append((i, end))
        i = end
    return spans

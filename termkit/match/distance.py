"""Edit distances for near-variant detection: rapidfuzz's, with a pure-Python start for the first few.

Importing rapidfuzz costs about 30 ms, more than the rest of a one-line check's
matching; a short text asks for a handful of distances, most of them to reject
an anchor. So the first ``WARM_UP`` distances of a process are computed here in
Python (the same optimal-string-alignment distance, tested against rapidfuzz),
and only a run that needs more, or a score, imports rapidfuzz.
"""

from __future__ import annotations

from collections.abc import Callable

#: distances computed in Python before rapidfuzz is imported
WARM_UP = 256

_calls = [0]
_fast: list[Callable[..., int]] = []


def osa(a: str, b: str, cutoff: int) -> int:
    """The optimal-string-alignment distance of ``a`` and ``b`` (a swap of neighbours is one edit);
    ``cutoff + 1`` when it exceeds ``cutoff`` (rapidfuzz's ``OSA.distance(a, b, score_cutoff=cutoff)``)."""
    if _fast:
        return _fast[0](a, b, score_cutoff=cutoff)
    _calls[0] += 1
    if _calls[0] > WARM_UP:
        from rapidfuzz.distance import OSA

        _fast.append(OSA.distance)
        return OSA.distance(a, b, score_cutoff=cutoff)
    d = osa_python(a, b)
    return d if d <= cutoff else cutoff + 1


def osa_python(a: str, b: str) -> int:
    """The optimal-string-alignment distance, by the textbook dynamic programme (short strings only)."""
    n, m = len(a), len(b)
    if not n or not m:
        return n or m
    prev2: list[int] = []
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        ai = a[i - 1]
        for j in range(1, m + 1):
            bj = b[j - 1]
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai != bj))
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == bj and ai != bj:
                best = min(best, prev2[j - 2] + 1)
            cur[j] = best
        prev2, prev = prev, cur
    return prev[m]


def ratio(a: str, b: str) -> float:
    """rapidfuzz's ``fuzz.ratio``: 100 × the normalized Indel similarity."""
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)

"""Dates of documents and of renamings: a year, a month or a day, compared as the intervals they cover.

A termbase says when a name stopped being official (``until: 2013-03``); a
check needs to know whether a document was written before or after that. A
document's date comes from configuration or the command line, or from its UN
header: the symbol block's ``Distr.: General`` followed by a date in English
(``14 December 2004``), which UN Chinese documents keep in English, or a line
holding nothing but a Chinese date (``2021年7月5日``) near the top. A meeting's
dates (``2005年2月21-25日，内罗毕``) are not the document's and are not taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# English, as UN headers write them (what the calendar module gives in the C locale; spelt out here because
# importing calendar brings locale, a cold start's cost)
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_MONTHS = {name.lower(): i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES, 1)})
_EN_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True))
                      + r")\.?\s+(\d{4})\b", re.I)
_ZH_DATE_LINE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_DISTR = re.compile(r"Distr\.?\s*[:：]\s*(General|Limited|Restricted)", re.I)
#: how far into a document its header may lie (lines)
HEADER_LINES = 60


@dataclass(frozen=True)
class Period:
    """The days a date stands for: a year, a month or a day (``first`` to ``last``, inclusive)."""

    first: date
    last: date
    text: str

    def __str__(self) -> str:
        return self.text


def parse_period(text: str | int) -> Period:
    """``2018``, ``2018-04`` or ``2018-04-19`` as the period it covers; ValueError otherwise."""
    raw = str(text).strip()
    m = _ISO.match(raw)
    if not m:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): '{raw}'")
    year = int(m.group(1))
    if m.group(3):
        day = date(year, int(m.group(2)), int(m.group(3)))
        return Period(day, day, raw)
    if m.group(2):
        month = int(m.group(2))
        first = date(year, month, 1)
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return Period(first, following - timedelta(days=1), raw)
    return Period(date(year, 1, 1), date(year, 12, 31), raw)


def relation(document: Period | None, change: Period | None) -> str:
    """Whether a document was written ``before`` or ``after`` a change, or ``unknown``.

    A change dated 2018-04-19 is after a document of 2018-03 and before one of
    2018-05; a document of 2018 (the year only) is ``unknown`` against it.
    """
    if document is None or change is None:
        return "unknown"
    if document.last < change.first:
        return "before"
    if document.first >= change.last:
        return "after"
    return "unknown"


def header_date(text: str) -> Period | None:
    """The date of a UN document from its header, or None when the header names none."""
    lines = text.split("\n", HEADER_LINES)[:HEADER_LINES]
    for i, line in enumerate(lines):
        if _DISTR.search(line):
            # the date is on the Distr. line or one of the next few lines
            for follow in lines[i:i + 4]:
                m = _EN_DATE.search(follow)
                if m:
                    return _day(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    for line in lines:
        m = _ZH_DATE_LINE.match(line)
        if m:
            return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _day(year: int, month: int, day: int) -> Period | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return Period(d, d, d.isoformat())

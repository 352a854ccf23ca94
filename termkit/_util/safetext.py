"""Text from documents, file names and termbases made safe to show: control characters escaped, never raw.

A document, a file name or a termbase note can hold terminal escape
sequences (``\\x1b]0;title\\x07`` retitles the terminal, ``\\x1b[2J`` clears it,
others have done worse), bidirectional controls that make a line read other
than it is (the "Trojan Source" trick), line breaks that forge extra output
lines, and, in a file name that is not UTF-8, lone surrogates that no output
can encode. Reporters and the command line's notes pass such text through
``printable``; the JUnit reporter also through ``xml_text``, since XML 1.0
cannot hold most control characters even escaped.
"""

from __future__ import annotations

import re

# C0 controls but the tab, DEL and C1 controls, the bidirectional embeddings, overrides and isolates,
# and lone surrogates (what os.fsdecode makes of bytes that are not UTF-8)
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# what XML 1.0 cannot hold at all, beyond the above: U+FFFE, U+FFFF (and the tab stays)
_XML_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def _escape(m: re.Match) -> str:
    ch = m.group(0)
    o = ord(ch)
    if 0xDC80 <= o <= 0xDCFF:  # a byte os.fsdecode could not decode: show the byte
        return f"\\x{o - 0xDC00:02x}"
    if o <= 0xFF:
        return f"\\x{o:02x}"
    return f"\\u{o:04x}"


def printable(text: str) -> str:
    """``text`` with control characters, bidirectional controls and lone surrogates escaped (``\\x1b``)."""
    if _UNSAFE.search(text) is None:  # the usual case: nothing to do
        return text
    return _UNSAFE.sub(_escape, text)


def xml_text(text: str) -> str:
    """``printable`` for XML 1.0: also U+FFFE and U+FFFF, which no XML document may contain."""
    if _XML_UNSAFE.search(text) is None:
        return text
    return _XML_UNSAFE.sub(_escape, text)

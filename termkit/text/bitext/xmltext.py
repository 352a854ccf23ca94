"""Safe XML reading for XLIFF and TMX, and the way back from an element's text to the file.

lxml parses (with entity expansion, DTD loading and network access off, so
a hostile file can neither expand nor fetch anything). lxml tells the line
an element starts on but not its column, and its text has entities and
inline tags resolved away; so for each target a small scanner walks the raw
markup of that element and records where every text character came from.
The scanner's text is compared with lxml's: only when they agree is the
position map used, otherwise the segment is placed at its element's line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import cast

from lxml import etree

from termkit._util import xmlsafe
from termkit.errors import InputError
from termkit.text.document import looks_binary, read_bytes, sniff_encoding
from termkit.text.lines import LineIndex
from termkit.text.positions import Anchor, PositionMap

#: inline elements whose content is native code (markup of the original format), not text
CODE_TAGS = frozenset({"bpt", "ept", "ph", "it", "ut"})
#: ``<mrk mtype>`` values whose content is not in the translation: Trados's tracked deletions
DELETED_MRK = frozenset({"x-sdl-deleted"})
_MTYPE = re.compile(r"""\smtype\s*=\s*["']([^"']*)["']""")
#: the embedded original document of an XLIFF 1.2 file (Trados puts the whole source file there, base64)
_INTERNAL_FILE = re.compile(rb"(<(?:[\w.-]+:)?internal-file\b[^>]*>)([^<]*)(</(?:[\w.-]+:)?internal-file>)")

_XML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_NAME = re.compile(r"[^\s/>]+")


def localname(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def sourceline(el: etree._Element) -> int | None:
    """The line an element starts on, as lxml reports it (None when it does not know)."""
    # lxml-stubs declares ``sourceline = ...`` with its type in a comment only, so mypy reads an ellipsis
    return cast("int | None", el.sourceline)


def read_xml(path: str | Path) -> tuple[etree._Element, str | None]:
    """The root element of an XML file and its decoded text (None when it cannot be decoded).

    UTF-16 without a byte-order mark is recognised by its first characters
    (``<?`` in either byte order), as XML allows. An embedded original
    (``<internal-file>``, which Trados fills with the whole source document in
    base64) is emptied before parsing, keeping its line breaks, so that a
    large one does not hit the parser's limit on a text node and line numbers
    stay those of the file. Raises InputError (with line and column) on a
    missing, binary or malformed file.
    """
    data = read_bytes(path, "XML", binary_ok=True)
    if looks_binary(data) and _utf16_without_bom(data) is None:
        raise InputError("binary file, not XML", str(path))
    parsed = _INTERNAL_FILE.sub(lambda m: m.group(1) + b"\n" * m.group(2).count(b"\n") + m.group(3), data) \
        if b"internal-file" in data else data
    return xmlsafe.parse(parsed, str(path)), _decode(data)


def _utf16_without_bom(data: bytes) -> str | None:
    if data[:4] == b"<\x00?\x00":
        return "utf-16-le"
    if data[:4] == b"\x00<\x00?":
        return "utf-16-be"
    return None


def _decode(data: bytes) -> str | None:
    sniffed = sniff_encoding(data)
    utf16 = _utf16_without_bom(data)
    if sniffed:
        name, bom = sniffed
        data, encoding = data[len(bom):], name
    elif utf16:
        encoding = utf16
    else:
        m = _DECL_ENCODING.match(data)
        encoding = m.group(1).decode("ascii") if m else "utf-8"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def is_deleted(el) -> bool:
    """A tracked deletion inside a segment (Trados ``<mrk mtype="x-sdl-deleted">``): not in the translation."""
    return localname(el) == "mrk" and (el.get("mtype") or "") in DELETED_MRK


def element_text(el) -> str:
    """The translatable text of an element: its text and its children's, without native code or deletions."""
    parts = [el.text or ""] if isinstance(el.tag, str) else []
    for child in el:
        if isinstance(child.tag, str) and localname(child) not in CODE_TAGS and not is_deleted(child):
            parts.append(element_text(child))
        # comments, processing instructions, unexpanded entities and code contribute only their tail
        parts.append(child.tail or "")
    return "".join(parts)


class RawLocator:
    """Finds elements in the raw file text, in document order, and maps their text back to it."""

    def __init__(self, raw: str | None) -> None:
        self.raw = raw
        self.cursor = 0
        self.lines = LineIndex(raw or "")
        self.line_starts = self.lines.starts if raw is not None else []

    def line_col(self, offset: int) -> tuple[int, int]:
        return self.lines.line_col(offset)

    def seek(self, el) -> None:
        """Move to the start of ``el`` (asked for in document order), so that the elements inside it come next.

        For segments marked inside a target (``<mrk mtype="seg">``): the source's
        marks come first in the file and must not be taken for the target's.
        """
        raw = self.raw
        line = el.sourceline or 1
        if raw is None or line > len(self.line_starts):
            return
        pattern = re.compile(r"<(?:[\w.-]+:)?" + re.escape(localname(el)) + r"(?=[\s/>])")
        m = pattern.search(raw, max(self.cursor, self.line_starts[line - 1]))
        if m is not None:
            self.cursor = m.end()

    def locate(self, el, text: str) -> PositionMap:
        """A map from ``text`` (the element's ``element_text``) to the file.

        Elements must be asked for in document order. Falls back to the
        element's line, column 1, when the raw markup cannot be followed.
        """
        line = el.sourceline or 1
        fallback = PositionMap.at(line, 1, exact=False)
        raw = self.raw
        if raw is None or line > len(self.line_starts):
            return fallback
        name = localname(el)
        pattern = re.compile(r"<(?:[\w.-]+:)?" + re.escape(name) + r"(?=[\s/>])")
        m = pattern.search(raw, max(self.cursor, self.line_starts[line - 1]))
        if m is None:
            return fallback
        scanned = self._scan(raw, m.start())
        if scanned is None:
            return fallback
        chars, offsets, end = scanned
        self.cursor = end
        if "".join(chars) != text:
            return fallback
        if not offsets:
            ln, col = self.line_col(m.start())
            return PositionMap.at(ln, col, m.start())
        anchors = []
        prev = -2
        prev_char = ""
        for i, off in enumerate(offsets):
            if off != prev + 1 or prev_char == "\n":
                ln, col = self.line_col(off)
                anchors.append(Anchor(i, off, ln, col))
            prev, prev_char = off, chars[i]
        return PositionMap(tuple(anchors))

    @staticmethod
    def _tag_end(raw: str, pos: int) -> int:
        """Offset of the '>' closing the tag that starts at ``pos`` (quotes respected)."""
        quote = None
        n = len(raw)
        while pos < n:
            c = raw[pos]
            if quote:
                if c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c == ">":
                return pos
            pos += 1
        raise ValueError("unterminated tag")

    def _scan(self, raw: str, start: int) -> tuple[list[str], list[int], int] | None:
        """Text characters of the element starting at ``start`` of ``raw`` with their raw offsets."""
        try:
            end = self._tag_end(raw, start)
            if raw[end - 1] == "/":
                return [], [], end + 1
            chars: list[str] = []
            offsets: list[int] = []
            depth = 1
            skip_from = 0  # depth at which a code element opened; 0: not inside one
            pos = end + 1
            n = len(raw)
            while pos < n:
                c = raw[pos]
                if c == "<":
                    if raw.startswith("<!--", pos):
                        pos = raw.index("-->", pos) + 3
                    elif raw.startswith("<![CDATA[", pos):
                        close = raw.index("]]>", pos)
                        if not skip_from:
                            self._emit_run(raw, pos + 9, close, chars, offsets)
                        pos = close + 3
                    elif raw.startswith("<?", pos):
                        pos = raw.index("?>", pos) + 2
                    elif raw.startswith("</", pos):
                        depth -= 1
                        if skip_from and depth < skip_from:
                            skip_from = 0
                        pos = self._tag_end(raw, pos) + 1
                        if depth == 0:
                            return chars, offsets, pos
                    else:
                        tag_end = self._tag_end(raw, pos)
                        if raw[tag_end - 1] != "/":
                            depth += 1
                            name = _NAME.match(raw, pos + 1)
                            local = name.group(0).rsplit(":", 1)[-1] if name else ""
                            if not skip_from and local in CODE_TAGS:
                                skip_from = depth
                            elif not skip_from and local == "mrk":
                                mtype = _MTYPE.search(raw, pos, tag_end)
                                if mtype is not None and mtype.group(1) in DELETED_MRK:
                                    skip_from = depth
                        pos = tag_end + 1
                elif c == "&":
                    semi = raw.index(";", pos)
                    ref = raw[pos + 1:semi]
                    if ref.startswith("#x") or ref.startswith("#X"):
                        ch = chr(int(ref[2:], 16))
                    elif ref.startswith("#"):
                        ch = chr(int(ref[1:]))
                    elif ref in _XML_ENTITIES:
                        ch = _XML_ENTITIES[ref]
                    else:
                        return None  # a DTD entity: lxml leaves it unexpanded, we cannot follow
                    if not skip_from:
                        chars.append(ch)
                        offsets.append(pos)
                    pos = semi + 1
                else:
                    nxt = pos + 1
                    if c == "\r":  # XML reads \r\n and a lone \r as \n
                        c = "\n"
                        if raw.startswith("\n", nxt):
                            nxt += 1
                    if not skip_from:
                        chars.append(c)
                        offsets.append(pos)
                    pos = nxt
            return None
        except ValueError:
            return None

    @staticmethod
    def _emit_run(raw: str, start: int, end: int, chars: list[str], offsets: list[int]) -> None:
        pos = start
        while pos < end:
            c = raw[pos]
            nxt = pos + 1
            if c == "\r":
                c = "\n"
                if nxt < end and raw[nxt] == "\n":
                    nxt += 1
            chars.append(c)
            offsets.append(pos)
            pos = nxt

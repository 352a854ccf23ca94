"""Read HTML and XHTML pages: their text nodes, at the very line and column they have in the source.

The text the rules see is the source file with everything that is not text
blanked out: tags with their attributes, comments, the doctype, processing
instructions, and the whole content of ``<script>``, ``<style>`` and
``<template>``. Blanked characters become spaces, line breaks stay, and a
character reference (``&amp;``, ``&#x5C14;``) becomes its character followed
by spaces up to the reference's length. So every character of the text is at
the offset, line and column it has in the file, and a finding's line:column
is the source's – a code viewer, GitHub code scanning and the text report
show it in place. The normalizer treats the blanks like any white space:
a term split by inline markup (``巴塞<b>尔</b>公约``) is one term.

A comment holding a ``termkit: ignore`` marker keeps its text, so inline
suppressions work in HTML as in Markdown (``<!-- termkit: ignore -->``).

Decoding: a byte-order mark, else ``--encoding``, else the page's own
``<meta charset>`` (or ``http-equiv`` content type), else UTF-8, else GB18030.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from termkit.text.document import Document, decode, read_bytes, sniff_encoding

#: elements whose content is not text a reader sees
RAW_SKIP = ("script", "style", "template")
#: elements whose content is raw text up to their end tag (no tags inside)
RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
_CHARREF = re.compile(r"&(#[0-9]{1,7};?|#[xX][0-9A-Fa-f]{1,6};?|[A-Za-z][A-Za-z0-9]{0,31};?)")
_MARKER = re.compile(r"termkit\s*[:：]\s*ignore")


def declared_encoding(data: bytes) -> str | None:
    """The encoding a page declares (XML declaration, ``<meta charset>``), if it declares one we know."""
    import codecs

    head = data[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if m is None:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    if name in ("gb2312", "gbk"):  # what browsers do: both are read as GB18030, a superset
        name = "gb18030"
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def read_html(path: str | Path, encoding: str | None = None) -> Document:
    """The text nodes of an HTML or XHTML page, everything else blanked, at their source positions."""
    data = read_bytes(path, "HTML")
    if encoding is None and sniff_encoding(data) is None:
        encoding = declared_encoding(data)
    doc = decode(data, str(path), encoding)
    return Document(doc.path, blank_markup(doc.text), doc.encoding, doc.bom, "html")


def blank_markup(source: str) -> str:
    """``source`` with markup, scripts and styles turned into spaces (line breaks kept) and references decoded."""
    out: list[str] = []
    pos = 0
    n = len(source)
    lower = source.lower()
    skip_until: str | None = None  # inside a raw-text element: its end tag
    blank_raw = False

    def blank(start: int, end: int) -> None:
        piece = source[start:end]
        out.append(re.sub(r"[^\n]", " ", piece) if "\n" in piece else " " * (end - start))

    def text(start: int, end: int) -> None:
        piece = source[start:end]
        if "&" not in piece:
            out.append(piece)
            return
        last = 0
        for m in _CHARREF.finditer(piece):
            decoded = html.unescape(m.group(0))
            if decoded == m.group(0) or len(decoded) > m.end() - m.start():
                continue  # not a reference (or one longer than itself): leave it as written
            out.append(piece[last:m.start()])
            out.append(decoded + " " * (m.end() - m.start() - len(decoded)))
            last = m.end()
        out.append(piece[last:])

    while pos < n:
        if skip_until is not None:
            end = lower.find(f"</{skip_until}", pos)
            end = n if end == -1 else end
            (blank if blank_raw else text)(pos, end)
            pos = end
            skip_until = None
            continue
        lt = source.find("<", pos)
        if lt == -1:
            text(pos, n)
            break
        text(pos, lt)
        pos = lt
        if source.startswith("<!--", pos):
            end = source.find("-->", pos + 4)
            end = n if end == -1 else end + 3
            body = source[pos + 4:max(pos + 4, end - 3)]
            if _MARKER.search(body):  # a suppression marker: keep it readable for the marker scan
                blank(pos, pos + 4)
                out.append(body)
                blank(end - 3, end)
            else:
                blank(pos, end)
            pos = end
        elif source.startswith("<![CDATA[", pos):
            end = source.find("]]>", pos)
            end = n if end == -1 else end
            blank(pos, pos + 9)
            text(pos + 9, end)  # CDATA in XHTML is text, references in it are not references
            blank(end, min(n, end + 3))
            pos = min(n, end + 3)
        elif source.startswith(("<!", "<?"), pos):
            end = source.find(">", pos)
            end = n if end == -1 else end + 1
            blank(pos, end)
            pos = end
        else:
            m = _TAG_NAME.match(source, pos)
            if m is None:  # a lone "<" is text
                out.append("<")
                pos += 1
                continue
            end = _tag_end(source, pos)
            blank(pos, end)
            name = m.group(1).lower().rsplit(":", 1)[-1]
            closing = source.startswith("</", pos)
            self_closing = source[max(pos, end - 2):end] == "/>"
            if not closing and not self_closing and name in RAW_TEXT:
                skip_until = name
                blank_raw = name in RAW_SKIP
            elif not closing and not self_closing and name == "template":
                skip_until = "template"
                blank_raw = True
            pos = end
    result = "".join(out)
    if len(result) != len(source):  # pragma: no cover - every branch above keeps lengths
        raise RuntimeError("blanking the markup moved the text")
    return result


def _tag_end(source: str, pos: int) -> int:
    """Offset just past the ``>`` that closes the tag at ``pos`` (quoted attribute values respected)."""
    quote = None
    n = len(source)
    i = pos + 1
    after_equals = False  # a quote opens a value only right after "=" (an unquoted value may hold one)
    while i < n:
        c = source[i]
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'" and after_equals:
            quote = c
        elif c == ">":
            return i + 1
        if not c.isspace():
            after_equals = c == "=" and not quote
        i += 1
    return n

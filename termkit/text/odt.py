"""Read OpenDocument text (.odt, and flat .fodt): a paragraph per line, with where each line is.

The package is opened with ``SafeZip`` and ``content.xml`` and ``styles.xml``
parsed with ``xmlsafe.parse`` (a .fodt is one XML file holding both). What is
read, in this order, each paragraph and heading one line:

1. the body: paragraphs and headings, in tables, lists, sections, indexes
   and text boxes (a frame's text right after the paragraph anchoring it);
2. footnotes, then endnotes, each named by the citation the document shows;
3. the headers and footers of the master pages (``styles.xml``).

Within a paragraph, spans, links and fields are read as their text; runs of
white space collapse to one space as ODF says (``text:s`` is that many
spaces, ``text:tab`` a tab, a line break a space, so a paragraph stays one
line). Tracked changes are read as accepted: deleted text lives in
``text:tracked-changes`` and is not read. Comments (``office:annotation``),
ruby annotations and the note bodies (read as their own lines) are not part
of a paragraph's text.

Positions: line n is the n-th paragraph; regions say "paragraph 12",
"table 1, row 2, cell 3", "footnote 2", "text box in paragraph 8",
"header (page style Standard)"; when the producer recorded where pages broke
(``text:soft-page-break``), body regions name the page.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from termkit._util import xmlsafe
from termkit._util.zipsafe import SafeZip
from termkit.errors import InputError
from termkit.text.document import Document, read_bytes
from termkit.text.positions import Anchor, PositionMap

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

_WS = re.compile(r"[ \t\r\n]+")
#: text elements whose content is not part of the paragraph
_SKIP = {(TEXT, "note"), (TEXT, "ruby-text"), (OFFICE, "annotation"), (OFFICE, "annotation-end"),
         (TEXT, "tracked-changes"), (TEXT, "bookmark"), (TEXT, "bookmark-start"), (TEXT, "bookmark-end"),
         (TEXT, "soft-page-break")}


def _qn(el) -> tuple[str, str]:
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return "", ""
    ns, _, local = tag[1:].partition("}")
    return ns, local


def read_odt(path: str | Path, encoding: str | None = None) -> Document:
    """The text of an .odt or .fodt document, a paragraph per line, with each line's region."""
    path_s = str(path)
    styles: etree._Element | None
    if path_s.lower().endswith(".fodt"):
        root = xmlsafe.parse(read_bytes(path, "XML"), path_s)
        content, styles = root, root
    else:
        with SafeZip(path, read_bytes(path, binary_ok=True)) as zf:
            if not zf.has("content.xml"):
                raise InputError("not an OpenDocument file: the package has no content.xml", path_s)
            mimetype = zf.read("mimetype").decode("ascii", "replace").strip() if zf.has("mimetype") else ""
            if mimetype and mimetype != "application/vnd.oasis.opendocument.text":
                raise InputError(f"not an OpenDocument text (its type is {mimetype})", path_s)
            content = xmlsafe.parse(zf.read("content.xml"), f"{path_s}:content.xml")
            styles = xmlsafe.parse(zf.read("styles.xml"), f"{path_s}:styles.xml") if zf.has("styles.xml") else None
    if _qn(content)[0] != OFFICE:
        raise InputError(f"not an OpenDocument file: its root is <{_qn(content)[1] or content.tag}>", path_s)
    reader = _Reader(paged=any(True for _ in content.iter(f"{{{TEXT}}}soft-page-break")))
    body = content.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    if body is None:
        raise InputError("not an OpenDocument text: no office:text in its body", path_s)
    reader.blocks(body, "", body=True)
    reader.paged = False
    for kind in ("footnote", "endnote"):
        for citation, note_body in reader.notes[kind]:
            start = len(reader.lines)
            reader.blocks(note_body, f"{kind} {citation}, ", body=False)
            own = [i for i in range(start, len(reader.lines)) if reader.lines[i][1][0][1] == f"{kind} {citation}"]
            if len(own) > 1:
                for n, i in enumerate(own, 1):
                    reader.lines[i][1][0] = (0, f"{kind} {citation}, paragraph {n}")
    if styles is not None:
        for page in styles.iter(f"{{{STYLE}}}master-page"):
            name = page.get(f"{{{STYLE}}}display-name") or page.get(f"{{{STYLE}}}name") or "?"
            for child in page:
                ns, local = _qn(child)
                if ns == STYLE and local.startswith(("header", "footer")):
                    which = {"header": "header", "footer": "footer", "header-left": "left-page header",
                             "footer-left": "left-page footer", "header-first": "first-page header",
                             "footer-first": "first-page footer"}.get(local, local)
                    reader.blocks(child, f"{which} (page style {name}), ", body=False)
    text = "\n".join(t for t, _ in reader.lines)
    anchors = []
    pos = 0
    for line, (t, regions) in enumerate(reader.lines, 1):
        for offset, region in regions:
            anchors.append(Anchor(pos + offset, pos + offset, line, offset + 1, region))
        pos += len(t) + 1
    return Document(path_s, text, "utf-8", b"", "odt", PositionMap(tuple(anchors)))


class _Reader:
    def __init__(self, paged: bool) -> None:
        self.lines: list[tuple[str, list[tuple[int, str]]]] = []
        self.notes: dict[str, list[tuple[str, object]]] = {"footnote": [], "endnote": []}
        self.paged = paged
        self.page = 1

    def blocks(self, parent, prefix: str, body: bool, counter: list[int] | None = None) -> None:
        counter = counter if counter is not None else [0]
        for child in parent:
            ns, local = _qn(child)
            if ns == TEXT and local in ("p", "h"):
                self.paragraph(child, prefix, body)
            elif ns == TEXT and local == "soft-page-break":
                if body and self.paged:
                    self.page += 1
            elif ns == TABLE and local == "table":
                counter[0] += 1
                self.table(child, f"{prefix}table {counter[0]}", body)
            elif ns == TEXT and local in ("list", "list-item", "list-header", "section", "index-body",
                                          "table-of-content", "illustration-index", "table-index",
                                          "object-index", "user-index", "alphabetical-index", "bibliography"):
                self.blocks(child, prefix, body, counter)
            elif ns == TEXT and local in ("tracked-changes", "sequence-decls", "variable-decls",
                                          "user-field-decls", "index-title-template"):
                continue
            elif ns == TEXT and local == "index-title":
                self.blocks(child, prefix, body, counter)

    def table(self, table, label: str, body: bool) -> None:
        rows = []
        stack = [table]
        while stack:  # rows may sit in header-rows, row-groups and rows wrappers
            node = stack.pop()
            for child in reversed(list(node)):
                ns, local = _qn(child)
                if ns == TABLE and local == "table-row":
                    rows.append(child)
                elif ns == TABLE and local in ("table-header-rows", "table-rows", "table-row-group"):
                    stack.append(child)
        rows.reverse()
        for r, row in enumerate(rows, 1):
            c = 0
            for cell in row:
                ns, local = _qn(cell)
                if ns != TABLE or local not in ("table-cell", "covered-table-cell"):
                    continue
                c += 1
                if local == "table-cell":
                    self.blocks(cell, f"{label}, row {r}, cell {c}, ", body)

    def paragraph(self, p, prefix: str, body: bool) -> None:
        parts: list[str] = []
        frames: list = []
        page_marks: list[int] = []
        start_page = self.page
        self._inline(p, parts, frames, page_marks, body)
        text = "".join(parts).rstrip(" ")
        label = prefix[:-2] if prefix else f"paragraph {len(self.lines) + 1}"
        regions = [(0, self._paged(label, start_page, body))]
        for offset in page_marks:
            self.page += 1
            region = (min(offset, len(text)), self._paged(label, self.page, body))
            if region[0] == 0:
                regions[0] = region
            else:
                regions.append(region)
        self.lines.append((text, regions))
        for frame in frames:
            self.blocks(frame, f"text box in {label}, ", False)

    def _paged(self, label: str, page: int, body: bool) -> str:
        return f"page {page}, {label}" if body and self.paged else label

    def _inline(self, el, parts: list[str], frames: list, page_marks: list[int], body: bool) -> None:
        self._chars(el.text, parts)
        for child in el:
            ns, local = _qn(child)
            if ns == TEXT and local == "s":
                try:
                    count = max(1, int(child.get(f"{{{TEXT}}}c") or 1))
                except ValueError:
                    count = 1
                parts.append(" " * min(count, 1000))
            elif ns == TEXT and local == "tab":
                parts.append("\t")
            elif ns == TEXT and local == "line-break":
                parts.append(" ")
            elif ns == TEXT and local == "soft-page-break":
                if body and self.paged:
                    page_marks.append(sum(map(len, parts)))
            elif ns == TEXT and local == "note":
                kind = child.get(f"{{{TEXT}}}note-class") or "footnote"
                citation = child.find(f"{{{TEXT}}}note-citation")
                label = (citation.get(f"{{{TEXT}}}label") or "".join(citation.itertext()).strip()
                         if citation is not None else "")
                note_body = child.find(f"{{{TEXT}}}note-body")
                if note_body is not None:
                    notes = self.notes.setdefault(kind, [])
                    notes.append((label or str(len(notes) + 1), note_body))
            elif ns == DRAW and local in ("frame", "a", "g", "custom-shape", "rect", "text-box"):
                self._frames(child, frames)
            elif (ns, local) in _SKIP or ns not in (TEXT, OFFICE):
                pass
            else:  # spans, links, fields, ruby base, meta: their text is the paragraph's
                self._inline(child, parts, frames, page_marks, body)
            self._chars(child.tail, parts)

    @staticmethod
    def _chars(text: str | None, parts: list[str]) -> None:
        """Character data with ODF's white-space rule: a run of spaces, tabs and line ends is one space,
        none at the start of a paragraph or after another space."""
        if not text:
            return
        text = _WS.sub(" ", text)
        if text.startswith(" ") and (not parts or parts[-1].endswith(" ")):
            text = text[1:]
        if text:
            parts.append(text)

    def _frames(self, el, frames: list) -> None:
        ns, local = _qn(el)
        if ns == DRAW and local == "text-box":
            frames.append(el)
            return
        for child in el:
            self._frames(child, frames)

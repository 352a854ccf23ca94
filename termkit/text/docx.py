"""Read Word .docx files: the text a reader of the document sees, a paragraph per line, and where each line is.

The package is opened with ``SafeZip`` (size and ratio limits) and every part
parsed with ``xmlsafe.parse``. What is read, in this order, each paragraph one
line of the text:

1. the body (``word/document.xml`` or whatever part ``_rels/.rels`` names):
   paragraphs, table cells (nested tables too), content controls, and the
   paragraphs of text boxes (DrawingML ``wps:txbx`` and VML ``v:textbox``),
   each box right after the paragraph that anchors it;
2. footnotes, numbered as Word shows them (by their first reference in the
   body), then endnotes; Word's separator notes are skipped;
3. headers, then footers, of each section.

A paragraph's runs are joined, so a term split across runs by formatting, a
spell-check mark or an edit session is one term. Tracked changes are read as
accepted: inserted text (``w:ins``, ``w:moveTo``) is kept, deleted text
(``w:del``, ``w:moveFrom``) left out. Field codes are left out and field
results kept; ``w:tab`` is a tab; a line break (``w:br``, ``w:cr``) is a
space, so that a paragraph stays one line; a soft hyphen is nothing.
In ``mc:AlternateContent`` only the first ``mc:Choice`` is read (Word writes
each text box twice, once in ``mc:Fallback``). Comments and equations are
not read.

Positions: line n of the text is the n-th paragraph in that order, the
column a character of it; each line's region says where it is for a person
in Word: "paragraph 12", "table 1, row 2, cell 3", "footnote 4", "text box
in paragraph 8", "header (section 1)". When Word's last layout is recorded
in the file (``w:lastRenderedPageBreak``), body regions name the page too.

``load_docx`` keeps the parsed parts and, for every paragraph, the XML nodes
each piece of its text came from: the fix writer (``termkit.fix.docx_write``)
edits through them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from termkit._util import xmlsafe
from termkit._util.zipsafe import SafeZip
from termkit.errors import InputError
from termkit.text.document import Document, read_bytes
from termkit.text.positions import Anchor, PositionMap

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

#: the magic number of an OLE compound file: a Word 97-2003 .doc, or an encrypted .docx
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Piece:
    """A piece of a paragraph's text and the node it came from."""

    start: int
    text: str
    #: the ``w:t`` element holding the text (None for a tab, a break, a symbol: nothing a fix may rewrite)
    node: etree._Element | None
    #: the ``w:r`` it is in
    run: etree._Element | None
    #: why a fix must not rewrite it (in another reviser's change, a field result…); None: it may
    lock: str | None = None


@dataclass
class Paragraph:
    part: str
    element: etree._Element
    text: str
    pieces: list[Piece]
    #: (offset in the paragraph, region) where the region starts: the paragraph's, then a new page's
    regions: list[tuple[int, str]]
    #: a comment may be anchored here: in the body (Word allows none in headers and footers, and LibreOffice
    #: 7.4 refuses to load a document with one in a footnote)
    commentable: bool = True


@dataclass
class DocxContent:
    """A parsed .docx: its parts by name, the paragraphs in reading order, and what the package says."""

    path: str
    parts: dict[str, etree._Element]
    paragraphs: list[Paragraph]
    main: str
    #: the wordprocessingml namespace (transitional or strict)
    w: str
    #: the main part's relationships: id -> (type, target part name)
    rels: dict[str, tuple[str, str]]
    notes: list[str] = field(default_factory=list)
    #: the names of all members of the package
    members: tuple[str, ...] = ()

    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def line_starts(self) -> list[int]:
        starts = []
        pos = 0
        for p in self.paragraphs:
            starts.append(pos)
            pos += len(p.text) + 1
        return starts


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(el) -> str:
    tag = el.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def part_rels(zf: SafeZip, part: str) -> dict[str, tuple[str, str]]:
    """The relationships of a part: id -> (type, target part name), external targets left out."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if not zf.has(rels_name):
        return {}
    root = xmlsafe.parse(zf.read(rels_name), f"{zf.path}:{rels_name}")
    out = {}
    for rel in root:
        if _local(rel) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = (rel.get("Type") or "", target)
    return out


def open_package(path: str | Path, data: bytes | None = None) -> SafeZip:
    """The .docx (its bytes ``data``, else read from ``path``) as a zip container; a legacy or encrypted
    Word file is one clear error."""
    if data is None:
        data = read_bytes(path, binary_ok=True)
    if data[:8] == OLE_MAGIC:
        raise InputError("a Word 97-2003 document or a password-protected one, not a .docx: "
                         "save it as .docx (without a password) to check it", str(path))
    return SafeZip(path, data)


def load_docx(path: str | Path, data: bytes | None = None) -> DocxContent:
    """Parse a .docx (``data``: its bytes, already read) into its paragraphs in reading order.

    InputError on anything that is not a Word document.
    """
    path_s = str(path)
    with open_package(path, data) as zf:
        main = next((target for kind, target in part_rels(zf, "").values()
                     if kind.endswith("/officeDocument")), "word/document.xml")
        if not zf.has(main):
            raise InputError("not a Word document: the package has no main document part", path_s)
        parts = {main: xmlsafe.parse(zf.read(main), f"{path_s}:{main}")}
        root = parts[main]
        w = _ns(root)
        if _local(root) != "document" or w not in (W_MAIN, W_STRICT):
            raise InputError(f"not a Word document: the main part is <{_local(root)}>", path_s)
        rels = part_rels(zf, main)
        members = tuple(zf.names())
        for kind, target in rels.values():
            if kind.rsplit("/", 1)[-1] in ("header", "footer", "footnotes", "endnotes", "comments") \
                    and zf.has(target) and target not in parts:
                parts[target] = xmlsafe.parse(zf.read(target), f"{path_s}:{target}")
    walker = _Walker(w, main)
    body = root.find(f"{{{w}}}body")
    walker.track_pages = any(True for _ in root.iter(f"{{{w}}}lastRenderedPageBreak"))
    if body is not None:
        walker.blocks(body, main, "", body=True)
    walker.fields = []  # a field left open in one part does not run on into the next
    walker.track_pages = False
    for kind in ("footnote", "endnote"):
        part = next((t for k, t in rels.values() if k.endswith(f"/{kind}s")), None)
        if part in parts:
            walker.notes(parts[part], part, kind)
            walker.fields = []
    for which in ("header", "footer"):
        for label, part in _section_parts(root, w, rels, which):
            if part in parts:
                walker.blocks(parts[part], part, label + ", ", body=False, commentable=False)
                walker.fields = []
    return DocxContent(path_s, parts, walker.paragraphs, main, w, rels, members=members)


def _section_parts(root, w: str, rels: dict[str, tuple[str, str]], which: str) -> list[tuple[str, str]]:
    """(label, part) of every header or footer the sections reference, each part once, in section order."""
    out = []
    seen = set()
    r_id = f"{{{R_DOC}}}id"
    for number, sect in enumerate(root.iter(f"{{{w}}}sectPr"), 1):
        for ref in sect.findall(f"{{{w}}}{which}Reference"):
            target = rels.get(ref.get(r_id) or ref.get("{http://purl.oclc.org/ooxml/officeDocument/relationships}id")
                              or "", ("", ""))[1]
            if not target or target in seen:
                continue
            seen.add(target)
            kind = {"first": "first-page ", "even": "even-page "}.get(ref.get(f"{{{w}}}type") or "", "")
            out.append((f"{kind}{which} (section {number})", target))
    return out


def read_docx(path: str | Path, encoding: str | None = None) -> Document:
    """The text of a .docx, a paragraph per line, with each line's region (``encoding`` is not used)."""
    content = load_docx(path)
    anchors = []
    for line, (start, para) in enumerate(zip(content.line_starts(), content.paragraphs), 1):
        for offset, region in para.regions:
            anchors.append(Anchor(start + offset, start + offset, line, offset + 1, region))
    return Document(content.path, content.text(), "utf-8", b"", "docx", PositionMap(tuple(anchors)),
                    tuple(content.notes))


class _Walker:
    """Walks block content in reading order and collects paragraphs with their pieces."""

    def __init__(self, w: str, main: str) -> None:
        self.w = w
        self.main = main
        self.paragraphs: list[Paragraph] = []
        #: note ids in the order the body first refers to them (Word numbers notes that way)
        self.refs: dict[str, list[str]] = {"footnote": [], "endnote": []}
        self.track_pages = False
        self.page = 1
        #: open complex fields: "code" until their separator, then "result"
        self.fields: list[str] = []

    def q(self, name: str) -> str:
        return f"{{{self.w}}}{name}"

    # -- blocks ------------------------------------------------------------------------------------
    def blocks(self, parent, part: str, prefix: str, body: bool, lock: str | None = None,
               counter: list[int] | None = None, commentable: bool = True) -> None:
        """Paragraphs and tables of a container (body, cell, note, header, text box, content control).

        ``prefix`` is the region of the container, ending in ", " ("" for the body).
        """
        counter = counter if counter is not None else [0]
        for child in parent:
            name = _local(child)
            ns = _ns(child)
            if ns == MC and name == "AlternateContent":
                choice = next((c for c in child if _local(c) == "Choice"), None)
                if choice is not None:
                    self.blocks(choice, part, prefix, body, lock or _IN_ALTERNATE, counter, commentable)
                continue
            if ns != self.w:
                continue
            if name == "p":
                self.paragraph(child, part, prefix, body, lock, commentable)
            elif name == "tbl":
                counter[0] += 1
                self.table(child, part, f"{prefix}table {counter[0]}", body, lock, commentable)
            elif name == "sdt":
                content = child.find(self.q("sdtContent"))
                if content is not None:
                    self.blocks(content, part, prefix, body, lock or self._locked(child), counter, commentable)
            elif name == "customXml":
                self.blocks(child, part, prefix, body, lock, counter, commentable)
            elif name in ("ins", "moveTo"):
                self.blocks(child, part, prefix, body, lock or _IN_REVISION, counter, commentable)

    def table(self, tbl, part: str, label: str, body: bool, lock: str | None, commentable: bool) -> None:
        for r, row in enumerate(self._children(tbl, "tr"), 1):
            for c, cell in enumerate(self._children(row, "tc"), 1):
                self.blocks(cell, part, f"{label}, row {r}, cell {c}, ", body, lock, None, commentable)

    def _children(self, el, name: str):
        """Children named ``name``, looking through content controls and custom XML around them."""
        for child in el:
            local = _local(child)
            if _ns(child) != self.w:
                continue
            if local == name:
                yield child
            elif local == "sdt":
                content = child.find(self.q("sdtContent"))
                if content is not None:
                    yield from self._children(content, name)
            elif local == "customXml":
                yield from self._children(child, name)

    def _locked(self, sdt) -> str | None:
        pr = sdt.find(self.q("sdtPr"))
        lock = pr.find(self.q("lock")) if pr is not None else None
        if lock is not None and (lock.get(self.q("val")) or "") in ("contentLocked", "sdtContentLocked"):
            return "in a locked content control"
        return None

    def notes(self, root, part: str, kind: str) -> None:
        """Footnotes or endnotes, in the order the body refers to them, then any never referred to."""
        by_id = {}
        for note in root:
            if _local(note) != kind:
                continue
            if (note.get(self.q("type")) or "normal") != "normal":
                continue  # the separator lines Word keeps as notes -1 and 0
            by_id[note.get(self.q("id")) or ""] = note
        order = [i for i in dict.fromkeys(self.refs[kind]) if i in by_id]
        order += [i for i in by_id if i not in order]
        for number, note_id in enumerate(order, 1):
            before = len(self.paragraphs)
            self.blocks(by_id[note_id], part, f"{kind} {number}, ", body=False, commentable=False)
            # a note of one paragraph is "footnote 3"; of several, "footnote 3, paragraph 2"
            own = [para for para in self.paragraphs[before:] if para.regions[0][1] == f"{kind} {number}"]
            if len(own) > 1:
                for n, para in enumerate(own, 1):
                    para.regions[0] = (0, f"{kind} {number}, paragraph {n}")

    # -- paragraphs --------------------------------------------------------------------------------
    def paragraph(self, p, part: str, prefix: str, body: bool, lock: str | None, commentable: bool) -> None:
        pieces: list[Piece] = []
        boxes: list = []
        page_marks: list[int] = []
        state = _InlineState(pieces, boxes, page_marks, body and self.track_pages)
        start_page = self.page
        self.inline(p, state, lock)
        text = "".join(pc.text for pc in pieces)
        label = prefix[:-2] if prefix else f"paragraph {len(self.paragraphs) + 1}"
        regions = [(0, self._paged(label, start_page, body))]
        for offset in page_marks:
            self.page += 1
            if offset == 0:  # Word marks the page break at the start of the paragraph's first run
                regions[0] = (0, self._paged(label, self.page, body))
            else:
                regions.append((offset, self._paged(label, self.page, body)))
        self.paragraphs.append(Paragraph(part, p, text, pieces, regions, commentable))
        for box, box_lock in boxes:
            self.blocks(box, part, f"text box in {label}, ", False, lock or box_lock, None, commentable)

    def _paged(self, label: str, page: int, body: bool) -> str:
        return f"page {page}, {label}" if body and self.track_pages else label

    def inline(self, el, state: _InlineState, lock: str | None) -> None:
        """The text of a paragraph's content (runs, and what wraps runs), appended to ``state``."""
        for child in el:
            name = _local(child)
            ns = _ns(child)
            if ns == MC and name == "AlternateContent":
                choice = next((c for c in child if _local(c) == "Choice"), None)
                if choice is not None:
                    self.inline(choice, state, lock or _IN_ALTERNATE)
                continue
            if ns != self.w:
                continue
            if name == "r":
                self.run(child, state, lock)
            elif name in ("hyperlink", "smartTag", "customXml", "dir", "bdo"):
                self.inline(child, state, lock)
            elif name in ("ins", "moveTo"):
                self.inline(child, state, lock or _IN_REVISION)  # read, never rewritten
            elif name == "fldSimple":
                self.inline(child, state, lock or _IN_FIELD)  # the next field update rewrites it
            elif name == "sdt":
                content = child.find(self.q("sdtContent"))
                if content is not None:
                    self.inline(content, state, lock or self._locked(child))
            # w:del, w:moveFrom (deleted text), w:pPr, bookmarks, proofing marks, equations: no text

    def run(self, r, state: _InlineState, lock: str | None) -> None:
        for child in r:
            name = _local(child)
            ns = _ns(child)
            if ns == MC and name == "AlternateContent":
                choice = next((c for c in child if _local(c) == "Choice"), None)
                if choice is not None:
                    self._boxes(choice, state, _IN_ALTERNATE)
                continue
            if ns != self.w:
                continue
            if name == "fldChar":
                kind = child.get(self.q("fldCharType"))
                if kind == "begin":
                    self.fields.append("code")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if name in ("footnoteReference", "endnoteReference"):
                self.refs[name[:-len("Reference")]].append(child.get(self.q("id")) or "")
                continue
            if name in ("drawing", "pict", "object"):
                self._boxes(child, state, None)
                continue
            if name == "lastRenderedPageBreak" or (name == "br" and child.get(self.q("type")) == "page"):
                if state.body:
                    state.page_marks.append(state.length)
                if name == "lastRenderedPageBreak":
                    continue
            if "code" in self.fields:
                continue  # a field's instructions are not text
            why = lock or (_IN_FIELD if "result" in self.fields else None)
            if name == "t":
                state.add(child.text or "", child, r, why)
            elif name in ("tab", "ptab"):
                state.add("\t", None, r, _NOT_TEXT)
            elif name in ("br", "cr"):
                state.add(" ", None, r, _NOT_TEXT)
            elif name == "noBreakHyphen":
                state.add("\u2011", None, r, _NOT_TEXT)
            elif name == "sym":
                code = child.get(self.q("char")) or ""
                try:
                    state.add(chr(int(code, 16)), None, r, _NOT_TEXT)
                except ValueError:
                    pass

    def _boxes(self, el, state: _InlineState, lock: str | None) -> None:
        """Text boxes inside a drawing: their content, read after the paragraph (fallback copies skipped)."""
        stack = [el]
        while stack:
            node = stack.pop()
            for child in reversed(list(node)):
                if _ns(child) == MC and _local(child) == "Fallback":
                    continue
                if _ns(child) == self.w and _local(child) == "txbxContent":
                    # Word keeps a copy of a DrawingML box in VML (mc:Fallback): rewriting one would leave
                    # the other stale, so the text of such a box is read and never rewritten
                    state.boxes.append((child, lock))
                    continue
                stack.append(child)


class _InlineState:
    """What a paragraph's walk collects: its pieces, its text boxes, where new pages start."""

    def __init__(self, pieces: list[Piece], boxes: list, page_marks: list[int], body: bool) -> None:
        self.pieces = pieces
        self.boxes = boxes
        self.page_marks = page_marks
        self.body = body
        self.length = 0

    def add(self, text: str, node, run, lock: str | None) -> None:
        if not text:
            return
        self.pieces.append(Piece(self.length, text, node, run, lock))
        self.length += len(text)


_IN_REVISION = "it is in another reviser's tracked change (accept or reject that first)"
_IN_FIELD = "it is a field's result, which the next field update rewrites"
_IN_ALTERNATE = "it is in a text box Word keeps two copies of"
_NOT_TEXT = "a tab, line break or symbol lies inside it"


def serialize(root: etree._Element) -> bytes:
    """A part's XML as Word writes it: UTF-8, standalone declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

"""Write fixes into a Word .docx: as tracked changes a reviser accepts or rejects, or directly.

Each change replaces a span of a paragraph's text (offsets of the text
``termkit.text.docx`` reads). Tracked (the default): the runs holding the
old text are split where the span starts and ends – every piece keeps a copy
of its run's formatting (``w:rPr``) – and wrapped in ``w:del`` (their
``w:t`` become ``w:delText``); a ``w:ins`` with one run, formatted as the
first old one, follows with the new text. Both carry author ``termkit``,
the time, and a revision id unique in the document; a Word comment over the
change says which rule asked for it and why (in the body only: Word allows
no comments in headers and footers, and LibreOffice 7.4 cannot load a
document with a comment in a footnote). Direct: the first old run takes the new
text, the others go; nothing is tracked.

A span is rewritten only when that is safe (``refusal`` says why not):
inside one paragraph, made of ordinary text runs that share one parent, with
nothing but text, bookmarks and proofing marks between them – never another
reviser's tracked change, a field's result, a locked content control, a text
box Word keeps two copies of, or a footnote reference or drawing that would
go with the deleted text.

Only the parts that changed are rewritten; every other member of the package
is copied as it was, in the same order, with the same dates and attributes.
"""

from __future__ import annotations

import copy
import io
import os
import time
import zipfile
from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lxml import etree

from termkit._util.zipsafe import SafeZip
from termkit.fix.revisions import Change
from termkit.text.docx import DocxContent, Paragraph, Piece, load_docx, serialize

AUTHOR = "termkit"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: what a run inside a rewritten span may hold besides its text
_RUN_OK = {"rPr", "t", "lastRenderedPageBreak", "softHyphen", "proofErr"}
#: what may sit between the runs of a rewritten span (left in place)
_BETWEEN_OK = {"proofErr", "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd",
               "permStart", "permEnd"}
_COMMENTS_TYPE = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main":
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
    "http://purl.oclc.org/ooxml/wordprocessingml/main":
        "http://purl.oclc.org/ooxml/officeDocument/relationships/comments",
}
_COMMENTS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MODES = ("tracked", "direct")


def revision_date() -> str:
    """Now, as Word writes revision dates (UTC, no fraction); ``SOURCE_DATE_EPOCH`` fixes it for builds and tests."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = time.gmtime(int(epoch)) if epoch and epoch.isdigit() else time.gmtime()
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", when)


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class DocxEditor:
    """A .docx, read from its bytes, that fixes can be checked against and written into."""

    def __init__(self, path: str | Path, data: bytes) -> None:
        self.path = str(path)
        self.data = data
        self.content = load_docx(path, data)
        self.starts = self.content.line_starts()

    # -- where a change goes ---------------------------------------------------------------------
    def _place(self, content: DocxContent, start: int, end: int) -> tuple[Paragraph, int, int] | str:
        i = bisect_right(self.starts, start) - 1
        para = content.paragraphs[i]
        s, e = start - self.starts[i], end - self.starts[i]
        if e > len(para.text):
            return "it runs over the end of a paragraph"
        return para, s, e

    @staticmethod
    def _pieces(para: Paragraph, s: int, e: int) -> list[Piece]:
        return [p for p in para.pieces if p.start < e and p.start + len(p.text) > s]

    def refusal(self, start: int, end: int) -> str | None:
        """Why the original text [start, end) cannot be rewritten in the document (None: it can)."""
        placed = self._place(self.content, start, end)
        if isinstance(placed, str):
            return placed
        para, s, e = placed
        pieces = self._pieces(para, s, e)
        if not pieces:
            return "no text of the document is there"
        for p in pieces:
            if p.lock is not None:
                return p.lock
            if p.node is None or p.run is None:
                return "a tab, line break or symbol lies inside it"
        runs: list[Any] = list(dict.fromkeys(p.run for p in pieces if p.run is not None))
        parent: Any = runs[0].getparent()
        if any(r.getparent() is not parent for r in runs):
            return "it crosses the edge of a hyperlink or another element"
        first, last = pieces[0].node, pieces[-1].node
        inside = False
        for sibling in parent:
            if sibling is runs[0]:
                inside = True
            if not inside:
                continue
            name = _local(sibling)
            if name == "r":
                children = [c for c in sibling if _local(c) != "rPr"]
                if sibling is runs[0]:
                    children = children[children.index(first):]
                if sibling is runs[-1]:
                    children = children[:children.index(last) + 1]
                if any(_local(c) not in _RUN_OK for c in children):
                    return "a footnote reference, drawing or field lies inside it"
            elif name not in _BETWEEN_OK:
                return f"it crosses a <w:{name}> element"
            if sibling is runs[-1]:
                break
        return None

    # -- writing ---------------------------------------------------------------------------------
    def write(self, changes: Iterable[Change], mode: str = "tracked", comments: bool = True) -> bytes:
        """The package's bytes with every change written (tracked or direct); changes must have passed ``refusal``."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        content = load_docx(self.path, self.data)  # a fresh tree: self.content stays as read
        writer = _Writer(content, mode, comments)
        by_paragraph: dict[int, list[tuple[int, int, Change]]] = {}
        for change in changes:
            placed = self._place(content, change.start, change.end)
            if isinstance(placed, str):  # pragma: no cover - refused while planning
                raise ValueError(f"change at {change.start}: {placed}")
            para, s, e = placed
            by_paragraph.setdefault(id(para), []).append((s, e, change))
        for para in content.paragraphs:
            # from the paragraph's end backwards: the offsets of the changes still to come stay valid
            for s, e, change in sorted(by_paragraph.get(id(para), []), key=lambda t: -t[0]):
                writer.replace(para, s, e, change)
        return writer.package(self.data)


class _Writer:
    def __init__(self, content: DocxContent, mode: str, comments: bool) -> None:
        self.content = content
        self.w = content.w
        self.mode = mode
        self.comments = comments
        self.date = revision_date()
        # revision and comment ids are unique in the document: start above every id any part uses
        self.next_id = 1 + max((int(v) for root in content.parts.values() for el in root.iter()
                                for name, v in el.attrib.items()
                                if str(name).endswith("}id") and str(v).lstrip("-").isdigit()), default=0)
        self.changed: set[str] = set()
        self.comment_part: str | None = next((target for kind, target in content.rels.values()
                                              if kind.endswith("/comments")), None)
        self.new_comments = False

    def q(self, name: str) -> str:
        return f"{{{self.w}}}{name}"

    def new_id(self) -> str:
        n = self.next_id
        self.next_id += 1
        return str(n)

    def replace(self, para: Paragraph, s: int, e: int, change: Change) -> None:
        pieces = DocxEditor._pieces(para, s, e)
        first_piece, last_piece = pieces[0], pieces[-1]
        if first_piece.node is None or last_piece.node is None:  # pragma: no cover - refusal() says so first
            raise ValueError("a change must start and end in text")
        # split where the span ends, then where it starts (the nodes before stay where they were)
        last = last_piece.node
        cut = e - last_piece.start
        if cut < len(last.text or ""):
            self._split_text(last, cut)
        self._split_run_after(last)
        first = first_piece.node
        cut = s - first_piece.start
        if cut > 0:
            tail = self._split_text(first, cut)
            if first is last:
                last = tail
            self._split_run_after(first)
            first = tail
        else:
            self._split_run_before(first)
        first_run: Any = first.getparent()
        last_run: Any = last.getparent()
        parent: Any = first_run.getparent()
        span: list[Any] = []
        inside = False
        for sibling in list(parent):
            if sibling is first_run:
                inside = True
            if inside:
                span.append(sibling)
            if sibling is last_run:
                break
        if self.mode == "direct":
            self._direct(span, change.replacement)
        else:
            self._tracked(parent, span, change, para.commentable)
        self.changed.add(para.part)

    # -- splitting -------------------------------------------------------------------------------
    def _new_t(self, text: str, tag: str = "t") -> etree._Element:
        t = etree.Element(self.q(tag))
        t.text = text
        if text != text.strip() or "  " in text:
            t.set(XML_SPACE, "preserve")
        return t

    def _split_text(self, node: etree._Element, cut: int) -> etree._Element:
        """Split a ``w:t`` at ``cut``: it keeps the head, a new ``w:t`` right after it holds the tail."""
        text = node.text or ""
        node.text = text[:cut]
        if node.text != node.text.strip():
            node.set(XML_SPACE, "preserve")
        tail = self._new_t(text[cut:])
        node.addnext(tail)
        return tail

    def _split_run_after(self, node: Any) -> None:
        """Move what follows ``node`` in its run into a new run after it, with a copy of the formatting."""
        run: Any = node.getparent()
        rest = list(node.itersiblings())
        if not rest:
            return
        twin = etree.Element(run.tag, attrib=dict(run.attrib))
        rpr = run.find(self.q("rPr"))
        if rpr is not None:
            twin.append(copy.deepcopy(rpr))
        for child in rest:
            twin.append(child)  # lxml moves the element
        run.addnext(twin)

    def _split_run_before(self, node: Any) -> None:
        before = [c for c in node.itersiblings(preceding=True) if _local(c) != "rPr"]
        if before:
            self._split_run_after(node.getprevious())

    # -- rewriting -------------------------------------------------------------------------------
    def _direct(self, span: list[Any], replacement: str) -> None:
        runs: list[Any] = [el for el in span if _local(el) == "r"]
        head = runs[0]
        texts = [c for c in head if _local(c) == "t"]
        texts[0].text = replacement
        if replacement != replacement.strip():
            texts[0].set(XML_SPACE, "preserve")
        for t in texts[1:]:
            head.remove(t)
        for run in runs[1:]:
            run.getparent().remove(run)

    def _tracked(self, parent: Any, span: list[Any], change: Change, commentable: bool) -> None:
        runs = [el for el in span if _local(el) == "r"]
        rpr = runs[0].find(self.q("rPr"))
        # consecutive runs go into one w:del; bookmarks and proofing marks between them stay outside
        deletions: list[etree._Element] = []
        group: etree._Element | None = None
        for el in span:
            if _local(el) != "r":
                group = None
                continue
            for t in el:
                if _local(t) == "t":
                    t.tag = self.q("delText")
            if group is None:
                group = etree.Element(self.q("del"), {self.q("id"): self.new_id(), self.q("author"): AUTHOR,
                                                      self.q("date"): self.date})
                el.addprevious(group)
                deletions.append(group)
            group.append(el)
        insertion = etree.Element(self.q("ins"), {self.q("id"): self.new_id(), self.q("author"): AUTHOR,
                                                  self.q("date"): self.date})
        run = etree.SubElement(insertion, self.q("r"))
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        run.append(self._new_t(change.replacement))
        deletions[-1].addnext(insertion)
        if self.comments and commentable:
            cid = self.new_id()
            deletions[0].addprevious(etree.Element(self.q("commentRangeStart"), {self.q("id"): cid}))
            end = etree.Element(self.q("commentRangeEnd"), {self.q("id"): cid})
            insertion.addnext(end)
            ref_run = etree.Element(self.q("r"))
            etree.SubElement(ref_run, self.q("commentReference"), {self.q("id"): cid})
            end.addnext(ref_run)
            self._comment(cid, change)

    def _comment(self, cid: str, change: Change) -> None:
        if self.comment_part is None:
            name = "word/comments.xml"
            n = 1
            while name in self.content.parts or name in self.content.members:
                n += 1
                name = f"word/comments{n}.xml"
            self.comment_part = name
            self.content.parts[name] = etree.Element(self.q("comments"), nsmap={"w": self.w})
            self.new_comments = True
        root = self.content.parts[self.comment_part]
        comment = etree.SubElement(root, self.q("comment"), {self.q("id"): cid, self.q("author"): AUTHOR,
                                                           self.q("date"): self.date, self.q("initials"): "tk"})
        seen = []
        for edit in change.edits:
            line = f"termkit [{edit.rule}] {edit.message}" if edit.message else \
                f"termkit [{edit.rule}] '{edit.text}' → '{edit.replacement}'"
            if line not in seen:
                seen.append(line)
        for line in seen:
            p = etree.SubElement(comment, self.q("p"))
            etree.SubElement(p, self.q("r")).append(self._new_t(line))
        self.changed.add(self.comment_part)

    # -- the package -----------------------------------------------------------------------------
    def package(self, data: bytes) -> bytes:
        """The zip with the changed parts rewritten and every other member as it was."""
        replaced = {name: serialize(self.content.parts[name]) for name in self.changed}
        added: dict[str, bytes] = {}
        with SafeZip(self.content.path, data) as zf:
            if self.new_comments and self.comment_part is not None:
                added[self.comment_part] = replaced.pop(self.comment_part)
                rels_name = _rels_name(self.content.main)
                replaced[rels_name] = self._add_relationship(zf.read(rels_name) if zf.has(rels_name) else None)
                replaced["[Content_Types].xml"] = self._add_override(zf.read("[Content_Types].xml"))
                if not zf.has(rels_name):
                    added[rels_name] = replaced.pop(rels_name)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for name in zf.names():
                    info = zf.info(name)
                    entry = zipfile.ZipInfo(name, info.date_time)
                    entry.compress_type = info.compress_type
                    entry.external_attr = info.external_attr
                    entry.create_system = info.create_system
                    target.writestr(entry, replaced[name] if name in replaced else zf.read(name))
                for name, blob in added.items():
                    entry = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    target.writestr(entry, blob)
        return out.getvalue()

    def _add_relationship(self, rels: bytes | None) -> bytes:
        from termkit._util import xmlsafe

        nsmap: Any = {None: _PKG_RELS}
        root = (xmlsafe.parse(rels, self.content.path) if rels is not None
                else etree.Element(f"{{{_PKG_RELS}}}Relationships", nsmap=nsmap))
        ids = {r.get("Id") for r in root}
        n = 1
        while f"rId{n}" in ids or f"termkitComments{n}" in ids:
            n += 1
        target = posix_relative(self.comment_part or "", self.content.main)
        etree.SubElement(root, f"{{{_PKG_RELS}}}Relationship",
                         {"Id": f"termkitComments{n}", "Type": _COMMENTS_TYPE.get(self.w, _COMMENTS_TYPE[
                             "http://schemas.openxmlformats.org/wordprocessingml/2006/main"]), "Target": target})
        return serialize(root)

    def _add_override(self, types: bytes) -> bytes:
        from termkit._util import xmlsafe

        root = xmlsafe.parse(types, f"{self.content.path}:[Content_Types].xml")
        etree.SubElement(root, f"{{{_CT}}}Override",
                         {"PartName": "/" + (self.comment_part or ""), "ContentType": _COMMENTS_CONTENT_TYPE})
        return serialize(root)


def _rels_name(part: str) -> str:
    folder, name = part.rsplit("/", 1) if "/" in part else ("", part)
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def posix_relative(target: str, source: str) -> str:
    """``target`` (a part name) relative to the folder of the part ``source``."""
    import posixpath

    return posixpath.relpath(target, posixpath.dirname(source) or ".")

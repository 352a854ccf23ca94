"""Read PDF files with pdfium (pypdfium2): the text layer, a PDF text line per line, with page and line.

Why pdfium: on Chinese UN documents it returned every character (pdfminer.six
gave Kangxi radicals for 8 % of them in Chromium-made PDFs), kept the reading
order of two-column pages, and was 20 times faster (the README's dependency
table has the figures). The PDF's bytes are read with ``read_bytes`` and
handed to pdfium, which never touches the network or other files.

What is read: each page's text in the order the PDF draws it (for UN
documents, and for what Word, LibreOffice and browsers print, the reading
order: column by column), one line of text per line. Left out: running
headers and footers – a line at the top or bottom of the page that recurs on
other pages at the same height (digits aside: "UNEP/CHW.14/1", "3"), and a
page number alone – so that a term broken across a page break is still one
term. Line breaks inside a paragraph stay: the normalizer joins a term that a
line break splits, as it does for text extracted from PDFs. Where the page
leaves a gap of a line or more between two lines of a column, the text has a
blank line, as a plain-text copy of the page would. Characters that
some PDF producers write as Kangxi or CJK-supplement radicals (``⽅`` for
``方``) are matched as the ideograph the font draws (``termkit.text.radicals``)
and reported as written.

A page without a text layer (a scan: no characters, an image) is named in a
note; a PDF none of whose pages has text is an input error: OCR it first.

Positions: line n of the text is the n-th line read; its region says
"page 3, line 12" (lines of the page's text, headers and footers not
counted), or "page 3, column 2, line 5" on a page set in two columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from termkit.errors import InputError
from termkit.text.document import Document, read_bytes
from termkit.text.positions import PositionMap

#: how close (in points) two lines' heights must be to count as the same running header or footer
SAME_HEIGHT = 3.0
#: furniture lies in the top or bottom this share of the page
MARGIN_SHARE = 0.12
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^[\s\-–—(\[]*\d{1,4}[\s\-–—)\]]*$|^\d{1,4}\s*/\s*\d{1,4}$")
#: what pdfium writes for a hyphen it considers soft, and other invisible controls
_DROP = dict.fromkeys(map(ord, "\x00\x02\ufffe\ufeff"))


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    left: float
    right: float


@dataclass
class _Page:
    lines: list[_Line]
    #: image objects on a page without text (a scanned page)
    images: int
    height: float


def read_pdf(path: str | Path, encoding: str | None = None) -> Document:
    """The text layer of a PDF, a line per line, with page (and column) and line as each line's region."""
    path_s = str(path)
    data = read_bytes(path, binary_ok=True)
    if not data.lstrip()[:5] == b"%PDF-" and b"%PDF-" not in data[:1024]:
        raise InputError("not a PDF file (no %PDF- header)", path_s)
    pages, notes = extract_pages(data, path_s)
    if not any(page.lines for page in pages):
        scanned = sum(1 for page in pages if page.images)
        if scanned:
            raise InputError(f"no text layer: {'the page is' if len(pages) == 1 else 'its pages are'} images "
                             f"(a scan?); run OCR on it first", path_s)
        raise InputError("no text in this PDF", path_s)
    furniture = running_furniture(pages)
    texts: list[str] = []
    regions: list[str | None] = []
    for number, (page, drop) in enumerate(zip(pages, furniture), 1):
        body = [ln for i, ln in enumerate(page.lines) if i not in drop and ln.text.strip()]
        columns = _columns(body)
        counts = {1: 0, 2: 0}
        previous: _Line | None = None
        for ln, col in zip(body, columns):
            if previous is not None and _gap_between(previous, ln):
                texts.append("")
                regions.append(None)
            previous = ln
            counts[col] += 1
            texts.append(ln.text)
            where = f"page {number}, column {col}, line {counts[col]}" if max(columns, default=1) == 2 \
                else f"page {number}, line {counts[col]}"
            regions.append(where)
    text = "\n".join(texts)
    return Document(path_s, text, "utf-8", b"", "pdf", PositionMap.by_line(text, regions), tuple(notes))


def extract_pages(data: bytes, path: str) -> tuple[list[_Page], list[str]]:
    """Every page's lines (text and box), or the images on it when it has no text; and notes."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise InputError("a password-protected PDF: remove the password to check it", path) from None
        raise InputError(f"not a readable PDF ({reason.rstrip('.')})", path) from None
    pages: list[_Page] = []
    notes: list[str] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                count = textpage.count_chars()
                if count == 0:
                    images = sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4))
                    if images:
                        notes.append(f"page {index + 1} has no text layer (an image: a scan?); it was not checked")
                    pages.append(_Page([], images, page.get_height()))
                    continue
                pages.append(_Page(_lines(textpage, count), 0, page.get_height()))
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()
    return pages, notes


def _lines(textpage, count: int) -> list[_Line]:
    """A page's text lines with their boxes (pdfium ends each line with a generated CR LF)."""
    text = textpage.get_text_range(0, count)
    out = []
    unit = 0  # pdfium indexes characters in UTF-16 code units
    for raw_line in text.split("\r\n"):
        units = len(raw_line.encode("utf-16-le")) // 2
        line = raw_line.translate(_DROP).replace("\r", " ").replace("\n", " ")
        if line.strip():
            first = unit + (len(raw_line[:len(raw_line) - len(raw_line.lstrip())].encode("utf-16-le")) // 2)
            last = unit + units - 1 - (len(raw_line[len(raw_line.rstrip()):].encode("utf-16-le")) // 2)
            left, bottom, _, top = textpage.get_charbox(first, loose=True)
            _, _, right, _ = textpage.get_charbox(max(first, last), loose=True)
            out.append(_Line(line, top, bottom, left, right))
        elif out or line:
            out.append(_Line(line, 0.0, 0.0, 0.0, 0.0))
        unit += units + 2
    while out and not out[-1].text.strip():
        out.pop()
    return out


def running_furniture(pages: list[_Page]) -> list[set[int]]:
    """For each page, the indexes of its running header and footer lines.

    A line is furniture when it sits among the page's top or bottom three
    lines, in the top or bottom ``MARGIN_SHARE`` of the page, and either is a
    page number alone or, digits aside, recurs on another page at the same height.
    """
    seen: dict[str, list[tuple[int, float]]] = {}
    candidates: list[list[tuple[int, str, float]]] = []
    for number, page in enumerate(pages):
        top_of_page = page.height or 1.0
        marked = [(i, ln) for i, ln in enumerate(page.lines) if ln.text.strip()]
        by_height = sorted(marked, key=lambda item: -item[1].top)
        edge = {i for i, _ in by_height[:3] + by_height[-3:]}
        found = []
        for i, ln in marked:
            in_margin = ln.top > top_of_page * (1 - MARGIN_SHARE) or ln.bottom < top_of_page * MARGIN_SHARE
            if i in edge and in_margin:
                key = _DIGITS.sub("#", " ".join(ln.text.split()))
                found.append((i, key, ln.top))
                seen.setdefault(key, []).append((number, ln.top))
        candidates.append(found)
    out = []
    for number, found in enumerate(candidates):
        drop = set()
        for i, key, top in found:
            if _PAGE_NUMBER.match(pages[number].lines[i].text.strip()):
                drop.add(i)
            elif any(other != number and abs(t - top) <= SAME_HEIGHT for other, t in seen[key]):
                drop.add(i)
        out.append(drop)
    return out


def _gap_between(above: _Line, below: _Line) -> bool:
    """The page leaves at least a line's height empty between two consecutive lines of one column."""
    height = above.top - above.bottom
    return height > 0 and above.bottom - below.top >= height and abs(above.left - below.left) < 8 * height


def _columns(lines: list[_Line]) -> list[int]:
    """1 or 2 for each line: 2 for the right column of a page set in two columns."""
    if not lines:
        return []
    left_edge = min(ln.left for ln in lines if ln.text.strip()) if any(ln.text.strip() for ln in lines) else 0.0
    right_edge = max(ln.right for ln in lines)
    middle = (left_edge + right_edge) / 2
    right = [ln.left >= middle - 2 for ln in lines]
    left_only = sum(1 for ln in lines if ln.text.strip() and ln.right <= middle + 2)
    # two columns: a fair share of the lines on each side of the middle (a header block on the right of
    # page 1, or a few short lines, is not a column)
    share = max(3, len(lines) // 5)
    if sum(right) < share or left_only < share:
        return [1] * len(lines)
    columns: list[int] = []
    for ln, is_right in zip(lines, right):
        if not ln.text.strip():
            columns.append(columns[-1] if columns else 1)
        else:
            columns.append(2 if is_right else 1)
    return columns

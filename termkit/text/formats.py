"""The document formats termkit reads, registered by extension in this one place.

Each format is a reader that turns a file into a ``Document``: the text the
rules see and, for everything but plain text, a position map back to the file
(``termkit.text.positions``). Every rule, reporter, baseline and suppression
works on that text, whatever the format. Bilingual files (XLIFF, TMX…) have
their own registry in ``termkit.text.bitext.read``.

A reader is imported when a file of its format is read, so a plain-text run
never imports pypdfium2. The last few extracted documents are kept (by path,
size and modification time), because reporters read a document again after
the check: a 200-page PDF is extracted once per process, not twice.
"""

from __future__ import annotations

import importlib
import os
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from termkit.errors import InputError
from termkit.text.document import TEXT_SUFFIXES, Document, read_text_document


@dataclass(frozen=True)
class Format:
    """A document format: its name, its extensions and the reader (``module:function``) that reads it."""

    name: str
    suffixes: tuple[str, ...]
    reader: str
    #: read as bytes, never decoded as text (a zip container, a PDF)
    binary: bool
    #: what the user calls it, for messages
    label: str
    #: `termkit check --fix` can write fixes into it
    fixable: bool = False

    def read(self, path: str | Path, encoding: str | None = None) -> Document:
        module, _, function = self.reader.partition(":")
        read: Callable[[str | Path, str | None], Document] = getattr(importlib.import_module(module), function)
        return read(path, encoding)


FORMATS: tuple[Format, ...] = (
    Format("text", TEXT_SUFFIXES, "termkit.text.formats:read_plain", False, "text", fixable=True),
    Format("docx", (".docx", ".docm"), "termkit.text.docx:read_docx", True, "Word", fixable=True),
    Format("odt", (".odt", ".fodt"), "termkit.text.odt:read_odt", True, "OpenDocument text"),
    Format("pdf", (".pdf",), "termkit.text.pdf:read_pdf", True, "PDF"),
    Format("html", (".html", ".htm", ".xhtml"), "termkit.text.htmltext:read_html", False, "HTML"),
)

#: every extension a directory walk picks up
DOCUMENT_SUFFIXES: tuple[str, ...] = tuple(s for f in FORMATS for s in f.suffixes)
#: extensions whose files are not text (a directory walk must not skip them as binary)
BINARY_SUFFIXES: tuple[str, ...] = tuple(s for f in FORMATS if f.binary for s in f.suffixes)

#: formats of the Word family that termkit does not read, and what to do instead: never "checked" as text
CONVERT = {
    ".doc": "a Word 97-2003 document: save it as .docx (or: soffice --headless --convert-to docx FILE)",
    ".rtf": "an RTF document: save it as .docx (or: soffice --headless --convert-to docx FILE)",
    ".wps": "a Works or WPS document: save it as .docx",
}

_CACHE: OrderedDict[tuple[str, str | None, int, int], Document] = OrderedDict()
_CACHE_SIZE = 4


def format_of(path: str | Path) -> Format | None:
    """The format a file's extension names (None: not one of ours; it is then read as plain text)."""
    name = str(path).lower()
    for fmt in FORMATS:
        if name.endswith(fmt.suffixes):
            return fmt
    return None


def read_source(path: str | Path, encoding: str | None = None) -> Document:
    """The document of a file, read by the reader its extension names (plain text for the rest)."""
    fmt = format_of(path)
    suffix = Path(path).suffix.lower()
    if fmt is None and suffix in CONVERT:
        raise InputError(CONVERT[suffix], str(path))
    if fmt is None or fmt.name == "text":
        return read_plain(path, encoding)
    try:
        st = os.stat(path)
    except OSError:
        return fmt.read(path, encoding)  # the reader names the problem
    key = (str(path), encoding, st.st_size, st.st_mtime_ns)
    doc = _CACHE.get(key)
    if doc is None:
        doc = fmt.read(path, encoding)
        _CACHE[key] = doc
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return doc


_XML_DECL = re.compile(r"^\ufeff?\s*<\?xml[\s?]")
_ROOT = re.compile(r"<(?![?!])([\w.:-]+)")


def read_plain(path: str | Path, encoding: str | None = None) -> Document:
    """A plain-text document; a file that is XML (it opens with an XML declaration) is refused.

    An XML file read as Chinese text would be "checked" markup and all: a
    bilingual file under another name, or a format termkit does not know,
    must never pass as a clean document.
    """
    doc = read_text_document(path, encoding)
    if _XML_DECL.match(doc.text[:200]) or (str(path).lower().endswith(".xml") and doc.text.lstrip("\ufeff \r\n\t")
                                          .startswith("<")):
        raise InputError(xml_refusal(doc.text), str(path), 1, 1)
    return doc


def xml_refusal(text: str) -> str:
    """Why an XML file is not read as a document, naming its root element and what to do."""
    m = _ROOT.search(text, text.find("?>") + 2 if "?>" in text[:500] else 0)
    root = m.group(1) if m else "?"
    local = root.rsplit(":", 1)[-1]
    if local == "xliff":
        hint = "an XLIFF file: name it .xlf (or .sdlxliff, .mqxliff) to check it as a bilingual file"
    elif local == "tmx":
        hint = "a TMX file: name it .tmx to check it as a bilingual file"
    elif local in ("html", "xhtml"):
        hint = "an XHTML page: name it .xhtml or .html"
    else:
        hint = "not a document format termkit reads"
    return f"XML file (root element <{root}>): {hint}"

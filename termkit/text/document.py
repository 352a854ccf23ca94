"""Read documents: find the files under the given paths and decode them faithfully.

Real Chinese documents arrive as UTF-8 (with or without BOM), UTF-16 with a
BOM, or GB18030/GBK. Decoding remembers the encoding and BOM so a fix can
write the file back the way it came. Word, OpenDocument, PDF and HTML files
are read by their readers (``termkit.text.formats``, by extension) into the
same ``Document``: the text the rules see, and a position map back to the file.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from termkit.errors import InputError
from termkit.text.lines import byte_position
from termkit.text.positions import PositionMap

#: extensions of plain-text documents (the other formats' are in ``termkit.text.formats``)
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".rst")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Document:
    """A document as the check sees it.

    For a plain-text file, ``text`` is the decoded file. For a file read by a
    format's reader (Word, OpenDocument, PDF, HTML), it is the extracted text,
    ``format`` names the reader and ``positions`` maps the text back to the
    file (a region per line: a page and line, a table cell, a footnote);
    ``notes`` are what the reader has to tell (pages without a text layer…).
    """

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    #: the reader that made it: "text", or a format name of ``termkit.text.formats`` ("docx", "pdf"…)
    format: str = "text"
    positions: PositionMap | None = None
    notes: tuple[str, ...] = ()

    @property
    def folds_radicals(self) -> bool:
        """Text from a PDF may name ideographs by radicals (``text.radicals``): match them as the ideographs."""
        return self.format == "pdf"


def sniff_encoding(data: bytes) -> tuple[str, bytes] | None:
    """The encoding named by a byte-order mark, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, bom
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes in a file without a UTF-16/32 BOM mean it is not text."""
    return b"\x00" in data[:8192] and sniff_encoding(data) is None


def decode(data: bytes, path: str, encoding: str | None = None) -> Document:
    """Decode bytes: a byte-order mark wins, then the given encoding, else UTF-8, else GB18030."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding '{encoding}'", path) from None
    sniffed = sniff_encoding(data)
    if sniffed:
        name, bom = sniffed
        try:
            return Document(path, data[len(bom):].decode(name), name, bom)
        except UnicodeDecodeError as exc:
            line, col = byte_position(data[len(bom):], exc.start, name)
            raise InputError(f"invalid {name} after its byte-order mark", path, line, col) from None
    if encoding:
        try:
            return Document(path, data.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            line, col = byte_position(data, exc.start, encoding)
            raise InputError(f"cannot decode as {encoding}: {exc.reason}", path, line, col) from None
    try:
        return Document(path, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return Document(path, data.decode("gb18030"), "gb18030")
        except UnicodeDecodeError:
            line, col = byte_position(data, utf8_error.start)
            raise InputError("not valid UTF-8 or GB18030 text (name the encoding with --encoding)",
                             path, line, col) from None


def read_bytes(path: str | Path, what: str = "text", *, binary: bool = False) -> bytes:
    """A file's bytes; a missing, unreadable or (unless ``binary``) binary file is an InputError naming it."""
    path_s = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path_s) from None
    except IsADirectoryError:
        raise InputError("is a directory", path_s) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path_s) from None
    if not binary and looks_binary(data):
        raise InputError(f"binary file, not {what}", path_s)
    return data


def read_document(path: str | Path, encoding: str | None = None) -> Document:
    """A document by its extension: plain text decoded, other formats through their reader (``text.formats``)."""
    from termkit.text.formats import read_source

    return read_source(path, encoding)


def read_text_document(path: str | Path, encoding: str | None = None) -> Document:
    """A plain-text document: the file decoded (BOM, ``encoding``, UTF-8, GB18030)."""
    return decode(read_bytes(path), str(path), encoding)


def given_document(path: str, content: str | bytes, encoding: str | None = None) -> tuple[Document, bytes]:
    """A document given by its content instead of a file (e.g. standard input), and the bytes it stands for.

    Bytes are decoded as a file's would be (refused when binary; a byte-order
    mark, else ``encoding``, else UTF-8, else GB18030); a string is taken as it
    is, standing for its UTF-8 bytes. ``path`` is the name the document goes by.
    """
    if isinstance(content, str):
        return Document(path, content), content.encode("utf-8", "surrogatepass")
    data = bytes(content)
    if looks_binary(data):
        raise InputError("binary data, not text", path)
    return decode(data, path, encoding), data


def collect_files(paths: Iterable[str | Path], suffixes: tuple[str, ...] | None = None
                  ) -> tuple[list[str], list[str]]:
    """Files to check and notes about what was passed over.

    A path named on the command line is always checked (and must exist); a
    directory contributes its documents by extension (default: every format
    termkit reads, ``text.formats.DOCUMENT_SUFFIXES``), skipping hidden
    entries, Office lock files and binary files that should be text, with a
    note. Paths are returned sorted so output is the same on every run and machine.
    """
    from termkit.text.formats import BINARY_SUFFIXES, DOCUMENT_SUFFIXES

    if suffixes is None:
        suffixes = DOCUMENT_SUFFIXES
    files: list[str] = []
    notes: list[str] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = []
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    if name.startswith((".", "~$")) or not name.lower().endswith(suffixes):
                        continue  # hidden files, and the lock files Word keeps beside an open document
                    full = Path(root) / name
                    if name.lower().endswith(BINARY_SUFFIXES):
                        found.append(str(full))
                        continue
                    try:
                        with open(full, "rb") as fh:
                            head = fh.read(8192)
                    except OSError as exc:
                        notes.append(f"{full}: skipped, cannot read ({exc.strerror})")
                        continue
                    if looks_binary(head):
                        notes.append(f"{full}: skipped, binary file")
                        continue
                    found.append(str(full))
            if not found:
                raise InputError(f"no documents ({', '.join(suffixes)}) in directory", str(p))
            files.extend(sorted(found))
        elif p.exists():
            files.append(str(p))
        else:
            raise InputError("no such file or directory", str(p))
    # the first occurrence of each file, in order
    return list(dict.fromkeys(files)), notes

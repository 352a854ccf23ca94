"""Whether a path is a bilingual file: by its extension, and for ``.xml`` by its root element.

Apart from the readers (``read.py``), so that a check of Chinese documents,
which asks this of every path, imports none of them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from termkit._util.fsread import open_regular
from termkit.errors import InputError

#: extensions read as bilingual files when named on the command line
BITEXT_SUFFIXES = (".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".tmx", ".tsv")
_ROOT = re.compile(rb"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")


def xml_root(path: str | Path) -> str | None:
    """The local name of an XML file's root element, from its first few kilobytes (None: not found)."""
    try:  # a regular file only: a FIFO named .xml would block (``_util.fsread``)
        fd = open_regular(path, "XML")
    except InputError:
        return None
    try:
        head = os.read(fd, 8192)
    except OSError:
        return None
    finally:
        os.close(fd)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        head = head.replace(b"\x00", b"")
    pos = 0
    while True:  # past the declaration, comments, processing instructions and the doctype
        m = _ROOT.search(head, pos)
        if m is None:
            return None
        before = head[:m.start()]
        if before.count(b"<!--") > before.count(b"-->"):
            pos = m.end()
            continue
        return m.group(1).decode("ascii", "replace")


def is_bitext_path(path: str | Path) -> bool:
    """A bilingual file by its extension; an ``.xml`` file when its root is <xliff> or <tmx>."""
    name = str(path).lower()
    if name.endswith(BITEXT_SUFFIXES):
        return True
    return name.endswith(".xml") and xml_root(path) in ("xliff", "tmx")

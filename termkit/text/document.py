"""Read documents: find text files under the given paths, read them safely and decode them faithfully.

The one reader of the package (``read_bytes``) and the one place encodings are
decided (``decode``):

- only regular files are read: a FIFO, a device or a socket is refused
  without being opened (``_util.fsread``), and no file larger than
  ``MAX_FILE_SIZE`` is read;
- a byte-order mark wins; then the encoding the user named (``--encoding``),
  with which NUL bytes are fine for UTF-16 and UTF-32; then, with no named
  encoding, NUL bytes mean a binary file; then UTF-8; then the legacy Chinese
  encodings, GB18030 and Big5, told apart by how Chinese each decoding reads
  (``legacy_score``: adjacent characters that form words, and common
  characters). A text that could be either, or that reads as neither
  (Japanese or Korean in a legacy encoding), is refused with a request to
  name the encoding; a short text that won over another valid decoding on its
  characters alone is marked ``guessed``, named in a note, and never fixed;
- a directory walk reads regular files with a text extension, does not
  follow a symbolic link out of the tree it walks, and says in a note what it
  passed over and why (binary, not a regular file, unreadable, a link out of
  the tree, a temporary file left by an interrupted run).

Decoding remembers the encoding and BOM so a fix can write the file back the
way it came. Word, OpenDocument, PDF and HTML files are read by their readers
(``termkit.text.formats``, by extension) into the same ``Document``: the text
the rules see, and a position map back to the file.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from termkit._util.fsread import MAX_FILE_SIZE, kind_of, open_regular, read_regular
from termkit._util.lazyre import lazy_compile
from termkit.errors import InputError
from termkit.text.lines import byte_position
from termkit.text.positions import PositionMap

__all__ = ["MAX_FILE_SIZE", "TEXT_SUFFIXES", "Document", "collect_files", "decode", "given_document",
           "looks_binary", "read_bytes", "read_document", "read_text_document", "sniff_encoding"]

#: extensions of plain-text documents (the other formats' are in ``termkit.text.formats``)
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".rst")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: the legacy encodings a Chinese document comes in, tried after UTF-8: (codec, name shown)
LEGACY = (("gb18030", "GB18030"), ("cp950", "Big5"))
#: a legacy decoding with at least MIN_PAIRS pairs of adjacent Chinese characters reads as Chinese when this
#: share of them occur in words of the word list: real text has about half, a wrong decoding none at all
MIN_PAIRS = 8
MIN_PAIR_SHARE = 0.05
#: a shorter one, when this share of its characters are common Chinese ones (real text: 0.95 and more;
#: a wrong decoding: under 0.5)...
MIN_SCORE = 0.8
#: ... and when it has at least this many characters; with fewer, there is no telling
MIN_SCORED = 4
#: characters of a legacy decoding scored (the start of the document is enough to tell)
_SAMPLE = 65536
#: the stale temporary files of an interrupted write (``_util.atomic``)
_TEMP_RE = re.compile(r"^\..+\.termkit-tmp$")


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
    #: the encoding was told from the text, against another that also decoded it: checked, never fixed
    guessed: bool = False

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


def _nul_is_text(encoding: str | None) -> bool:
    """Whether NUL bytes are part of text in this named encoding (UTF-16 and UTF-32 without a BOM)."""
    if not encoding:
        return False
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("utf-16", "utf-32"))


def _lookup(encoding: str | None, path: str) -> None:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding '{encoding}'", path) from None


def decode(data: bytes, path: str, encoding: str | None = None) -> Document:
    """Decode bytes: a byte-order mark wins, then the given encoding, else UTF-8, else GB18030 or Big5.

    Raises InputError for a binary file (NUL bytes, unless the named encoding is
    UTF-16 or UTF-32), for bytes the encoding cannot decode (with the line and
    column, in characters), and for legacy text whose encoding cannot be told.
    """
    _lookup(encoding, path)
    sniffed = sniff_encoding(data)
    if sniffed:
        name, bom = sniffed
        try:
            return Document(path, data[len(bom):].decode(name), name, bom)
        except UnicodeDecodeError as exc:
            line, col = byte_position(data[len(bom):], exc.start, name)
            raise InputError(f"invalid {name} after its byte-order mark", path, line, col) from None
    if looks_binary(data) and not _nul_is_text(encoding):
        raise InputError("binary file, not text", path)
    if encoding:
        try:
            return Document(path, data.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            line, col = byte_position(data, exc.start, encoding)
            raise InputError(f"cannot decode as {encoding}: {exc.reason}", path, line, col) from None
    try:
        return Document(path, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        return _decode_legacy(data, path, utf8_error)


def _decode_legacy(data: bytes, path: str, utf8_error: UnicodeDecodeError) -> Document:
    """GB18030 or Big5, whichever reads as Chinese; InputError when neither does or both could."""
    decoded: dict[str, str] = {}
    # where decoding failed, in the encoding that got furthest: the likeliest place of the damage
    furthest = (utf8_error.start, "utf-8")
    for codec, _ in LEGACY:
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError as exc:
            furthest = max(furthest, (exc.start, codec))
    names = dict(LEGACY)
    if not decoded:
        line, col = byte_position(data, *furthest)
        raise InputError("not valid UTF-8, GB18030 or Big5 text (name the encoding with --encoding)",
                         path, line, col)
    scores = {codec: legacy_score(text[:_SAMPLE]) for codec, text in decoded.items()}
    verdicts = {codec: _reads_as_chinese(score) for codec, score in scores.items()}
    chinese = [codec for codec, verdict in verdicts.items() if verdict is True]
    tried = " or ".join(names[c] for c in decoded)
    if len(chinese) == 1 and (len(decoded) == 1 or None not in verdicts.values()):
        best = chinese[0]
        # the only decoding, or one whose adjacent characters form words while the other's do not: no
        # guess; a short text decided on single characters against another decoding: a guess that could
        # be wrong, checked but never fixed
        certain = len(decoded) == 1 or scores[best][3] >= MIN_PAIRS
        return Document(path, decoded[best], best, guessed=not certain)
    if len(decoded) == 1 and verdicts[next(iter(decoded))] is None:
        # too little Chinese to tell, and only one encoding decodes it: checked, never fixed
        best = next(iter(decoded))
        return Document(path, decoded[best], best, guessed=True)
    if all(verdict is False for verdict in verdicts.values()):
        raise InputError(f"not UTF-8, and does not read as Chinese in {tried} (Japanese or Korean?): "
                         "name the encoding with --encoding", path)
    raise InputError(f"cannot tell whether it is {tried} text: name the encoding with --encoding", path)


def _reads_as_chinese(score: tuple[float, int, float, int]) -> bool | None:
    """Whether a decoding reads as Chinese; None when the text is too short to tell."""
    share, scored, pair_share, pairs = score
    if pairs >= MIN_PAIRS:
        return pair_share >= MIN_PAIR_SHARE
    if scored >= MIN_SCORED:
        return share >= MIN_SCORE
    return None


def encoding_label(encoding: str) -> str:
    """The name people know an encoding by (cp950 is Big5)."""
    return dict(LEGACY).get(encoding, encoding)


@lru_cache(maxsize=1)
def _word_pairs() -> frozenset[str]:
    """Every pair of adjacent characters inside a word of termkit's word list (about 48,000)."""
    from termkit.text.words import word_freq

    return frozenset(word[i:i + 2] for word in word_freq() for i in range(len(word) - 1))


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """The 3,000 most frequent Chinese characters (simplified), summed over termkit's word list."""
    from termkit.text.words import word_freq

    freq: dict[str, int] = {}
    for word, count in word_freq().items():
        for ch in word:
            freq[ch] = freq.get(ch, 0) + count
    return frozenset(sorted(freq, key=freq.__getitem__, reverse=True)[:3000])


def _neutral(ch: str) -> bool:
    """Characters that tell nothing about the encoding: ASCII, CJK punctuation, full-width forms."""
    o = ord(ch)
    return (o < 0x80 or o == 0xB7 or 0x2000 <= o <= 0x206F or 0x2E80 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF)


_HAN_RUN = lazy_compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def legacy_score(text: str) -> tuple[float, int, float, int]:
    """How Chinese a decoding reads: (share of common characters, characters scored, share of adjacent
    Chinese characters that occur together in a word, such pairs).

    Traditional characters are folded to simplified first, so Big5 and GB18030
    text score alike. Bytes decoded in the wrong legacy encoding turn into
    rare characters, kana, hangul, Cyrillic or private-use code points, which
    count against the first share, and into characters that never form words,
    which leave the second at zero.
    """
    from termkit.text.normalize import to_simplified

    simplified = to_simplified(text)
    common = _common_chars()
    good = bad = 0
    for ch in simplified:
        if _neutral(ch):
            continue
        if ch in common:
            good += 1
        else:
            bad += 1
    known = _word_pairs()
    in_words = pairs = 0
    for run in _HAN_RUN.findall(simplified):
        for i in range(len(run) - 1):
            pairs += 1
            in_words += run[i:i + 2] in known
    total = good + bad
    return (good / total if total else 1.0), total, (in_words / pairs if pairs else 0.0), pairs


def read_bytes(path: str | Path, what: str = "text", *, limit: int = MAX_FILE_SIZE,
               binary_ok: bool = False) -> bytes:
    """A regular file's bytes, at most ``limit`` of them; anything else is an InputError naming it.

    A FIFO, device, socket or directory is refused without being read. Unless
    ``binary_ok``, a file with NUL bytes and no UTF-16/32 byte-order mark is
    refused as binary (``decode`` makes that decision itself, knowing the
    encoding, so ``read_document`` passes ``binary_ok``).
    """
    path_s = str(path)
    data = read_regular(path_s, what, limit=limit)
    if not binary_ok and looks_binary(data):
        raise InputError(f"binary file, not {what}", path_s)
    return data


def read_document(path: str | Path, encoding: str | None = None) -> Document:
    """A document by its extension: plain text decoded, other formats through their reader (``text.formats``)."""
    from termkit.text.formats import read_source

    return read_source(path, encoding)


def read_text_document(path: str | Path, encoding: str | None = None) -> Document:
    """A plain-text document: the file decoded (BOM, ``encoding``, UTF-8, GB18030)."""
    return decode(read_bytes(path, binary_ok=True), str(path), encoding)


def given_document(path: str, content: str | bytes, encoding: str | None = None) -> tuple[Document, bytes]:
    """A document given by its content instead of a file (e.g. standard input), and the bytes it stands for.

    Bytes are decoded as a file's would be (``decode``: refused when binary; a
    byte-order mark, else ``encoding``, else UTF-8, else GB18030 or Big5); a
    string is taken as it is, standing for its UTF-8 bytes. ``path`` is the
    name the document goes by.
    """
    if isinstance(content, str):
        return Document(path, content), content.encode("utf-8", "surrogatepass")
    data = bytes(content)
    if len(data) > MAX_FILE_SIZE:
        raise InputError(f"more than the limit of {MAX_FILE_SIZE:,} bytes", path)
    if looks_binary(data) and not _nul_is_text(encoding):
        _lookup(encoding, path)
        raise InputError("binary data, not text", path)
    return decode(data, path, encoding), data


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _sniff(full: str, encoding: str | None) -> str | None:
    """Why a file met in a walk is passed over (None: it is to be checked)."""
    try:
        fd = open_regular(full)
    except InputError as exc:
        return exc.message.replace(": not read", "")
    try:
        head = os.read(fd, 8192)
    except OSError as exc:
        return f"cannot read ({exc.strerror})"
    finally:
        os.close(fd)
    if looks_binary(head) and not _nul_is_text(encoding):
        return "binary file"
    return None


def _walk(top: str, suffixes: tuple[str, ...], encoding: str | None, notes: list[str]) -> list[str]:
    """The documents under a directory, with notes on what was passed over."""
    from termkit.text.formats import BINARY_SUFFIXES as binary_suffixes

    real_top = os.path.realpath(top)
    found: list[str] = []
    errors: list[OSError] = []
    for root, dirs, names in os.walk(top, onerror=errors.append):
        kept = []
        for d in sorted(dirs):
            if d.startswith("."):
                continue
            full = os.path.join(root, d)
            if os.path.islink(full):
                # os.walk does not descend into a linked directory; one that leads out of the tree is said
                if not _inside(os.path.realpath(full), real_top):
                    notes.append(f"{full}: skipped, a symbolic link out of the checked tree")
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(names):
            full = os.path.join(root, name)
            if name.startswith("~$"):
                continue  # the lock file Word keeps beside an open document
            if name.startswith("."):
                if _TEMP_RE.match(name):
                    notes.append(f"{full}: a temporary file left by an interrupted termkit run; it can be deleted")
                continue
            if not name.lower().endswith(suffixes):
                continue
            try:
                if os.path.islink(full) and not _inside(os.path.realpath(full), real_top):
                    notes.append(f"{full}: skipped, a symbolic link out of the checked tree")
                    continue
                mode = os.stat(full).st_mode
            except OSError as exc:
                notes.append(f"{full}: skipped, cannot read ({exc.strerror})")
                continue
            if not stat.S_ISREG(mode):
                notes.append(f"{full}: skipped, {kind_of(mode)}, not a regular file")
                continue
            why = None if name.lower().endswith(binary_suffixes) else _sniff(full, encoding)
            if why is not None:
                notes.append(f"{full}: skipped, {why}")
                continue
            found.append(full)
    for error in errors:
        where = error.filename or top
        if os.path.realpath(where) == real_top:
            raise InputError(f"cannot read directory: {error.strerror or error}", str(top))
        notes.append(f"{where}: skipped, cannot read directory ({error.strerror or error})")
    return found


def collect_files(paths: Iterable[str | Path], suffixes: tuple[str, ...] | None = None,
                  encoding: str | None = None) -> tuple[list[str], list[str]]:
    """Files to check and notes about what was passed over.

    A path named on the command line is always checked (and must be a regular
    file or a directory); a directory contributes its documents by extension
    (default: every format termkit reads, ``text.formats.DOCUMENT_SUFFIXES``),
    skipping hidden entries and Office lock files, and with a note binary files, files that are not
    regular, unreadable files and directories, and symbolic links out of the
    tree. ``encoding``, when named, decides whether NUL bytes mean binary.
    Paths are returned sorted so output is the same on every run and machine.
    """
    from termkit.text.formats import DOCUMENT_SUFFIXES

    if suffixes is None:
        suffixes = DOCUMENT_SUFFIXES
    files: list[str] = []
    notes: list[str] = []
    for p in paths:
        p_s = str(p)
        try:
            mode = os.stat(p_s).st_mode
        except FileNotFoundError:
            raise InputError("no such file or directory", p_s) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", p_s) from None
        if stat.S_ISDIR(mode):
            found = _walk(p_s, suffixes, encoding, notes)
            if not found:
                raise InputError(f"no documents ({', '.join(suffixes)}) in directory", p_s)
            files.extend(sorted(found, key=lambda f: Path(f).parts))
        elif stat.S_ISREG(mode):
            files.append(p_s)
        else:
            raise InputError(f"is {kind_of(mode)}, not a text file: not read", p_s)
    # the first occurrence of each file, in order
    return list(dict.fromkeys(files)), notes


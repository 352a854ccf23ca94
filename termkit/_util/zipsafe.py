"""The one reader of zip containers (XLSX today, DOCX and ODT next), with limits a zip bomb cannot pass.

Before any member is read, the archive's directory is checked: at most
``MAX_MEMBERS`` entries, no member larger than ``MAX_MEMBER`` uncompressed, no
more than ``MAX_TOTAL`` uncompressed in all, and no member that expands more
than ``MAX_RATIO`` times (a real office file compresses XML 5-20 times; a bomb
thousands of times). A member is then read in chunks, counting the bytes that
actually come out, so a directory that lies about sizes is caught too. Every
refusal is an ``InputError`` naming the file.
"""

from __future__ import annotations

import io
import os
import typing
import zipfile
from pathlib import Path

from termkit._util.fsread import open_regular
from termkit.errors import InputError

#: entries an archive may hold
MAX_MEMBERS = 10_000
#: uncompressed bytes of one member, and of all members together
MAX_MEMBER = 200 * 1024 * 1024
MAX_TOTAL = 500 * 1024 * 1024
#: how many times a member may expand (members smaller than RATIO_FLOOR are not held to it)
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
_CHUNK = 1 << 20


class SafeZip:
    """An open archive whose directory passed the limits; ``read(name)`` enforces them again."""

    def __init__(self, path: str | Path, data: bytes | None = None) -> None:
        """Open ``path``, or ``data`` (the file's bytes, already read) under that name."""
        self.path = str(path)
        # a regular file only (a FIFO would block, a device never end): see _util.fsread
        self._file: typing.BinaryIO = (io.BytesIO(data) if data is not None
                                       else os.fdopen(open_regular(self.path, "zip container"), "rb"))
        try:
            self._zip = zipfile.ZipFile(self._file)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            self._file.close()
            raise InputError(f"not a readable zip container: {exc}", self.path) from None
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"zip container with {len(infos)} entries (at most {MAX_MEMBERS})", self.path)
        total = 0
        for info in infos:
            _check_member(info, self.path)
            total += info.file_size
        if total > MAX_TOTAL:
            raise InputError(f"zip container expands to {total} bytes (at most {MAX_TOTAL})", self.path)
        self._infos = {info.filename: info for info in infos}

    def names(self) -> list[str]:
        return list(self._infos)

    def info(self, name: str) -> zipfile.ZipInfo:
        """A member's directory entry (its date, compression and attributes, for writing the member back)."""
        return self._infos[name]

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """A member's bytes, counted as they are inflated (InputError past the limits)."""
        info = self._infos.get(name)
        if info is None:
            raise InputError(f"no '{name}' in the zip container", self.path)
        out = bytearray()
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > min(MAX_MEMBER, max(RATIO_FLOOR, info.compress_size * MAX_RATIO)):
                        raise InputError(f"zip member '{name}' expands beyond its limits (a zip bomb?)", self.path)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:  # RuntimeError: encrypted
            raise InputError(f"cannot read zip member '{name}': {exc}", self.path) from None
        return bytes(out)

    def close(self) -> None:
        self._zip.close()
        self._file.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _check_member(info: zipfile.ZipInfo, path: str) -> None:
    if info.file_size > MAX_MEMBER:
        raise InputError(f"zip member '{info.filename}' is {info.file_size} bytes uncompressed "
                         f"(at most {MAX_MEMBER})", path)
    if info.file_size > RATIO_FLOOR and info.file_size > max(1, info.compress_size) * MAX_RATIO:
        raise InputError(f"zip member '{info.filename}' expands {info.file_size // max(1, info.compress_size)} "
                         f"times (at most {MAX_RATIO}): a zip bomb?", path)

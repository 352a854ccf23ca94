"""Open and read regular files only, with a size limit: the primitive under every reader of termkit.

A FIFO, a character or block device or a socket can block ``open()`` or
``read()`` forever (a FIFO with no writer, a terminal) or never end
(``/dev/zero``); a device's ``open()`` can even have side effects (a tape
rewinds). So a path is first ``stat``-ed, and only a regular file is opened;
it is opened non-blocking, and ``fstat``-ed again to make sure the file
opened is the file checked (a path swapped for a FIFO in between is refused,
not waited on). Reading stops one byte past the limit, so a file that grows
while it is read, or that lies about its size, cannot exhaust memory.

Errors are ``InputError`` naming the path; ``what`` says what the file was
for ("text", "termbase", "cache entry"), and ``kind_of`` names what a
non-regular file is, for the one-line message.

``text.document.read_bytes`` is the reader documents, termbases and
configuration go through; this module is the part the cache store and the zip
reader, which live below it, share with it.
"""

from __future__ import annotations

import errno
import os
import stat

from termkit.errors import InputError

#: the largest file termkit reads (documents, bilingual files, termbases, configuration), in bytes;
#: the largest UN document or translation memory export is a small fraction of it
MAX_FILE_SIZE = 256 * 1024 * 1024

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words ("a FIFO", "a directory", ...)."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def _os_error(exc: OSError, path: str, what: str) -> InputError:
    if exc.errno == errno.ENOENT:
        return InputError("no such file", path)
    if exc.errno == errno.ELOOP:
        return InputError(f"is a symbolic link, not a {what} file", path)
    return InputError(f"cannot read: {exc.strerror or exc}", path)


def open_regular(path: str | os.PathLike, what: str = "text", *, follow_symlinks: bool = True) -> int:
    """A read-only file descriptor of ``path``, which must be a regular file; InputError otherwise.

    Nothing but a regular file is ever opened. With ``follow_symlinks=False`` a
    symbolic link is refused too (``O_NOFOLLOW``). The caller closes the descriptor.
    """
    path_s = os.fspath(path)
    if isinstance(path_s, bytes):  # pragma: no cover - termkit passes str paths
        path_s = os.fsdecode(path_s)
    try:
        st = os.stat(path_s, follow_symlinks=follow_symlinks)
    except OSError as exc:
        raise _os_error(exc, path_s, what) from None
    if stat.S_ISLNK(st.st_mode):
        raise InputError(f"is a symbolic link, not a {what} file", path_s)
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"is {kind_of(st.st_mode)}, not a {what} file: not read", path_s)
    flags = _OPEN_FLAGS | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path_s, flags)
    except OSError as exc:
        raise _os_error(exc, path_s, what) from None
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
            raise InputError(f"changed into {kind_of(now.st_mode)} while it was opened: not read", path_s)
        # back to blocking reads: a regular file never blocks, and some file systems dislike O_NONBLOCK
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_fd(fd: int, path: str, limit: int = MAX_FILE_SIZE, what: str = "text") -> bytes:
    """Everything an open regular file holds, at most ``limit`` bytes (InputError past it)."""
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise InputError(f"{what} file of {size:,} bytes is larger than the limit of {limit:,} bytes: "
                             "not read", path)
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputError(f"{what} file grew past the limit of {limit:,} bytes while it was read: "
                                 "not read", path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    return b"".join(chunks)


def read_regular(path: str | os.PathLike, what: str = "text", *, limit: int = MAX_FILE_SIZE,
                 follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them; InputError for anything else."""
    fd = open_regular(path, what, follow_symlinks=follow_symlinks)
    try:
        return read_fd(fd, os.fspath(path) if not isinstance(path, bytes) else os.fsdecode(path), limit, what)
    finally:
        os.close(fd)


def package_data(name: str) -> bytes:
    """A data file shipped in ``termkit/data/`` (the word list, the radical table).

    Read by its path beside the package, not through importlib.resources, which
    would import tempfile and shutil on every cold start (the package is always
    installed as files).
    """
    with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", name), "rb") as f:
        return f.read()

"""Write a file atomically: a temporary file in the same directory, flushed, then renamed over the target.

The one writer of every file termkit produces or changes (fixed documents,
reports, exports, imported termbases, baselines):

- a symbolic link is followed, so the link stays a link and its target is
  replaced;
- the new file gets the old one's permission bits (a new file: what
  ``open()`` would give under the umask);
- the data is flushed to disk before the rename, and the directory after it,
  so a crash leaves either the old file or the new one, never a mix;
- on any failure the temporary file is removed and the target is untouched;
  an OS error becomes an ``InputError`` naming the path (exit 2).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from termkit.errors import InputError


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace (or create) ``path`` with ``data`` atomically."""
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise InputError("cannot write: the directory does not exist", str(target.parent))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".termkit-tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        _sync_directory(target.parent)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
        raise


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); where a directory cannot be opened, the rename still stands."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

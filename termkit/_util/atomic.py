"""Write a file atomically: a temporary file in the same directory, flushed, then renamed over the target.

The one writer of every file termkit produces or changes (fixed documents,
reports, exports, imported termbases, baselines). What it guarantees:

- a symbolic link is followed, so the link stays a link and its target is
  replaced; a target that is not a regular file (a device, a FIFO) is never
  replaced;
- the new file gets the old one's permission bits and owner and group (when
  run as root, the file is given back to its owner; a user who cannot keep
  another user's ownership is refused instead of taking the file over); a
  new file gets what ``open()`` would give under the umask;
- a file with several hard links is refused (``WriteRefusedError``):
  replacing it would silently split it from its other names, and writing
  through it would change every name at once, a backup snapshot's too; the
  user breaks the link (``cp file tmp && mv tmp file``) and runs again;
- a read-only file (no write permission bit, or not writable by this user) is
  refused unless the caller passes ``allow_read_only`` (``--fix-read-only``);
- the data is flushed to disk before the rename, and the directory after it,
  so a crash leaves either the old file or the new one, never a mix;
- ``check``, when given, runs after the new content is on disk and
  immediately before the rename (``fix.plan`` compares the file with what was
  read there); the old file is held open across the rename, and if it was
  written to in that instant, its content is put back and
  ``FileChangedError`` raised: the other writer's edit is kept, not the fix;
- on any failure, SIGTERM and SIGINT included (handlers remove the temporary
  file, then let the signal take its course), the temporary file is removed
  and the target is untouched; a temporary file left by a SIGKILL
  (``.<name>.<pid>.<random>.termkit-tmp``) is removed by the next write of
  that file once its process is gone, and named in a note by a directory walk;
- an OS error becomes an ``InputError`` naming the path (exit 2).
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from termkit.errors import FileChangedError, InputError, WriteRefusedError

#: the suffix of every temporary file termkit writes
TEMP_SUFFIX = ".termkit-tmp"
_SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGINT", None),
                             getattr(signal, "SIGHUP", None)) if s is not None)
#: temporary files being written by this process (removed by the signal handlers)
_LIVE: set[str] = set()
_previous: dict[int, object] = {}


def write_atomic(path: str | Path, data: bytes | Iterable[bytes], *, allow_read_only: bool = False,
                 check: Callable[[], None] | None = None) -> None:
    """Replace (or create) ``path`` with ``data`` atomically; see the module docstring.

    ``data`` is the new content, or an iterable of its pieces (a large report copied from a spool file,
    never held in memory whole).
    """
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise InputError("cannot write: the directory does not exist", str(target.parent))
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    if old is not None:
        _refuse_unsafe(target, old, str(path), allow_read_only)
        mode = stat.S_IMODE(old.st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    remove_stale_temps(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    _LIVE.add(tmp)
    installed = _install_handlers()
    held = -1
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
            _chmod(fd, tmp, mode)
            if old is not None:
                _keep_owner(fd, old, str(path))
        finally:
            os.close(fd)
        if old is not None:
            held = _hold(target)
        # the old file's size and time first, then the caller's check of its content: a write after
        # the check shows in the size or time once the rename is done
        before = os.fstat(held) if held >= 0 else None
        if check is not None:
            check()
        os.replace(tmp, target)
        _LIVE.discard(tmp)
        _sync_directory(target.parent)
        if before is not None and old is not None:
            after = os.fstat(held)
            if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
                _put_back(held, target, mode, old)
                raise FileChangedError("changed on disk at the moment it was replaced: the other writer's "
                                       "version is kept, nothing of this run written; run again", str(path))
    except BaseException as exc:
        _LIVE.discard(tmp)
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
        raise
    finally:
        if held >= 0:
            os.close(held)
        if installed:
            _restore_handlers()


def _refuse_unsafe(target: Path, old: os.stat_result, shown: str, allow_read_only: bool) -> None:
    if not stat.S_ISREG(old.st_mode):
        raise WriteRefusedError("is not a regular file: not replaced", shown, "not-regular")
    if old.st_nlink > 1:
        raise WriteRefusedError(f"has {old.st_nlink} hard links: replacing it would split it from its other "
                                "names, writing through it would change them all; not written (copy it to "
                                "break the link, then run again)", shown, "hard-links")
    if not allow_read_only and ((old.st_mode & 0o222) == 0 or not os.access(target, os.W_OK)):
        raise WriteRefusedError("is read-only: not written (make it writable first)", shown, "read-only")


def _chmod(fd: int, path: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows before Python 3.13
        os.chmod(path, mode)


def _write_all(fd: int, data: bytes | Iterable[bytes]) -> None:
    for piece in ((data,) if isinstance(data, (bytes, bytearray, memoryview)) else data):
        view = memoryview(piece)
        while view:
            written = os.write(fd, view)
            view = view[written:]


def _keep_owner(fd: int, old: os.stat_result, shown: str) -> None:
    """Give the new file the old one's owner and group; refuse when the owner cannot be kept."""
    if (old.st_uid, old.st_gid) == (os.geteuid(), os.getegid()) or not hasattr(os, "fchown"):
        return
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
        return
    except PermissionError:
        pass
    if old.st_uid != os.geteuid():
        raise WriteRefusedError(f"belongs to another user (uid {old.st_uid}): replacing it would make it "
                                "yours; not written", shown, "owner")
    try:  # our file, another of our groups: keep the group if we may
        os.fchown(fd, -1, old.st_gid)
    except PermissionError:
        pass


def _hold(target: Path) -> int:
    """The old file, held open across the rename to see whether anyone writes to it meanwhile."""
    try:
        return os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return -1


def _put_back(held: int, target: Path, mode: int, old: os.stat_result) -> None:
    """Restore the old file's content (with whatever was written to it) after a lost race."""
    chunks = []
    os.lseek(held, 0, os.SEEK_SET)
    while True:
        chunk = os.read(held, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        try:
            _write_all(fd, b"".join(chunks))
            os.fsync(fd)
            _chmod(fd, tmp, mode)
            _keep_owner(fd, old, str(target))
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # pragma: no cover - platforms without kill(pid, 0)
        return True
    return True


def stale_temps(target: str | Path) -> list[str]:
    """Temporary files of ``target`` left by termkit processes that are gone (a SIGKILL, a crash)."""
    target = Path(target)
    prefix = f".{target.name}."
    out = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)):
            continue
        pid_part = name[len(prefix):-len(TEMP_SUFFIX)].split(".", 1)[0]
        if not pid_part.isdigit() or int(pid_part) == os.getpid() or _pid_alive(int(pid_part)):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid():
            out.append(entry.path)
    return out


def remove_stale_temps(target: str | Path) -> list[str]:
    """Remove ``stale_temps(target)``; the paths removed."""
    removed = []
    for path in stale_temps(target):
        try:
            os.unlink(path)
            removed.append(path)
        except OSError:
            pass
    return removed


def _cleanup_live() -> None:
    for tmp in list(_LIVE):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        _LIVE.discard(tmp)


def _on_signal(signum: int, frame) -> None:
    """Remove the temporary files, put the previous handlers back and let the signal take its course."""
    _cleanup_live()
    previous = _previous.get(signum, signal.SIG_DFL)
    _restore_handlers()
    if callable(previous):
        previous(signum, frame)  # e.g. Python's SIGINT handler: KeyboardInterrupt
        return
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_handlers() -> bool:
    """Handle SIGTERM, SIGINT and SIGHUP while a temporary file exists (main thread only)."""
    if _previous or threading.current_thread() is not threading.main_thread():
        return False
    try:
        for signum in _SIGNALS:
            current = signal.getsignal(signum)
            if current is signal.SIG_IGN or current is None:
                continue
            _previous[signum] = current
            signal.signal(signum, _on_signal)
    except (ValueError, OSError):  # pragma: no cover - not the main interpreter
        _restore_handlers()
        return False
    return True


def _restore_handlers() -> None:
    for signum, handler in list(_previous.items()):
        try:
            signal.signal(signum, handler)  # type: ignore[arg-type]
        except (ValueError, OSError, TypeError):  # pragma: no cover
            pass
    _previous.clear()


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


__all__ = ["TEMP_SUFFIX", "remove_stale_temps", "stale_temps", "write_atomic"]

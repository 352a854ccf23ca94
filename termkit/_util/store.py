"""A small on-disk cache in the user's cache directory, for data that is slow to build and fast to read.

``termkit lookup`` keeps its term index here so that a cold start only reads one
file instead of parsing YAML, running the termbase examples and building
OpenCC's conversion table; ``termkit check`` keeps its validated termbases.
Entries are plain data (dicts with string keys, lists, strings, numbers,
booleans, None) stored as JSON: data that can hold no code, whatever is in
the file, and that the C JSON parser reads fast. Tuples come back as lists.

Trust: an entry decides what termkit suggests and what ``--fix`` writes, so
the cache is used only where no one else can write:

- the cache directory must belong to the current user and must not be
  writable by group or others; otherwise the cache is off (a shared,
  world-writable ``TERMKIT_CACHE_DIR`` is refused, not used);
- an entry is read only if it is a regular file (never a symbolic link,
  which is not followed: ``O_NOFOLLOW``; never a FIFO or device, which would
  block or never end) that belongs to the current user, is not writable by
  group or others, and is at most ``MAX_ENTRY`` bytes; reading stops there;
- every entry carries a magic header and a digest of its payload; a
  truncated, corrupted or foreign file is treated as a miss (and removed),
  never an error; JSON nested too deep is a miss too;
- an entry is written to a temporary file in the cache directory (mode 0600)
  and renamed into place, so concurrent writers each install a complete file
  and readers never see a partial one;
- a cache directory that cannot be created or written simply disables caching.

Location: ``$TERMKIT_CACHE_DIR`` if set, else the platform's user cache
directory (``$XDG_CACHE_HOME/termkit``, ``~/.cache/termkit``,
``~/Library/Caches/termkit`` on macOS, ``%LOCALAPPDATA%\\termkit\\Cache`` on
Windows), created with mode 0700. ``TERMKIT_NO_CACHE=1`` turns caching off;
``cache_problem()`` says why a cache directory is not used.

This module imports nothing of termkit but its error type and the file
reader, and nothing slow: it runs on the cold-start path.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import Literal, overload

from termkit._util.fsread import read_fd, read_regular
from termkit.errors import InputError

try:  # the blake2 module alone: hashlib would also load OpenSSL, a few ms of a cold start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - interpreters without the built-in module
    from hashlib import blake2b

#: first bytes of every entry; bump the digit when the container layout changes (2: JSON, was marshal)
MAGIC = b"TKC2"
_DIGEST_SIZE = 16
#: entries of one kind kept after a write; older ones are removed
KEEP = 8
#: the largest entry read or written, in bytes (a 100,000-term termbase is about 20 MB)
MAX_ENTRY = 256 * 1024 * 1024
_ENTRY_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                | getattr(os, "O_CLOEXEC", 0))


def cache_dir() -> str | None:
    """The directory for termkit's cache entries, or None when caching is off."""
    if os.environ.get("TERMKIT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get("TERMKIT_CACHE_DIR")
    if explicit:
        return explicit
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
        return os.path.join(base, "termkit", "Cache")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "termkit")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return os.path.join(base, "termkit")


def digest(*parts: bytes | str) -> str:
    """A hex digest of several byte or text parts (separated, so ('ab','c') != ('a','bc'))."""
    h = blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def files_key(files: list[str]) -> list[bytes | str] | None:
    """What identifies a set of source files: each path (as given and absolute), size, mtime and content.

    The content is part of it because an edit can keep both size and mtime (a
    fast editor, a checkout); None when a file cannot be read (or is not a
    regular file: the loader then says so).
    """
    parts: list[bytes | str] = []
    try:
        for f in files:
            st = os.stat(f)
            content = read_regular(f, "termbase")
            parts.append(f"{f}\0{os.path.abspath(f)}\0{st.st_size}\0{st.st_mtime_ns}")
            parts.append(content)
    except (OSError, InputError):
        return None
    return parts


def files_stat(files: list[str]) -> list[str] | None:
    """The status of each file (paths, size, modification and change times, device and inode), or None where
    it says too little: on Windows, whose ``st_ctime`` is the creation time, an edit that keeps a file's size
    and modification time would go unseen, and only the content can tell."""
    if sys.platform == "win32":  # pragma: no cover - POSIX change times only
        return None
    out = []
    try:
        for f in files:
            st = os.stat(f)
            out.append(f"{f}\0{os.path.abspath(f)}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0"
                       f"{st.st_dev}\0{st.st_ino}")
    except OSError:
        return None
    return out


_SIGNATURE: list[str] = []


def code_signature(package: str | None = None) -> str:
    """What identifies the installed code a cache entry was built by: every module of the package.

    A digest of each ``.py`` file's path, size and modification time under the
    package directory (found by walking it, so no list of files is kept by
    hand), with the OpenCC module's file, whose tables normalization uses.
    Computed once per process (for the installed package); about a millisecond.
    """
    if package is not None or not _SIGNATURE:
        pkg = package or os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
        parts: list[bytes | str] = [sys.version]
        _module_stats(pkg, "", parts)
        parts.append(_opencc_signature())
        if package is not None:
            return digest(*parts)
        _SIGNATURE.append(digest(*parts))
    return _SIGNATURE[0]


def _module_stats(directory: str, rel: str, parts: list[bytes | str]) -> None:
    """Append ``relative path, size, mtime`` of every ``.py`` file under ``directory``, sorted, depth first.

    os.scandir's entries carry the names, so nothing but one stat per file is asked
    of the system (a cold start pays this walk over the whole package).
    """
    with os.scandir(directory) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    subdirs = []
    for entry in entries:
        if entry.name.endswith(".py") and entry.is_file():
            st = entry.stat()
            parts.append(f"{rel}{entry.name}\0{st.st_size}\0{st.st_mtime_ns}")
        elif entry.name != "__pycache__" and entry.is_dir():
            subdirs.append(entry)
    for entry in subdirs:
        _module_stats(entry.path, f"{rel}{entry.name}{os.sep}", parts)


def _opencc_signature() -> str:
    """OpenCC's module file and its size and time, found without importing it (a cold start)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("opencc")
        origin = spec.origin if spec else None
        if not origin:
            return "opencc:none"
        st = os.stat(origin)
    except (ImportError, ValueError, OSError):
        return "opencc:unknown"
    return f"opencc:{origin}\0{st.st_size}\0{st.st_mtime_ns}"


def _entry_path(directory: str, kind: str, key: str) -> str:
    return os.path.join(directory, f"{kind}-{key}.bin")


def _owned_and_private(st: os.stat_result) -> bool:
    """Belongs to this user and is not writable by group or others (POSIX; always true elsewhere)."""
    if not hasattr(os, "geteuid"):  # pragma: no cover - Windows: per-user profile directories
        return True
    return st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cache_problem(directory: str | None = None) -> str | None:
    """Why the cache directory is not used (None when it is, or does not exist yet, or caching is off)."""
    directory = directory or cache_dir()
    if directory is None:
        return None
    try:
        st = os.stat(directory)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cache directory {directory}: {exc.strerror or exc}"
    if not stat.S_ISDIR(st.st_mode):
        return f"cache directory {directory} is not a directory"
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return f"cache directory {directory} belongs to another user (uid {st.st_uid}): not used"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"cache directory {directory} is writable by others (mode {stat.S_IMODE(st.st_mode):o}): not used"
    return None


def _trusted_dir(create: bool) -> str | None:
    """The cache directory, when it is this user's alone (created, mode 0700, with ``create``)."""
    directory = cache_dir()
    if directory is None:
        return None
    if create:
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
        except OSError:
            return None
    try:
        st = os.stat(directory)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or not _owned_and_private(st):
        return None
    return directory


@overload
def _read_entry(path: str, offset: int = 0, length: int | None = None) -> bytes | None: ...


@overload
def _read_entry(path: str, offset: int, length: int | None, with_size: Literal[True]) -> tuple[bytes, int] | None: ...


def _read_entry(path, offset=0, length=None, with_size=False):
    """An entry's bytes (``length`` of them from ``offset``, or all) when it is a trusted regular file (see the
    module docstring), with the file's size when asked; None otherwise."""
    try:
        fd = os.open(path, _ENTRY_FLAGS)
    except OSError:  # missing, or a symbolic link (O_NOFOLLOW)
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _owned_and_private(st) or st.st_size > MAX_ENTRY:
            return None
        if length is None:
            data = read_fd(fd, path, MAX_ENTRY, "cache entry")
        else:
            os.lseek(fd, offset, os.SEEK_SET)
            pieces = []
            while length > 0:
                piece = os.read(fd, length)
                if not piece:
                    break
                pieces.append(piece)
                length -= len(piece)
            data = b"".join(pieces)
        return (data, st.st_size) if with_size else data
    except (OSError, InputError):
        return None
    finally:
        os.close(fd)


def load(kind: str, key: str):
    """The cached value of ``kind`` under ``key``, or None on a miss, a damaged or an untrusted entry."""
    directory = _trusted_dir(create=False)
    if directory is None:
        return None
    path = _entry_path(directory, kind, key)
    blob = _read_entry(path)
    if blob is None:
        return None
    head = len(MAGIC) + _DIGEST_SIZE
    payload = blob[head:]
    if (blob[: len(MAGIC)] != MAGIC
            or blake2b(payload, digest_size=_DIGEST_SIZE).digest() != blob[len(MAGIC):head]):
        _remove(path)
        return None
    import gc
    import json

    # Decoding allocates many containers; collecting cycles meanwhile (there are
    # none in plain data) makes it several times slower on a large index.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(payload)
    except (ValueError, RecursionError):  # the digest matched: written by a broken or foreign writer
        _remove(path)
        return None
    finally:
        if enabled:
            gc.enable()


def store(kind: str, key: str, value) -> bool:
    """Write ``value`` (plain JSON data only) under ``key``; False when it could not be cached.

    Never raises for I/O problems: a cache that cannot be written only costs speed.
    """
    if _trusted_dir(create=True) is None:
        return False
    import json

    try:
        payload = json.dumps(value, ensure_ascii=True, separators=(",", ":"), check_circular=False).encode("ascii")
    except (TypeError, ValueError, RecursionError):
        return False
    return _write(kind, key, [MAGIC, blake2b(payload, digest_size=_DIGEST_SIZE).digest(), payload])


# -- sharded entries ---------------------------------------------------------------------------
#
# A large structure of which a short run needs a small part (a termbase's concepts, the
# term forms and near-variant pieces under each first character) is stored as one entry of
# many independently checksummed JSON shards: the header (its own digest, the shards'
# offsets, lengths and digests, and a small JSON ``meta``) is read whole, a shard only when
# asked for. The same trust rules as for plain entries; a damaged shard is a miss too.

#: first bytes of a sharded entry
SHARDED_MAGIC = b"TKS1"


class ShardedEntry:
    """A sharded entry whose header is verified: ``meta``, and ``shard(i)`` read and parsed on demand.

    A shard is read from the file when asked for (a one-line check reads a few
    kilobytes of a multi-megabyte entry), through the same trust checks as a whole
    entry; one that is missing, fails its digest or does not parse is None, and the
    entry is removed so that the next run writes it again.
    """

    __slots__ = ("meta", "count", "_index", "_base", "_path")

    def __init__(self, meta, index: list, base: int, path: str) -> None:
        self.meta = meta
        self.count = len(index)
        self._index, self._base, self._path = index, base, path

    def shard(self, i: int):
        try:
            offset, length, check = self._index[i]
            payload = _read_entry(self._path, self._base + offset, length)
            if payload is None or len(payload) != length:
                raise ValueError("missing shard")
            if blake2b(payload, digest_size=_DIGEST_SIZE).hexdigest() != check:
                raise ValueError("damaged shard")
            import json

            return json.loads(payload)
        except (ValueError, TypeError, IndexError, RecursionError):
            _remove(self._path)  # the next run rebuilds it; this one falls back to the whole structure
            return None


#: bytes read first from a sharded entry: its header is usually within them
_HEAD_READ = 1 << 16


def load_sharded(kind: str, key: str) -> ShardedEntry | None:
    """The sharded entry of ``kind`` under ``key`` with its header verified, or None (miss, damaged, untrusted)."""
    directory = _trusted_dir(create=False)
    if directory is None:
        return None
    path = _entry_path(directory, kind, key)
    found = _read_entry(path, 0, _HEAD_READ, with_size=True)
    if found is None:
        return None
    blob, file_size = found
    head = len(SHARDED_MAGIC) + _DIGEST_SIZE + 8
    if len(blob) < head or blob[:len(SHARDED_MAGIC)] != SHARDED_MAGIC:
        _remove(path)
        return None
    size = int.from_bytes(blob[head - 8:head], "little")
    header = blob[head:head + size]
    if len(header) < size and head + size <= file_size:
        header = _read_entry(path, head, size) or b""
    if len(header) != size or blake2b(header, digest_size=_DIGEST_SIZE).digest() != blob[len(SHARDED_MAGIC):head - 8]:
        _remove(path)
        return None
    import json

    try:
        doc = json.loads(header)
        meta, index = doc["meta"], doc["shards"]
        if not isinstance(index, list):
            raise TypeError("shards")
        if head + size + sum(length for _, length, _ in index) != file_size:
            raise ValueError("truncated or extended")
    except (ValueError, TypeError, KeyError, RecursionError):
        _remove(path)
        return None
    return ShardedEntry(meta, index, head + size, path)


def store_sharded(kind: str, key: str, meta, shards: list) -> bool:
    """Write ``meta`` and ``shards`` (plain JSON data each) as one sharded entry; False when not cached."""
    try:
        pieces = encode_sharded(meta, shards)
    except (TypeError, ValueError, RecursionError):
        return False
    return _write(kind, key, pieces)


def encode_sharded(meta, shards: list) -> list[bytes]:
    """The bytes of a sharded entry, in pieces: magic, header digest and size, header, then each shard."""
    import json

    def encode(value) -> bytes:
        return json.dumps(value, ensure_ascii=True, separators=(",", ":"), check_circular=False).encode("ascii")

    payloads = [encode(s) for s in shards]
    index, offset = [], 0
    for payload in payloads:
        index.append([offset, len(payload), blake2b(payload, digest_size=_DIGEST_SIZE).hexdigest()])
        offset += len(payload)
    header = encode({"meta": meta, "shards": index})
    head = SHARDED_MAGIC + blake2b(header, digest_size=_DIGEST_SIZE).digest() + len(header).to_bytes(8, "little")
    return [head, header, *payloads]


def _write(kind: str, key: str, pieces: list[bytes]) -> bool:
    """Install an entry's bytes atomically (a temporary file in the cache directory, renamed), then prune."""
    if sum(map(len, pieces)) > MAX_ENTRY:
        return False
    directory = _trusted_dir(create=True)
    if directory is None:
        return False
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=directory)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as stream:
            for piece in pieces:
                stream.write(piece)
        os.replace(tmp, _entry_path(directory, kind, key))
    except OSError:
        _remove(tmp)
        return False
    _prune(directory, kind)
    return True


def _prune(directory: str, kind: str) -> None:
    """Keep the newest KEEP entries of a kind, so edited termbases do not pile up entries."""
    try:
        entries = []
        for entry in os.scandir(directory):
            if entry.name.startswith(f"{kind}-") and entry.name.endswith(".bin"):
                entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    except OSError:
        return
    entries.sort(reverse=True)
    for _, path in entries[KEEP:]:
        _remove(path)


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass

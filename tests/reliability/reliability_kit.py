"""Helpers and fixtures of the reliability matrix: bad input, faults and attacks, each built in a temporary directory.

Every case runs the real command in a child process with a timeout (``run``),
so a hang fails the case instead of blocking CI, and asserts the contract of
the README: bounded time, one line on stderr and exit 2 for an error, never a
traceback, and (``snapshot``) not a byte changed in a file the user did not
ask termkit to change.

Each module marks its tests ``reliability`` (``pytest -m reliability`` runs the
matrix alone); they run in the normal suite too.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini.yaml"
#: a case that takes longer than this has hung (a normal one takes about a second)
TIMEOUT = 60
#: a sentence with a deprecated term of mini.yaml (巴塞公约 -> 巴塞尔公约)
SENTENCE = "各方还请巴塞公约秘书处和联合国环境规划署提供协助。\n"


@dataclass
class Run:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "replace")


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> Path:
    """A private cache directory shared by the cases that do not test the cache (mode 0700)."""
    path = tmp_path_factory.mktemp("reliability-cache")
    path.chmod(0o700)
    return path


@pytest.fixture
def run(shared_cache):
    """Run ``python -m termkit ARGS`` in a child process; a run past TIMEOUT fails the test as a hang."""

    def _run(*args, cwd=None, env=None, timeout: float = TIMEOUT, stdin=subprocess.DEVNULL,
             stdout=subprocess.PIPE, input: bytes | None = None, preexec_fn=None) -> Run:
        environment = {**os.environ, "TERMKIT_CACHE_DIR": str(shared_cache), "NO_COLOR": "1",
                       "PYTHONPATH": str(ROOT)}
        environment.pop("TERMKIT_NO_CACHE", None)
        environment.update(env or {})
        cmd = [sys.executable, "-m", "termkit", *[str(a) for a in args]]
        try:
            proc = subprocess.run(cmd, cwd=cwd, env=environment, timeout=timeout, stdout=stdout,
                                  stderr=subprocess.PIPE, stdin=None if input is not None else stdin,
                                  input=input, preexec_fn=preexec_fn)
        except subprocess.TimeoutExpired:
            pytest.fail(f"termkit {' '.join(map(str, args))} hung: no exit within {timeout} s")
        err = proc.stderr.decode("utf-8", "replace")
        assert "Traceback" not in err, err
        return Run(proc.returncode, proc.stdout or b"", err)

    return _run


def assert_error(r: Run, *fragments: str) -> str:
    """Exit 2 and exactly one line on stderr, ``termkit: error: ...``, holding each fragment."""
    lines = r.err.strip().splitlines()
    assert r.code == 2, (r.code, r.err)
    assert len(lines) == 1, r.err
    assert lines[0].startswith("termkit: error: "), r.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def assert_clean(r: Run, codes=(0, 1)) -> list[str]:
    """A normal exit: no traceback, every stderr line a termkit note or summary."""
    assert r.code in codes, (r.code, r.err)
    lines = r.err.strip().splitlines()
    assert all(line.startswith("termkit: ") for line in lines), r.err
    return lines


def snapshot(root: Path) -> dict:
    """Every entry under ``root`` (links not followed): bytes, mode, owner and link count of files, link targets."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = path.lstat()
            rel = str(path.relative_to(root))
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                out[rel] = ("file", path.read_bytes(), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid, st.st_nlink)
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", stat.S_IMODE(st.st_mode))
            else:
                out[rel] = ("special", stat.S_IFMT(st.st_mode))
    return out


def write(path: Path, text: str = SENTENCE, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path

"""Golden tests of the `termkit` command: each case in cases/*.toml is run and its output compared exactly.

A case gives the command's arguments, optionally its standard input and files
to create, and under ``[expect]`` the exact exit code, stdout and stderr::

    args = ["check", "doc.txt"]
    stdin = '''...'''            # optional

    [files]                      # optional: written into the case's directory
    "doc.txt" = '''...'''

    [expect]
    code = 1
    stdout = '''...'''
    stderr = ""

Each case runs in a fresh temporary directory holding fixtures/ (a small
termbase, and a termkit.toml naming it) and the case's files, through the real
console entry (``python -m termkit``), with ``NO_COLOR=1``, ``COLUMNS=80`` and
the test session's ``TERMKIT_CACHE_DIR``. The directory's path in an output is
written ``[CWD]``, and termkit's version ``[VERSION]``.

``TERMKIT_UPDATE_GOLDEN=1 python -m pytest tests/cli/test_golden.py`` rewrites
the ``[expect]`` table of every case from what the command does now (the rest of
the file is kept as written), so a change of output is a diff to review in git.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from termkit._version import __version__

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases").glob("*.toml"))
FIXTURES = HERE / "fixtures"
UPDATE = os.environ.get("TERMKIT_UPDATE_GOLDEN") == "1"
EXPECT = "\n[expect]\n"


def toml_string(text: str) -> str:
    """A TOML string that reads back as ``text``: a multi-line literal string where one can hold it."""
    if not text:
        return '""'
    literal_ok = ("'''" not in text and not text.endswith("'")
                  and all(ch in "\t\n" or (" " <= ch and ch != "\x7f") for ch in text))
    return "'''\n" + text + "'''" if literal_ok else json.dumps(text, ensure_ascii=False)


def run_case(case: dict, cwd: Path) -> dict:
    for fixture in FIXTURES.iterdir():
        shutil.copy(fixture, cwd / fixture.name)
    for name, content in case.get("files", {}).items():
        path = cwd / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TERMKIT_", "NO_COLOR", "FORCE_COLOR"))}
    env.update(NO_COLOR="1", COLUMNS="80", PYTHONIOENCODING="utf-8",
               TERMKIT_CACHE_DIR=os.environ["TERMKIT_CACHE_DIR"])
    done = subprocess.run([sys.executable, "-m", "termkit", *case["args"]], cwd=cwd, env=env,
                          input=case.get("stdin", "").encode("utf-8"), capture_output=True, timeout=300)

    def text(data: bytes) -> str:
        out = data.decode("utf-8", "backslashreplace")
        for path in {str(cwd), os.path.realpath(cwd)}:
            out = out.replace(path, "[CWD]")
        return out.replace(__version__, "[VERSION]")

    return {"code": done.returncode, "stdout": text(done.stdout), "stderr": text(done.stderr)}


def write_expected(path: Path, got: dict) -> None:
    source = path.read_text(encoding="utf-8")
    head = source.split(EXPECT, 1)[0].rstrip("\n") + "\n"
    path.write_text(head + EXPECT + f"code = {got['code']}\nstdout = {toml_string(got['stdout'])}\n"
                    f"stderr = {toml_string(got['stderr'])}\n", encoding="utf-8")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path, tmp_path: Path) -> None:
    case = tomllib.loads(path.read_text(encoding="utf-8"))
    got = run_case(case, tmp_path)
    if UPDATE:
        write_expected(path, got)
        return
    expect = case.get("expect")
    assert expect is not None, f"{path.name} has no [expect] table: run with TERMKIT_UPDATE_GOLDEN=1 and review it"
    hint = f"{path.name}: the output changed; if that is right, TERMKIT_UPDATE_GOLDEN=1 rewrites it for review"
    assert got["stdout"] == expect["stdout"], hint
    assert got["stderr"] == expect["stderr"], hint
    assert got["code"] == expect["code"], hint


def test_toml_strings_read_back_exactly():
    for text in ["", "a\n", "a", "\ttab\n", "quote ' here\n", "ends in '", "'''", "\x1b[31mred\x1b[0m\n", "a\r\nb\n",
                 "\n\nleading blank lines\n", '巴塞公约 "quoted" \\ backslash\n']:
        assert tomllib.loads(f"s = {toml_string(text)}\n")["s"] == text, repr(text)

"""Shared fixtures: the bundled termbase, a small purpose-made one, the corpus, a CLI runner."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = sorted(DATA.glob("*.txt"))


def corpus_file(prefix: str) -> Path:
    """A corpus document by its number, e.g. corpus_file("001")."""
    return next(p for p in CORPUS if p.name.startswith(prefix))


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """termkit's user cache (lookup index, loaded termbases) in a directory of this test session."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TERMKIT_CACHE_DIR", str(tmp_path_factory.mktemp("termkit-cache")))
        mp.delenv("TERMKIT_NO_CACHE", raising=False)
        yield


@pytest.fixture(scope="session")
def termbase():
    from termkit import load_termbase
    return load_termbase()


@pytest.fixture(scope="session")
def mini_termbase():
    from termkit import load_termbase
    return load_termbase([FIXTURES / "mini.yaml"])


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*args: str) -> CliResult:
    """Run the termkit command in-process and capture its exit code and output."""
    from termkit.cli.app import main
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run_cli

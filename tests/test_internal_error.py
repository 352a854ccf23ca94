"""A bug in termkit is still one line and exit 2, on the fast check path and through typer alike;
TERMKIT_DEBUG=1 lets its traceback through for the person who reports it."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest
from conftest import FIXTURES

import termkit.api

MINI = str(FIXTURES / "mini.yaml")


def _broken(*args, **kwargs):
    raise RuntimeError("an invariant broke\x1b[2J")


def _run(main, args):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("entry", ["fast", "typer"])
def test_an_internal_error_is_one_line_and_exit_2(entry, monkeypatch, tmp_path):
    from termkit.cli.app import main as typer_main
    from termkit.cli.entry import main as fast_main

    doc = tmp_path / "doc.txt"
    doc.write_text("巴塞尔公约\n", encoding="utf-8")
    monkeypatch.setattr(termkit.api, "run_check", _broken)
    monkeypatch.delenv("TERMKIT_DEBUG", raising=False)
    main = fast_main if entry == "fast" else typer_main
    code, out, err = _run(main, ["check", "-t", MINI, str(doc)])
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("termkit: internal error: RuntimeError: an invariant broke")
    assert "\x1b" not in err and "TERMKIT_DEBUG=1" in err


def test_termkit_debug_shows_the_traceback(monkeypatch, tmp_path):
    from termkit.cli.entry import main

    doc = tmp_path / "doc.txt"
    doc.write_text("巴塞尔公约\n", encoding="utf-8")
    monkeypatch.setattr(termkit.api, "run_check", _broken)
    monkeypatch.setenv("TERMKIT_DEBUG", "1")
    with pytest.raises(RuntimeError, match="an invariant broke"):
        _run(main, ["check", "-t", MINI, str(doc)])

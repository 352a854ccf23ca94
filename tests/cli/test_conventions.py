"""Command-line conventions that golden files cannot pin: what is imported, what is written where."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from termkit._version import __version__


def _python(code: str) -> str:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return done.stdout


def test_version_answers_without_importing_the_cli_framework():
    out = _python("import sys\n"
                  "from termkit.cli.entry import main\n"
                  "code = main(['--version'])\n"
                  "heavy = sorted(m for m in ('typer', 'click', 'rich', 'termkit.api', 'termkit.cli.app', 'yaml')"
                  " if m in sys.modules)\n"
                  "print(code, heavy)\n")
    assert out == f"termkit {__version__}\n0 []\n"


def test_version_of_the_typer_app_agrees(cli):
    for flag in ("--version", "-V"):
        r = cli(flag)
        assert (r.code, r.out, r.err) == (0, f"termkit {__version__}\n", "")


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_no_color_is_honoured_and_color_still_forces(monkeypatch):
    from termkit.cli.app import color_wanted
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert color_wanted(None, _Stream(True)) and not color_wanted(None, _Stream(False))
    monkeypatch.setenv("NO_COLOR", "")  # set but empty: no effect (no-color.org)
    assert color_wanted(None, _Stream(True))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not color_wanted(None, _Stream(True))
    assert color_wanted(True, _Stream(False)) and not color_wanted(False, _Stream(True))


def test_color_flag_overrides_no_color_in_the_text_report(cli, tmp_path, monkeypatch):
    from conftest import FIXTURES
    doc = tmp_path / "a.txt"
    doc.write_text("遵守巴塞公约。\n", encoding="utf-8")
    monkeypatch.setenv("NO_COLOR", "1")
    plain = cli("check", "-t", FIXTURES / "mini.yaml", doc)
    forced = cli("check", "-t", FIXTURES / "mini.yaml", "--color", doc)
    assert plain.code == forced.code == 1
    assert "\033[" not in plain.out and "\033[31m" in forced.out


def test_export_and_glossary_keep_an_existing_output_without_force(cli, tmp_path):
    from conftest import FIXTURES
    mini = FIXTURES / "mini.yaml"
    doc = tmp_path / "a.txt"
    doc.write_text("巴塞尔公约\n", encoding="utf-8")
    for command in (["export", "-t", mini], ["glossary", doc, "-t", mini]):
        out = tmp_path / "out.csv"
        out.write_text("keep me\n", encoding="utf-8")
        r = cli(*command, "-o", out)
        assert (r.code, r.out, r.err) == (2, "", f"termkit: error: {out}: output file exists (use --force to overwrite)\n")
        assert out.read_text(encoding="utf-8") == "keep me\n"
        r = cli(*command, "-o", out, "--force")
        assert r.code == 0, r.err
        assert out.read_text(encoding="utf-8") != "keep me\n"


def test_quiet_leaves_stderr_to_errors(cli, tmp_path):
    from conftest import FIXTURES
    mini = FIXTURES / "mini.yaml"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("遵守巴塞公约。\n", encoding="utf-8")
    (docs / "b.txt").write_bytes(b"\x00binary")  # passed over with a note
    loud = cli("check", "-t", mini, docs)
    assert "note: " in loud.err and loud.out.endswith("1 finding (1 error, 0 warnings, 0 info) in 1 of 1 file\n")
    quiet = cli("check", "-t", mini, docs, "-q")
    assert (quiet.code, quiet.err) == (1, "") and quiet.out == loud.out.rsplit("\n", 2)[0] + "\n"
    assert cli("check", "-t", mini, docs, "--quiet", "-f", "json").err == ""
    assert cli("extract", "-t", mini, docs, "-q").err == ""
    for command in (["export", "-t", mini], ["glossary", docs, "-t", mini]):
        r = cli(*command, "-o", tmp_path / f"{command[0]}.csv", "--quiet")
        assert (r.code, r.err) == (0, "")
        r = cli(*command, "-o", tmp_path / f"{command[0]}.csv", "--quiet")  # errors still print
        assert r.code == 2 and r.err.endswith("output file exists (use --force to overwrite)\n")
    r = cli("export", "-t", mini, "-o", tmp_path / "mini.csv")
    r = cli("import", tmp_path / "mini.csv", "-o", tmp_path / "imported.yaml", "-q")
    assert (r.code, r.err) == (0, "")


def test_fix_of_stdin_writes_the_document_to_stdout_in_its_encoding(tmp_path):
    from conftest import FIXTURES
    text = "各缔约方应遵守巴塞公约。\r\n没有别的。"
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "termkit", "check", "--fix", "-", "-t", str(FIXTURES / "mini.yaml"),
                           "--isolated", "--stdin-filename", "notes/a.txt"],
                          input=text.encode("gb18030"), capture_output=True, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "各缔约方应遵守巴塞尔公约。\r\n没有别的。".encode("gb18030")
    assert done.stderr.decode() == ("termkit: fixed 1 finding(s) in 1 file(s)\n"
                                    "0 findings (0 errors, 0 warnings, 0 info) in 0 of 1 file\n")
    assert list(tmp_path.iterdir()) == []
    # nothing to fix: the input comes back byte for byte, byte-order mark and line endings included
    data = b"\xef\xbb\xbf" + "没有术语。\r\n末行".encode()
    done = subprocess.run([sys.executable, "-m", "termkit", "check", "--fix", "-", "-t", str(FIXTURES / "mini.yaml"),
                           "--isolated", "-q"], input=data, capture_output=True, cwd=tmp_path, env=env)
    assert (done.returncode, done.stdout, done.stderr) == (0, data, b"")


COMMANDS = ("check", "config", "extract", "glossary", "export", "import", "lookup", "validate")


def _entry(*args: str):
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from termkit.cli.entry import main
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_every_help_is_one_plain_style(cli, monkeypatch):
    import re
    monkeypatch.setenv("COLUMNS", "80")
    pages = {"": cli("--help")}
    pages.update({c: cli(c, "--help") for c in COMMANDS})
    for name, r in pages.items():
        assert (r.code, r.err) == (0, ""), name
        assert r.out.startswith(f"usage: termkit {name}".rstrip() + " [options]"), name
        assert r.out.count("\n  -h, --help ") == 1, name
        assert not re.search(r"[╭│─]|\[default:|\[required\]|<(str|int|bool|path|list)|\b(TEXT|INTEGER|BOOLEAN)\b",
                             r.out), name
        assert all(len(line) <= 80 for line in r.out.splitlines() if line.isascii()), name
        assert cli(*[name, "-h"][not name:]).out == r.out, name
    # the console command's own `lookup` (argparse) prints the same page as the typer registration
    assert _entry("lookup", "--help") == (0, pages["lookup"].out, "")
    assert _entry("lookup", "-h")[1] == pages["lookup"].out


def test_every_option_that_takes_a_value_says_what_the_value_is():
    import typer

    from termkit.cli.app import app
    group = typer.main.get_command(app)
    ctx = group.make_context("termkit", ["check"], resilient_parsing=True)
    for name in COMMANDS:
        command = group.get_command(ctx, name)
        for p in command.get_params(ctx):
            if p.param_type_name == "argument" or not p.is_flag:
                assert p.metavar and p.metavar == p.metavar.upper(), (name, p.name)


@pytest.mark.parametrize("args, line", [
    (["check", "--bogus"], "termkit: error: check: no such option: --bogus"),
    (["export"], "termkit: error: export: missing option '--output' / '-o'"),
    (["check", "--jobs", "0"], "termkit: error: check: invalid value for '--jobs' / '-j'"),
    (["check", "--fail-on"], "termkit: error: check: option '--fail-on' requires an argument"),
    (["bogus"], "termkit: error: no such command 'bogus'"),
    (["lookup", "--lang", "fr", "PIC"], "termkit: error: lookup: argument --lang: invalid choice: 'fr'"),
])
def test_usage_errors_are_one_line_and_exit_2(args, line):
    code, out, err = _entry(*args)
    assert (code, out) == (2, "")
    assert err.startswith(line) and err.count("\n") == 1 and err.rstrip().endswith("--help`)"), err


def test_termkit_alone_prints_the_help_on_stderr_and_exits_2(cli):
    r = cli()
    assert (r.code, r.out) == (2, "") and r.err.startswith("usage: termkit [options] COMMAND [ARGS]...")


def test_stdin_in_process_text_streams(cli, monkeypatch):
    import io

    from conftest import FIXTURES
    mini = FIXTURES / "mini.yaml"
    monkeypatch.setattr(sys, "stdin", io.StringIO("遵守巴塞公约。\n"))
    r = cli("check", "-", "-t", mini, "--isolated", "--fix", "-q")
    assert (r.code, r.out, r.err) == (0, "遵守巴塞尔公约。\n", "")
    monkeypatch.setattr(sys, "stdin", io.StringIO("没有术语。\n"))
    r = cli("check", "-", "-t", mini, "--isolated", "--fix", "-q")
    assert (r.code, r.out, r.err) == (0, "没有术语。\n", "")
    monkeypatch.setattr(sys, "stdin", io.StringIO("遵守巴塞公约。\n"))
    r = cli("check", "-", "-t", mini, "--isolated", "-f", "json", "--stdin-filename", "x/y.md")
    assert r.code == 1 and '"path": "x/y.md"' in r.out

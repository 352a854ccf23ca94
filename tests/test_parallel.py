"""--jobs: a process pool gives byte-identical output to a serial run, corpus scope included."""

from __future__ import annotations

import shutil

import pytest
from conftest import DATA, FIXTURES, corpus_file

MINI = str(FIXTURES / "mini.yaml")
ADMITTED = str(FIXTURES / "admitted.yaml")


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Twenty files: the corpus four times, plus small files that only make sense together (corpus scope)."""
    root = tmp_path_factory.mktemp("many")
    for i in range(4):
        d = root / f"batch{i}"
        shutil.copytree(DATA, d)
    (root / "x1.txt").write_text("加强秘书处间合作。\n", encoding="utf-8")
    (root / "x2.txt").write_text("本文件提到秘书处之间的合作和巴塞公约。\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "github", "junit"])
@pytest.mark.parametrize("scope", ["document", "corpus"])
def test_parallel_output_is_byte_identical_to_serial(cli, many, fmt, scope):
    serial = cli("check", "-t", MINI, "-t", ADMITTED, "--format", fmt, "--scope", scope, "--jobs", "1", many)
    assert serial.code == 1 and serial.out
    for jobs in ("2", "3", "8"):
        par = cli("check", "-t", MINI, "-t", ADMITTED, "--format", fmt, "--scope", scope, "--jobs", jobs, many)
        assert (par.code, par.out, par.err) == (serial.code, serial.out, serial.err)


def test_corpus_scope_sees_every_document_in_parallel(many):
    from termkit import CheckOptions, check_paths, load_termbase
    tb = load_termbase([MINI, ADMITTED])
    serial = check_paths([many], tb, CheckOptions(scope="corpus"))
    par = check_paths([many], tb, CheckOptions(scope="corpus", jobs=3))
    assert par.findings == serial.findings and par.files == serial.files
    # a cross-file finding: neither file alone uses two forms of the concept
    cross = [f for f in par.findings if f.rule == "inconsistent-rendering" and f.path.endswith("x2.txt")]
    assert [f.text for f in cross] == ["秘书处之间的合作"]
    alone = check_paths([many], tb, CheckOptions(scope="document", jobs=3))
    assert not [f for f in alone.findings if f.rule == "inconsistent-rendering" and f.path.endswith("x2.txt")]


def test_the_first_bad_file_in_order_is_the_error_reported(cli, tmp_path):
    for i in range(6):
        shutil.copy(corpus_file("001"), tmp_path / f"{i}.txt")
    (tmp_path / "2.txt").write_bytes(b"\xff\xfe\x00\xd8")  # UTF-16 BOM, then a lone surrogate
    (tmp_path / "4.txt").write_bytes(b"\x81\x30")  # neither UTF-8 nor complete GB18030
    errs = set()
    for jobs in ("1", "3"):
        r = cli("check", "-t", MINI, "--jobs", jobs, tmp_path)
        assert r.code == 2 and r.out == ""
        errs.add(r.err)
    (line,) = errs
    assert line.startswith(f"termkit: error: {tmp_path / '2.txt'}:1:")


def test_invalid_jobs_is_a_usage_error(cli, tmp_path):
    r = cli("check", "-t", MINI, "--jobs", "0", DATA)
    assert r.code == 2

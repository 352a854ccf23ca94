"""A real Dask cluster gives the bytes `--jobs 1` gives: check (every format, both scopes), glossary and extract.

A ``distributed.LocalCluster`` with two worker processes (each with its own
interpreter, as on separate machines: the termbase is scattered to them, the
files are read by them) runs the commands through its scheduler's TCP address,
as `termkit ... --scheduler tcp://host:8786` does. The corpus is a few hundred
files cut from data/, with two small files that are inconsistent only together
(corpus scope must see across workers) and an inline suppression.

Needs the ``dask`` extra (in ``test``); skipped without it.
"""

from __future__ import annotations

import json
import logging

import pytest
from conftest import CORPUS, FIXTURES

distributed = pytest.importorskip("distributed")

MINI = str(FIXTURES / "mini.yaml")
ADMITTED = str(FIXTURES / "admitted.yaml")
FORMATS = ["json", "text", "sarif", "github", "junit", "html"]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as local:
        yield local


@pytest.fixture(scope="module")
def address(cluster) -> str:
    return cluster.scheduler_address


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """300 files: runs of lines of the five corpus documents, in 12 directories, plus two that only clash together."""
    root = tmp_path_factory.mktemp("many")
    docs = [p.read_text(encoding="utf-8").splitlines(keepends=True) for p in CORPUS]
    for i in range(300):
        lines = docs[i % len(docs)]
        start = (i * 7) % max(1, len(lines) - 25)
        d = root / f"d{i % 12:02d}"
        d.mkdir(exist_ok=True)
        (d / f"f{i:03d}.txt").write_text("".join(lines[start:start + 25]), encoding="utf-8")
    (root / "x1.txt").write_text("加强秘书处间合作。\n", encoding="utf-8")
    (root / "x2.txt").write_text("本文件提到秘书处之间的合作和巴塞公约。\n巴塞公约 <!-- termkit: ignore -->\n",
                                 encoding="utf-8")
    return root


@pytest.mark.parametrize("scope", ["document", "corpus"])
def test_check_on_the_cluster_is_byte_identical_in_every_format(cli, many, address, scope):
    for fmt in FORMATS:
        serial = cli("check", "-t", MINI, "-t", ADMITTED, "--format", fmt, "--scope", scope, "--jobs", "1", many)
        assert serial.code == 1 and serial.out
        on = cli("check", "-t", MINI, "-t", ADMITTED, "--format", fmt, "--scope", scope, "--scheduler", address, many)
        assert (on.code, on.out, on.err) == (serial.code, serial.out, serial.err), fmt
    # the corpus-scope finding that needs two files checked on (possibly) different workers
    cross = [r for r in json.loads(on.out if fmt == "json" else cli(
        "check", "-t", MINI, "-t", ADMITTED, "--format", "json", "--scope", scope, "--scheduler", address,
        many).out)["findings"] if r["path"].endswith("x2.txt") and r["rule"] == "inconsistent-rendering"]
    assert bool(cross) == (scope == "corpus")


def test_check_with_the_bundled_termbase_on_the_cluster(cli, many, address):
    serial = cli("check", "--isolated", "--format", "json", "--scope", "corpus", "--jobs", "1", many)
    on = cli("check", "--isolated", "--format", "json", "--scope", "corpus", "--scheduler", address, many)
    assert serial.code == 1 and (on.code, on.out, on.err) == (serial.code, serial.out, serial.err)
    assert len(json.loads(on.out)["findings"]) > 300


def test_library_check_with_a_client_and_progress(many, cluster):
    import termkit.api as api

    seen = []
    with distributed.Client(cluster) as client:
        on = api.check([many], termbase=[MINI, ADMITTED], isolated=True, scope="corpus", client=client,
                       progress=seen.append)
    serial = api.check([many], termbase=[MINI, ADMITTED], isolated=True, scope="corpus", jobs=1)
    assert on.findings == serial.findings and on.result.notes == serial.result.notes
    assert seen[0].done == 0 and seen[-1].done == seen[-1].total == 302
    assert seen[-1].done_bytes == seen[-1].total_bytes > 0
    assert all(a.done <= b.done for a, b in zip(seen, seen[1:]))


@pytest.mark.parametrize("fmt", ["json", "csv", "tbx"])
def test_glossary_on_the_cluster_is_byte_identical(cli, many, address, tmp_path, fmt):
    one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    assert cli("glossary", "-t", MINI, "-t", ADMITTED, many, "-o", one, "-q").code == 0
    assert cli("glossary", "-t", MINI, "-t", ADMITTED, many, "-o", two, "-q", "--scheduler", address).code == 0
    assert one.read_bytes() == two.read_bytes() and one.stat().st_size > 1000


@pytest.mark.parametrize("fmt", ["table", "json", "yaml"])
def test_extract_on_the_cluster_is_byte_identical(cli, many, address, fmt):
    serial = cli("extract", "-t", MINI, many, "-f", fmt, "-n", "200")
    on = cli("extract", "-t", MINI, many, "-f", fmt, "-n", "200", "--scheduler", address)
    assert serial.code == 0 and (on.code, on.out, on.err) == (serial.code, serial.out, serial.err)
    assert "C-value" in serial.out or "cvalue" in serial.out or "candidate" in serial.out


def test_jobs_give_the_same_glossary_and_candidates(cli, many, tmp_path):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert cli("glossary", "-t", MINI, many, "-o", one, "-q").code == 0
    assert cli("glossary", "-t", MINI, many, "-o", two, "-q", "--jobs", "3").code == 0
    assert one.read_bytes() == two.read_bytes()
    serial = cli("extract", "-t", MINI, many, "-f", "json")
    assert serial.out == cli("extract", "-t", MINI, many, "-f", "json", "--jobs", "3").out
    assert len(json.loads(serial.out)["candidates"]) > 10


def test_the_first_bad_file_in_order_is_the_error_on_the_cluster(cli, tmp_path, address):
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text("巴塞公约秘书处。\n", encoding="utf-8")
    (tmp_path / "2.txt").write_bytes(b"\xff\xfe\x00\xd8")  # UTF-16 BOM, then a lone surrogate
    (tmp_path / "4.txt").write_bytes(b"\x81\x30")  # neither UTF-8 nor complete GB18030
    serial = cli("check", "-t", MINI, "--jobs", "1", tmp_path)
    on = cli("check", "-t", MINI, "--scheduler", address, tmp_path)
    assert serial.code == on.code == 2 and on.out == ""
    assert on.err == serial.err and on.err.startswith(f"termkit: error: {tmp_path / '2.txt'}:1:")
    g = cli("glossary", "-t", MINI, tmp_path, "-o", tmp_path / "g.json", "--scheduler", address)
    assert g.code == 2 and g.err.startswith(f"termkit: error: {tmp_path / '2.txt'}:1:")


def test_the_configuration_names_a_scheduler(cli, tmp_path, address):
    (tmp_path / "termkit.toml").write_text(f'scheduler = "{address}"\n', encoding="utf-8")
    shown = cli("config", "--config", tmp_path / "termkit.toml")
    assert f'scheduler = "{address}"' in shown.out
    (tmp_path / "bad.toml").write_text("scheduler = 8786\n", encoding="utf-8")
    bad = cli("check", "--config", tmp_path / "bad.toml", tmp_path)
    assert bad.code == 2 and "scheduler" in bad.err and len(bad.err.splitlines()) == 1


def test_dask_scheduler_address_is_honoured(cli, many, monkeypatch):
    """With nothing listening at the address in DASK_SCHEDULER_ADDRESS, the check says so: it tried there."""
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://127.0.0.1:9")
    r = cli("check", "-t", MINI, many / "x1.txt")
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("termkit: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(r.err.splitlines()) == 1


def test_without_dask_the_option_is_one_clear_error(cli, many, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # what an install without the extra sees
    for args in (("check", "-t", MINI), ("extract", "-t", MINI), ("glossary", "-t", MINI, "-o", many / "g.json")):
        r = cli(*args, "--scheduler", "tcp://127.0.0.1:8786", many / "x1.txt")
        assert r.code == 2 and r.out == ""
        assert r.err == ("termkit: error: running on a Dask cluster (--scheduler) needs Dask distributed: "
                         "pip install 'termkit[dask]'\n")


def test_a_worker_with_other_termbase_files_says_so(tmp_path):
    """A termbase sent by reference is checked on the worker: other contents are one clear error."""
    from termkit.engine.cluster import TermbaseRef, resolved, shipped
    from termkit.errors import ConfigError
    from termkit.termbase.cached import cache_key

    tb_file = tmp_path / "t.yaml"
    tb_file.write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    from termkit import load_termbase

    tb = load_termbase([tb_file], cache=True)
    ref = shipped(tb)
    assert isinstance(ref, TermbaseRef) and ref.key == cache_key([str(tb_file)])
    assert len(resolved(ref).concepts) == len(tb.concepts)
    with pytest.raises(ConfigError, match="are not those of the client"):
        resolved(TermbaseRef(ref.files, "0" * 40))
    assert shipped(load_termbase([tb_file])) is not None  # uncached: sent by value


@pytest.fixture(scope="module")
def audit_inputs(tmp_path_factory):
    """The first 1,000 lines of the UN test set as seven TSV files and one line-aligned pair."""
    root = tmp_path_factory.mktemp("audit")
    unpc = FIXTURES / "external" / "unpc-test"
    en = (unpc / "UNv1.0.testset.lines-1-1000.en").read_text(encoding="utf-8").splitlines()
    zh = (unpc / "UNv1.0.testset.lines-1-1000.zh").read_text(encoding="utf-8").splitlines()
    files = []
    for k in range(7):
        path = root / f"part{k}.tsv"
        rows = range(k * 125, (k + 1) * 125)
        path.write_text("".join(f"{en[i]}\t{zh[i]}\n" for i in rows), encoding="utf-8")
        files.append(str(path))
    (root / "rest.en").write_text("\n".join(en[875:]) + "\n", encoding="utf-8")
    (root / "rest.zh").write_text("\n".join(zh[875:]) + "\n", encoding="utf-8")
    return files + ["--source", str(root / "rest.en"), "--target", str(root / "rest.zh")]


def test_audit_on_the_cluster_and_on_jobs_is_byte_identical(cli, audit_inputs, address):
    """The audit is a reduction too: a summary per bilingual file, merged on the workers; the same JSON."""
    args = ["audit", *audit_inputs, "-f", "json", "--date", "2015", "-q"]
    serial = cli(*args)
    assert serial.code == 0, serial.err
    report = json.loads(serial.out)
    assert report["segments"] == 1000 and len(report["concepts"]) > 100
    pooled = cli(*args, "--jobs", "3")
    on = cli(*args, "--scheduler", address)
    assert (pooled.code, pooled.out) == (0, serial.out)
    assert (on.code, on.out) == (0, serial.out)

"""The suite runs complete from a fresh clone: no test reads the reference folder that lies beside the
development checkout, and the copies of external files in tests/fixtures/external are all there, all
documented, and unchanged."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from conftest import FIXTURES

TESTS = Path(__file__).resolve().parent
EXTERNAL = FIXTURES / "external"
#: ways tests have reached the reference folder: ../shared, /work/shared, ROOT.parent / "shared", and the
#: conftest helpers SHARED and shared_path() that did so
OUTSIDE = re.compile(r"""\.\./shared|/work/shared|parent\s*/\s*["']shared["']|\bSHARED\b|\bshared_path\b""")


def test_no_test_module_reads_the_shared_folder():
    """External files a test needs are copied into tests/fixtures/external (see the README there)."""
    modules = [p for p in sorted(TESTS.rglob("*.py")) if p != Path(__file__).resolve()]
    assert len(modules) > 20
    hits = [f"{p.relative_to(TESTS)}:{n}: {line.strip()}"
            for p in modules
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if OUTSIDE.search(line)]
    assert hits == []


def checksums() -> dict[str, str]:
    """SHA256SUMS (the format of sha256sum: digest, two spaces, path): path -> digest."""
    text = (EXTERNAL / "SHA256SUMS").read_text(encoding="utf-8")
    return {path: digest for digest, path in (row.split("  ", 1) for row in text.splitlines() if row)}


def test_external_files_are_all_listed_and_unchanged():
    files = {p.relative_to(EXTERNAL).as_posix() for p in EXTERNAL.rglob("*") if p.is_file()}
    sums = checksums()
    assert files - {"README.md", "SHA256SUMS"} == set(sums)
    changed = [path for path, digest in sums.items()
               if hashlib.sha256((EXTERNAL / path).read_bytes()).hexdigest() != digest]
    assert changed == []


def test_every_external_file_has_its_origin_in_the_readme():
    readme = (EXTERNAL / "README.md").read_text(encoding="utf-8")
    assert [path for path in checksums() if f"| `{Path(path).name}` |" not in readme] == []

"""Hangs and unbounded resources: FIFOs, devices, XML entities, zip and alias bombs, huge files and terms."""

from __future__ import annotations

import json
import os
import zipfile

import pytest

from .reliability_kit import MINI, SENTENCE, assert_clean, assert_error, snapshot, write

pytestmark = pytest.mark.reliability


@pytest.fixture
def fifo(tmp_path):
    """A FIFO no one ever writes to: opening it for reading would block forever."""
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


def test_fifo_named_on_the_command_line_is_an_error_not_a_hang(run, fifo):
    r = run("check", "-t", MINI, fifo)
    assert_error(r, f"{fifo}: is a FIFO (named pipe), not a text file")


def test_fifo_met_in_a_directory_walk_is_a_note(run, tmp_path, fifo):
    write(tmp_path / "a.txt")
    before = snapshot(tmp_path)
    r = run("check", "-t", MINI, "--format", "json", tmp_path)
    lines = assert_clean(r)
    assert f"termkit: note: {fifo}: skipped, a FIFO (named pipe), not a regular file" in lines
    assert b'"files": 1' in r.out
    assert snapshot(tmp_path) == before


def test_fifo_as_termbase_configuration_or_baseline(run, tmp_path, fifo):
    doc = write(tmp_path / "a.txt")
    assert_error(run("check", "-t", fifo, doc), f"{fifo}: is a FIFO (named pipe), not a termbase file")
    r = run("validate", fifo)  # validate lists problems, one a line, and a count
    assert r.code == 2 and r.err.startswith(f"{fifo}: is a FIFO (named pipe), not a termbase file")
    assert_error(run("check", "-t", MINI, "--config", fifo, doc), "is a FIFO (named pipe)")
    assert_error(run("check", "-t", MINI, "--baseline", fifo, doc), "is a FIFO (named pipe)")
    assert_error(run("import", fifo.rename(tmp_path / "pipe.xlsx"), "-o", tmp_path / "x.yaml"),
                 "is a FIFO (named pipe), not a zip container file")


def test_device_named_on_the_command_line_is_never_opened(run):
    assert_error(run("check", "-t", MINI, "/dev/zero"), "/dev/zero: is a character device, not a text file")
    assert_error(run("check", "-t", "/dev/zero", "/dev/null"), "/dev/zero: is a character device")


def test_a_file_larger_than_the_limit_is_refused_unread(run, tmp_path):
    from termkit.text.document import MAX_FILE_SIZE

    big = tmp_path / "big.txt"
    with open(big, "wb") as stream:  # sparse: nothing is written but the size
        stream.truncate(MAX_FILE_SIZE + 1)
    assert_error(run("check", "-t", MINI, big), "is larger than the limit of")


def test_standard_input_from_dev_zero_is_bounded(run):
    with open("/dev/zero", "rb") as zero:
        r = run("check", "-t", MINI, "-", stdin=zero)
    assert_error(r, "more than the limit of")


# -- XML: no entity, no DTD, whatever the declaration points at -----------------------------------

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xliff [{decl}]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="en" target-language="zh" datatype="plaintext" original="x"><body>
<trans-unit id="1"><source>Basel Convention</source><target>巴塞公约{use}</target></trans-unit>
</body></file></xliff>
"""
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx [{decl}]>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="t" creationtoolversion="1" o-tmf="x"/><body>
<tu><tuv xml:lang="en"><seg>Basel Convention</seg></tuv><tuv xml:lang="zh"><seg>巴塞公约{use}</seg></tuv></tu>
</body></tmx>
"""
TBX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tbx [{decl}]>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>x{use}</p></sourceDesc></fileDesc></tbxHeader>
<text><body></body></text></tbx>
"""


def _entity_cases(tmp_path, fifo_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE\n", encoding="utf-8")
    return {
        "parameter-file": (f'<!ENTITY % pe SYSTEM "file://{secret}"> %pe;', ""),
        "parameter-dev-zero": ('<!ENTITY % pe SYSTEM "file:///dev/zero"> %pe;', ""),
        "parameter-fifo": (f'<!ENTITY % pe SYSTEM "file://{fifo_path}"> %pe;', ""),
        "general-external": (f'<!ENTITY e SYSTEM "file://{secret}">', "&e;"),
        "billion-laughs": ('<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                           '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">', "&c;"),
    }


@pytest.mark.parametrize("kind", ["xliff", "tmx", "tbx"])
def test_xml_entities_of_any_kind_are_refused_before_parsing(run, tmp_path, fifo, kind):
    template = {"xliff": XLIFF, "tmx": TMX, "tbx": TBX}[kind]
    for name, (decl, use) in _entity_cases(tmp_path, fifo).items():
        path = tmp_path / f"{name}.{ {'xliff': 'xlf', 'tmx': 'tmx', 'tbx': 'tbx'}[kind] }"
        path.write_text(template.format(decl=decl, use=use), encoding="utf-8")
        if kind == "tbx":
            r = run("import", path, "-o", tmp_path / f"{name}.yaml")
        else:
            r = run("check", "-t", MINI, path)
        line = assert_error(r, f"{path}:2:", "XML entity declarations are not allowed")
        assert "TOP-SECRET" not in r.err + r.text, name
        assert not (tmp_path / f"{name}.yaml").exists()
        assert line


def test_an_external_dtd_is_never_loaded(run, tmp_path, fifo):
    """A DOCTYPE naming an external DTD (no entity declared) is allowed, and the DTD, a FIFO here, is not read."""
    path = tmp_path / "dtd.xlf"
    text = XLIFF.replace("<!DOCTYPE xliff [{decl}]>", f'<!DOCTYPE xliff SYSTEM "{fifo}">').format(use="")
    path.write_text(text, encoding="utf-8")
    r = run("check", "-t", MINI, "--format", "json", path)
    assert_clean(r)
    assert json.loads(r.out)["findings"]  # checked as usual


def test_xlsx_zip_bomb_is_refused_before_it_is_inflated(run, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        # 400 MB of zeros compress to about 400 KB: a ratio of a thousand
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(400):
                member.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    r = run("import", bomb, "-o", tmp_path / "x.yaml", timeout=30)
    assert_error(r, "zip member 'xl/worksheets/sheet1.xml'")
    assert not (tmp_path / "x.yaml").exists()


# -- termbases: alias bombs, nesting, huge terms --------------------------------------------------

# nine levels of ten aliases each: a billion nodes once expanded, from 332 bytes
ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [" + ",".join([f"*{p}"] * 10) + "]\n" for p, n in zip("abcdefgh", "bcdefghi"))


def test_yaml_alias_bomb_is_refused_at_once(run, tmp_path):
    tb = tmp_path / "bomb.yaml"
    tb.write_text(ALIAS_BOMB, encoding="utf-8")
    assert len(ALIAS_BOMB) < 400
    r = run("validate", tb, timeout=20)
    assert r.code == 2 and "alias expansion refused" in r.err
    assert_error(run("check", "-t", tb, write(tmp_path / "a.txt"), timeout=20), "alias expansion refused")


def test_yaml_recursive_alias_and_deep_nesting_are_refused(run, tmp_path):
    rec = tmp_path / "rec.yaml"
    rec.write_text("a: &a [1, *a]\n", encoding="utf-8")
    assert_error(run("check", "-t", rec, write(tmp_path / "a.txt")), "recursive YAML alias")
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    assert_error(run("check", "-t", deep, tmp_path / "a.txt"), "YAML nested more than 100 deep")


def test_a_ten_megabyte_term_is_refused_by_validate_and_check(run, tmp_path):
    tb = tmp_path / "huge.yaml"
    term = "巴" * (10 * 1024 * 1024 // 3)
    tb.write_text("id: huge\nconcepts:\n  - id: a\n    subject: s\n    zh:\n      - term: " + term + "\n",
                  encoding="utf-8")
    r = run("validate", tb, timeout=30)
    assert r.code == 2 and "characters (at most 100,000)" in r.err
    assert_error(run("check", "-t", tb, write(tmp_path / "a.txt"), timeout=30), "at most 100,000")


def test_a_long_term_is_refused_with_its_limit(run, tmp_path):
    tb = tmp_path / "long.yaml"
    tb.write_text("id: long\nconcepts:\n  - id: a\n    subject: s\n    zh:\n      - term: 巴塞尔公约\n"
                  f"    en:\n      - term: {'x' * 1500}\n", encoding="utf-8")
    r = run("validate", tb)
    assert r.code == 2
    assert f"{tb}:8:15: a term of 1,500 characters in concept 'a' (at most 1,000" in r.err


def test_sentence_constant_is_what_the_cases_expect():
    assert "巴塞公约" in SENTENCE


def test_xlsx_part_declaring_entities_is_refused(run, tmp_path):
    book = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<x>&a;</x>')
    assert_error(run("import", book, "-o", tmp_path / "x.yaml"),
                 f"{book}:xl/worksheets/sheet1.xml:2:", "XML entity declarations are not allowed")

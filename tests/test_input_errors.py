"""Bad input: one clear line on stderr and exit 2, never a traceback; odd encodings decode correctly."""

from __future__ import annotations

import json

from conftest import FIXTURES, corpus_file

MINI = str(FIXTURES / "mini.yaml")
SENTENCE = "各方还请巴塞公约秘书处和联合国环境规划署（环境署)提供协助。\n"


def check(cli, *args):
    return cli("check", "--termbase", MINI, "--format", "json", *args)


def assert_one_line_error(r, *fragments):
    assert r.code == 2
    assert r.out == ""
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert lines[0].startswith("termkit: error: ")
    for frag in fragments:
        assert frag in lines[0]
    assert "Traceback" not in r.err


def test_missing_path(cli, tmp_path):
    r = check(cli, tmp_path / "nope.txt")
    assert_one_line_error(r, f"{tmp_path / 'nope.txt'}: no such file or directory")


def test_directory_without_text_files(cli, tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = check(cli, tmp_path)
    assert_one_line_error(r, f"{tmp_path}: no documents (.txt, .md", ".docx", ".pdf", ".html")


def test_binary_file_named_on_the_command_line(cli, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(b"\x00\x01\x02binary\x00" * 10)
    assert_one_line_error(check(cli, path), f"{path}: binary file, not text")


def test_binary_file_met_while_walking_is_skipped_with_a_note(cli, tmp_path):
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary\x00")
    r = check(cli, tmp_path)
    report = json.loads(r.out)
    assert report["files"] == 1
    assert f"termkit: note: {tmp_path / 'b.txt'}: skipped, binary file" in r.err
    assert r.code == 1  # the deprecated term in a.txt


def test_empty_file_is_clean(cli, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    r = check(cli, path)
    assert r.code == 0
    assert json.loads(r.out) == {"version": 1, "files": 1, "findings": [], "summary": {}}


def _findings(r):
    return [(f["rule"], f["line"], f["column"], f["text"]) for f in json.loads(r.out)["findings"]]


def test_gb18030_utf16_and_utf8_bom_documents_give_the_same_findings(cli, tmp_path):
    expected = None
    for name, data in [("utf8.txt", SENTENCE.encode("utf-8")),
                       ("gb.txt", SENTENCE.encode("gb18030")),
                       ("utf16.txt", SENTENCE.encode("utf-16")),  # with BOM
                       ("bom.txt", b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"))]:
        path = tmp_path / name
        path.write_bytes(data)
        found = _findings(check(cli, path))
        assert ("deprecated-term", 1, 5, "巴塞公约") in found
        expected = expected or found
        assert found == expected


def test_undecodable_file_names_line_and_column(cli, tmp_path):
    path = tmp_path / "bad.txt"
    # valid UTF-8 line, then a byte sequence that is neither UTF-8 nor GB18030
    path.write_bytes("第一行\n".encode() + b"ab\xff\xfe\xfd")
    assert_one_line_error(check(cli, path), f"{path}:2:3: not valid UTF-8, GB18030 or Big5")


def test_explicit_encoding(cli, tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes("請巴塞公約秘書處\n".encode("big5"))
    found = _findings(check(cli, path, "--encoding", "big5"))
    assert ("deprecated-term", 1, 2, "巴塞公約") in found
    assert_one_line_error(check(cli, path, "--encoding", "klingon"), "unknown encoding 'klingon'")


def test_broken_termbase(cli, tmp_path):
    tb = tmp_path / "tb.yaml"
    tb.write_text("id: x\nconcepts:\n  - id: a\n    subject: s\n    zh: [{term: 巴塞尔公约}\n", encoding="utf-8")
    r = cli("check", "--termbase", tb, str(corpus_file("004")))
    assert_one_line_error(r, f"{tb}:6:1: YAML syntax error")


def test_bad_option_values(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SENTENCE, encoding="utf-8")
    assert_one_line_error(check(cli, path, "--fail-on", "sometimes"), "--fail-on must be one of")
    assert_one_line_error(check(cli, path, "--scope", "galaxy"), "scope must be one of")
    assert_one_line_error(check(cli, path, "--severity", "no-such-rule=error"), "unknown rule 'no-such-rule'")
    assert_one_line_error(check(cli, path, "--format", "pdf"), "unknown format 'pdf'")


def test_unwritable_output_file(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "missing-dir" / "report.json"
    assert_one_line_error(check(cli, path, "--output", out), f"{out}: cannot write: No such file or directory")

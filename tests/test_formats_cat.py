"""Bilingual files of CAT tools: Trados .sdlxliff, memoQ .mqxliff, XLIFF 2.1/2.2, Xcode, Angular, Okapi, TMX.

The en→zh Trados and memoQ files are made by tests/fixtures/formats/make_fixtures.py from the real samples
in tests/fixtures/external (same ids, statuses and inline tags, UN sentence pairs as text). The real samples
themselves are in other languages: they must read (structure, ids, statuses, positions) once their
languages say en → zh, and be refused as they are.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from termkit.errors import InputError
from termkit.text.bitext.langs import is_simplified_chinese
from termkit.text.bitext.read import is_bitext_path, read_bitext

EXT = FIXTURES / "external"
CAT = FIXTURES / "formats" / "cat"
SDL = CAT / "un-en-zh.sdlxliff"
MQ = CAT / "un-en-zh.mqxliff"


def relabel(src: Path, tmp_path: Path, source: str = "en-US", target: str = "zh-CN", name: str | None = None) -> Path:
    """A copy of ``src`` whose declared languages are ``source`` and ``target`` (bytes otherwise unchanged)."""
    data = src.read_bytes()
    for attr, value in (("source-language", source), ("srcLang", source), ("target-language", target),
                        ("trgLang", target)):
        data = re.sub(rf'{attr}="[^"]*"'.encode(), f'{attr}="{value}"'.encode(), data)
    out = tmp_path / (name or src.name)
    out.write_bytes(data)
    return out


def by_id(bitext):
    return {s.id: s for s in bitext.segments}


def test_trados_segments_are_the_numbers_the_editor_shows_with_levels_and_locks():
    bt = read_bitext(SDL)
    assert bt.format == "sdlxliff"
    segs = by_id(bt)
    # 54 segments in 42 units; mid 5 has no confirmation level: not translated, skipped
    assert len(bt.segments) == 53 and bt.skipped == 1 and "5" not in segs
    assert list(segs)[:4] == ["1", "2", "3", "4"]
    assert (segs["2"].status, segs["2"].locked, segs["2"].region) == ("Translated", True, "segment 2 (Translated, locked)")
    assert segs["3"].status == "Draft" and segs["6"].status == "ApprovedSignOff"
    raw = SDL.read_bytes().decode("utf-8-sig")
    for seg in bt.segments:  # every target character points at itself in the one-line file
        assert seg.where.exact
        for i, ch in enumerate(seg.target):
            _, _, offset = seg.where.locate(i)
            assert raw[offset] == ch or raw[offset] == "&"


def test_trados_tracked_deletions_are_not_part_of_the_translation():
    raw = SDL.read_bytes().decode("utf-8-sig")
    m = re.search(r'<mrk mtype="seg" mid="(\d+)">([^<]*)<mrk mtype="x-sdl-added"[^>]*>([^<]*)</mrk>'
                  r'<mrk mtype="x-sdl-deleted"[^>]*>巴塞公约</mrk>([^<]*)</mrk>', raw)
    assert m, "the fixture holds a tracked change"
    seg = by_id(read_bitext(SDL))[m.group(1)]
    assert seg.target == m.group(2) + m.group(3) + m.group(4)
    assert "巴塞公约" not in seg.target


def test_trados_file_is_checked_bilingually_with_its_segments(cli):
    r = run_cli("check", SDL, "-f", "json", "--fail-on", "never")
    assert r.code == 0, r.err
    import json

    findings = json.loads(r.out)["findings"]
    wrong = [f for f in findings if f["rule"] == "wrong-term"]
    assert [(f["text"], f["suggestion"], f["region"]) for f in wrong] == [
        ("巴塞公约", "巴塞尔公约", "segment 40 (ApprovedSignOff, locked)")]
    assert all(f["region"].startswith("segment ") for f in findings)
    assert {f["rule"] for f in findings} >= {"wrong-term", "missing-term"}
    assert "1 untranslated segment(s) skipped" in r.err
    text = run_cli("check", SDL, "--fail-on", "never").out
    assert "   --> segment 40 (ApprovedSignOff, locked)\n" in text


def test_memoq_rows_statuses_and_locks():
    bt = read_bitext(MQ)
    assert bt.format == "mqxliff"
    segs = by_id(bt)
    assert "2" not in segs and bt.skipped == 1  # NotStarted
    assert segs["3"].locked and segs["3"].region == "segment 3 (ManuallyConfirmed, locked)"
    assert segs["4"].status == "PartiallyEdited"
    assert list(segs)[:3] == ["1", "3", "4"]
    r = run_cli("check", MQ, "--fail-on", "never")
    assert "error [wrong-term] segment 27: '巴塞公约' is deprecated" in r.out
    assert "   --> segment 27 (ManuallyConfirmed, locked)" in r.out


def test_memoq_history_is_not_read(tmp_path):
    raw = MQ.read_text(encoding="utf-8")
    first = re.search(r"<trans-unit id=\"1\".*?</trans-unit>", raw, re.S).group(0)
    old = first.replace('id="1"', 'id="1"', 1).replace("<target xml:space=\"preserve\">", "<target xml:space=\"preserve\">巴塞公约", 1)
    raw = raw.replace("</body>", f"<mq:historical-unit>{old}</mq:historical-unit></body>", 1)
    path = tmp_path / "history.mqxliff"
    path.write_text(raw, encoding="utf-8")
    assert len(read_bitext(path).segments) == len(read_bitext(MQ).segments)


@pytest.mark.parametrize("path", [SDL, MQ], ids=["trados", "memoq"])
@pytest.mark.parametrize("target, why", [
    ("fr-FR", "target language is 'fr-FR'"),
    ("zh-TW", "target language is 'zh-TW', traditional Chinese"),
    ("zh-Hant", "target language is 'zh-Hant', traditional Chinese"),
])
def test_a_target_that_is_not_simplified_chinese_is_refused(tmp_path, path, target, why):
    r = run_cli("check", relabel(path, tmp_path, target=target))
    assert r.code == 2 and r.out == ""
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and why in lines[0] and "Traceback" not in r.err


@pytest.mark.parametrize("path", [SDL, MQ], ids=["trados", "memoq"])
def test_a_source_that_is_not_english_is_refused(tmp_path, path):
    r = run_cli("check", relabel(path, tmp_path, source="de-DE"))
    assert r.code == 2 and "source language is 'de-DE'" in r.err and len(r.err.strip().splitlines()) == 1


@pytest.mark.parametrize("code", ["zh", "zh-CN", "zh-cn", "zh-Hans", "zh-Hans-CN", "zho-CN", "zh-SG", "zh-CHS",
                                  "chi", "zh_CN"])
def test_simplified_chinese_codes(code):
    assert is_simplified_chinese(code)


@pytest.mark.parametrize("code", ["zh-TW", "zh-tw", "zh-Hant", "zh-Hant-TW", "zh-HK", "zh-MO", "zh-CHT", "fr", "ja", ""])
def test_codes_that_are_not_simplified_chinese(code):
    assert not is_simplified_chinese(code)


@pytest.mark.parametrize("path", sorted((EXT / "sdlxliff").glob("*")) + sorted((EXT / "mqxliff").glob("*"))
                         + sorted((EXT / "okapi").glob("*")) + sorted((EXT / "xliff21").glob("*"))
                         + [p for p in sorted((EXT / "xliff22").glob("*")) if "NOT-WELL-FORMED" not in p.name],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_samples_are_refused_as_they_are_and_read_once_en_zh(tmp_path, path):
    with pytest.raises(InputError, match="language is"):
        read_bitext(path)
    bt = read_bitext(relabel(path, tmp_path))
    assert bt.segments or bt.skipped  # every sample has units; some are all untranslated
    for seg in bt.segments:
        assert seg.source and seg.target.strip()


def test_xliff_21_and_22_read_with_their_versions(tmp_path):
    assert read_bitext(relabel(EXT / "xliff21" / "Good-itsm_text-analytics.xlf", tmp_path)).format == "xliff-2.1"
    bt = read_bitext(relabel(EXT / "xliff22" / "toJoin.xlf", tmp_path))
    assert bt.format == "xliff-2.2"  # the 2.2 namespace, whatever its version says
    assert [s.id for s in bt.segments][:3] == ["1/s1", "1/s2", "1/s3"]
    assert by_id(bt)["1/s3"].status == "final"


def test_okapi_segments_are_unit_and_mid(tmp_path):
    bt = read_bitext(relabel(EXT / "okapi" / "docxsegtest.docx.xlf", tmp_path))
    ids = [s.id for s in bt.segments]
    assert "NFDBB2FA9-tu2" in ids  # one segment: the unit's id
    assert {"NFDBB2FA9-tu5/0", "NFDBB2FA9-tu5/1", "NFDBB2FA9-tu5/2"} <= set(ids)
    assert by_id(bt)["NFDBB2FA9-tu5/1"].target == "This is the second sentence in this paragraph."
    windows = read_bitext(relabel(EXT / "okapi" / "RB-12-Test02.xlf", tmp_path))  # encoding="windows-1252"
    assert by_id(windows)["4"].target == "Text with code and bold."


def test_xcode_export_reads_as_it_is():
    bt = read_bitext(EXT / "xcode" / "firefox-ios.en_zh-CN.excerpt.xliff")
    assert bt.format == "xliff-1.2" and len(bt.segments) == 76 and bt.skipped == 5
    assert by_id(bt)["NSCameraUsageDescription"].target.startswith("Firefox 需要使用您的相机")


def test_angular_without_a_target_language(tmp_path):
    with pytest.raises(InputError, match="declares no target language and none of its targets is Chinese"):
        read_bitext(EXT / "angular" / "messages.fr.xlf")
    zh = tmp_path / "messages.zh.xlf"
    raw = (EXT / "angular" / "messages.fr.xlf").read_text(encoding="utf-8")
    zh.write_text(re.sub(r"<target>([^<]*)</target>", "<target>巴塞尔公约</target>", raw), encoding="utf-8")
    assert read_bitext(zh).segments
    assert read_bitext(FIXTURES / "bilingual" / "tour-of-heroes_messages.zh-CN.xlf").segments


def test_not_well_formed_xliff_22_is_one_line(cli):
    r = run_cli("check", EXT / "xliff22" / "Good-pgs_plural.NOT-WELL-FORMED.xlf")
    assert r.code == 2 and ":4:63: not well-formed XML" in r.err and len(r.err.strip().splitlines()) == 1


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                            ("utf-16-le", b""), ("utf-16-be", b"")])
def test_utf16_files_with_and_without_byte_order_mark(tmp_path, encoding, bom):
    text = MQ.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    path = tmp_path / "utf16.mqxliff"
    path.write_bytes(bom + text.encode(encoding))
    bt = read_bitext(path)
    assert [s.target for s in bt.segments] == [s.target for s in read_bitext(MQ).segments]
    assert all(s.where.exact for s in bt.segments)


def test_a_huge_embedded_original_does_not_stop_the_parser(tmp_path):
    raw = SDL.read_bytes()
    big = re.sub(rb'(<internal-file form="base64">)[^<]*', lambda m: m.group(1) + b"QUJD" * (3 * 1024 * 1024), raw)
    assert len(big) > 12 * 1024 * 1024  # over libxml2's 10 MB limit on one text node
    path = tmp_path / "big.sdlxliff"
    path.write_bytes(big)
    assert [s.target for s in read_bitext(path).segments] == [s.target for s in read_bitext(SDL).segments]


def test_tmx_without_a_simplified_chinese_variant_is_refused(tmp_path):
    path = tmp_path / "tw.tmx"
    path.write_text('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Basel Convention</seg>'
                    '</tuv><tuv xml:lang="zh-TW"><seg>巴塞爾公約</seg></tuv></tu></body></tmx>', encoding="utf-8")
    r = run_cli("check", path)
    assert r.code == 2 and "zh-TW" in r.err and "simplified Chinese" in r.err
    fr = tmp_path / "fr.tmx"
    fr.write_text(path.read_text(encoding="utf-8").replace("zh-TW", "fr-FR"), encoding="utf-8")
    r = run_cli("check", fr)
    assert r.code == 2 and "fr-FR" in r.err


def test_xml_files_are_routed_by_their_root(tmp_path):
    xliff = tmp_path / "job.xml"
    xliff.write_bytes(SDL.read_bytes())
    assert is_bitext_path(xliff) and read_bitext(xliff).format == "sdlxliff"
    other = tmp_path / "config.xml"
    other.write_text('<?xml version="1.0"?>\n<!-- settings -->\n<settings><a>巴塞公约</a></settings>\n',
                     encoding="utf-8")
    assert not is_bitext_path(other)
    r = run_cli("check", other)
    assert r.code == 2 and "root element <settings>" in r.err and "not a document format" in r.err


def test_fix_never_applies_to_bilingual_files(tmp_path):
    r = run_cli("check", "--fix", SDL)
    assert r.code == 2 and "do not apply to bilingual files" in r.err
